"""Issue 14, items 10 to 12 and 20, in a real browser at 375 pixels with axe on every page: the
cohort page lists sessions as summary cards (no table wider than the screen), a participant books
and gives up a place without JavaScript, a facilitator cancels a session, and a provider removes a
participant from the group."""

import datetime as dt
from typing import Any

import pytest

from npq.core import clock
from npq.delivery import services
from npq.delivery.models import PastMembership, SignUp
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in, visit
from tests.factories import build_world, full_attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_delivery_pages_on_a_phone(phone_page: Any, server: Any, reference: None) -> None:
    page = phone_page
    world = build_world(participants=2)
    full_attendance(world, sessions=2)
    later = services.schedule_session(
        world.facilitator,
        world.dc,
        title="Leading curriculum change across a trust of schools",
        mode="live_video",
        starts_at=clock.now() + dt.timedelta(days=10),
        link="https://video.example/a-very-long-meeting-link/npqh/2026/autumn/curriculum-and-assessment-session",
    )
    person = world.participants[0]

    signed_in(page, person, server)
    text = visit(page, f"/delivery/{world.dc.pk}")
    assert_fits(page, f"/delivery/{world.dc.pk}")
    assert "Your attendance\nAttended" in text and "Signed up" not in text
    page.click(f"a:has-text('{later.title}')")
    assert_fits(page, page.url)
    page.click("button:has-text('Book a place')")
    assert "Place booked" in visit(page, f"/delivery/sessions/{later.pk}")
    page.click("button:has-text('Cancel my place')")
    assert "No place booked" in visit(page, f"/delivery/sessions/{later.pk}")
    assert SignUp.objects.get(session=later, participant=person).cancelled_at is not None

    signed_in(page, world.facilitator, server)
    for path in (f"/delivery/{world.dc.pk}", f"/delivery/sessions/{later.pk}", f"/delivery/sessions/{later.pk}/cancel"):
        visit(page, path)
        assert_fits(page, path)
    page.click("button:has-text('Cancel the session')")
    # No reason given: the same page comes back with its error summary, which passes axe too.
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page)
    assert_fits(page, page.url)
    page.fill("#reason", "Facilitator ill")
    page.click("button:has-text('Cancel the session')")
    page.wait_for_url(f"**/delivery/sessions/{later.pk}")
    assert "Facilitator ill" in visit(page, f"/delivery/sessions/{later.pk}")

    signed_in(page, world.provider_user, server)
    visit(page, f"/delivery/{world.dc.pk}")
    assert_fits(page, f"/delivery/{world.dc.pk}")
    leaving = world.participants[1]
    page.click(f"a[href$='/participants/{leaving.pk}/remove']")
    visit(page, page.url)
    assert_fits(page, page.url)
    page.fill("#reason", "Moved to another group")
    page.click("button:has-text('Remove from the group')")
    page.wait_for_url(f"**/delivery/{world.dc.pk}")
    assert PastMembership.objects.get(participant=leaving).reason == "Moved to another group"
    assert "Moved to another group" in visit(page, f"/delivery/{world.dc.pk}/participants")
