"""Provider pages for applications and participants: search, scoping, and acting through the same
services (and audit) as the API."""

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.declarations.services import record_declaration
from npq.people.models import Role
from npq.training import services
from tests.conftest import error_summary, h1, html
from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - fixtures used below

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [a.get_text(strip=True) for a in html(response).select("tbody a")]


def test_provider_finds_a_pending_application_by_name_and_accepts_it_as_the_api_would(world, client_as, make_user):
    pending = world.new_participant(
        lead_provider_approval_status="pending", training_status=None, accepted_at=None, schedule=None
    )
    pending.user.full_name = "Zadie Quill"
    pending.user.save()
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    client = client_as(provider_user)
    found = client.get("/provider/applications", {"q": "zadie", "status": "pending"})
    assert _names(found) == ["Zadie Quill"]
    record = client.get(f"/provider/applications/{pending.ecf_id}")
    assert h1(record) == "Zadie Quill"
    response = client.post(
        f"/provider/applications/{pending.ecf_id}/accept",
        {"schedule_identifier": "npq-leadership-spring", "funded_place": "yes"},
        follow=True,
    )
    assert error_summary(response) == []
    assert "Application accepted: Zadie Quill" in response.content.decode()
    event = AuditEvent.objects.get(action="application.accepted")
    # the same event an API accept writes, with the person instead of the token as the actor
    assert (event.actor_type, event.actor_label, event.object_id) == ("person", provider_user.email, str(pending.pk))
    assert event.after["lead_provider_approval_status"] == "accepted"
    _token, text = create_token(world.provider, Actor.command("test"))
    api = client.get(f"/api/v3/npq-applications/{pending.ecf_id}", HTTP_AUTHORIZATION=f"Bearer {text}")
    assert api.json()["data"]["attributes"]["status"] == "accepted"


def test_a_service_refusal_shows_the_api_message_on_the_page(world, client_as, make_user):
    accepted = world.new_participant()
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    response = client.post(f"/provider/applications/{accepted.ecf_id}/defer", {})
    assert response.status_code == 400
    assert error_summary(response) == ["Select why the participant is deferring"]


def test_another_providers_application_is_not_found(world, client_as, make_user):
    theirs = world.new_participant()
    other = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    assert other.get(f"/provider/applications/{theirs.ecf_id}").status_code == 404
    assert _names(other.get("/provider/participants")) == []


def test_delivery_partner_sees_only_its_participants_and_reads_until_granted(world, client_as, make_user):
    ours, not_ours = world.new_participant(), world.new_participant()
    record_declaration(world.provider, world.actor, world.declare(ours))
    partner = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    client = client_as(partner)
    assert _names(client.get("/provider/participants")) == [ours.user.full_name]
    assert client.get(f"/provider/applications/{not_ours.ecf_id}").status_code == 404
    assert client.get(f"/provider/applications/{ours.ecf_id}/withdraw").status_code == 403
    services.grant_partner_access(Actor.command("provider"), world.provider, world.partner, True)
    assert client.get(f"/provider/applications/{ours.ecf_id}/withdraw").status_code == 200


def test_participants_list_takes_a_fixed_number_of_queries(world, client_as, make_user, django_assert_max_num_queries):
    for _ in range(30):
        world.new_participant()
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    client.get("/provider/participants")  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get("/provider/participants", {"cohort": "2025a"})
    assert len(html(response).select("tbody tr")) == 30
