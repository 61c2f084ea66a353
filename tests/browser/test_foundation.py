"""Whole journeys in a real browser: start page, staff sign-in, dashboard, with axe checks."""

import pytest

from npq.core.audit import Actor
from npq.people.models import Role
from npq.people.services import create_user
from npq.reference.models import LeadProvider
from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_start_page_is_accessible_and_styled(browser_page):
    browser_page.goto("/")
    assert browser_page.locator("h1").inner_text() == "Register and train for a National Professional Qualification"
    # GOV.UK Frontend's stylesheet is served: the start button has its green background.
    colour = browser_page.locator(".govuk-button--start").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(15, 122, 82)"  # GOV.UK Frontend 6 button green
    assert_no_axe_violations(browser_page)


def test_provider_signs_in_and_sees_their_dashboard(browser_page, reference):
    create_user(
        Actor.command("test"),
        email="lp@example.org",
        full_name="Lee Provider",
        role=Role.LEAD_PROVIDER,
        password="a-long-enough-password",
        lead_provider=LeadProvider.objects.get(name="Teach First"),
    )
    browser_page.goto("/sign-in")
    assert_no_axe_violations(browser_page)
    browser_page.fill("#email", "lp@example.org")
    browser_page.fill("#password", "wrong-password-here")
    browser_page.click("button:has-text('Sign in')")
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert browser_page.title().startswith("Error: ")
    assert_no_axe_violations(browser_page)
    browser_page.fill("#password", "a-long-enough-password")
    browser_page.click("button:has-text('Sign in')")
    browser_page.wait_for_url("**/dashboard")
    assert "Lead provider user dashboard" in browser_page.locator("h1").inner_text()
    assert "Teach First" in browser_page.locator("main").inner_text()
    assert_no_axe_violations(browser_page)
    browser_page.click("button:has-text('Sign out')")
    browser_page.wait_for_url("**/")
    assert browser_page.locator("a:has-text('Sign in')").first.is_visible()
