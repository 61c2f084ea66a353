"""Demo finance: contracts for every provider × cohort × offered course, monthly statements, the
past ones made payable (so DfE can authorise one), and an adjustment on an open statement."""

from typing import Any

from npq.core import clock
from npq.core.audit import Actor
from npq.finance import payments, services
from npq.finance.models import Contract, Statement, StatementLine
from npq.finance.rules import LineKind
from npq.people.models import User
from npq.reference.models import Cohort, CourseOffering, LeadProvider

ACTOR = Actor.command("demo")
PRICES = {"leadership": 230_000, "specialist": 180_000, "ehco": 80_000, "support": 80_000}
DEMO_COHORTS = ("2025a", "2026a", "2026b")


def statement_months(first_year: int, first_month: int, count: int) -> list[tuple[int, int]]:
    months = []
    year, month = first_year, first_month
    for _ in range(count):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def ensure_contracts_and_statements(out: Any) -> None:
    """Contracts first, then statements (which carry the contracts' service-fee instalments)."""
    today = clock.today()
    start_year, start_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    months = statement_months(start_year, start_month, 12)
    have = set(Contract.objects.values_list("lead_provider_id", "cohort_id", "course_id"))
    providers = list(LeadProvider.objects.filter(status="active"))
    made = 0
    for cohort in Cohort.objects.filter(identifier__in=DEMO_COHORTS):
        for offering in CourseOffering.objects.filter(cohort=cohort, lead_provider__status="active").select_related(
            "course", "lead_provider"
        ):
            if (offering.lead_provider_id, cohort.pk, offering.course_id) not in have:
                services.create_contract(
                    ACTOR, offering.lead_provider, cohort, offering.course, PRICES[offering.course.group], 100, 12
                )
                have.add((offering.lead_provider_id, cohort.pk, offering.course_id))
                made += 1
        for provider in providers:
            services.create_statements(ACTOR, provider, cohort, months)
    out.write(f"Finance: {made} contracts added; statements from {start_month}/{start_year} for 12 months.\n")


def create_demo(out: Any) -> None:
    ensure_contracts_and_statements(out)
    payable = services.advance_statements(ACTOR)
    officer = User.objects.filter(email="finance@dfe.example", role="finance_officer").first()
    ambition = LeadProvider.objects.filter(name="Ambition Institute").first()
    upcoming = (
        Statement.objects.filter(lead_provider=ambition, state="open", deadline__gte=clock.today())
        .order_by("deadline", "cohort__start_year")
        .first()
    )
    if officer and upcoming and not StatementLine.objects.filter(statement=upcoming, kind=LineKind.ADJUSTMENT).exists():
        payments.add_adjustment(officer, upcoming, -15_000, "Demo: recovery of a duplicated invoice for venue hire")
    with_lines = Statement.objects.filter(state="payable", lines__kind=LineKind.OUTPUT).distinct().count()
    out.write(
        f"Finance: {len(payable)} statements made payable; {with_lines} payable statements with declarations "
        "await authorisation at /finance/statements?state=payable\n"
    )
