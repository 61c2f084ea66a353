"""Webhooks to a receiver on loopback over plain HTTP: signatures, retries, order, replay, rotation."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor
from npq.webhooks import rules, services
from npq.webhooks.models import Attempt, Delivery
from npq.webhooks.rules import EventType
from tests.conftest import run_jobs

pytestmark = pytest.mark.django_db
ALL = [e.value for e in EventType]
# Not statement.payable: the scheduled job run by run_jobs() makes the world's past statements payable.
CHOSEN = [EventType.APPLICATION_CREATED.value, EventType.PARTICIPANT_CHANGED.value]


class Receiver:
    """Records every request; answers 500 to the next ``failures`` of them, then 200."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.failures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                failing = receiver.failures > 0
                receiver.failures -= failing
                receiver.received.append({"headers": dict(self.headers), "body": body, "acknowledged": not failing})
                self.send_response(500 if failing else 200)
                self.end_headers()
                self.wfile.write(b"not now" if failing else b"thanks")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/npq-hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def acknowledged(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.received if r["acknowledged"]]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def endpoint(world, receiver):
    return services.register_endpoint(world.provider, Actor.command("test"), receiver.url, CHOSEN)


def later(seconds: int) -> None:
    clock.move_to(clock.now() + dt.timedelta(seconds=seconds))


def test_a_new_application_is_sent_signed(world, endpoint, receiver):
    application = world.new_participant()
    run_jobs()
    request = receiver.received[0]
    payload = json.loads(request["body"])
    assert payload["type"] == "application.created"
    assert payload["data"] == {
        "application_id": str(application.ecf_id),
        "participant_id": str(application.user.ecf_id),
    }
    headers = request["headers"]
    stamp = int(headers["Webhook-Timestamp"])
    assert headers["Webhook-Id"] == payload["id"]
    assert rules.verify(
        endpoint.secret, headers["Webhook-Id"], stamp, request["body"], headers["Webhook-Signature"], stamp
    )
    assert not rules.verify(
        "whsec_wrong", headers["Webhook-Id"], stamp, request["body"], headers["Webhook-Signature"], stamp
    )
    assert not rules.verify(
        endpoint.secret, headers["Webhook-Id"], stamp, request["body"] + b" ", headers["Webhook-Signature"], stamp
    )


def test_a_receiver_failing_three_times_then_succeeding_gets_the_event_once_acknowledged(world, endpoint, receiver):
    receiver.failures = 3
    participant = "p-1"
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, participant, {"participant_id": participant})
    run_jobs()
    for wait in (30, 60, 120, 240, 480):
        later(wait)
        run_jobs()
    assert [r["acknowledged"] for r in receiver.received] == [False, False, False, True]
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == (Delivery.State.DELIVERED, 4, 200)
    assert [a.status for a in Attempt.objects.filter(delivery=delivery)] == [500, 500, 500, 200]
    assert len(receiver.acknowledged()) == 1


def test_one_participants_events_arrive_in_order(world, endpoint, receiver):
    receiver.failures = 1
    for n in range(3):
        services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-1", {"n": n})
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-2", {"n": 99})
    run_jobs()
    # The first of p-1 failed: p-1's others wait behind it; p-2 is not held up.
    assert [json.loads(r["body"])["data"]["n"] for r in receiver.received] == [0, 99]
    later(30)
    run_jobs()
    assert [e["data"]["n"] for e in receiver.acknowledged()] == [99, 0, 1, 2]


def test_replay_sends_the_event_again_as_a_new_delivery(world, endpoint, receiver):
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-1", {"participant_id": "p-1"})
    run_jobs()
    first = Delivery.objects.get()
    replay = services.replay_delivery(world.provider, Actor.command("test"), str(first.ecf_id))
    run_jobs()
    sent = receiver.acknowledged()
    assert [e["event_id"] for e in sent] == [sent[0]["event_id"]] * 2
    assert [e["id"] for e in sent] == [str(first.ecf_id), str(replay.ecf_id)]
    with pytest.raises(Exception, match="No webhook delivery"):
        services.replay_delivery(world.other_provider, Actor.command("test"), str(first.ecf_id))


def test_after_rotation_both_secrets_sign_for_the_overlap(world, endpoint, receiver):
    old = endpoint.secret
    new = services.rotate_secret(world.provider, Actor.command("test"), endpoint.pk).secret
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-1", {})
    run_jobs()
    later(25 * 3600)
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-2", {})
    run_jobs()
    signed = list(receiver.received)
    for request, secrets in zip(signed, ([old, new], [new]), strict=True):
        h = request["headers"]
        stamp = int(h["Webhook-Timestamp"])
        for secret in (old, new):
            verified = rules.verify(secret, h["Webhook-Id"], stamp, request["body"], h["Webhook-Signature"], stamp)
            assert verified == (secret in secrets)


def test_a_rolled_back_change_announces_nothing(world, endpoint, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        world.new_participant()
        raise RuntimeError("abandon")
    run_jobs()
    assert receiver.received == [] and not Delivery.objects.exists()


def test_only_https_in_production(world, settings):
    settings.NPQ_WEBHOOKS_HTTPS_ONLY = True
    with pytest.raises(Exception, match="https://"):
        services.register_endpoint(world.provider, Actor.command("test"), "http://example.com/hooks", ALL)
