"""Render an inspection's evidence pack for a provider with many participants, and compare it with
a floor: the raw SQL counts of the same rows, in the same run.

    python benchmarks/evidence_pack.py --participants 40000

Builds one lead provider with N accepted participants on three courses, groups of 20 across 20
delivery partners, 4 sessions per group with attendance, deferrals, withdrawals and completed
declarations, two formative checkpoints per group answered by three in four members (half with
feedback) (and a second provider of N/4 that the pack must leave out), then times the pack page
(``/quality/inspections/<pk>/pack``: every query, suppression and template) for the inspector
holding the grant. Target: within 1 s at 40,000 participants on PostgreSQL.

The figures are counted once per evidence moment (at notification and at each recount) and stored,
so a reading of the page reads them; it prints that reading, the counting alone, and the first
reading when nothing is stored yet (count, store and draw), each the median of ``--repeats``
beside the floor's median. ``--reuse`` keeps the data an earlier run left in ``DATABASE_URL``.
"""

import argparse
import datetime as dt
import re
import statistics
import sys
import time

from bench_env import peak_rss_mb, start

GROUP = 20
BATCH = 5_000


def build(n: int) -> tuple[int, int]:
    from django.db import transaction

    from npq.core.roles import Role
    from npq.declarations.models import Declaration
    from npq.delivery.models import Attendance, Checkpoint, CheckpointResponse, DeliveryCohort, Membership, Session
    from npq.people.models import User
    from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
    from npq.registration.models import Application
    from npq.training.models import ApplicationState

    t = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)
    courses = [
        Course.objects.create(identifier=f"bench-{k}", short_code=f"B{k}", name=f"Bench course {k}", group="leadership")
        for k in range(3)
    ]
    cohort = Cohort.objects.create(
        start_year=2026,
        identifier="2026b",
        suffix="b",
        description="Bench",
        funding="full",
        registration_start=dt.date(2026, 1, 1),
    )
    partners = [DeliveryPartner.objects.create(name=f"Bench partner {k}") for k in range(20)]
    recorder = User.objects.create(
        email="recorder@bench.example", full_name="Recorder", role=Role.DFE_ADMIN, password="!"
    )
    providers = []
    for name, size in (("Bench provider", n), ("Other bench provider", n // 4)):
        provider = LeadProvider.objects.create(name=name)
        providers.append(provider.pk)
        for first in range(0, size, BATCH):
            count = min(BATCH, size - first)
            with transaction.atomic():
                users = User.objects.bulk_create(
                    User(
                        email=f"p{provider.pk}-{first + i}@bench.example", full_name=f"Bench {first + i}", password="!"
                    )
                    for i in range(count)
                )
                apps = Application.objects.bulk_create(
                    Application(
                        user=u,
                        course=courses[(first + i) % 3],
                        lead_provider=provider,
                        cohort=cohort,
                        lead_provider_approval_status="accepted",
                        training_status="active",
                        accepted_at=t - dt.timedelta(days=100),
                    )
                    for i, u in enumerate(users)
                )
                states = [
                    ApplicationState(application=a, lead_provider=provider, state="active", created_at=a.accepted_at)
                    for a in apps
                ]
                states += [
                    ApplicationState(
                        application=a,
                        lead_provider=provider,
                        state="withdrawn" if k % 2 else "deferred",
                        created_at=t - dt.timedelta(days=10),
                    )
                    for k, a in enumerate(apps)
                    if k % 25 == 0
                ]
                ApplicationState.objects.bulk_create(states)
                Declaration.objects.bulk_create(
                    Declaration(
                        application=a,
                        participant=a.user,
                        lead_provider=provider,
                        cohort=cohort,
                        course=a.course,
                        declaration_type="completed",
                        declaration_date=t - dt.timedelta(days=5),
                        state="eligible",
                        delivery_partner=partners[(first + k) // GROUP % 20],
                        created_at=t,
                        updated_at=t,
                    )
                    for k, a in enumerate(apps)
                    if k % 3 == 0
                )
                groups = DeliveryCohort.objects.bulk_create(
                    DeliveryCohort(
                        lead_provider=provider,
                        course=courses[g % 3],
                        cohort=cohort,
                        delivery_partner=partners[g % 20],
                        name=f"Group {first + g * GROUP}",
                        created_at=t - dt.timedelta(days=120),
                    )
                    for g in range((count + GROUP - 1) // GROUP)
                )
                Membership.objects.bulk_create(
                    Membership(delivery_cohort=groups[i // GROUP], participant=u, joined_at=t - dt.timedelta(days=90))
                    for i, u in enumerate(users)
                )
                sessions = Session.objects.bulk_create(
                    Session(
                        delivery_cohort=g,
                        title=f"Session {s}",
                        mode="face_to_face" if s % 2 else "live_video",
                        starts_at=t - dt.timedelta(days=80 - 10 * s),
                        place="Leeds" if s % 2 else "",
                    )
                    for g in groups
                    for s in range(4)
                )
                Attendance.objects.bulk_create(
                    Attendance(
                        session=s,
                        participant=users[gi * GROUP + m],
                        status="absent" if m % 7 == 0 else "attended",
                        reason="Ill" if m % 7 == 0 else "",
                        recorded_by=recorder,
                        recorded_at=s.starts_at,
                    )
                    for gi, g in enumerate(groups)
                    for s in sessions[gi * 4 : gi * 4 + 4]
                    for m in range(min(GROUP, count - gi * GROUP))
                )
                checkpoints = Checkpoint.objects.bulk_create(
                    Checkpoint(
                        delivery_cohort=g,
                        title=f"Checkpoint {c}",
                        prompt="Reflect",
                        due_on=(t - dt.timedelta(days=60 - 30 * c)).date(),
                    )
                    for g in groups
                    for c in range(2)
                )
                CheckpointResponse.objects.bulk_create(
                    CheckpointResponse(
                        checkpoint=cp,
                        participant=users[gi * GROUP + m],
                        text="My reflection",
                        submitted_at=t - dt.timedelta(days=20),
                        feedback="Thank you" if m % 2 else "",
                        feedback_by=recorder if m % 2 else None,
                        feedback_at=t - dt.timedelta(days=10) if m % 2 else None,
                    )
                    for gi in range(len(groups))
                    for cp in checkpoints[gi * 2 : gi * 2 + 2]
                    for m in range(min(GROUP, count - gi * GROUP))
                    if m % 4
                )
    return providers[0], providers[1]


def floor(provider: int, as_of: dt.datetime) -> float:
    """The raw SQL counts of the rows the pack reads: accepted applications, their latest states,
    completions, memberships, attendance and checkpoint responses, one statement each."""
    from django.db import connection

    statements = [
        "SELECT course_id, COUNT(*) FROM registration_application "
        "WHERE lead_provider_id = %s AND accepted_at <= %s GROUP BY course_id",
        "SELECT s.state, COUNT(*) FROM training_applicationstate s "
        "JOIN registration_application a ON a.id = s.application_id "
        "WHERE a.lead_provider_id = %s AND s.created_at <= %s GROUP BY s.state",
        "SELECT course_id, COUNT(*) FROM declarations_declaration "
        "WHERE lead_provider_id = %s AND declaration_date <= %s AND declaration_type = 'completed' GROUP BY course_id",
        "SELECT g.delivery_partner_id, COUNT(*) FROM delivery_membership m "
        "JOIN delivery_deliverycohort g ON g.id = m.delivery_cohort_id "
        "WHERE g.lead_provider_id = %s AND m.joined_at <= %s GROUP BY g.delivery_partner_id",
        "SELECT t.status, COUNT(*) FROM delivery_attendance t JOIN delivery_session s ON s.id = t.session_id "
        "JOIN delivery_deliverycohort g ON g.id = s.delivery_cohort_id WHERE g.lead_provider_id = %s "
        "AND t.recorded_at <= %s GROUP BY t.status",
        "SELECT COUNT(*) FROM delivery_checkpointresponse r JOIN delivery_checkpoint c ON c.id = r.checkpoint_id "
        "JOIN delivery_deliverycohort g ON g.id = c.delivery_cohort_id WHERE g.lead_provider_id = %s "
        "AND r.submitted_at <= %s",
    ]
    began = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [provider, as_of])
            cursor.fetchall()
    return time.perf_counter() - began


def _tables(content: bytes) -> list[str]:
    """The page's tables (the page also holds a form whose token differs at each request)."""
    return re.findall(r"<table.*?</table>", content.decode(), re.S)


def _median_best(times: list[float]) -> str:
    return f"p50 {statistics.median(times):.3f} s, best {min(times):.3f} s"


def read_floor(inspection: int) -> float:
    """A reading's floor: the stored figures' row fetched by bare SQL, one round trip."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT figures FROM quality_evidencefigures WHERE inspection_id = %s", [inspection])
        cursor.fetchall()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the data an earlier run left in DATABASE_URL")
    args = parser.parse_args()
    database = start("evidence_pack")

    from django.db import connection
    from django.test import Client

    from npq.core.roles import Role
    from npq.people.models import User
    from npq.quality import evidence, rules
    from npq.quality.models import EvidenceFigures
    from npq.quality.services import inspections
    from npq.reference.models import LeadProvider

    print(f"Database: {database}; building {args.participants:,} participants ...", flush=True)
    began = time.perf_counter()
    kept = LeadProvider.objects.filter(name="Bench provider").first() if args.reuse else None
    provider_id = kept.pk if kept else build(args.participants)[0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - began:.1f} s", flush=True)
    inspector, _ = User.objects.get_or_create(
        email="hmi@bench.example", defaults={"full_name": "HMI", "role": Role.INSPECTOR, "password": "!"}
    )
    as_of = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)
    began = time.perf_counter()
    found = inspections.create_inspection(
        inspector, LeadProvider.objects.get(pk=provider_id), rules.Kind.FULL, as_of, as_of.date(), as_of.date()
    )
    print(f"notification (the figures counted and stored with it): {time.perf_counter() - began:.3f} s")
    client = Client()
    client.force_login(inspector, backend="npq.people.backends.EmailBackend")
    path = f"/quality/inspections/{found.pk}/pack"
    reads, firsts, counts, floors, read_floors = [], [], [], [], []
    statements: list[int] = []
    for _ in range(args.repeats):
        # The page as every reader sees it: the figures stored for the moment are read.
        statements.clear()
        with connection.execute_wrapper(lambda execute, *a: statements.append(1) or execute(*a)):
            t0 = time.perf_counter()
            response = client.get(path)
            reads.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
        read_floors.append(read_floor(found.pk))
        # Counting alone (what notification and a recount do), then the page when nothing is stored yet.
        t0 = time.perf_counter()
        evidence.build(found)
        counts.append(time.perf_counter() - t0)
        EvidenceFigures.objects.filter(inspection=found).delete()
        t0 = time.perf_counter()
        first = client.get(path)
        firsts.append(time.perf_counter() - t0)
        assert first.status_code == 200 and _tables(first.content) == _tables(response.content)
        floors.append(floor(provider_id, as_of))
    page = response.content.decode()
    assert "Bench course 0" in page and "Other bench provider" not in page
    read = statistics.median(reads)
    print(
        f"evidence pack page, {args.participants:,} participants: best {min(reads):.3f} s, p50 {read:.3f} s; "
        f"{len(statements)} queries; floor (raw SQL counts of the same rows) {_median_best(floors)}; "
        f"target 1 s: {'met' if read <= 1 else 'NOT met'}"
    )
    print(f"reading's floor (the stored figures' row by bare SQL): {_median_best(read_floors)}")
    print(
        f"counting the figures (evidence.build): {_median_best(counts)}; "
        f"{statistics.median(counts) / statistics.median(floors):.1f}x the floor"
    )
    print(
        f"first reading with nothing stored (count, store, draw): {_median_best(firsts)}; "
        f"{statistics.median(firsts) / statistics.median(floors):.1f}x the floor"
    )
    print(f"peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
