"""The provider's page to let a delivery partner's staff act, or only read."""

import pytest

from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import DeliveryPartner, DeliveryPartnership
from npq.training.models import PartnerAccess
from tests.conftest import error_summary, html
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


def test_provider_grants_and_takes_back_a_partners_access(world, client_as, make_user):
    DeliveryPartnership.objects.get_or_create(
        lead_provider=world.provider, delivery_partner=world.partner, cohort=world.cohort
    )
    user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    client = client_as(user)
    listing = html(client.get("/provider/partners"))
    row = next(r for r in listing.select("tbody tr") if world.partner.name in r.get_text())
    assert "Read only" in row.get_text()
    path = f"/provider/partners/{world.partner.ecf_id}"
    assert error_summary(client.post(path, {})) == ["Select what this partner's staff may do"]
    done = client.post(path, {"access": "act"}, follow=True)
    assert "can now act on the participants" in html(done).get_text(" ")
    assert PartnerAccess.objects.get(lead_provider=world.provider, delivery_partner=world.partner).can_act
    event = AuditEvent.objects.get(action="partner_access.changed")
    assert (event.actor_label, event.after) == (user.email, {"can_act": True})
    client.post(path, {"access": "read"})
    assert not PartnerAccess.objects.get(lead_provider=world.provider, delivery_partner=world.partner).can_act


def test_a_partner_of_no_partnership_is_not_found(world, client_as, make_user):
    stranger = DeliveryPartner.objects.create(name="Not a partner of Ambition")
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    assert client.get(f"/provider/partners/{stranger.ecf_id}").status_code == 404
    assert client.post(f"/provider/partners/{stranger.ecf_id}", {"access": "act"}).status_code == 404
    assert not PartnerAccess.objects.exists()
