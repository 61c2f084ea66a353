"""The webhook API extensions: register (secret shown once), list deliveries and failures, replay, scoping."""

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.webhooks import services
from npq.webhooks.models import Delivery
from npq.webhooks.rules import EventType
from tests.api.conftest import ApiClient
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db


def client_for(provider):
    _token, text = create_token(provider, Actor.command("test"))
    return ApiClient(text)


def test_register_list_fail_and_replay(world):
    api = client_for(world.provider)
    # Port 9 on loopback: nothing listens, so every attempt fails.
    created = api.post(
        "/api/v3/webhooks/endpoints",
        {
            "data": {
                "type": "webhook-endpoint",
                "attributes": {"url": "http://127.0.0.1:9/hooks", "events": ["participant.changed"]},
            }
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["data"]["attributes"]["secret"].startswith("whsec_")
    listed = api.get("/api/v3/webhooks/endpoints").json()["data"]
    assert [e["attributes"]["url"] for e in listed] == ["http://127.0.0.1:9/hooks"] and "secret" not in listed[0][
        "attributes"
    ]

    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-1", {"participant_id": "p-1"})
    run_jobs()
    Delivery.objects.update(state=Delivery.State.FAILED)  # as after 24 hours of failures
    failed = api.get("/api/v3/webhooks/deliveries", {"filter[state]": "failed"}).json()["data"]
    assert [d["attributes"]["event_type"] for d in failed] == ["participant.changed"]
    assert failed[0]["attributes"]["attempts"] == 1 and "Connection" in failed[0]["attributes"]["last_response"]
    replayed = api.post(f"/api/v3/webhooks/deliveries/{failed[0]['id']}/replay")
    assert replayed.json()["data"]["attributes"]["replay_of"] == failed[0]["id"]

    other = client_for(world.other_provider)
    assert other.get("/api/v3/webhooks/deliveries").json()["data"] == []
    assert other.post(f"/api/v3/webhooks/deliveries/{failed[0]['id']}/replay").status_code == 404
    assert other.post("/api/v3/webhooks/deliveries/not-an-id/replay").status_code == 404


def test_bad_endpoint_is_422_naming_the_field(world):
    response = client_for(world.provider).post(
        "/api/v3/webhooks/endpoints",
        {"data": {"type": "webhook-endpoint", "attributes": {"url": "ftp://x", "events": ["nope"]}}},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["title"] == "url"
