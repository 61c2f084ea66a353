"""Every endpoint, called with another provider's ids, answers 404 and shows no data."""

import pytest

from npq.core.audit import Actor
from npq.reference.models import DeliveryPartner, DeliveryPartnership, LeadProvider
from npq.registration.models import Application
from npq.training import services

pytestmark = pytest.mark.django_db
ACCEPT = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}}
ACTION = {"data": {"type": "x", "attributes": {"course_identifier": "npq-headship", "reason": "other"}}}
SCHEDULE = {
    "data": {
        "type": "x",
        "attributes": {"course_identifier": "npq-headship", "schedule_identifier": "npq-leadership-spring"},
    }
}
FUNDED = {"data": {"type": "x", "attributes": {"funded_place": False}}}

# (method, path template, body): ids are filled from Teach First's records.
ENDPOINTS = [
    ("get", "/api/v3/npq-applications/{application}", None),
    ("post", "/api/v3/npq-applications/{application}/accept", ACCEPT),
    ("post", "/api/v3/npq-applications/{application}/reject", None),
    ("put", "/api/v3/npq-applications/{application}/change-funded-place", FUNDED),
    ("get", "/api/v3/participants/npq/{participant}", None),
    ("put", "/api/v3/participants/npq/{participant}/defer", ACTION),
    ("put", "/api/v3/participants/npq/{participant}/resume", ACTION),
    ("put", "/api/v3/participants/npq/{participant}/withdraw", ACTION),
    ("put", "/api/v3/participants/npq/{participant}/change-schedule", SCHEDULE),
    ("get", "/api/v3/delivery-partners/{partner}", None),
]
LISTS = [
    ("/api/v3/npq-applications", {}),
    ("/api/v3/npq-applications", {"filter[participant_id]": "{participant}"}),
    ("/api/v3/npq-applications", {"page[cursor]": "0"}),
    ("/api/v3/participants/npq", {}),
    ("/api/v3/participants/npq", {"page[cursor]": "0"}),
    ("/api/v3/delivery-partners", {}),
]


@pytest.fixture
def theirs(make_application):
    """Teach First's accepted application, pending application and delivery partner only they use."""
    accepted = make_application(provider="Teach First", cohort="2025a")
    services.accept_application(accepted, Actor.command("test"), funded_place=True)
    pending = make_application(provider="Teach First", cohort="2025a")
    partner = DeliveryPartner.objects.create(name="Only Teach First's partner")
    DeliveryPartnership.objects.create(
        lead_provider=LeadProvider.objects.get(name="Teach First"),
        delivery_partner=partner,
        cohort=accepted.cohort,
    )
    return {
        "application": pending.ecf_id,
        "participant": accepted.user.ecf_id,
        "partner": partner.ecf_id,
        "accepted": accepted,
    }


@pytest.mark.parametrize(("method", "template", "body"), ENDPOINTS)
def test_other_providers_ids_are_404(api_as, theirs, method, template, body):
    api = api_as("Ambition Institute")
    before = list(Application.objects.order_by("pk").values())
    response = getattr(api, method)(template.format(**theirs), body)
    assert response.status_code == 404, response.content
    assert response.json() == {"error": "Resource not found"}
    assert list(Application.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(("path", "params"), LISTS)
def test_lists_never_show_other_providers_records(api_as, theirs, path, params):
    own = api_as("Teach First").get(path, {k: v.format(**theirs) for k, v in params.items()}).json()["data"]
    assert own, "the owner sees the records, so the check below means something"
    data = api_as("Ambition Institute").get(path, {k: v.format(**theirs) for k, v in params.items()}).json()["data"]
    shared = {
        str(p.ecf_id) for p in DeliveryPartner.objects.filter(partnerships__lead_provider__name="Ambition Institute")
    }
    theirs_only = {d["id"] for d in own} - shared
    assert theirs_only
    assert not theirs_only & {d["id"] for d in data}
