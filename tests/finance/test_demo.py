import io

import pytest

from npq.declarations import demo as declarations_demo
from npq.declarations.models import Declaration
from npq.finance import demo as finance_demo
from npq.finance import services
from npq.finance.models import Contract, LineKind, Statement
from npq.people.models import Role
from npq.reference.models import Cohort, Course, LeadProvider, Schedule
from npq.registration.models import Application
from tests.finance.payflow import authorise_and_pay

pytestmark = pytest.mark.django_db


def test_demo_gives_a_payable_statement_with_real_lines_and_is_idempotent(reference, make_user, demo_day):
    make_user(Role.FINANCE_OFFICER, email="finance@dfe.example")
    cohort = Cohort.objects.get(identifier="2026b")
    course = Course.objects.get(identifier="npq-headship")
    schedule = Schedule.objects.get(cohort=cohort, identifier="npq-leadership-autumn")
    provider = LeadProvider.objects.get(name="Ambition Institute")
    for _ in range(6):
        Application.objects.create(
            user=make_user(Role.PARTICIPANT),
            course=course,
            lead_provider=provider,
            cohort=cohort,
            schedule=schedule,
            lead_provider_approval_status="accepted",
            training_status="active",
            eligible_for_funding=True,
            funded_place=True,
            teacher_catchment="england",
        )
    for _ in range(2):
        finance_demo.ensure_contracts_and_statements(io.StringIO())
        declarations_demo.create_demo(io.StringIO())
        finance_demo.create_demo(io.StringIO())
    assert Contract.objects.filter(cohort=cohort, lead_provider=provider, course=course).count() == 1
    assert Declaration.objects.count() == 6  # 5 of 6 started (one in four left out), the first also retained-1
    payable = Statement.objects.filter(state="payable", lines__kind=LineKind.OUTPUT).distinct().get()
    assert (payable.year, payable.month) == (2026, 11)
    assert services.totals(payable).output == 6 * 34_500  # 15% of £2,300
    paid = authorise_and_pay(payable)
    assert paid.state == "paid"
    assert set(Declaration.objects.values_list("state", flat=True)) == {"paid"}
