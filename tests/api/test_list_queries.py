"""The list endpoints read a page in a fixed number of queries, whatever its size or depth, and
build each resource from rows whose fields are the schemas' (issue 19)."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from npq.api.schemas import IdChange
from npq.core.audit import Actor
from npq.core.lookups import AnyOf
from npq.people.models import ParticipantIdChange
from npq.registration.models import Application
from npq.training import schemas, serializers, services
from npq.training.models import ApplicationState

pytestmark = pytest.mark.django_db
APPS = "/api/v3/npq-applications"
PEOPLE = "/api/v3/participants/npq"
# The token and its rate window: one statement on PostgreSQL, two elsewhere (npq.api.auth). Then the
# page: applications 1; participants 4 (ids, enrolments, states, id changes).
AUTH_QUERIES = 1 if connection.vendor == "postgresql" else 2
APPLICATION_QUERIES = AUTH_QUERIES + 1
PARTICIPANT_QUERIES = AUTH_QUERIES + 4


def world(make_application, count: int) -> list[Application]:
    """``count`` accepted applications at Ambition, one withdrawn and one deferred, one person merged."""
    apps = []
    for _ in range(count):
        app = make_application()
        services.accept_application(app, Actor.command("test"), funded_place=True)
        app.refresh_from_db()
        apps.append(app)
    now = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    for app, state in ((apps[0], "withdrawn"), (apps[1], "deferred")):
        Application.objects.filter(pk=app.pk).update(training_status=state)
        ApplicationState.objects.create(
            application=app, lead_provider=app.lead_provider, state=state, reason="other", created_at=now
        )
    kept, retired = apps[2].user, apps[3].user
    ParticipantIdChange.objects.create(
        user=kept, from_participant_id=retired.ecf_id, to_participant_id=kept.ecf_id, changed_at=now
    )
    return apps


def counted(api, path: str, params: dict[str, str]) -> tuple[int, list[dict]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    return len(queries.captured_queries), response.json()["data"]


@pytest.mark.parametrize("size", [4, 12])
def test_each_list_reads_a_page_in_a_fixed_number_of_queries(api_as, make_application, size):
    world(make_application, size)
    api = api_as()
    api.get(APPS)  # the token's first use records last_used_at: not a list query
    for per_page in ("2", "100"):
        for params in (
            {"page[per_page]": per_page},
            {"page[per_page]": per_page, "page[page]": "2"},
            {"page[per_page]": per_page, "sort": "-updated_at"},
            {"page[per_page]": per_page, "filter[updated_since]": "2020-01-01T00:00:00Z"},
        ):
            probe = 1 if "filter[updated_since]" in params else 0  # npq.api.changed_pages.worth_walking
            queries, _data = counted(api, APPS, params)
            assert queries == APPLICATION_QUERIES + probe, params
            queries, _data = counted(api, PEOPLE, params)
            assert queries <= PARTICIPANT_QUERIES + probe, params
        queries, data = counted(api, PEOPLE, {"page[per_page]": per_page})
        assert queries == PARTICIPANT_QUERIES  # the page holds a withdrawn, a deferred and a merged person
        assert len(data) == min(size, int(per_page))


def test_deep_pages_are_the_same_records_as_the_whole_list(api_as, make_application):
    world(make_application, 7)
    api = api_as()
    for path in (APPS, PEOPLE):
        everything = [d["id"] for d in api.get(path, {"page[per_page]": "100"}).json()["data"]]
        paged = []
        for page in range(1, 6):
            paged += [d["id"] for d in api.get(path, {"page[per_page]": "2", "page[page]": str(page)}).json()["data"]]
        assert paged == everything
        assert len(everything) == 7
        newest = [d["id"] for d in api.get(path, {"sort": "-created_at", "page[per_page]": "3"}).json()["data"]]
        assert len(newest) == 3


def test_participant_resource_from_rows(api_as, make_application):
    apps = world(make_application, 4)
    api = api_as()
    data = {d["id"]: d["attributes"] for d in api.get(PEOPLE).json()["data"]}
    withdrawn = data[str(apps[0].user.ecf_id)]["npq_enrolments"][0]
    assert withdrawn["training_status"] == "withdrawn"
    assert withdrawn["withdrawal"] == {"reason": "other", "date": "2026-01-05T00:00:00.000Z"}
    assert withdrawn["deferral"] is None
    deferred = data[str(apps[1].user.ecf_id)]["npq_enrolments"][0]
    assert deferred["deferral"]["reason"] == "other"
    assert deferred["withdrawal"] is None
    merged = data[str(apps[2].user.ecf_id)]
    assert merged["participant_id_changes"][0]["from_participant_id"] == str(apps[3].user.ecf_id)
    assert merged["updated_at"] >= "2026-01-05T00:00:00.000Z"
    assert list(merged) == list(schemas.ParticipantAttributes.model_fields)
    assert list(merged["npq_enrolments"][0]) == list(schemas.Enrolment.model_fields)
    application = api.get(APPS).json()["data"][0]["attributes"]
    assert list(application) == list(schemas.ApplicationAttributes.model_fields)


def test_a_schema_field_without_a_getter_stops_start_up():
    getters = {name: (lambda row: None) for name in IdChange.model_fields}
    assert serializers._fields(IdChange, getters)
    with pytest.raises(ImproperlyConfigured, match="changed_at"):
        serializers._fields(IdChange, {k: v for k, v in getters.items() if k != "changed_at"})
    with pytest.raises(ImproperlyConfigured, match="extra"):
        serializers._fields(IdChange, {**getters, "extra": lambda row: None})


def test_any_of_matches_a_list_of_ids(make_application):
    apps = [make_application() for _ in range(3)]
    found = Application.objects.filter(AnyOf(F("pk"), [apps[0].pk, apps[2].pk])).order_by("pk")
    assert list(found.values_list("pk", flat=True)) == [apps[0].pk, apps[2].pk]
    assert not Application.objects.filter(AnyOf(F("pk"), [])).exists()
