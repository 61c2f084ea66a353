"""Lead Provider API list endpoints at national scale.

Generates applications and participants across 8 providers (bulk insert), then times each list
endpoint in process (Django test client: routing, auth, rate limit, queries, serialisation), at
page sizes 100 and 1,000, with and without ``updated_since``, the cursor, and a provider's full
participant sync, beside the same page fetched by one hand-written SQL query (the floor).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_bench \
        .venv/bin/python benchmarks/api_list.py --applications 250000
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402

PROVIDERS = 8


def generate(applications: int) -> float:
    from django.db import connection, transaction

    from npq.core.audit import Actor
    from npq.people.models import User
    from npq.reference.loading import load_reference
    from npq.reference.models import CourseOffering, LeadProvider, Schedule
    from npq.registration.models import Application

    load_reference(Actor.command("bench"))
    if Application.objects.count() >= applications:
        return 0.0
    began = time.perf_counter()
    rnd = random.Random(7)
    providers = list(LeadProvider.objects.filter(status="active").order_by("name")[:PROVIDERS])
    offerings = list(CourseOffering.objects.filter(lead_provider__in=providers).select_related("course", "cohort"))
    schedules = {(s.cohort_id, s.course_group): s.pk for s in Schedule.objects.all()}
    people = int(applications * 0.6)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        User.objects.bulk_create(
            (
                User(
                    email=f"p{n}@bench.example",
                    full_name=f"Person {n}",
                    ecf_id=uuid.uuid4(),
                    trn=f"{1000000 + n}",
                    password="!",
                )
                for n in range(people)
            ),
            batch_size=5000,
        )
        user_ids = list(User.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True))
        rows = []
        for n in range(applications):
            offering = offerings[n % len(offerings)]
            accepted = rnd.random() < 0.6
            created = now - dt.timedelta(minutes=applications - n)
            rows.append(
                Application(
                    ecf_id=uuid.uuid4(),
                    user_id=user_ids[n % len(user_ids)],
                    course_id=offering.course_id,
                    lead_provider_id=offering.lead_provider_id,
                    cohort_id=offering.cohort_id,
                    lead_provider_approval_status="accepted" if accepted else "pending",
                    training_status="active" if accepted else None,
                    accepted_at=created if accepted else None,
                    schedule_id=schedules.get((offering.cohort_id, offering.course.group)) if accepted else None,
                    eligible_for_funding=True,
                    funded_place=True if accepted else None,
                    headteacher_status="no",
                    works_in_school=True,
                    employment_role="Teacher",
                )
            )
        Application.objects.bulk_create(rows, batch_size=5000)
        # auto_now fields: spread created/updated times so updated_since selects a realistic share.
        with connection.cursor() as cur:
            cur.execute("UPDATE registration_application SET created_at = %s, updated_at = %s", [now, now])
            cur.execute("UPDATE people_user SET updated_at = %s WHERE email LIKE %s", [now, "%@bench.example"])
            cur.execute(
                "INSERT INTO api_changeevent (lead_provider_id, application_id, user_id, created_at) "
                "SELECT lead_provider_id, id, user_id, %s FROM registration_application ORDER BY id",
                [now],
            )
            recent = now + dt.timedelta(days=1)
            cur.execute("UPDATE registration_application SET updated_at = %s WHERE id %% 50 = 0", [recent])
    with connection.cursor() as cur:
        # The bulk insert and the UPDATEs above leave a dead version of every row behind; a live
        # database has autovacuum, so measure after VACUUM (else index scans wade through dead tuples).
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - began


def explain(provider_id: int) -> None:
    """EXPLAIN ANALYZE of the list queries behind the endpoints (PostgreSQL), to check index use."""
    from django.db import connection

    from npq.api.scoping import ProviderScope
    from npq.reference.models import LeadProvider

    scope = ProviderScope(LeadProvider.objects.get(pk=provider_id))
    since = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    queries = {
        "applications, page 3": scope.applications().order_by("id")[200:300],
        "applications, sort=created_at, page 3": scope.applications().order_by("created_at", "id")[200:300],
        "applications, updated_since": scope.applications()
        .filter(pk__in=scope.applications_changed_since(since))
        .order_by("id")[:100],
        "participants, page 3": scope.participants().order_by("id")[200:300],
        "participants, updated_since": scope.participants()
        .filter(pk__in=scope.participants_changed_since(since))
        .order_by("id")[:100],
    }
    for label, qs in queries.items():
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
            print(f"-- {label}")
            print("\n".join(row[0] for row in cur.fetchall()))


def measure(client, path: str, params: dict, repeats: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = rows = 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:300]
        queries = len(ctx.captured_queries)
        rows = len(response.json()["data"])
    return bench_env.percentile(times, 0.5), bench_env.percentile(times, 0.95), queries, rows


def floor(per_page: int, provider_id: int, repeats: int) -> float:
    from django.db import connection

    sql = (
        "SELECT a.ecf_id, a.lead_provider_approval_status, a.created_at, a.updated_at, u.ecf_id, u.email, "
        "u.full_name, u.trn, c.identifier, h.start_year, h.suffix, s.identifier "
        "FROM registration_application a JOIN people_user u ON u.id = a.user_id "
        "JOIN reference_course c ON c.id = a.course_id JOIN reference_cohort h ON h.id = a.cohort_id "
        "LEFT JOIN reference_schedule s ON s.id = a.schedule_id "
        "WHERE a.lead_provider_id = %s ORDER BY a.id LIMIT %s OFFSET %s"
    )
    times = []
    for i in range(repeats):
        began = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, [provider_id, per_page, (i % 5) * per_page])
            cur.fetchall()
        times.append((time.perf_counter() - began) * 1000)
    return bench_env.percentile(times, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the query plans (PostgreSQL) and stop")
    args = parser.parse_args()
    where = bench_env.start("api")
    from django.conf import settings
    from django.test import Client

    settings.NPQ_API_RATE_LIMIT = 10**9
    from npq.api.tokens import create_token
    from npq.core.audit import Actor
    from npq.reference.models import LeadProvider
    from npq.registration.models import Application

    generated = generate(args.applications)
    total = Application.objects.count()
    provider = LeadProvider.objects.get(name="Ambition Institute")
    _t, text = create_token(provider, Actor.command("bench"))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {text}")
    mine = Application.objects.filter(lead_provider=provider).count()
    print(f"Database: {where}; {total:,} applications ({mine:,} at {provider.name}); generated in {generated:.1f} s")
    if args.explain:
        explain(provider.pk)
        return
    since = "2026-01-01T12:00:00Z"
    print(f"{'endpoint':58} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'queries':>7} {'rows':>5}")
    for path in ("/api/v3/npq-applications", "/api/v3/participants/npq"):
        for per_page in (100, 1000):
            for label, extra in (
                ("", {}),
                (" updated_since", {"filter[updated_since]": since}),
                (" cursor", {"page[cursor]": "0"}),
            ):
                params = {"page[per_page]": str(per_page), "page[page]": "3", **extra}
                if "page[cursor]" in extra:
                    params.pop("page[page]")
                p50, p95, q, rows = measure(
                    client, path, params, args.repeats if per_page == 100 else max(5, args.repeats // 3)
                )
                name = f"{path} per_page={per_page}{label}"
                rate = 1000 / statistics.mean([p50, p95])
                print(f"{name:58} {p50:8.1f} {p95:8.1f} {rate:7.0f} {q:7d} {rows:5d}")
    for per_page in (100, 1000):
        name = f"floor: hand-written SQL page, per_page={per_page}"
        print(f"{name:58} {'':8} {floor(per_page, provider.pk, args.repeats):8.1f}")
    began = time.perf_counter()
    cursor, seen, pages = "0", set(), 0
    while True:
        body = client.get("/api/v3/participants/npq", {"page[cursor]": cursor, "page[per_page]": "1000"}).json()
        seen.update(d["id"] for d in body["data"])
        pages += 1
        cursor = body["meta"]["next_cursor"]
        if not body["meta"]["has_more"]:
            break
    elapsed = time.perf_counter() - began
    expected = (
        Application.objects.filter(lead_provider=provider, lead_provider_approval_status="accepted")
        .values("user_id")
        .distinct()
        .count()
    )
    print(
        f"Full participant sync of {provider.name} by cursor: {len(seen):,} participants ({expected:,} expected) "
        f"in {pages} pages, {elapsed:.1f} s"
    )
    began = time.perf_counter()
    page, count = 1, 0
    while True:
        data = client.get("/api/v3/participants/npq", {"page[page]": str(page), "page[per_page]": "1000"}).json()[
            "data"
        ]
        if not data:
            break
        count += len(data)
        page += 1
    elapsed = time.perf_counter() - began
    print(f"Full participant sync of {provider.name} by page number: {count:,} participants, {elapsed:.1f} s")
    print(f"Peak memory {bench_env.peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
