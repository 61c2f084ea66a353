"""The bulk declarations endpoint answers each item exactly as the single endpoint would."""

import uuid

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.finance.models import StatementLine
from tests.api.conftest import ApiClient
from tests.declarations.test_api import body

pytestmark = pytest.mark.django_db
SINGLE = "/api/v3/participant-declarations"
BULK = "/api/v3/participant-declarations/bulk"


@pytest.fixture
def client(world):
    _token, text = create_token(world.provider, Actor.command("test"))
    return ApiClient(text)


def items(world):
    ok = [world.new_participant() for _ in range(3)]
    other = world.new_participant(lead_provider=world.other_provider)
    return [
        body(world, ok[0])["data"],
        body(world, ok[1])["data"],
        body(world, ok[1])["data"],  # the same request twice in one batch: the second is a repeat
        body(world, ok[2], "retained-1", declaration_date="2027-01-01T00:00:00Z", delivery_partner_id=None)["data"],
        body(world, ok[2], declaration_date="2026-02-01")["data"],  # no time: 422 naming the field
        {**body(world, ok[2])["data"], "type": "npq-application"},  # wrong type: 400
        {"type": "participant-declaration"},  # no attributes: 400
        {"type": "participant-declaration", "attributes": {"participant_id": "x"}},  # missing fields: 422
        body(world, ok[2], participant_id=str(uuid.uuid4()))["data"],  # nobody: the single endpoint's answer
        body(world, other)["data"],  # another provider's participant
    ]


def test_each_item_gets_the_single_endpoints_answer(world, client):
    batch = items(world)
    first = client.post(BULK, {"data": batch})
    assert first.status_code == 200, first.content
    answers = first.json()["data"]
    assert [a["outcome"] for a in answers] == ["created", "created", "repeat"] + ["error"] * 7
    assert first.json()["meta"] == {"created": 2, "repeat": 1, "error": 7}
    again = client.post(BULK, {"data": batch}).json()["data"]
    for index, item in enumerate(batch):
        single = client.post(SINGLE, {"data": item})
        assert (again[index]["status"], again[index]["body"]) == (single.status_code, single.json()), index
        if answers[index]["outcome"] != "error":
            assert answers[index]["body"] == single.json()
        else:
            assert (answers[index]["status"], answers[index]["body"]) == (single.status_code, single.json())
    assert [a["status"] for a in answers[3:]] == [422, 422, 400, 400, 422, answers[8]["status"], answers[9]["status"]]
    # Stored once and billed once, whatever was sent again.
    assert Declaration.objects.count() == 2
    assert StatementLine.objects.filter(kind="output").count() == 2


def test_more_than_500_items_is_refused_whole(world, client):
    application = world.new_participant()
    response = client.post(BULK, {"data": [body(world, application)["data"]] * 501})
    assert response.status_code == 400
    assert "at most 500" in response.json()["errors"][0]["detail"]
    assert not Declaration.objects.exists()
    assert client.post(BULK, {"data": []}).status_code == 400
