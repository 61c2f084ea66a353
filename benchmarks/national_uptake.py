"""National uptake: a data set whose records reproduce seed 003's position, then the insight pages timed.

Seed 003 (the Department's 2022 evaluation): 29,425 starts, 15,898 on specialist NPQs (7,400 on
leading teaching) and 13,423 on leadership NPQs (8,452 on senior leadership); the other 104 were on
the additional support offer for new heads (headship coaching), the only other course running in
2021-22. The generator writes applications and declarations (with noise the view must ignore: voided
starts, people who registered but never started, a second application for a course already started),
never a stored total; the national view then counts the starts from the records, as of 1 March 2023
(18 months before the target's deadline of 31 August 2024).

With ``--applications`` and ``--declarations`` it pads the data set to national scale (later cohorts,
4 to 5 declarations per application) and times the incremental refresh (which draws the pages'
charts) and then each insight page, the first view after that refresh and again (``--keep-summaries``
reuses the summaries and data of an earlier run on the same database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_insights \
        .venv/bin/python benchmarks/national_uptake.py --applications 250000 --declarations 1000000
"""

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = dt.date(2023, 3, 1)
SEED = {
    "npq-leading-teaching": 7400,
    "npq-leading-teaching-development": 4710,
    "npq-leading-behaviour-culture": 3788,
    "npq-senior-leadership": 8452,
    "npq-headship": 3790,
    "npq-executive-leadership": 1181,
    "npq-additional-support-offer": 104,
}
GROUPS = {"specialist": 15898, "leadership": 13423, "headship-coaching": 104}
STARTS, TARGET, MORE_NEEDED = 29425, 150000, 120575


def plan(scale: float = 1.0) -> dict[str, int]:
    """Starts per course for a copy of the seed position at ``scale`` (1.0: the seed's own figures)."""
    return {course: round(n * scale) for course, n in SEED.items()}


def _month(n: int) -> dt.datetime:
    """Start dates spread over the 16 months from November 2021 to February 2023."""
    year, month = divmod(10 + n % 16, 12)
    return dt.datetime(2021 + year, month + 1, 1 + n % 27, 10, tzinfo=dt.UTC)


def generate(scale: float = 1.0, pad_applications: int = 0, pad_declarations: int = 0) -> dict[str, int]:
    """Write the records (bulk, as a migration would); returns the starts per course it planned."""
    from django.db import connection, transaction

    from npq.core.audit import Actor
    from npq.declarations.models import Declaration
    from npq.people.models import User
    from npq.reference.loading import load_reference
    from npq.reference.models import Cohort, Course, LeadProvider, School
    from npq.reference.rules import Region
    from npq.registration.models import Application

    load_reference(Actor.command("bench"))
    starts = plan(scale)
    if Application.objects.filter(user__email__endswith="@uptake.example").exists():
        return starts  # built by an earlier run on this database
    rnd = random.Random(3)
    courses = {c.identifier: c for c in Course.objects.all()}
    cohorts = {c.identifier: c for c in Cohort.objects.all()}
    providers = list(LeadProvider.objects.order_by("name")[:8])
    schools = [
        School(
            urn=f"9{n:05d}",
            name=f"School {n}",
            phase_name=("Primary", "Secondary", "All-through")[n % 3],
            la_name=f"Local authority {n % 40}",
            region=list(Region)[n % 40 % 9] if n % 50 else "",  # each authority in one region; a few unknown
        )
        for n in range(200)
    ]
    with transaction.atomic():
        School.objects.bulk_create(schools, ignore_conflicts=True)
        schools = list(School.objects.filter(urn__startswith="9").order_by("urn")[:200])
        rows: list[tuple[str, str, bool, int]] = []  # (course, cohort, starts, pattern)
        for course, n in starts.items():
            rows += [(course, "2021a" if i % 2 else "2022a", True, i) for i in range(n)]
        noise = max(1, len(rows) // 5)
        rows += [(list(starts)[i % 6], "2022a", False, i) for i in range(noise)]  # registered, never started
        pad = pad_applications - len(rows) - noise // 10
        rows += [(list(starts)[i % 6], ("2023a", "2024a", "2025a")[i % 3], True, -1) for i in range(max(0, pad))]
        users = [
            User(email=f"u{n}@uptake.example", full_name=f"Person {n}", ecf_id=uuid.uuid4(), password="!")
            for n in range(len(rows))
        ]
        User.objects.bulk_create(users, batch_size=5000)
        apps = []
        for n, (course, cohort, started, _) in enumerate(rows):
            apps.append(
                Application(
                    user=users[n],
                    course=courses[course],
                    cohort=cohorts[cohort],
                    lead_provider=providers[n % 8],
                    school=schools[n % 200],
                    eligible_for_funding=n % 10 != 0,
                    funded_place=None,
                    lead_provider_approval_status="accepted" if started or n % 3 else "pending",
                    training_status="active" if started or n % 3 else None,
                )
            )
        Application.objects.bulk_create(apps, batch_size=5000)
        # A second application for a course the person already started: its start must not count again.
        again = [
            Application(
                user=users[n],
                course=apps[n].course,
                cohort=cohorts["2022a"],
                lead_provider=providers[(n + 1) % 8],
                eligible_for_funding=True,
                lead_provider_approval_status="accepted",
                training_status="active",
            )
            for n in range(0, noise, 10)
        ]
        Application.objects.bulk_create(again, batch_size=5000)
        budget = pad_declarations or 0
        decls: list[Declaration] = []
        for n, (_, _, started, pattern) in enumerate(rows):
            if not started:
                continue
            kinds = ["started", "retained-1"] + (["retained-2", "completed"] if pattern == -1 else [])
            if pattern >= 0 and n % 4 == 0:
                kinds.append("completed")
            when = _month(n) if pattern >= 0 else dt.datetime(2023 + n % 3, 10, 1 + n % 27, tzinfo=dt.UTC)
            voided = pattern == -1 and budget and len(decls) < budget - 5 * (len(rows) - n)
            if n % 97 == 0 or voided:
                decls.append(_declaration(apps[n], "started", when, "voided", rnd))
            for k, kind in enumerate(kinds):
                decls.append(
                    _declaration(
                        apps[n], kind, when + dt.timedelta(days=120 * k), "paid" if k == 0 else "eligible", rnd
                    )
                )
        for n, app in zip(range(0, noise, 10), again, strict=True):
            # Started later than the first application's start (row n): this start never counts.
            decls.append(_declaration(app, "started", _month(n) + dt.timedelta(days=200), "eligible", rnd))
        Declaration.objects.bulk_create(decls, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load: the planner needs the sizes
    return starts


def _declaration(app: Any, kind: str, when: dt.datetime, state: str, rnd: random.Random) -> Any:
    from npq.declarations.models import Declaration

    return Declaration(
        application=app,
        participant_id=app.user_id,
        lead_provider_id=app.lead_provider_id,
        cohort_id=app.cohort_id,
        course_id=app.course_id,
        declaration_type=kind,
        declaration_date=when,
        state=state,
        created_at=when,
        updated_at=when - dt.timedelta(days=rnd.randint(0, 3)),
    )


def position(keep: bool = False) -> dict[str, Any]:
    """What the national view computes from the records, as of the seed's date (with ``keep``, the
    summaries an earlier run built on this database are used as they are: no full rebuild)."""
    from npq.core import clock
    from npq.core.audit import Actor
    from npq.insights import queries, services
    from npq.insights.models import Refresh

    built = Refresh.objects.filter(programme="npq", watermark__isnull=False).exists()
    token = clock.move_to(dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day, 9, tzinfo=dt.UTC))
    try:
        if not (keep and built):
            services.refresh(Actor.command("bench"), full=True)
    finally:
        clock.reset(token)
    figs = queries.figures(queries.Scope())
    progress = figs.progress()
    assert progress is not None
    by_course = {k: v.get("started", 0) for k, v in figs.of("course").items()}
    by_group = {k: v.get("started", 0) for k, v in figs.of("group").items()}
    return {
        "starts": progress.starts,
        "more": progress.remaining,
        "needed": progress.needed_per_month,
        "months": progress.months_left,
        "course": by_course,
        "group": by_group,
    }


def counts() -> None:
    from npq.declarations.models import Declaration
    from npq.registration.models import Application

    print(f"records: {Application.objects.count():,} applications, {Declaration.objects.count():,} declarations")


PAGES = [
    "/insights",
    "/insights/national/breakdowns",
    "/insights/national/evidence",
    "/insights/provider",
    "/insights/provider/breakdowns",
    "/insights/provider/evidence",
    "/insights/national/region.csv",
    "/statistics",
]


def clients() -> dict[str, Any]:
    """A signed-in test client for each page (the Department's, or the first provider's)."""
    from django.test import Client

    from npq.people.models import User
    from npq.reference.models import LeadProvider

    provider = LeadProvider.objects.order_by("name").first()
    dfe, _ = User.objects.get_or_create(email="dfe@uptake.example", defaults={"full_name": "DfE", "role": "dfe_admin"})
    lp, _ = User.objects.get_or_create(
        email="lp@uptake.example", defaults={"full_name": "LP", "role": "lead_provider", "lead_provider": provider}
    )
    out = {}
    for path in PAGES:
        client = Client()
        client.force_login(lp if "/provider" in path else dfe, backend="npq.people.backends.EmailBackend")
        out[path] = client
    return out


def warm(signed_in: dict[str, Any]) -> None:
    """One untimed view of each page before the refresh, as a web process that has been serving pages
    would have done (imports, template compilation, connection)."""
    for path, client in signed_in.items():
        client.get(path)


def pages(signed_in: dict[str, Any], repeats: int) -> None:
    """Each page in process (routing, session, queries, template), first after the refresh, then again."""
    from django.db import connection

    floor = []
    for _ in range(max(repeats, 5)):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        floor.append(time.perf_counter() - began)
    print(f"floor (one SQL round trip): {min(floor) * 1000:.2f} ms")
    for path, client in signed_in.items():
        began = time.perf_counter()
        status = client.get(path).status_code
        first = time.perf_counter() - began
        again = []
        for _ in range(repeats):
            began = time.perf_counter()
            client.get(path)
            again.append(time.perf_counter() - began)
        again.sort()
        print(
            f"page {path:<32} status {status} first after refresh {first * 1000:7.1f} ms"
            f"  then p50 {again[len(again) // 2] * 1000:7.1f} ms  max {again[-1] * 1000:7.1f} ms"
            f"  ({first / min(floor):,.0f}x the floor)"
        )


def incremental(new: int, runs: int) -> None:
    """``runs`` times: add ``new`` started declarations to applications that had none, then refresh only
    what changed (the summaries, then every page's charts whose figures changed), in wall and CPU time."""
    from npq.core.audit import Actor
    from npq.core.models import AuditEvent
    from npq.declarations.models import Declaration
    from npq.insights import services
    from npq.registration.models import Application

    # The full refresh above ran as of the seed's date; catch up to today first (untimed), so the timed
    # refresh sees only the new declarations, as the scheduled job does every 15 minutes.
    services.refresh(Actor.command("bench"))
    for _ in range(runs):
        fresh = list(Application.objects.filter(declarations__isnull=True).order_by("pk")[:new])
        fresh += _registered(new - len(fresh))  # once the never-started applications run out: new people
        when = dt.datetime.now(dt.UTC)
        rnd = random.Random(9)
        decls = [_declaration(app, "started", when, "submitted", rnd) for app in fresh]
        for d in decls:
            d.updated_at = when
        Declaration.objects.bulk_create(decls, batch_size=1000)
        began, cpu = time.perf_counter(), time.process_time()
        state = services.refresh(Actor.command("bench"))
        took, cpu = time.perf_counter() - began, time.process_time() - cpu
        done = AuditEvent.objects.filter(action="insights.refreshed").latest("pk").after
        print(
            f"incremental refresh after {len(decls):,} new declarations: {took:.2f} s, {cpu:.2f} s CPU in this "
            f"process ({state.applications:,} applications' figures changed; {done['charts_drawn']} charts drawn "
            f"in {done['drawing_seconds']:.2f} s of it)"
        )


def _registered(count: int) -> list[Any]:
    """``count`` new people, each with an accepted application like an existing one's."""
    from npq.people.models import User
    from npq.registration.models import Application

    if count <= 0:
        return []
    first = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(email=f"new{first + n}@uptake.example", full_name="New", ecf_id=uuid.uuid4(), password="!")
            for n in range(count)
        ]
    )
    like = list(Application.objects.order_by("pk")[:count])
    made = [
        Application(
            user=user,
            course_id=model.course_id,
            cohort_id=model.cohort_id,
            lead_provider_id=model.lead_provider_id,
            school_id=model.school_id,
            eligible_for_funding=True,
            lead_provider_approval_status="accepted",
            training_status="active",
        )
        for user, model in zip(users, like, strict=False)
    ]
    return list(Application.objects.bulk_create(made))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--applications", type=int, default=0)
    parser.add_argument("--declarations", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--refreshes", type=int, default=3, help="timed incremental refreshes")
    parser.add_argument(
        "--keep-summaries", action="store_true", help="reuse the summaries an earlier run built (no full rebuild)"
    )
    args = parser.parse_args()
    import bench_env

    print(f"database: {bench_env.start('uptake')}")
    began = time.perf_counter()
    planned = generate(args.scale, args.applications, args.declarations)
    print(f"generated in {time.perf_counter() - began:.1f} s")
    counts()
    began = time.perf_counter()
    seen = position(args.keep_summaries)
    print(
        f"full refresh: {time.perf_counter() - began:.2f} s"
        + (" (kept from an earlier run)" if args.keep_summaries else "")
    )
    rate = "the deadline has passed" if seen["needed"] is None else f"{seen['needed']:,} a month"
    print(f"starts {seen['starts']:,}; more needed {seen['more']:,} in {seen['months']} months ({rate})")
    for group, n in sorted(seen["group"].items()):
        print(f"  {group}: {n:,}")
    print(
        f"  of which leading teaching {seen['course'].get('npq-leading-teaching', 0):,}, "
        f"senior leadership {seen['course'].get('npq-senior-leadership', 0):,}"
    )
    if args.scale == 1.0 and not args.applications:
        ok = (seen["starts"], seen["more"], seen["group"].get("specialist"), seen["group"].get("leadership")) == (
            STARTS,
            MORE_NEEDED,
            GROUPS["specialist"],
            GROUPS["leadership"],
        )
        print("seed 003 position reproduced" if ok else "seed 003 position NOT reproduced")
    else:
        print(f"planned starts per course reproduced: {all(seen['course'].get(c, 0) >= n for c, n in planned.items())}")
    signed_in = clients()
    warm(signed_in)
    incremental(1000, args.refreshes)
    pages(signed_in, args.repeats)


if __name__ == "__main__":
    main()
