"""The provider's participants pages at one large provider's scale.

Builds N participants (accepted applications) for one lead provider (bulk insert), then times the
participants list page, a filtered page, and a name search in process (Django test client: session,
role check, queries, Jinja rendering), beside the same first page fetched by one hand-written SQL
query (the floor).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_webpages \
        .venv/bin/python benchmarks/provider_pages.py --participants 40000
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402


def generate(participants: int) -> None:
    from django.db import transaction

    from npq.core.audit import Actor
    from npq.people.models import User
    from npq.reference.loading import load_reference
    from npq.reference.models import CourseOffering, LeadProvider, Schedule
    from npq.registration.models import Application

    load_reference(Actor.command("bench"))
    provider = LeadProvider.objects.get(name="Ambition Institute")
    if Application.objects.filter(lead_provider=provider).count() >= participants:
        return
    offerings = list(CourseOffering.objects.filter(lead_provider=provider).select_related("course", "cohort"))
    schedules = {(s.cohort_id, s.course_group): s.pk for s in Schedule.objects.all()}
    with transaction.atomic():
        User.objects.bulk_create(
            (
                User(email=f"p{n}@bench.example", full_name=f"Person {n}", trn=f"{2000000 + n}", password="!")
                for n in range(participants)
            ),
            batch_size=5000,
        )
        ids = list(User.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True))
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        Application.objects.bulk_create(
            (
                Application(
                    ecf_id=uuid.uuid4(),
                    user_id=uid,
                    course_id=(o := offerings[n % len(offerings)]).course_id,
                    lead_provider=provider,
                    cohort_id=o.cohort_id,
                    schedule_id=schedules.get((o.cohort_id, o.course.group)),
                    lead_provider_approval_status="accepted",
                    training_status="active",
                    accepted_at=at,
                    eligible_for_funding=True,
                    funded_place=True,
                )
                for n, uid in enumerate(ids)
            ),
            batch_size=5000,
        )


def analyze() -> None:
    """Fresh planner statistics after the bulk insert (autovacuum would get there later)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registration_application")
            cursor.execute("ANALYZE people_user")


def explain(staff: object, last: int) -> None:
    """The plans of the list page's query and the name search, as the page builds them."""
    from django.db import connection

    from npq.training import queries

    if connection.vendor != "postgresql":
        return
    base = queries.participants(queries.visible_applications(staff))
    for label, qs in [
        ("participants list, first page", base),
        ("filtered (cohort, status)", queries.filtered(base, {"cohort": "2025a", "training_status": "active"})),
        ("search by name", queries.search(base, f"Person {last}")),
        ("search by TRN", queries.search(base, f"{2000000 + last}")),
    ]:
        page = qs.select_related("user", "course", "cohort").order_by("-id")[:51]
        print(f"-- plan: {label}")
        print(page.explain(analyze=True, buffers=False))


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument(
        "--no-analyze", action="store_true", help="skip ANALYZE after the insert (the first run's state)"
    )
    parser.add_argument("--explain", action="store_true", help="print the plans of the list and the searches")
    args = parser.parse_args()
    print(f"database: {bench_env.start('provider-pages')}")
    generate(args.participants)
    if not args.no_analyze:
        analyze()
    from django.db import connection
    from django.test import Client

    from npq.core.roles import Role
    from npq.people.models import User
    from npq.reference.models import LeadProvider

    provider = LeadProvider.objects.get(name="Ambition Institute")
    staff, _ = User.objects.get_or_create(
        email="bench-provider@bench.staff",
        defaults={"full_name": "Bench", "role": Role.LEAD_PROVIDER, "lead_provider": provider},
    )
    client = Client()
    client.force_login(staff, backend="npq.people.backends.EmailBackend")
    sql = (
        "SELECT a.id, u.full_name FROM registration_application a JOIN people_user u ON u.id = a.user_id "
        "WHERE a.lead_provider_id = %s AND a.lead_provider_approval_status = 'accepted' ORDER BY a.id DESC LIMIT 51"
    )
    floor = []
    for _ in range(args.repeats):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [provider.pk])
            cursor.fetchall()
        floor.append(time.perf_counter() - began)
    print(f"{args.participants:,} participants for one provider; load average {os.getloadavg()[0]:.1f}")
    print(f"SQL floor (first page)          {percentiles(floor)}")
    last = args.participants // 2
    if args.explain:
        explain(staff, last)
    for label, params in [
        ("participants list", {}),
        ("participants list, page 20", {"page": "20"}),
        ("filtered (cohort, status)", {"cohort": "2025a", "training_status": "active"}),
        ("search by name", {"q": f"Person {last}"}),
        ("search by TRN", {"q": f"{2000000 + last}"}),
    ]:
        samples = []
        client.get("/provider/participants", params)  # warm: the first render compiles the templates
        for _ in range(args.repeats):
            began = time.perf_counter()
            response = client.get("/provider/participants", params)
            samples.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
        print(f"{label:<32}{percentiles(samples)}")


if __name__ == "__main__":
    main()
