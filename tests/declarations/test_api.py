import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def make(provider=None):
        _token, text = create_token(provider or world.provider, Actor.command("test"))
        return ApiClient(text)

    return make


def body(world, application, declaration_type="started", **extra):
    attributes = {
        "participant_id": str(application.user.ecf_id),
        "declaration_type": declaration_type,
        "declaration_date": "2026-02-01T09:00:00Z",
        "course_identifier": "npq-headship",
        "delivery_partner_id": str(world.partner.ecf_id),
    }
    attributes.update(extra)
    return {"data": {"type": "participant-declaration", "attributes": attributes}}


def test_create_show_list_and_void(world, api):
    client = api()
    application = world.new_participant()
    response = client.post("/api/v3/participant-declarations", body(world, application))
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["type"] == "participant-declaration"
    attributes = data["attributes"]
    assert attributes["state"] == "eligible"
    assert attributes["statement_id"] == str(world.statements[1].ecf_id)
    assert attributes["delivery_partner_name"] == "Pennine Teaching School Hub"
    assert attributes["application_id"] == str(application.ecf_id)
    again = client.post("/api/v3/participant-declarations", body(world, application))
    assert again.json()["data"]["id"] == data["id"]
    listed = client.get("/api/v3/participant-declarations", {"filter[cohort]": "2025"}).json()["data"]
    assert [d["id"] for d in listed] == [data["id"]]
    assert client.get("/api/v3/participant-declarations", {"filter[cohort]": "2024"}).json()["data"] == []
    shown = client.get(f"/api/v3/participant-declarations/{data['id']}")
    assert shown.json()["data"]["id"] == data["id"]
    voided = client.put(f"/api/v3/participant-declarations/{data['id']}/void")
    assert voided.json()["data"]["attributes"]["state"] == "voided"
    assert client.put(f"/api/v3/participant-declarations/{data['id']}/void").status_code == 422


def test_refusals_are_422_with_every_problem_named(world, api):
    application = world.new_participant()
    response = api().post(
        "/api/v3/participant-declarations",
        body(world, application, "retained-1", declaration_date="2027-01-01T00:00:00Z", delivery_partner_id=None),
    )
    assert response.status_code == 422
    titles = [e["title"] for e in response.json()["errors"]]
    assert titles == ["declaration_date", "declaration_type", "delivery_partner_id"]


def test_bad_date_and_bad_shape(world, api):
    application = world.new_participant()
    client = api()
    response = client.post("/api/v3/participant-declarations", body(world, application, declaration_date="2026-02-01"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["title"] == "declaration_date"
    assert client.post("/api/v3/participant-declarations", {"nope": 1}).status_code == 400


def test_other_provider_cannot_see_or_void(world, api):
    application = world.new_participant()
    created = api().post("/api/v3/participant-declarations", body(world, application)).json()["data"]
    other = api(world.other_provider)
    assert other.get(f"/api/v3/participant-declarations/{created['id']}").status_code == 404
    assert other.put(f"/api/v3/participant-declarations/{created['id']}/void").status_code == 404
    assert other.get("/api/v3/participant-declarations").json()["data"] == []
    assert Declaration.objects.get(ecf_id=created["id"]).state == "eligible"


def test_outcomes_endpoints(world, api):
    client = api()
    application = world.new_participant()
    for n, kind in enumerate(("started", "retained-1", "retained-2")):
        client.post(
            "/api/v3/participant-declarations",
            body(world, application, kind, declaration_date=f"2026-02-0{n + 1}T09:00:00Z"),
        )
    completed = client.post(
        "/api/v3/participant-declarations",
        body(world, application, "completed", declaration_date="2026-02-05T09:00:00Z", has_passed=True),
    )
    assert completed.json()["data"]["attributes"]["has_passed"] is True
    pid = str(application.user.ecf_id)
    corrected = client.post(
        f"/api/v3/participants/npq/{pid}/outcomes",
        {
            "data": {
                "type": "npq-outcome-confirmation",
                "attributes": {"course_identifier": "npq-headship", "state": "failed", "completion_date": "2026-02-06"},
            }
        },
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["data"]["attributes"]["state"] == "failed"
    mine = client.get(f"/api/v3/participants/npq/{pid}/outcomes").json()["data"]
    assert [o["attributes"]["state"] for o in mine] == ["passed", "failed"]
    assert len(client.get("/api/v3/participants/npq/outcomes").json()["data"]) == 2
    assert api(world.other_provider).get("/api/v3/participants/npq/outcomes").json()["data"] == []


def test_statements_endpoints(world, api):
    client = api()
    listed = client.get("/api/v3/statements").json()["data"]
    assert [s["attributes"]["month"] for s in listed] == ["March", "April", "May", "June"]
    assert listed[1]["attributes"]["cut_off_date"] == "2026-03-26"
    one = client.get(f"/api/v3/statements/{listed[0]['id']}")
    assert one.json()["data"]["attributes"]["paid"] is False
    assert api(world.other_provider).get(f"/api/v3/statements/{listed[0]['id']}").status_code == 404
    assert client.get("/api/v3/statements", {"filter[cohort]": "2024"}).json()["data"] == []
