"""Payment statements in a real browser, with axe on every page: a finance officer opens a statement,
adds an adjustment over the limit through its check page and makes the statement payable; the officer
cannot authorise it; two finance approvers do; it is marked paid only from its payment date; a lead
provider's user sees only its own statements; the statement page fits a phone screen."""

from typing import Any

import pytest

from npq.declarations.services import record_declaration
from npq.finance import services
from npq.finance.models import Statement
from npq.people.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in, visit
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def summary(page: Any, key: str) -> str:
    row = page.locator(".govuk-summary-list__row", has=page.locator(".govuk-summary-list__key", has_text=key))
    return str(row.locator(".govuk-summary-list__value").inner_text()).strip()


@pytest.fixture
def declared(world: Any) -> Any:
    """Two participants declared as started: both on the April 2026 statement of Ambition Institute."""
    people = [world.new_participant() for _ in range(2)]
    for application in people:
        record_declaration(world.provider, world.actor, world.declare(application))
    other = services.create_statement(world.actor, world.other_provider, world.cohort, 2026, 4)
    return people, other


def at(page: Any, day: str) -> None:
    """Move the server's clock for the browser's requests (the sandbox's X-With-Server-Date)."""
    page.set_extra_http_headers({"X-With-Server-Date": f"{day}T12:00:00Z"})


def test_officer_adjusts_approvers_authorise_and_paid_only_on_the_payment_date(
    browser_page: Any, server: Any, world: Any, make_user: Any, declared: Any, settings: Any
) -> None:
    settings.NPQ_SANDBOX = True  # lets the test move the live server's clock per request
    page = browser_page
    people, _other = declared
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    officer = make_user(Role.FINANCE_OFFICER, email="officer@dfe.example")
    approver = make_user(Role.FINANCE_APPROVER, email="approver@dfe.example")
    second = make_user(Role.FINANCE_APPROVER, email="second@dfe.example")
    at(page, "2026-03-10")
    signed_in(page, officer, server)

    listed = visit(page, "/finance/statements?cohort=2025a&state=open")
    assert "Teach First" in listed and "Ambition Institute" in listed
    page.click(f"a[href='/finance/statements/{april.ecf_id}']")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert_no_axe_violations(page)
    assert summary(page, "State") == "Open"
    output = services.totals(april).output
    assert output == 2 * world.contract.terms.output_payment
    assert summary(page, "Output payments") == f"£{output / 100:,.2f}"
    total_before = services.totals(april).total
    lines = page.locator("table", has=page.locator("caption", has_text="Statement lines")).inner_text()
    for application in people:
        assert application.user.full_name in lines

    page.fill("#amount", "")
    page.fill("#reason", "Late evidence")
    page.click("button:has-text('Continue')")
    assert page.title().startswith("Error: ")
    assert "Enter the amount" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    # An adjustment over the limit (£10,000): the check page says two approvers will be needed.
    page.fill("#amount", "15000.00")
    page.fill("#reason", "Late evidence for the spring cohort")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check the adjustment before adding it"
    assert "two finance approvers must authorise" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.click("button:has-text('Add adjustment')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert "Adjustment of £15,000.00 added" in page.locator("main").inner_text()
    assert summary(page, "Adjustments") == "£15,000.00"
    assert page.locator("#statement-total").inner_text() == f"£{(total_before + 1_500_000) / 100:,.2f}"
    assert page.locator("a:has-text('Authorise for payment')").count() == 0

    # The officer makes due statements payable from a page (the deadline was 26 March).
    at(page, "2026-03-27")
    visit(page, "/finance/statements/advance")
    page.check("input[name='confirm'][value='yes']")
    page.click("button:has-text('Make')")
    assert "statements made payable" in page.locator("main").inner_text()
    visit(page, f"/finance/statements/{april.ecf_id}")
    assert summary(page, "State") == "Payable"
    # The officer who adjusted it cannot authorise it.
    refused = page.goto(f"/finance/statements/{april.ecf_id}/authorise")
    assert refused is not None and refused.status == 403

    signed_in(page, approver, server)
    visit(page, f"/finance/statements/{april.ecf_id}/authorise")
    assert "A second finance approver must then authorise" in page.locator("main").inner_text()
    page.check("input[name='confirm'][value='yes']")
    page.click("button:has-text('Authorise for payment')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert "a second approver must now authorise it" in page.locator("main").inner_text()
    assert summary(page, "State") == "Payable"

    signed_in(page, second, server)
    visit(page, f"/finance/statements/{april.ecf_id}/authorise")
    page.check("input[name='confirm'][value='yes']")
    page.click("button:has-text('Authorise for payment')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert "Statement authorised for payment" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    assert summary(page, "State") == "Authorised for payment"

    # Paid only on or after its payment date (25 April): before it, the page says when.
    early = visit(page, f"/finance/statements/{april.ecf_id}/paid")
    assert "can be marked paid from 25 April 2026" in early
    assert page.locator("button:has-text('Mark as paid')").count() == 0
    at(page, "2026-04-25")
    visit(page, f"/finance/statements/{april.ecf_id}/paid")
    page.check("input[name='confirm'][value='yes']")
    page.click("button:has-text('Mark as paid')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert "Statement marked paid" in page.locator("main").inner_text()
    assert summary(page, "State") == "Paid"
    april.refresh_from_db()
    assert april.state == "paid"
    assert {d.state for a in people for d in a.declarations.all()} == {"paid"}


def test_provider_user_sees_only_its_own_statements(
    browser_page: Any, server: Any, world: Any, make_user: Any, declared
):
    page = browser_page
    _people, other = declared
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    user = make_user(Role.LEAD_PROVIDER, provider=world.provider.name)
    signed_in(page, user, server)

    listed = visit(page, "/provider/statements")
    assert "April 2026" in listed
    links = page.locator("main a[href^='/provider/statements/']").evaluate_all("els => els.map(e => e.href)")
    assert links and all(
        str(s.ecf_id) not in "".join(links) for s in Statement.objects.exclude(lead_provider=world.provider)
    )
    assert len(links) == Statement.objects.filter(lead_provider=world.provider).count()

    text = visit(page, f"/provider/statements/{april.ecf_id}")
    assert "Statement for April 2026" in text
    assert page.locator("button:has-text('Add adjustment')").count() == 0
    assert page.locator("button:has-text('Authorise payment')").count() == 0

    # another provider's statement, by either address, and the Department's list of every statement
    for path in (f"/provider/statements/{other.ecf_id}", f"/finance/statements/{other.ecf_id}", "/finance/statements"):
        response = page.goto(path)
        assert response is not None and response.status in (403, 404), (path, response and response.status)


def test_statement_page_fits_a_phone_screen(phone_page: Any, server: Any, world: Any, declared):
    """WCAG 1.4.10 reflow: at 375px the page does not scroll sideways; wide tables scroll in their own region."""
    page = phone_page
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    signed_in(page, world.admin, server)
    for path in ("/finance/statements", f"/finance/statements/{april.ecf_id}"):
        visit(page, path)
        assert_fits(page, path)
