"""The DfE pages around the Lead Provider API in a real browser, with axe on every page: a DfE admin
creating, rotating and revoking tokens (plain forms, no JavaScript needed), merging a duplicate
participant after checking both records, and anyone reading the API guidance."""

from typing import Any

import pytest

from npq.api.guidance import PAGES
from npq.api.models import ApiToken
from npq.api.tokens import hash_token
from npq.people.models import ParticipantIdChange, Role, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def admin(browser_page: Any, server: Any, reference: None) -> Any:
    """A DfE admin on the dashboard (signed in with a session cookie: test_foundation tests the form)."""
    user = make_user(Role.DFE_ADMIN, email="admin@dfe.example", full_name="Dee Admin")
    page = browser_page
    signed_in(page, user, server)
    page.goto("/dashboard")
    return page


def test_create_rotate_and_revoke_tokens(admin: Any) -> None:
    page = admin
    page.click("a:has-text('Lead Provider API tokens')")
    page.wait_for_url("**/api/tokens")
    assert_no_axe_violations(page)
    assert "No tokens yet" in page.locator("main").inner_text()

    page.click("button:has-text('Create token')")  # nothing chosen
    assert page.title().startswith("Error:")
    assert "Select the lead provider the token is for" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)

    page.select_option("#lead_provider", label="Ambition Institute")
    page.fill("#label", "Student records system")
    page.click("button:has-text('Create token')")
    assert page.locator("h1").inner_text() == "Copy the new API token"
    assert_no_axe_violations(page)
    first = page.locator("#token-text").inner_text().strip()
    token = ApiToken.objects.get(token_hash=hash_token(first))
    assert token.lead_provider.name == "Ambition Institute"

    page.click("a:has-text('Back to API tokens')")
    listed = page.locator("table").inner_text()
    assert "Student records system" in listed and first not in page.content()
    page.click("button:has-text('Rotate')")
    assert_no_axe_violations(page)
    second = page.locator("#token-text").inner_text().strip()
    assert second != first
    assert "keeps working until" in page.locator("main").inner_text()
    token.refresh_from_db()
    assert token.expires_at is not None and token.revoked_at is None

    page.click("a:has-text('Back to API tokens')")
    page.locator("tr", has_text=token.prefix).locator("a:has-text('Revoke')").click()
    assert "stops working at once" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.check("input[name=confirm]")
    page.click("button:has-text('Revoke token')")
    page.wait_for_url("**/api/tokens")
    assert "revoked: it no longer works" in page.locator("main").inner_text()
    assert "Revoked" in page.locator("tr", has_text=token.prefix).inner_text()
    assert_no_axe_violations(page)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_merge_duplicate_participants(admin: Any) -> None:
    keep = User.objects.create_user("sam.one@school.example", full_name="Sam One", trn="1234567")
    retire = User.objects.create_user("sam.two@school.example", full_name="Sam Two")
    page = admin
    page.click("a:has-text('Merge duplicate participants')")
    page.wait_for_url("**/participants/merge")
    assert_no_axe_violations(page)
    page.fill("#from_participant_id", str(keep.ecf_id))
    page.fill("#to_participant_id", str(keep.ecf_id))
    page.click("button:has-text('Continue')")
    assert "Choose two different participants" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)

    page.fill("#from_participant_id", str(retire.ecf_id))
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check the participants before merging"
    assert_no_axe_violations(page)
    assert not ParticipantIdChange.objects.exists()
    page.click("button:has-text('Merge Sam Two into Sam One')")
    page.wait_for_url("**/participants/merge")
    assert "was merged into" in page.locator(".govuk-notification-banner").inner_text()
    assert_no_axe_violations(page)
    assert ParticipantIdChange.objects.get().from_participant_id == retire.ecf_id


def test_api_guidance_pages(browser_page: Any) -> None:
    page = browser_page
    page.goto("/api/guidance")
    assert_no_axe_violations(page)
    titles = []
    for slug in PAGES:
        page.goto("/api/guidance")
        page.click(f"a[href='/api/guidance/{slug}']")
        page.wait_for_url(f"**/api/guidance/{slug}")
        assert_no_axe_violations(page)
        titles.append(page.locator("h1").inner_text())
    assert len(set(titles)) == len(PAGES)


def test_api_guidance_on_a_phone(phone_page: Any) -> None:
    """Long identifiers and code samples wrap: no guidance page scrolls sideways at 375 pixels."""
    page = phone_page
    for slug in ["", *(f"/{slug}" for slug in PAGES)]:
        page.goto(f"/api/guidance{slug}")
        assert_fits(page, page.url)
