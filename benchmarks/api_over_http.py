"""Lead Provider API list endpoints over real HTTP at national scale (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_bench \\
        python benchmarks/api_over_http.py --applications 250000 --sync 40000

Generates the data set of ``api_list.py`` (applications across the active providers, 60% accepted),
and with ``--sync N`` N more participants at a second provider for a full sync. Starts gunicorn
exactly as ``npq serve`` does (its own argument list: gthread workers, access log) on a free port,
with the rate limit raised for the run, then for each list endpoint at 100 and 1,000 a page, with
one and with four keep-alive clients (``http.client``, one connection per client), prints p50 and
p95 beside a floor: a hand-written SQL query for the same page (the same columns, joins and page)
with its rows encoded as JSON by orjson, measured in this process in the same run, and the ratio
p95 / floor p95; and the CPU the server processes and the database backends spent per request (a
figure a shared machine moves far less than wall time). First, the fixed cost: a request that
returns no rows. Ends with a full participant sync of the ``--sync`` provider by cursor. The load
average is printed before, between and after the measurements.
"""

import argparse
import datetime as dt
import http.client
import os
import subprocess  # noqa: S404 - starting our own server
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402
from declarations_ingest import cpu_of, database_backends, server_processes  # noqa: E402

APPS = "/api/v3/npq-applications"
PEOPLE = "/api/v3/participants/npq"
SINCE = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)  # api_list.py marks every 50th application changed after it
SYNC_DOMAIN = "@sync.example"
EARLY = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # before every record: a full sync by updated_since
LATER = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)  # mark_fixed_changes marks FIXED records changed at this time
FIXED = 250  # records changed since LATER at every data size: the page's work, not the table's
DEEPEST = 20  # the "deepest pages" rows cycle over the last this many pages
NOBODY = "00000000-0000-4000-8000-000000000000"  # a participant id no one has: an empty list


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


# Data ------------------------------------------------------------------------------------------
def add_sync_set(count: int, provider_name: str) -> int:
    """``count`` people, each with one accepted application at ``provider_name`` and its change event."""
    from django.db import connection, transaction

    from npq.people.models import User
    from npq.reference.models import CourseOffering, LeadProvider, Schedule
    from npq.registration.models import Application

    provider = LeadProvider.objects.get(name=provider_name)
    have = Application.objects.filter(lead_provider=provider, user__email__endswith=SYNC_DOMAIN).count()
    if have >= count:
        return provider.pk
    offering = CourseOffering.objects.filter(lead_provider=provider).select_related("course").first()
    assert offering is not None, f"{provider_name} offers no course"
    schedule = Schedule.objects.filter(cohort_id=offering.cohort_id, course_group=offering.course.group).first()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        users = User.objects.bulk_create(
            (
                User(email=f"s{n}{SYNC_DOMAIN}", full_name=f"Sync {n}", ecf_id=uuid.uuid4(), password="!")
                for n in range(have, count)
            ),
            batch_size=5000,
        )
        Application.objects.bulk_create(
            (
                Application(
                    user_id=u.pk,
                    course_id=offering.course_id,
                    lead_provider=provider,
                    cohort_id=offering.cohort_id,
                    schedule=schedule,
                    lead_provider_approval_status="accepted",
                    training_status="active",
                    accepted_at=now,
                    eligible_for_funding=True,
                    funded_place=True,
                )
                for u in users
            ),
            batch_size=5000,
        )
        with connection.cursor() as cur:
            # As api_list.py does: people last changed at the base time, so updated_since selects few.
            cur.execute("UPDATE people_user SET updated_at = %s WHERE email LIKE %s", [now, "%" + SYNC_DOMAIN])
            cur.execute(
                "INSERT INTO api_changeevent (lead_provider_id, application_id, user_id, created_at) "
                "SELECT a.lead_provider_id, a.id, a.user_id, %s FROM registration_application a "
                "JOIN people_user u ON u.id = a.user_id WHERE u.email LIKE %s ORDER BY a.id",
                [now, "%" + SYNC_DOMAIN],
            )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return provider.pk


def mark_fixed_changes(provider_id: int) -> None:
    """``FIXED`` of the provider's accepted applications, spread over its ids, last changed at ``LATER``:
    an ``updated_since`` whose result is the same size at 10,000 and 250,000 applications (the 2% of
    ``api_list.py`` grows with the table)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM registration_application WHERE lead_provider_id = %s AND updated_at = %s",
            [provider_id, LATER],
        )
        if cur.fetchone()[0] >= FIXED:
            return
        cur.execute(
            "SELECT id FROM registration_application WHERE lead_provider_id = %s "
            "AND lead_provider_approval_status = 'accepted' ORDER BY id",
            [provider_id],
        )
        accepted = [row[0] for row in cur.fetchall()]
        chosen = accepted[:: max(1, len(accepted) // FIXED)][:FIXED]
        if not chosen:
            return
        cur.execute(
            f"UPDATE registration_application SET updated_at = %s WHERE id IN ({', '.join(['%s'] * len(chosen))})",  # noqa: S608
            [LATER, *chosen],
        )
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# Floors: hand-written SQL for the same page, rows encoded as JSON ------------------------------
APP_COLUMNS = (
    "a.ecf_id, u.ecf_id, u.email, u.full_name, u.trn, u.updated_at, c.identifier, h.start_year, h.suffix, "
    "s.identifier, sc.urn, sc.ukprn, a.ukprn, a.employer_name, a.employment_role, a.funding_choice, "
    "a.headteacher_status, a.eligible_for_funding, a.funding_eligibility_status_code, "
    "a.private_childcare_provider_urn, a.lead_provider_approval_status, a.reason_for_rejection, a.works_in_school, "
    "a.targeted_delivery_funding_eligibility, a.teacher_catchment, a.teacher_catchment_country, a.lead_mentor, "
    "a.funded_place, a.created_at, a.updated_at, a.senco_in_role, a.senco_start_date, "
    "a.raw_application_data ->> 'teacher_catchment_iso_country_code', a.raw_application_data ->> 'itt_provider'"
)
JOINS = (
    "FROM registration_application a JOIN people_user u ON u.id = a.user_id "
    "JOIN reference_course c ON c.id = a.course_id JOIN reference_cohort h ON h.id = a.cohort_id "
    "LEFT JOIN reference_schedule s ON s.id = a.schedule_id LEFT JOIN reference_school sc ON sc.id = a.school_id "
)
CHANGED_APPS = (
    "SELECT id FROM registration_application WHERE lead_provider_id = %(p)s AND updated_at >= %(since)s "
    "UNION SELECT x.id FROM registration_application x JOIN people_user y ON y.id = x.user_id "
    "WHERE x.lead_provider_id = %(p)s AND y.updated_at >= %(since)s"
)
PEOPLE_COLUMNS = (
    "u.ecf_id, u.full_name, u.trn, u.email, u.updated_at, a.ecf_id, c.identifier, s.identifier, h.start_year, "
    "h.suffix, a.eligible_for_funding, a.training_status, sc.urn, a.targeted_delivery_funding_eligibility, "
    "a.funded_place, a.accepted_at, a.created_at, a.updated_at"
)
ACCEPTED = "a.lead_provider_id = %(p)s AND a.lead_provider_approval_status = 'accepted'"
FLOORS = {
    "applications page": f"SELECT {APP_COLUMNS} {JOINS} WHERE a.id IN (SELECT id FROM registration_application "
    "WHERE lead_provider_id = %(p)s ORDER BY id LIMIT %(n)s OFFSET %(k)s) ORDER BY a.id",
    "applications updated_since": f"SELECT {APP_COLUMNS} {JOINS} WHERE a.id IN (SELECT id FROM ({CHANGED_APPS}) c "
    "ORDER BY id LIMIT %(n)s OFFSET %(k)s) ORDER BY a.id",
    "applications cursor": f"SELECT {APP_COLUMNS} {JOINS} WHERE a.lead_provider_id = %(p)s AND a.id IN "
    "(SELECT application_id FROM api_changeevent WHERE lead_provider_id = %(p)s AND id > %(after)s "
    "ORDER BY id LIMIT %(n)s)",
    "participants page": f"SELECT {PEOPLE_COLUMNS} {JOINS} WHERE {ACCEPTED} AND a.user_id IN "
    "(SELECT DISTINCT user_id FROM registration_application WHERE lead_provider_id = %(p)s "
    "AND lead_provider_approval_status = 'accepted' ORDER BY user_id LIMIT %(n)s OFFSET %(k)s) "
    "ORDER BY a.user_id, a.accepted_at, a.id",
    "participants updated_since": f"SELECT {PEOPLE_COLUMNS} {JOINS} WHERE {ACCEPTED} AND a.user_id IN "
    "(SELECT DISTINCT user_id FROM registration_application WHERE lead_provider_id = %(p)s "
    "AND lead_provider_approval_status = 'accepted' AND (updated_at >= %(since)s OR user_id IN "
    "(SELECT id FROM people_user WHERE updated_at >= %(since)s)) ORDER BY user_id LIMIT %(n)s OFFSET %(k)s) "
    "ORDER BY a.user_id, a.accepted_at, a.id",
    "participants cursor": f"SELECT {PEOPLE_COLUMNS} {JOINS} WHERE {ACCEPTED} AND a.user_id IN "
    "(SELECT user_id FROM api_changeevent WHERE lead_provider_id = %(p)s AND id > %(after)s "
    "ORDER BY id LIMIT %(n)s) ORDER BY a.user_id, a.accepted_at, a.id",
}


class CpuMeter:
    """CPU seconds spent by some processes (and, for floors, this one) between two readings: a figure
    that a busy machine changes far less than it changes wall time."""

    def __init__(self, pids: Callable[[], list[int]], own: bool) -> None:
        self.pids, self.own = pids, own

    def read(self) -> tuple[dict[int, float], float]:
        return cpu_of(self.pids()), time.process_time() if self.own else 0.0

    def since(self, before: tuple[dict[int, float], float]) -> float:
        now = self.read()
        spent = sum(seconds - before[0].get(pid, 0.0) for pid, seconds in now[0].items())
        return spent + now[1] - before[1]


def floor_times(kind: str, params: list[dict[str, object]]) -> list[float]:
    import orjson
    from django.db import connection

    sql = FLOORS[kind]
    times = []
    for p in params:
        began = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, p)
            orjson.dumps({"data": cur.fetchall()})
        times.append((time.perf_counter() - began) * 1000)
    return times


# Requests ---------------------------------------------------------------------------------------
class Client:
    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}

    def get(self, path: str, params: dict[str, str]) -> tuple[float, bytes]:
        try:
            return self._get(path, params)
        except (http.client.RemoteDisconnected, ConnectionError):
            # gunicorn closes a connection left idle past its keep-alive (2 s), as while floors run;
            # this request is timed again from the new connection.
            self.connection.close()
            return self._get(path, params)

    def _get(self, path: str, params: dict[str, str]) -> tuple[float, bytes]:
        began = time.perf_counter()
        self.connection.request("GET", f"{path}?{urlencode(params)}", headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - began) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path} {params}: {response.status} {body[:300]!r}")
        return elapsed, body


def run(clients: list[Client], path: str, requests: list[dict[str, str]]) -> list[float]:
    """Every request once, shared among the clients (each on its own kept-alive connection)."""
    times: list[float] = []
    lock = threading.Lock()

    def work(client: Client, mine: list[dict[str, str]]) -> None:
        for params in mine:
            elapsed, _body = client.get(path, params)
            with lock:
                times.append(elapsed)

    share = [requests[i :: len(clients)] for i in range(len(clients))]
    threads = [threading.Thread(target=work, args=(c, s)) for c, s in zip(clients, share, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def pages(total: int, per_page: int, first: int, count: int) -> list[int]:
    """``count`` page numbers from ``first`` (or the last page, if fewer), cycling over the full pages: a
    part page at the end would be compared with a full one at the other data size."""
    last = max(1, total // per_page)
    first = min(first, last)
    span = list(range(first, last + 1))
    return [span[i % len(span)] for i in range(count)]


def cursors(client: Client, path: str, per_page: int, count: int) -> list[tuple[str, int]]:
    """(cursor, feed position) for ``count`` successive pages of a sync from the start."""
    from npq.api.changefeed import Position

    found, cursor = [], "0"
    for _ in range(count):
        found.append((cursor, Position.decode(cursor).id))
        _t, body = client.get(path, {"page[cursor]": cursor, "page[per_page]": str(per_page)})
        meta = orjson.loads(body)["meta"]
        if not meta["has_more"]:
            break
        cursor = meta["next_cursor"]
    return [found[i % len(found)] for i in range(count)]


def cases(
    client: Client, provider_id: int, apps: int, people: int, changed: tuple[int, int], per_page: int, repeats: int
) -> list[tuple[str, str, str, list[dict[str, str]], list[dict[str, object]]]]:
    """(label, path, floor kind, request params, floor params) for each list endpoint at ``per_page``."""
    out = []
    n = {"p": provider_id, "n": per_page, "since": SINCE}
    for label, path, total, kind in (
        ("applications", APPS, apps, "applications"),
        ("participants", PEOPLE, people, "participants"),
    ):
        for name, first in (("page 3 on", 3), ("deepest pages", max(1, total // per_page - DEEPEST + 1))):
            numbers = pages(total, per_page, first, repeats)
            out.append(
                (
                    f"{label}, {name}",
                    path,
                    f"{kind} page",
                    [{"page[page]": str(p), "page[per_page]": str(per_page)} for p in numbers],
                    [{**n, "k": (p - 1) * per_page} for p in numbers],
                )
            )
        few = changed[0] if kind == "applications" else changed[1]
        for name, moment, found in (
            ("updated_since, 2%", SINCE, few),
            (f"updated_since, {FIXED}", LATER, FIXED),
            ("updated_since, all", EARLY, total),
        ):
            numbers = pages(found, per_page, 1, repeats)
            text = moment.isoformat().replace("+00:00", "Z")
            out.append(
                (
                    f"{label}, {name}",
                    path,
                    f"{kind} updated_since",
                    [
                        {"filter[updated_since]": text, "page[page]": str(p), "page[per_page]": str(per_page)}
                        for p in numbers
                    ],
                    [{**n, "since": moment, "k": (p - 1) * per_page} for p in numbers],
                )
            )
        walked = cursors(client, path, per_page, repeats)
        out.append(
            (
                f"{label}, cursor",
                path,
                f"{kind} cursor",
                [{"page[cursor]": c, "page[per_page]": str(per_page)} for c, _ in walked],
                [{**n, "after": position} for _, position in walked],
            )
        )
    return out


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    from npq.web.management.commands.serve import gunicorn_command

    env = {
        **os.environ,
        "PYTHONPATH": str(bench_env.ROOT / "src"),
        "NPQ_DB_CONN_MAX_AGE": os.environ.get("NPQ_DB_CONN_MAX_AGE", "60"),  # as `npq serve` sets it
        "NPQ_API_RATE_LIMIT": str(10**9),  # raised for the run
    }
    env.pop("NPQ_ENV", None)  # no debug: as served
    command = gunicorn_command(f"127.0.0.1:{port}", {"workers": workers, "threads": 4}, "none")
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    if bench_env.wait_for_port(port):
        return server
    server.kill()
    raise RuntimeError("gunicorn did not start")


def stats(times: list[float]) -> tuple[float, float]:
    return bench_env.percentile(times, 0.5), bench_env.percentile(times, 0.95)


def sync(client: Client, per_page: int) -> tuple[int, int, float]:
    import orjson

    began = time.perf_counter()
    cursor, seen, requests = "0", set(), 0
    while True:
        _t, body = client.get(PEOPLE, {"page[cursor]": cursor, "page[per_page]": str(per_page)})
        page = orjson.loads(body)
        seen.update(d["id"] for d in page["data"])
        requests += 1
        cursor = page["meta"]["next_cursor"]
        if not page["meta"]["has_more"]:
            break
    return len(seen), requests, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10000)
    parser.add_argument("--sync", type=int, default=0, help="participants added at a second provider to sync")
    parser.add_argument(
        "--repeats", type=int, default=60, help="requests per endpoint, page size and client (at every page size)"
    )
    parser.add_argument("--clients", default="1,4")
    parser.add_argument("--per-page", default="100,1000")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (npq serve's default: 2)")
    parser.add_argument(
        "--fixed-cost", type=int, default=0, help="requests for the fixed cost (default: 2 x repeats, at least 100)"
    )
    args = parser.parse_args()
    where = bench_env.start("api-http")
    import api_list
    from django.db import connection

    from npq.api.tokens import create_token
    from npq.core.audit import Actor
    from npq.reference.models import LeadProvider
    from npq.registration.models import Application

    print(f"Before generating: {load()}")
    api_list.generate(args.applications)
    provider = LeadProvider.objects.get(name="Ambition Institute")
    sync_name = "Best Practice Network"
    sync_provider = add_sync_set(args.sync, sync_name) if args.sync else None
    mark_fixed_changes(provider.pk)
    mine = Application.objects.filter(lead_provider=provider)
    apps = mine.count()
    people = mine.filter(lead_provider_approval_status="accepted").values("user_id").distinct().count()
    changed_apps = mine.filter(updated_at__gte=SINCE).count()
    changed_people = (
        mine.filter(lead_provider_approval_status="accepted", updated_at__gte=SINCE)
        .values("user_id")
        .distinct()
        .count()
    )
    _t, token = create_token(provider, Actor.command("bench"))
    print(
        f"Database: {where}; {Application.objects.count():,} applications, {apps:,} at {provider.name} "
        f"({people:,} participants; {changed_apps:,} applications and {changed_people:,} participants changed "
        f"since {SINCE:%Y-%m-%d %H:%M})"
    )
    port = bench_env.free_port()
    server = start_server(port, args.workers)
    try:
        database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else None
        backends = (lambda: database_backends(database)) if database else list
        gunicorn = CpuMeter(lambda: server_processes(server.pid), own=False)
        db = CpuMeter(backends, own=False)
        floor_meter = CpuMeter(backends, own=True)
        probe = Client(port, token)
        for _ in range(10 * args.workers):  # warm every worker and its database connection
            probe.get(APPS, {"page[per_page]": "10"})
        print(f"Server: gunicorn (as npq serve: {args.workers} gthread workers x 4 threads) on port {port}; {load()}")

        def measure(clients: list[Client], path: str, sent: list[dict[str, str]]) -> tuple[list[float], float, float]:
            """Times of ``sent`` and the server's and the database's CPU ms per request."""
            before = gunicorn.read(), db.read()
            times = run(clients, path, sent)
            return times, gunicorn.since(before[0]) * 1000 / len(sent), db.since(before[1]) * 1000 / len(sent)

        fixed = args.fixed_cost or max(100, args.repeats * 2)
        empty = [{"filter[participant_id]": NOBODY, "page[per_page]": "100"}] * fixed
        times, server_cpu, db_cpu = measure([probe], APPS, empty)
        p50, p95 = stats(times)
        print(
            f"Fixed cost: an empty list (applications of a participant id nobody has), {len(empty)} requests, "
            f"1 client: p50 {p50:.1f} ms, p95 {p95:.1f} ms; CPU {server_cpu + db_cpu:.1f} ms a request "
            f"(server {server_cpu:.1f}, database {db_cpu:.1f})"
        )
        header = f"{'endpoint':34} {'/page':>5} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'floor p50':>9} "
        header += (
            f"{'floor p95':>9} {'p95/floor':>9} {'cpu ms':>7} {'db cpu':>7} {'floor cpu':>9} {'cpu/floor':>9} rows"
        )
        print(header)
        for per_page in (int(x) for x in args.per_page.split(",")):
            for label, path, kind, requests, floor_params in cases(
                probe, provider.pk, apps, people, (changed_apps, changed_people), per_page, args.repeats
            ):
                rows = len(orjson.loads(probe.get(path, requests[0])[1])["data"])  # records in the row's first page
                before = floor_meter.read()
                floor = stats(floor_times(kind, floor_params))
                floor_cpu = floor_meter.since(before) * 1000 / len(floor_params)
                for count in (int(x) for x in args.clients.split(",")):
                    clients = [Client(port, token) for _ in range(count)]
                    run(clients, path, requests[:count])  # open the connections
                    times, server_cpu, db_cpu = measure(clients, path, requests * count)
                    p50, p95 = stats(times)
                    cpu = server_cpu + db_cpu
                    print(
                        f"{label:34} {per_page:5d} {count:7d} {p50:8.1f} {p95:8.1f} {floor[0]:9.1f} {floor[1]:9.1f} "
                        f"{p95 / floor[1]:9.1f} {cpu:7.1f} {db_cpu:7.1f} {floor_cpu:9.1f} {cpu / floor_cpu:9.1f} "
                        f"{rows:4d}"
                    )
            print(f"  ({load()})")
        if sync_provider is not None:
            _t, sync_token = create_token(LeadProvider.objects.get(pk=sync_provider), Actor.command("bench"))
            syncing = Client(port, sync_token)
            for per_page in (1000, 3000):
                count, requests_made, elapsed = sync(syncing, per_page)
                print(
                    f"Full participant sync of {sync_name} by cursor, {per_page}/page: {count:,} participants "
                    f"in {requests_made} requests, {elapsed:.1f} s ({load()})"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"After: {load()}")


if __name__ == "__main__":
    main()
