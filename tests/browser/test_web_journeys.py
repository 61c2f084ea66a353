"""The issue's "done when" journeys in a real browser, with axe on every page: a provider user finds a
pending application by name and accepts it on the web (the API then shows it accepted, with the API's
audit event); a delivery partner user sees only its participants; a DfE admin searches a TRN, opens
the person and starts a merge with the ids filled in; a DfE admin invites a staff user."""

from typing import Any

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.declarations.services import record_declaration
from npq.people import staff
from npq.people.models import Role, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import signed_in, visit
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _named(world: Any, name: str, **fields: Any) -> Any:
    application = world.new_participant(**fields)
    application.user.full_name = name
    application.user.save()
    return application


def test_provider_finds_a_pending_application_by_name_and_accepts_it(
    browser_page: Any, server: Any, world: Any, make_user: Any, settings: Any
) -> None:
    settings.NPQ_SANDBOX = True  # the live server's clock on the world's date (the sandbox header)
    page = browser_page
    page.set_extra_http_headers({"X-With-Server-Date": "2026-03-10T12:00:00Z"})
    pending = _named(
        world,
        "Zadie Quill",
        lead_provider_approval_status="pending",
        training_status=None,
        accepted_at=None,
        schedule=None,
    )
    _named(world, "Other Person")
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    signed_in(page, provider_user, server)

    visit(page, "/dashboard")
    page.click("a:has-text('Applications')")
    page.wait_for_url("**/provider/applications")
    assert_no_axe_violations(page)
    page.fill("#q", "zadie")
    page.select_option("#status", "pending")
    page.click("button:has-text('Search')")
    assert page.locator("tbody tr").count() == 1
    assert_no_axe_violations(page)
    page.click("a:has-text('Zadie Quill')")
    page.wait_for_url(f"**/provider/applications/{pending.ecf_id}")
    assert_no_axe_violations(page)
    page.click("a:has-text('Accept')")
    assert_no_axe_violations(page)
    page.select_option("#schedule_identifier", "npq-leadership-spring")
    page.check("input[name='funded_place'][value='yes']")
    page.click("button:has-text('Accept')")
    page.wait_for_url(f"**/provider/applications/{pending.ecf_id}")
    assert "Application accepted: Zadie Quill" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    event = AuditEvent.objects.get(action="application.accepted", object_id=str(pending.pk))
    assert (event.actor_type, event.actor_label) == ("person", provider_user.email)
    _token, text = create_token(world.provider, Actor.command("test"))
    api = page.request.get(
        f"/api/v3/npq-applications/{pending.ecf_id}", headers={"Authorization": f"Bearer {text}"}
    ).json()
    assert api["data"]["attributes"]["status"] == "accepted"


def test_delivery_partner_sees_only_its_participants(
    browser_page: Any, server: Any, world: Any, make_user: Any
) -> None:
    page = browser_page
    ours = _named(world, "Penny Pennine")
    theirs = _named(world, "Not Ours")
    record_declaration(world.provider, world.actor, world.declare(ours))
    partner = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    signed_in(page, partner, server)

    listed = visit(page, "/provider/participants")
    assert "Penny Pennine" in listed and "Not Ours" not in listed
    page.click("a:has-text('Penny Pennine')")
    assert_no_axe_violations(page)
    assert "Your organisation can read this record" in page.locator("main").inner_text()
    response = page.goto(f"/provider/applications/{theirs.ecf_id}")
    assert response is not None and response.status == 404


def test_dfe_admin_searches_a_trn_opens_the_person_and_starts_a_merge(
    browser_page: Any, server: Any, world: Any
) -> None:
    page = browser_page
    found = world.new_participant(trn="7654321")
    signed_in(page, world.admin, server)
    visit(page, "/dashboard")
    page.click("a:has-text('Search people, applications and declarations')")
    page.wait_for_url("**/participants/search")
    assert_no_axe_violations(page)
    page.fill("#q", "7654321")
    page.click("button:has-text('Search')")
    assert_no_axe_violations(page)
    page.click(f"a:has-text('{found.user.full_name}')")
    page.wait_for_url(f"**/participants/{found.user.ecf_id}")
    assert_no_axe_violations(page)
    page.click("a:has-text('Merge this participant into another')")
    page.wait_for_url("**/participants/merge?from_participant_id=*")
    assert_no_axe_violations(page)
    assert page.input_value("#from_participant_id") == str(found.user.ecf_id)


def test_dfe_admin_invites_a_staff_user_who_sets_a_password(browser_page: Any, server: Any, world: Any) -> None:
    page = browser_page
    signed_in(page, world.admin, server)
    visit(page, "/dashboard")
    page.click("a:has-text('Staff users')")
    page.wait_for_url("**/staff")
    assert_no_axe_violations(page)
    page.click("a:has-text('Invite a staff user')")
    page.click("button:has-text('Send invitation')")
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.fill("#full_name", "Fola Officer")
    page.fill("#email", "fola@dfe.example")
    page.check("input[name='role'][value='finance_officer']")
    page.click("button:has-text('Send invitation')")
    assert "Invitation sent to fola@dfe.example" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    invited = User.objects.get(email="fola@dfe.example")
    assert AuditEvent.objects.filter(action="user.invited", object_id=str(invited.pk)).exists()
    # The email goes out through the job runner; the link in it is the service's.
    link = staff.invitation_link(invited).split("/", 3)[3]
    page.context.clear_cookies()
    visit(page, "/" + link)
    page.fill("#password", "a long enough phrase")
    page.fill("#password_again", "a long enough phrase")
    page.click("button:has-text('Set password and sign in')")
    page.wait_for_url("**/dashboard")
    assert "Payment statements" in page.locator("main").inner_text()  # a finance officer's dashboard
