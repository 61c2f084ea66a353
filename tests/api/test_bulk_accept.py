"""Bulk accept (extension): each item answered as POST /npq-applications/{id}/accept would answer it."""

import uuid

import pytest

pytestmark = pytest.mark.django_db
BULK = "/api/v3/npq-applications/bulk-accept"


def test_each_item_gets_the_single_accept_answer(api_as, make_application):
    api = api_as()
    first, second = make_application(cohort="2025a"), make_application(cohort="2025a")
    theirs = make_application(provider="Teach First", cohort="2025a")
    items = [
        {"id": str(first.ecf_id), "attributes": {"funded_place": False}},
        {"id": str(first.ecf_id), "attributes": {"funded_place": False}},  # already accepted: 422
        {"id": str(second.ecf_id)},  # capped cohort, no funded_place: 422 naming it
        {"id": str(uuid.uuid4())},  # nobody: 404
        {"id": str(theirs.ecf_id), "attributes": {"funded_place": False}},  # another provider's: 404
        {"id": str(second.ecf_id), "attributes": {"funded_place": "perhaps"}},  # not a boolean: 422
    ]
    response = api.post(BULK, {"data": items})
    assert response.status_code == 200, response.content
    answers = response.json()["data"]
    assert [a["outcome"] for a in answers] == ["accepted"] + ["error"] * 5
    assert [a["status"] for a in answers] == [200, 422, 422, 404, 404, 422]
    assert answers[0]["body"] == api.get(f"/api/v3/npq-applications/{first.ecf_id}").json()
    for index in (1, 2, 3, 4, 5):
        item = items[index]
        single = api.post(
            f"/api/v3/npq-applications/{item['id']}/accept",
            {"data": {"type": "npq-application-accept", "attributes": item.get("attributes", {})}},
        )
        assert (answers[index]["status"], answers[index]["body"]) == (single.status_code, single.json()), index
    theirs.refresh_from_db()
    assert theirs.lead_provider_approval_status == "pending"


def test_more_than_500_is_refused_whole(api_as, make_application):
    app = make_application()
    response = api_as().post(BULK, {"data": [{"id": str(app.ecf_id)}] * 501})
    assert response.status_code == 400
    app.refresh_from_db()
    assert app.lead_provider_approval_status == "pending"
