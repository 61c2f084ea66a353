"""Every /api/v3 endpoint with an id answers an unknown id and another provider's id alike: 404,
the same body, nothing written. The table is checked against the routes, so a new route with an
id fails here until it is added."""

import datetime as dt
import uuid

import pytest

from npq.core import clock
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.finance.models import Statement
from npq.frameworks.models import Curriculum
from npq.reference.models import DeliveryPartner, DeliveryPartnership, LeadProvider
from npq.surveys.models import Questionnaire, Survey
from npq.training import services
from npq.web.v3 import api
from npq.webhooks import services as webhooks
from npq.webhooks.rules import EventType
from tests import factories
from tests.factories import framework_2017
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db
ACTION = {"data": {"type": "x", "attributes": {"course_identifier": "npq-headship", "reason": "other"}}}
OUTCOME = {
    "data": {
        "type": "npq-outcome-confirmation",
        "attributes": {"course_identifier": "npq-headship", "state": "passed", "completion_date": "2025-10-01"},
    }
}
PARTNER = {"data": {"type": "x", "attributes": {"delivery_partner_id": str(uuid.uuid4())}}}

# (method, route as declared) -> (which id, body)
TABLE = {
    ("GET", "/npq-applications/{id}"): ("application", None),
    ("POST", "/npq-applications/{id}/accept"): (
        "application",
        {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}},
    ),
    ("POST", "/npq-applications/{id}/reject"): ("application", None),
    ("PUT", "/npq-applications/{id}/change-funded-place"): (
        "application",
        {"data": {"type": "x", "attributes": {"funded_place": False}}},
    ),
    ("GET", "/delivery-partners/{id}"): ("partner", None),
    ("GET", "/participants/npq/{id}"): ("participant", None),
    ("GET", "/participants/npq/{id}/outcomes"): ("participant", None),
    ("POST", "/participants/npq/{id}/outcomes"): ("participant", OUTCOME),
    ("PUT", "/participants/npq/{id}/resume"): ("participant", ACTION),
    ("PUT", "/participants/npq/{id}/defer"): ("participant", ACTION),
    ("PUT", "/participants/npq/{id}/withdraw"): ("participant", ACTION),
    ("PUT", "/participants/npq/{id}/change-schedule"): (
        "participant",
        {
            "data": {
                "type": "x",
                "attributes": {"course_identifier": "npq-headship", "schedule_identifier": "npq-leadership-spring"},
            }
        },
    ),
    ("GET", "/participant-declarations/{id}"): ("declaration", None),
    ("PUT", "/participant-declarations/{id}/void"): ("declaration", None),
    ("PUT", "/participant-declarations/{id}/change-delivery-partner"): ("declaration", PARTNER),
    ("GET", "/statements/{id}"): ("statement", None),
    ("GET", "/curricula/{curriculum_id}/coverage"): ("curriculum", None),
    ("GET", "/surveys/{id}/results"): ("survey", None),
    ("POST", "/webhooks/endpoints/{id}/rotate-secret"): ("endpoint", None),
    ("DELETE", "/webhooks/endpoints/{id}"): ("endpoint", None),
    ("POST", "/webhooks/deliveries/{id}/replay"): ("delivery", None),
}
NUMERIC = {"curriculum", "survey", "endpoint"}


def routes_with_ids() -> set[tuple[str, str]]:
    found = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            if "{" in path:
                found.update((method, prefix + path) for op in view.operations for method in op.methods)
    return found


def test_the_table_covers_every_route_with_an_id():
    assert routes_with_ids() == set(TABLE)


def _theirs():
    """One record of each kind that belongs to Teach First only."""
    provider = LeadProvider.objects.get(name="Teach First")
    accepted = factories.make_application(provider="Teach First", cohort="2025a")
    services.accept_application(accepted, Actor.command("test"), funded_place=True)
    pending = factories.make_application(provider="Teach First", cohort="2025a")
    partner = DeliveryPartner.objects.create(name="Only Teach First's partner")
    DeliveryPartnership.objects.create(lead_provider=provider, delivery_partner=partner, cohort=accepted.cohort)
    moment = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    declaration = Declaration.objects.create(
        application=accepted,
        participant=accepted.user,
        lead_provider=provider,
        cohort=accepted.cohort,
        course=accepted.course,
        declaration_type="started",
        declaration_date=moment,
        state="eligible",
        created_at=moment,
        updated_at=moment,
    )
    statement = Statement.objects.create(
        lead_provider=provider,
        cohort=accepted.cohort,
        year=2026,
        month=1,
        deadline=dt.date(2025, 12, 25),
        payment_date=dt.date(2026, 1, 25),
        created_at=moment,
        updated_at=moment,
    )
    framework = framework_2017()
    curriculum = Curriculum.objects.create(
        lead_provider=provider,
        framework=framework,
        qualification=framework.qualifications.first(),
        name="Teach First's curriculum",
        uploaded_at=clock.now(),
    )
    endpoint = webhooks.register_endpoint(
        provider, Actor.command("test"), "https://teach-first.example/hook", [EventType.APPLICATION_CHANGED.value]
    )
    event = webhooks.publish(provider.pk, EventType.APPLICATION_CHANGED, "1", {"id": "x"}, [endpoint])
    questionnaire = Questionnaire.objects.filter(key="dfe-end-of-module").order_by("-version").first()
    survey = Survey.objects.create(
        questionnaire=questionnaire,
        owner=provider,
        title="Teach First's survey",
        audience="participants",
        opens_at=moment,
        closes_at=moment + dt.timedelta(days=30),
        created_at=moment,
    )
    return {
        "survey": survey.pk,
        "endpoint": endpoint.pk,
        "delivery": event.deliveries.get().ecf_id,
        "application": pending.ecf_id,
        "participant": accepted.user.ecf_id,
        "partner": partner.ecf_id,
        "declaration": declaration.ecf_id,
        "statement": statement.ecf_id,
        "curriculum": curriculum.pk,
    }


built, theirs = module_fixtures(_theirs, "theirs")


def _call(client, method, route, value, body):
    path = "/api/v3" + route.replace("{id}", str(value)).replace("{curriculum_id}", str(value))
    if method == "DELETE":
        return client.client.delete(path, **client.headers)
    return client.get(path) if method == "GET" else getattr(client, method.lower())(path, body)


@pytest.mark.parametrize(("method", "route"), sorted(TABLE), ids=[f"{m} {r}" for m, r in sorted(TABLE)])
def test_unknown_and_another_providers_id_answer_the_same_404(api_as, theirs, method, route):
    kind, body = TABLE[(method, route)]
    owner = api_as("Teach First").get(
        "/api/v3" + route.replace("{id}", str(theirs[kind])).replace("{curriculum_id}", str(theirs[kind]))
    )
    if method == "GET":
        assert owner.status_code == 200, owner.content  # the id is real, so the 404s below mean something
    client = api_as("Ambition Institute")
    unknown = 987654321 if kind in NUMERIC else uuid.uuid4()
    answers = [_call(client, method, route, value, body) for value in (unknown, theirs[kind])]
    assert [a.status_code for a in answers] == [404, 404], [a.content for a in answers]
    assert answers[0].json() == answers[1].json()
