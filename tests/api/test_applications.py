import pytest

from npq.core import clock
from npq.training.models import ApplicationState

pytestmark = pytest.mark.django_db


def test_list_applications_envelope_and_fields(api_as, make_application):
    app = make_application()
    make_application(provider="Teach First")
    response = api_as().get("/api/v3/npq-applications")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert [d["id"] for d in body["data"]] == [str(app.ecf_id)]
    item = body["data"][0]
    assert item["type"] == "npq_application"
    attrs = item["attributes"]
    assert attrs["course_identifier"] == "npq-headship"
    assert attrs["status"] == "pending"
    assert attrs["cohort"] == "2025" and attrs["cohort_suffix"] == "a"
    assert attrs["participant_id"] == str(app.user.ecf_id)
    assert attrs["updated_at"].endswith("Z")


def test_missing_or_wrong_token_is_401(client, reference):
    assert client.get("/api/v3/npq-applications").json() == {"error": "HTTP Token: Access denied"}
    response = client.get("/api/v3/npq-applications", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_unknown_id_is_404_contract_body(api_as, reference):
    response = api_as().get("/api/v3/npq-applications/not-a-uuid")
    assert response.status_code == 404
    assert response.json() == {"error": "Resource not found"}
    assert api_as().get("/api/v3/nothing/here").json() == {"error": "Resource not found"}


def test_paging_and_bad_page_values(api_as, make_application):
    apps = [make_application() for _ in range(5)]
    api = api_as()
    first = api.get("/api/v3/npq-applications", {"page[per_page]": "2", "page[page]": "1"}).json()["data"]
    third = api.get("/api/v3/npq-applications", {"page[per_page]": "2", "page[page]": "3"}).json()["data"]
    past = api.get("/api/v3/npq-applications", {"page[per_page]": "2", "page[page]": "4"}).json()["data"]
    assert [d["id"] for d in first] == [str(a.ecf_id) for a in apps[:2]]
    assert [d["id"] for d in third] == [str(apps[4].ecf_id)]
    assert past == []
    bad = api.get("/api/v3/npq-applications", {"page[page]": "-1"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["title"] == "Bad request"
    assert "page[page]" in bad.json()["errors"][0]["detail"]


def test_filters_cohort_participant_and_updated_since(api_as, make_application):
    old = make_application(cohort="2024a")
    new = make_application(cohort="2025a")
    api = api_as()
    by_cohort = api.get("/api/v3/npq-applications", {"filter[cohort]": "2024"}).json()["data"]
    assert [d["id"] for d in by_cohort] == [str(old.ecf_id)]
    by_person = api.get("/api/v3/npq-applications", {"filter[participant_id]": str(new.user.ecf_id)}).json()["data"]
    assert [d["id"] for d in by_person] == [str(new.ecf_id)]
    future = api.get("/api/v3/npq-applications", {"filter[updated_since]": "2999-01-01T00:00:00Z"}).json()["data"]
    assert future == []
    bad = api.get("/api/v3/npq-applications", {"filter[updated_since]": "yesterday"})
    assert bad.status_code == 400


def test_sort_descending_created(api_as, make_application):
    a, b = make_application(), make_application()
    data = api_as().get("/api/v3/npq-applications", {"sort": "-created_at"}).json()["data"]
    assert [d["id"] for d in data] == [str(b.ecf_id), str(a.ecf_id)]


def test_accept_assigns_schedule_and_rejects_siblings_at_other_providers(api_as, make_application):
    app = make_application(cohort="2025a", course="npq-headship")
    sibling = make_application(user=app.user, provider="Teach First", cohort="2025a", course="npq-headship")
    other_course = make_application(user=app.user, provider="Teach First", cohort="2025a", course="npq-senco")
    response = api_as().post(
        f"/api/v3/npq-applications/{app.ecf_id}/accept",
        {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}},
    )
    assert response.status_code == 200, response.content
    attrs = response.json()["data"]["attributes"]
    assert attrs["status"] == "accepted"
    assert attrs["funded_place"] is True
    assert attrs["schedule_identifier"].startswith("npq-leadership-")
    sibling.refresh_from_db()
    other_course.refresh_from_db()
    assert sibling.lead_provider_approval_status == "rejected"
    assert sibling.reason_for_rejection == "other_application_in_this_cohort_accepted"
    assert other_course.lead_provider_approval_status == "pending"
    assert ApplicationState.objects.filter(application=app, state="active").count() == 1


def test_accept_twice_is_422_and_capped_cohort_needs_funded_place(api_as, make_application):
    api = api_as()
    app = make_application(cohort="2025a")
    missing = api.post(f"/api/v3/npq-applications/{app.ecf_id}/accept")
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["title"] == "funded_place"
    body = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": False}}}
    assert api.post(f"/api/v3/npq-applications/{app.ecf_id}/accept", body).status_code == 200
    again = api.post(f"/api/v3/npq-applications/{app.ecf_id}/accept", body)
    assert again.status_code == 422
    assert "already been accepted" in again.json()["errors"][0]["detail"]


def test_full_cohort_accept_without_body(api_as, make_application):
    app = make_application(cohort="2023a")
    response = api_as().post(f"/api/v3/npq-applications/{app.ecf_id}/accept")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["funded_place"] is None


def test_reject_and_then_cannot_accept(api_as, make_application):
    api = api_as()
    app = make_application()
    response = api.post(f"/api/v3/npq-applications/{app.ecf_id}/reject")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["reason_for_rejection"] == "rejected_by_provider"
    body = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}}
    refused = api.post(f"/api/v3/npq-applications/{app.ecf_id}/accept", body)
    assert refused.status_code == 422


def test_change_funded_place(api_as, make_application):
    api = api_as()
    app = make_application(cohort="2025a", eligible_for_funding=False)
    body = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": False}}}
    api.post(f"/api/v3/npq-applications/{app.ecf_id}/accept", body)
    change = {"data": {"type": "npq-application-change-funded-place", "attributes": {"funded_place": True}}}
    refused = api.put(f"/api/v3/npq-applications/{app.ecf_id}/change-funded-place", change)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["title"] == "funded_place"
    shape = api.put(f"/api/v3/npq-applications/{app.ecf_id}/change-funded-place", {"funded_place": True})
    assert shape.status_code == 400
    assert shape.json()["errors"][0]["detail"] == "correct json data structure required"


def test_sandbox_header_moves_clock_for_schedule(api_as, make_application, settings):
    settings.NPQ_SANDBOX = True
    app = make_application(cohort="2024a", course="npq-leading-teaching")
    body = {"data": {"type": "npq-application-accept", "attributes": {"funded_place": True}}}
    response = api_as().post(
        f"/api/v3/npq-applications/{app.ecf_id}/accept", body, HTTP_X_WITH_SERVER_DATE="2024-09-10T10:00:00Z"
    )
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["schedule_identifier"] == "npq-specialist-autumn"
    app.refresh_from_db()
    assert app.accepted_at.year == 2024
    assert clock.now().year != 2024
