"""The provider's webhook pages: every error at once, the secret shown once, deliveries, scoping."""

import pytest

from npq.core.audit import Actor
from npq.people.models import Role
from npq.webhooks import services
from npq.webhooks.models import Delivery, Endpoint
from npq.webhooks.rules import EventType
from tests.conftest import error_summary, h1, html, run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_user(world, make_user):
    return make_user(Role.LEAD_PROVIDER, provider=world.provider.name)


def test_adding_an_address_shows_every_error_then_the_secret_once(world, provider_user, client_as):
    client = client_as(provider_user)
    assert h1(client.get("/webhooks")) == "Webhooks"
    failed = client.post("/webhooks", {"url": ""})
    assert failed.status_code == 400
    assert error_summary(failed) == [
        "Enter the web address to send events to",
        "Select the events to send to this address",
    ]
    added = client.post("/webhooks", {"url": "http://127.0.0.1:9/hooks", "events": ["participant.changed"]})
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in html(added).select_one(".npq-secret").get_text()
    assert added["Cache-Control"] == "no-store"
    assert endpoint.secret not in client.get("/webhooks").content.decode()


def test_deliveries_page_lists_failures_and_sends_again(world, provider_user, client_as, make_user):
    services.register_endpoint(
        world.provider, Actor.command("test"), "http://127.0.0.1:9/hooks", ["participant.changed"]
    )
    services.publish(world.provider.pk, EventType.PARTICIPANT_CHANGED, "p-1", {})
    run_jobs()
    Delivery.objects.update(state=Delivery.State.FAILED)
    client = client_as(provider_user)
    page = client.get("/webhooks/deliveries?show=failed")
    rows = html(page).select("tbody tr")
    assert len(rows) == 1 and "A participant's details change" in rows[0].get_text()
    delivery = Delivery.objects.get()
    client.post(f"/webhooks/deliveries/{delivery.ecf_id}/replay")
    assert Delivery.objects.filter(replay_of=delivery).exists()

    other = client_as(make_user(Role.LEAD_PROVIDER, provider=world.other_provider.name))
    assert html(other.get("/webhooks/deliveries")).select("tbody tr") == []
    assert other.post(f"/webhooks/deliveries/{delivery.ecf_id}/replay").status_code == 404
    assert other.post(f"/webhooks/{delivery.endpoint_id}/rotate").status_code == 404
