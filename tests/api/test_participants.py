import datetime as dt

import pytest

from npq.declarations.models import Declaration
from npq.people.models import ParticipantIdChange
from npq.training.models import ApplicationState

pytestmark = pytest.mark.django_db
ACCEPT = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}}


@pytest.fixture
def accepted(api_as, make_application):
    def make(provider="Ambition Institute", **fields):
        app = make_application(provider=provider, **fields)
        response = api_as(provider).post(f"/api/v3/npq-applications/{app.ecf_id}/accept", ACCEPT)
        assert response.status_code == 200, response.content
        app.refresh_from_db()
        return app

    return make


def declare(app, kind="started", state="eligible"):
    moment = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    return Declaration.objects.create(
        application=app,
        participant=app.user,
        lead_provider=app.lead_provider,
        cohort=app.cohort,
        course=app.course,
        declaration_type=kind,
        declaration_date=moment,
        state=state,
        created_at=moment,
        updated_at=moment,
    )


def body(**attributes):
    return {"data": {"type": "participant-action", "attributes": {"course_identifier": "npq-headship", **attributes}}}


def test_participants_list_only_accepted_with_enrolments(api_as, accepted, make_application):
    app = accepted()
    make_application()  # pending: not a participant
    data = api_as().get("/api/v3/participants/npq").json()["data"]
    assert [d["id"] for d in data] == [str(app.user.ecf_id)]
    enrolment = data[0]["attributes"]["npq_enrolments"][0]
    assert data[0]["type"] == "npq-participant"
    assert enrolment["npq_application_id"] == str(app.ecf_id)
    assert enrolment["training_status"] == "active"
    assert enrolment["withdrawal"] is None and enrolment["deferral"] is None


def test_defer_needs_a_declaration_then_resume(api_as, accepted):
    api = api_as()
    app = accepted()
    path = f"/api/v3/participants/npq/{app.user.ecf_id}"
    refused = api.put(f"{path}/defer", body(reason="bereavement"))
    assert refused.status_code == 422
    assert "without any declarations" in refused.json()["errors"][0]["detail"]
    declare(app)
    deferred = api.put(f"{path}/defer", body(reason="bereavement"))
    assert deferred.status_code == 200, deferred.content
    enrolment = deferred.json()["data"]["attributes"]["npq_enrolments"][0]
    assert enrolment["training_status"] == "deferred"
    assert enrolment["deferral"]["reason"] == "bereavement"
    resumed = api.put(f"{path}/resume", body())
    assert resumed.json()["data"]["attributes"]["npq_enrolments"][0]["training_status"] == "active"
    assert list(ApplicationState.objects.filter(application=app).values_list("state", flat=True)) == [
        "active",
        "deferred",
        "active",
    ]


def test_withdraw_needs_started_and_cannot_be_resumed(api_as, accepted):
    api = api_as()
    app = accepted()
    path = f"/api/v3/participants/npq/{app.user.ecf_id}"
    assert api.put(f"{path}/withdraw", body(reason="change-in-career")).status_code == 422
    declare(app)
    response = api.put(f"{path}/withdraw", body(reason="change-in-career"))
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["npq_enrolments"][0]["withdrawal"]["reason"] == "change-in-career"
    resume = api.put(f"{path}/resume", body())
    assert resume.status_code == 422
    assert "cannot be resumed" in resume.json()["errors"][0]["detail"]


def test_bad_reason_and_wrong_course_are_422_naming_the_attribute(api_as, accepted):
    api = api_as()
    app = accepted()
    path = f"/api/v3/participants/npq/{app.user.ecf_id}"
    bad = api.put(f"{path}/defer", body(reason="holiday"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["title"] == "reason"
    wrong = api.put(f"{path}/resume", body(course_identifier="npq-senco"))
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["title"] == "course_identifier"


def test_change_schedule(api_as, accepted):
    from tests.api.test_change_schedule import _contracts

    _contracts("2024a", "2025a")
    api = api_as()
    app = accepted(cohort="2024a")
    path = f"/api/v3/participants/npq/{app.user.ecf_id}/change-schedule"
    assert app.schedule.identifier == "npq-leadership-autumn"
    response = api.put(path, body(schedule_identifier="npq-leadership-spring", cohort="2025"))
    assert response.status_code == 200, response.content
    enrolment = response.json()["data"]["attributes"]["npq_enrolments"][0]
    assert (enrolment["schedule_identifier"], enrolment["cohort"]) == ("npq-leadership-spring", "2025")
    same = api.put(path, body(schedule_identifier="npq-leadership-spring"))
    assert same.status_code == 422
    declare(app)
    back = api.put(path, body(schedule_identifier="npq-leadership-autumn", cohort="2024"))
    assert back.status_code == 422
    assert back.json()["errors"][0]["title"] == "cohort"
    wrong_group = api.put(path, body(schedule_identifier="npq-specialist-spring"))
    assert wrong_group.status_code == 422
    assert wrong_group.json()["errors"][0]["title"] == "schedule_identifier"


def test_retired_participant_id_is_410_with_the_change(api_as, accepted):
    app = accepted()
    retired = "11111111-2222-3333-4444-555555555555"
    ParticipantIdChange.objects.create(
        user=app.user, from_participant_id=retired, to_participant_id=app.user.ecf_id, changed_at=app.updated_at
    )
    api = api_as()
    response = api.get(f"/api/v3/participants/npq/{retired}")
    assert response.status_code == 410
    error = response.json()["errors"][0]
    assert error["title"] == "Participant ID has been changed"
    assert error["participant_id_changes"][0]["to_participant_id"] == str(app.user.ecf_id)
    action = api.put(f"/api/v3/participants/npq/{retired}/resume", body())
    assert action.status_code == 422
    shown = api.get(f"/api/v3/participants/npq/{app.user.ecf_id}").json()["data"]["attributes"]
    assert shown["participant_id_changes"][0]["from_participant_id"] == retired
    filtered = api.get("/api/v3/participants/npq", {"filter[from_participant_id]": retired}).json()["data"]
    assert [d["id"] for d in filtered] == [str(app.user.ecf_id)]
    assert api_as("Teach First").get(f"/api/v3/participants/npq/{retired}").status_code == 404


def test_training_status_filter(api_as, accepted):
    api = api_as()
    active = accepted()
    deferred = accepted()
    declare(deferred)
    api.put(f"/api/v3/participants/npq/{deferred.user.ecf_id}/defer", body(reason="other"))
    data = api.get("/api/v3/participants/npq", {"filter[training_status]": "deferred"}).json()["data"]
    assert [d["id"] for d in data] == [str(deferred.user.ecf_id)]
    assert active.user.ecf_id
    bad = api.get("/api/v3/participants/npq", {"filter[training_status]": "paused"})
    assert bad.status_code == 422


def test_list_query_count_does_not_grow_with_page(api_as, accepted, django_assert_max_num_queries):
    for _ in range(6):
        accepted()
    api = api_as()
    with django_assert_max_num_queries(12):
        assert len(api.get("/api/v3/participants/npq").json()["data"]) == 6
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v3/npq-applications").json()["data"]) == 6
