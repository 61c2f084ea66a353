"""Payment statements in a real browser, with axe on every page: a DfE finance user opens a statement,
reads its summary, courses and lines, adds an adjustment, and takes it from open to payable (the
daily ``npq statements advance`` command) to paid; a lead provider's user sees only its own
statements; the statement page fits a phone screen."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from npq.declarations.services import record_declaration
from npq.finance import services
from npq.finance.models import Statement
from npq.people.models import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import signed_in, visit
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_finance_user_takes_a_statement_from_open_to_paid(browser_page: Any, live_server: Any, world: Any, declared):
    page = browser_page
    people, other = declared
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    signed_in(page, world.admin, live_server)

    listed = visit(page, "/finance/statements?cohort=2025a&state=open")
    assert "Teach First" in listed and "Ambition Institute" in listed
    page.click(f"a[href='/finance/statements/{april.ecf_id}']")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert_no_axe_violations(page)
    assert page.locator("h1").inner_text() == "Statement for April 2026"
    assert summary(page, "State") == "Open"
    # two started declarations' output payments, then the service fee instalment, as the database sums them
    output = services.totals(april).output
    assert output == 2 * world.contract.terms.output_payment
    assert summary(page, "Output payments") == f"£{output / 100:,.2f}"
    total_before = services.totals(april).total
    assert page.locator("#statement-total").inner_text() == f"£{total_before / 100:,.2f}"
    courses = page.locator("table", has=page.locator("caption", has_text="Payments by course")).inner_text()
    assert "started: 2" in courses
    lines = page.locator("table", has=page.locator("caption", has_text="Statement lines")).inner_text()
    for application in people:
        assert application.user.full_name in lines

    page.fill("#amount", "")
    page.fill("#reason", "Late evidence")
    page.click("button:has-text('Add adjustment')")
    assert page.title().startswith("Error: ")
    assert "Enter the amount" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.fill("#amount", "-12.50")
    page.fill("#reason", "Late evidence")
    page.click("button:has-text('Add adjustment')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert summary(page, "Adjustments") == "-£12.50"
    assert page.locator("#statement-total").inner_text() == f"£{(total_before - 1250) / 100:,.2f}"
    assert page.locator("button:has-text('Authorise payment')").count() == 0  # only once payable

    out = io.StringIO()
    call_command("statements", "advance", "--today", "2026-03-27", stdout=out)
    assert f"{april}: now payable" in out.getvalue()
    visit(page, f"/finance/statements/{april.ecf_id}")
    assert summary(page, "State") == "Payable"
    assert page.locator("button:has-text('Add adjustment')").count() == 0  # a payable statement never changes

    page.click("button:has-text('Authorise payment')")
    assert page.title().startswith("Error: ")
    assert "Confirm that the assurance checks are done" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.check("input[name='confirm'][value='yes']")
    page.click("button:has-text('Authorise payment')")
    page.wait_for_url(f"**/finance/statements/{april.ecf_id}")
    assert_no_axe_violations(page)
    assert summary(page, "State") == "Paid"
    assert summary(page, "Authorised").startswith(world.admin.email)
    assert page.locator("button:has-text('Authorise payment')").count() == 0
    april.refresh_from_db()
    assert april.state == "paid"
    assert {d.state for a in people for d in a.declarations.all()} == {"paid"}


def test_provider_user_sees_only_its_own_statements(
    browser_page: Any, live_server: Any, world: Any, make_user: Any, declared
):
    page = browser_page
    _people, other = declared
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    user = make_user(Role.LEAD_PROVIDER, provider=world.provider.name)
    signed_in(page, user, live_server)

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


def test_statement_page_fits_a_phone_screen(phone_page: Any, live_server: Any, world: Any, declared):
    """WCAG 1.4.10 reflow: at 375px the page does not scroll sideways; wide tables scroll in their own region."""
    page = phone_page
    april = Statement.objects.get(lead_provider=world.provider, month=4)
    signed_in(page, world.admin, live_server)
    for path in ("/finance/statements", f"/finance/statements/{april.ecf_id}"):
        visit(page, path)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]}px wide on a {widths[1]}px screen"
