import csv
import io

import pytest

from npq.declarations.services import record_declaration
from npq.finance import payments, services
from npq.finance.models import Statement
from npq.people.models import Role
from tests.conftest import error_summary, h1, html
from tests.finance.payflow import approver, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(world):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    return declaration


def april(world):
    return Statement.objects.get(month=4, lead_provider=world.provider)


def test_admin_lists_and_filters_statements(world, client_as):
    response = client_as(world.admin).get("/finance/statements", {"state": "open", "cohort": "2025a"})
    assert h1(response) == "Payment statements"
    assert len(html(response).select("tbody tr")) == 4


def test_statement_page_shows_totals_lines_and_courses(world, declared, client_as):
    response = client_as(world.admin).get(f"/finance/statements/{april(world).ecf_id}")
    assert h1(response) == "Statement for April 2026"
    page = html(response)
    assert page.select_one("#statement-total").get_text() == "£25,375.00"
    assert "Headship" in page.get_text() and "npq-headship" not in page.get_text()
    assert "started: 1" in page.get_text()


def test_officer_adjusts_approver_authorises_and_it_is_paid_on_its_payment_date(world, declared, client_as):
    officer_client, approver_client = client_as(officer()), client_as(approver())
    statement = april(world)
    url = f"/finance/statements/{statement.ecf_id}"
    check = officer_client.post(f"{url}/adjustments", {"amount": "-12.50", "reason": "Late evidence"})
    assert h1(check) == "Check the adjustment before adding it"
    assert html(check).select_one("#adjustment-amount").get_text() == "-£12.50"
    assert services.totals(statement).adjustments == 0  # nothing saved before the check page is confirmed
    done = officer_client.post(
        f"{url}/adjustments", {"amount": "-12.50", "reason": "Late evidence", "confirm": "yes"}, follow=True
    )
    assert "Adjustment of -£12.50 added to the statement" in done.content.decode()
    services.advance_statements(world.actor, today=statement.deadline.replace(day=27))
    assert officer_client.get(f"{url}/authorise").status_code == 403  # officers prepare; they never authorise
    assert client_as(world.admin).get(f"{url}/authorise").status_code == 403  # nor does a DfE admin
    response = approver_client.post(f"{url}/authorise", {})
    assert response.status_code == 400
    assert error_summary(response) == ["Confirm that the assurance checks are done"]
    assert html(response).title.get_text().startswith("Error: ")
    response = approver_client.post(f"{url}/authorise", {"confirm": "yes"}, follow=True)
    assert "Statement authorised for payment" in response.content.decode()
    statement.refresh_from_db()
    assert statement.state == "authorised"
    early = approver_client.post(f"{url}/paid", {"confirm": "yes"})
    assert early.status_code == 400  # the clock is before the payment date
    assert "cannot be marked paid before its payment date" in " ".join(error_summary(early))
    payments.mark_paid(officer(), statement, today=statement.payment_date)
    statement.refresh_from_db()
    declared.refresh_from_db()
    assert (statement.state, declared.state) == ("paid", "paid")
    page = html(officer_client.get(url))
    assert page.select_one("#statement-total").get_text() == "£25,362.50"


def test_adjustment_with_bad_amount_keeps_what_was_typed(world, client_as):
    statement = april(world)
    response = client_as(officer()).post(
        f"/finance/statements/{statement.ecf_id}/adjustments", {"amount": "ten pounds", "reason": "Because"}
    )
    assert response.status_code == 400
    assert error_summary(response) == ["Enter the amount in pounds and pence, like 150.00 or -25.50"]
    assert html(response).select_one("#reason")["value"] == "Because"


def test_move_form_reports_every_error_at_once(world, client_as):
    response = client_as(officer()).post(
        f"/finance/statements/{april(world).ecf_id}/move", {"declaration_id": "", "to_statement": "", "reason": ""}
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter the id of a declaration on this statement",
        "Select the statement to move the declaration to",
        "Enter the reason for moving the declaration",
    ]
    links = [a["href"] for a in html(response).select(".govuk-error-summary__list a")]
    assert links == ["#declaration_id", "#to_statement", "#move_reason"]
    assert html(response).select_one("#move_reason-error")


def test_admin_moves_a_declaration_with_a_reason(world, declared, client_as):
    may = Statement.objects.get(month=5, lead_provider=world.provider)
    client = client_as(officer())
    response = client.post(
        f"/finance/statements/{april(world).ecf_id}/move",
        {"declaration_id": str(declared.ecf_id), "to_statement": str(may.ecf_id), "reason": ""},
    )
    assert error_summary(response) == ["Enter the reason for moving the declaration"]
    response = client.post(
        f"/finance/statements/{april(world).ecf_id}/move",
        {"declaration_id": str(declared.ecf_id), "to_statement": str(may.ecf_id), "reason": "Wrong month"},
    )
    assert response.status_code == 302
    assert services.totals(may).output == 37_500


def test_provider_sees_only_its_own_statements(world, declared, client_as, make_user):
    own = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    other = make_user(Role.LEAD_PROVIDER, provider="Teach First")
    response = client_as(own).get("/provider/statements")
    assert h1(response) == "Your payment statements"
    assert len(html(response).select("tbody tr")) == 4
    assert client_as(other).get(f"/provider/statements/{april(world).ecf_id}").status_code == 404
    assert client_as(other).get(f"/finance/statements/{april(world).ecf_id}/assurance.csv").status_code == 404
    page = html(client_as(own).get(f"/provider/statements/{april(world).ecf_id}"))
    assert not page.select("main form")  # providers read; only DfE changes statements
    assert (
        client_as(own).post(f"/finance/statements/{april(world).ecf_id}/authorise", {"confirm": "yes"}).status_code
        == 403
    )


def test_assurance_csv_has_one_row_per_declaration(world, declared, client_as):
    response = client_as(world.admin).get(f"/finance/statements/{april(world).ecf_id}/assurance.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["Declaration ID"] == str(declared.ecf_id)
    assert row["Course Identifier"] == "npq-headship"
    assert row["Schedule"] == "npq-leadership-spring"
    assert row["Training Status"] == "active"
    assert row["Amount (pence)"] == "37500"
