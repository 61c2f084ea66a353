"""Compute every statement of one month at national scale, and check the totals against an
independent SQL sum over the declarations and their contract terms.

    python benchmarks/finance_statements.py --declarations 1000000

Builds participants, accepted applications, declarations (started/retained-1/retained-2/completed)
and their output lines on one month's statements for every active provider, then times
``finance.services.totals`` over every statement of that month.
"""

import argparse
import datetime as dt
import sys
import time
import uuid

from bench_env import peak_rss_mb, start

TYPES = ["started", "retained-1", "retained-2", "completed"]


def build(n_declarations: int) -> tuple[int, int]:
    from django.db import connection, transaction

    from npq.core import clock
    from npq.core.audit import Actor
    from npq.declarations.models import Declaration
    from npq.finance import services
    from npq.finance.models import Contract, LineKind, Statement, StatementLine
    from npq.people.models import User
    from npq.reference.loading import load_reference
    from npq.reference.models import Cohort, Course, LeadProvider, Schedule
    from npq.registration.models import Application

    actor = Actor.command("benchmark")
    load_reference(actor)
    cohort = Cohort.objects.get(identifier="2025a")
    schedule = Schedule.objects.get(cohort=cohort, identifier="npq-leadership-spring")
    courses = list(Course.objects.filter(group="leadership"))
    providers = list(LeadProvider.objects.filter(status="active"))
    contracts = {}
    for p in providers:
        for c in courses:
            contract = Contract.objects.filter(lead_provider=p, cohort=cohort, course=c).first()
            contracts[(p.pk, c.pk)] = contract or services.create_contract(actor, p, cohort, c, 240_000, 100, 12)
    statements = {p.pk: services.create_statement(actor, p, cohort, 2026, 4) for p in providers}
    now = clock.now()
    n_apps = (n_declarations + 3) // 4
    batch = 20_000
    made = 0
    started = time.perf_counter()
    for first in range(0, n_apps, batch):
        size = min(batch, n_apps - first)
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"bench{first + i}-{uuid.uuid4().hex[:6]}@example.org",
                        full_name=f"Bench {first + i}",
                        password="!",
                    )
                    for i in range(size)
                ],
                batch_size=5000,
            )
            apps = Application.objects.bulk_create(
                [
                    Application(
                        user=u,
                        course=courses[(first + i) % len(courses)],
                        lead_provider=providers[(first + i) % len(providers)],
                        cohort=cohort,
                        schedule=schedule,
                        lead_provider_approval_status="accepted",
                        training_status="active",
                        accepted_at=now,
                        eligible_for_funding=True,
                        funded_place=True,
                    )
                    for i, u in enumerate(users)
                ],
                batch_size=5000,
            )
            decls = []
            for a in apps:
                for t in TYPES:
                    if made + len(decls) >= n_declarations:
                        break
                    decls.append(
                        Declaration(
                            application=a,
                            participant_id=a.user_id,
                            lead_provider_id=a.lead_provider_id,
                            cohort=cohort,
                            course_id=a.course_id,
                            declaration_type=t,
                            declaration_date=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
                            state="eligible",
                            created_at=now,
                            updated_at=now,
                        )
                    )
            decls = Declaration.objects.bulk_create(decls, batch_size=5000)
            StatementLine.objects.bulk_create(
                [
                    StatementLine(
                        statement=statements[d.lead_provider_id],
                        kind=LineKind.OUTPUT,
                        amount=contracts[(d.lead_provider_id, d.course_id)].terms.output_payment,
                        course_id=d.course_id,
                        declaration=d,
                        declaration_type=d.declaration_type,
                        terms=contracts[(d.lead_provider_id, d.course_id)].terms,
                        created_at=now,
                    )
                    for d in decls
                ],
                batch_size=5000,
            )
            made += len(decls)
        print(f"  built {made:,} declarations ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")
    return made, Statement.objects.filter(year=2026, month=4).count()


def independent_sums() -> dict[int, int]:
    """Per statement: service fees plus, per declaration, the price share from its contract terms."""
    from django.db import connection

    sql = """
        SELECT s.id,
               COALESCE((SELECT SUM(l.amount) FROM finance_statementline l
                         WHERE l.statement_id = s.id AND l.kind = 'service-fee'), 0)
             + COALESCE((SELECT SUM(t.per_participant * t.output_percent / (100 * t.payment_periods))
                         FROM declarations_declaration d
                         JOIN finance_contract c ON c.lead_provider_id = d.lead_provider_id
                              AND c.cohort_id = d.cohort_id AND c.course_id = d.course_id
                         JOIN finance_contractterms t ON t.id = c.terms_id
                         WHERE d.lead_provider_id = s.lead_provider_id AND d.cohort_id = s.cohort_id
                           AND d.state IN ('eligible', 'payable', 'paid')), 0)
        FROM finance_statement s WHERE s.year = 2026 AND s.month = 4
    """
    with connection.cursor() as cur:
        cur.execute(sql)
        return {pk: int(total) for pk, total in cur.fetchall()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"Database: {start('finance')}")
    began = time.perf_counter()
    made, n_statements = build(args.declarations)
    print(f"Generated {made:,} declarations and lines in {time.perf_counter() - began:.1f} s")

    from npq.finance import services
    from npq.finance.models import Statement

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        computed = {s.pk: services.totals(s).total for s in Statement.objects.filter(year=2026, month=4)}
        times.append(time.perf_counter() - t0)
    expected = independent_sums()
    mismatches = {pk: (computed[pk], expected[pk]) for pk in expected if computed.get(pk) != expected[pk]}
    print(
        f"Computed {n_statements} statements for April 2026 over {made:,} declarations: "
        f"best {min(times):.3f} s, worst {max(times):.3f} s (target < 2 s)"
    )
    print(
        f"Grand total £{sum(computed.values()) / 100:,.2f}; independent SQL sum £{sum(expected.values()) / 100:,.2f}; "
        f"{'reconciled to the penny' if not mismatches else f'MISMATCH {mismatches}'}"
    )
    print(f"Rate: {made / min(times):,.0f} declarations/s; peak memory {peak_rss_mb():.0f} MB")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
