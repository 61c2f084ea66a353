"""Recording an outcome from the provider's record page: the API's service, checks and audit."""

import datetime as dt

import pytest

from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.declarations.models import ParticipantOutcome
from npq.declarations.services import record_declaration
from npq.people.models import Role
from npq.training import services as training
from tests.conftest import error_summary, html
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


def _feb(day: int) -> dt.datetime:
    return dt.datetime(2026, 2, day, 9, 0, tzinfo=dt.UTC)


def _completed(world):
    application = world.new_participant()
    for n, kind in enumerate(("started", "retained-1", "retained-2")):
        record_declaration(world.provider, world.actor, world.declare(application, kind, declaration_date=_feb(1 + n)))
    record_declaration(
        world.provider, world.actor, world.declare(application, "completed", declaration_date=_feb(5), has_passed=True)
    )
    return application


def test_provider_records_an_outcome_from_the_record_page(world, client_as, make_user):
    application = _completed(world)
    user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    client = client_as(user)
    record = html(client.get(f"/provider/applications/{application.ecf_id}"))
    button = next(a for a in record.select("a.govuk-button") if a.get_text(strip=True) == "Record an outcome")
    path = button["href"]
    assert path == f"/provider/applications/{application.ecf_id}/outcomes/new"
    headings = [h.get_text(strip=True) for h in record.select("h2")]
    assert {"Declarations and outcomes", "Delivery", "Assessment"} <= set(headings)

    future = client.post(path, {"state": "failed", "completion_date": "1/1/2030"})
    assert future.status_code == 400
    assert error_summary(future) == ["The completion date cannot be in the future"]  # the API's message
    empty = client.post(path, {})
    assert error_summary(empty) == [
        "Select passed or failed",
        "Enter the date the participant completed the course",
    ]
    done = client.post(path, {"state": "failed", "completion_date": "6/2/2026"}, follow=True)
    assert "Outcome recorded:" in html(done).get_text(" ")
    latest = ParticipantOutcome.objects.order_by("-id").first()
    assert (latest.state, latest.completion_date) == ("failed", dt.date(2026, 2, 6))
    event = AuditEvent.objects.filter(action="outcome.recorded").latest("id")
    assert (event.actor_type, event.actor_label) == ("person", user.email)


def test_no_outcome_button_without_a_completed_declaration(world, client_as, make_user):
    application = world.new_participant()
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    record = html(client.get(f"/provider/applications/{application.ecf_id}"))
    assert "Record an outcome" not in record.get_text(" ")
    refused = client.post(
        f"/provider/applications/{application.ecf_id}/outcomes/new", {"state": "passed", "completion_date": "6/2/2026"}
    )
    assert refused.status_code == 400
    assert "has no completed declaration" in error_summary(refused)[0]


def test_partner_records_only_when_granted_and_other_providers_get_not_found(world, client_as, make_user):
    application = _completed(world)
    partner = client_as(
        make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    )
    path = f"/provider/applications/{application.ecf_id}/outcomes/new"
    assert partner.get(path).status_code == 403
    training.grant_partner_access(Actor.command("test"), world.provider, world.partner, True)
    assert partner.get(path).status_code == 200
    other = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    assert other.get(path).status_code == 404
