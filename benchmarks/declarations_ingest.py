"""Declaration ingest rate through the Lead Provider API, every check on, served by gunicorn.

    python benchmarks/declarations_ingest.py --declarations 3000 --workers 2 --clients 8
    python benchmarks/declarations_ingest.py --worker-class gthread --threads 4 --conn-max-age 60

Prepares accepted participants (each with a TRN, so the duplicate-identity check runs) with a
contract and open statements, then:

1. sends one declaration in process and prints its SQL queries (and, with ``--profile``, the
   functions that took the most time over 20 more);
2. starts ``gunicorn npq.wsgi`` with N workers and POSTs one started declaration per participant
   from several client threads, each on one kept-alive connection (gunicorn's sync workers close it
   after every response, so the client then reconnects);
3. prints the rate, p50/p95 latency, the CPU the server processes used per declaration and how
   busy the machine's cores were, and checks every declaration was stored once and billed once.
"""

import argparse
import cProfile
import datetime as dt
import http.client
import io
import json
import os
import pstats
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_env import ROOT, free_port, percentile, start, wait_for_port

PATH = "/api/v3/participant-declarations"


def prepare(n: int) -> tuple[str, list[dict[str, object]]]:
    from django.db import connection

    from npq.api.tokens import create_token
    from npq.core import clock
    from npq.core.audit import Actor
    from npq.finance import services
    from npq.people.models import User
    from npq.reference.loading import load_reference
    from npq.reference.models import Cohort, Course, DeliveryPartnership, LeadProvider, Schedule
    from npq.registration.models import Application

    actor = Actor.command("benchmark")
    load_reference(actor)
    provider = LeadProvider.objects.get(name="Ambition Institute")
    cohort = Cohort.objects.get(identifier="2026b")
    course = Course.objects.get(identifier="npq-headship")
    schedule = Schedule.objects.get(cohort=cohort, identifier="npq-leadership-autumn")
    partner = DeliveryPartnership.objects.filter(lead_provider=provider, cohort=cohort).first().delivery_partner
    services.create_contract(actor, provider, cohort, course, 240_000, 100, 12)
    today = clock.today()
    for k in range(1, 4):
        month = (today.month + k - 1) % 12 + 1
        year = today.year + (today.month + k - 1) // 12
        services.create_statement(actor, provider, cohort, year, month)
    users = User.objects.bulk_create(
        [
            User(email=f"ingest{i}@example.org", full_name=f"Ingest {i}", password="!", trn=f"{3_000_000 + i}")
            for i in range(n)
        ],
        batch_size=5000,
    )
    Application.objects.bulk_create(
        [
            Application(
                user=u,
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
            for u in users
        ],
        batch_size=5000,
    )
    day = max(schedule.applies_from, today - dt.timedelta(days=1))
    bodies = [
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": str(u.ecf_id),
                    "declaration_type": "started",
                    "declaration_date": f"{day.isoformat()}T09:00:00Z",
                    "course_identifier": course.identifier,
                    "delivery_partner_id": str(partner.ecf_id),
                },
            }
        }
        for u in users
    ]
    _token, secret = create_token(provider, actor)
    if connection.vendor == "postgresql":  # fresh statistics, and no autovacuum of the bulk load during the run
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    return secret, bodies


def in_process(secret: str, bodies: list[dict[str, object]], profile: bool) -> int:
    """Send declarations through Django's test client: print one request's queries, optionally profile more."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def post(body: dict[str, object]) -> None:
        response = client.post(
            PATH, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
        )
        if response.status_code != 200:
            raise SystemExit(f"in-process declaration failed: {response.status_code} {response.content[:300]!r}")

    post(bodies[0])  # warm: first use of each query path
    with CaptureQueriesContext(connection) as captured:
        post(bodies[1])
    queries = [q["sql"] for q in captured.captured_queries]  # read now: the next request clears the log
    print(f"One declaration, in process: {len(queries)} SQL statements")
    for sql in queries:
        print(f"  {sql[:110]}")
    if profile:
        profiler = cProfile.Profile()
        began = time.process_time()
        profiler.enable()
        for body in bodies[2:22]:
            post(body)
        profiler.disable()
        print(
            f"Profile of 20 declarations in process ({(time.process_time() - began) * 50:.1f} ms CPU each, profiled):"
        )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("npq/", 15)
        print("\n".join(line for line in out.getvalue().splitlines() if "npq/" in line))
    return len(queries)


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks over every core since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def process_seconds(pid: int) -> float:
    """User plus system CPU seconds of one process, from /proc (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_processes(master: int) -> list[int]:
    try:
        with open(f"/proc/{master}/task/{master}/children") as children:
            return [master, *(int(p) for p in children.read().split())]
    except OSError:
        return [master]


def database_backends(name: str) -> list[int]:
    """PostgreSQL backend processes serving the benchmark's database (their titles name it)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    title = cmdline.read().decode(errors="replace")
            except OSError:
                continue
            # "postgres: [cluster: ]user database host(port) state"; autovacuum workers do not match
            match = re.match(r"postgres: (?:\S+: )?(\S+) (\S+) ", title)
            if match and match.group(1) != "autovacuum" and match.group(2) == name:
                found.append(int(entry))
    return found


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: process_seconds(pid) for pid in pids}


def serve(args: argparse.Namespace, port: int, n: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NPQ_API_RATE_LIMIT": str(10 * n + 100),
        "NPQ_DB_CONN_MAX_AGE": str(args.conn_max_age),
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [sys.executable, "-m", "gunicorn", "npq.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}"]
    # A bulk request (declarations_bulk.py) of 500 declarations can outlast gunicorn's 30 s default.
    command += ["--worker-class", args.worker_class, "--log-level", "warning", "--timeout", "300"]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    return subprocess.Popen(command, env=env)  # noqa: S603


def load(port: int, secret: str, bodies: list[dict[str, object]], clients: int) -> list[tuple[int, float]]:
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json", "Connection": "keep-alive"}
    payloads = [json.dumps(b).encode() for b in bodies]

    def send(chunk: list[bytes]) -> list[tuple[int, float]]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out = []
        for body in chunk:
            t0 = time.perf_counter()
            conn.request("POST", PATH, body, headers)
            response = conn.getresponse()
            response.read()
            out.append((response.status, time.perf_counter() - t0))
            if response.will_close:
                conn.close()  # the next request opens a new connection
        conn.close()
        return out

    with ThreadPoolExecutor(clients) as pool:
        return [r for part in pool.map(send, [payloads[i::clients] for i in range(clients)]) for r in part]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker with --worker-class gthread")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="NPQ_DB_CONN_MAX_AGE for the server (0: connect per request)"
    )
    parser.add_argument("--profile", action="store_true", help="profile 20 declarations in process first")
    args = parser.parse_args()
    print(f"Database: {start('ingest')}")
    from django.db import connection

    warm = 22 if args.profile else 2
    secret, bodies = prepare(args.declarations + warm)
    queries = in_process(secret, bodies[:warm], args.profile)
    bodies = bodies[warm:]
    port = free_port()
    server = serve(args, port, len(bodies))
    try:
        wait_for_port(port)
        time.sleep(1)  # let the workers finish importing
        database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
        server0 = cpu_of(server_processes(server.pid))
        backends0 = cpu_of(database_backends(database)) if database else {}
        load_before = os.getloadavg()[0]
        busy0, total0 = cpu_ticks()
        client0 = time.process_time()
        began = time.perf_counter()
        results = load(port, secret, bodies, args.clients)
        elapsed = time.perf_counter() - began
        client_cpu = time.process_time() - client0
        busy1, total1 = cpu_ticks()
        server1 = cpu_of(server_processes(server.pid))
        backends1 = cpu_of(database_backends(database)) if database else {}
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_seconds = sum(server1.values()) - sum(server0.get(p, 0.0) for p in server1)
    # backends that closed during the run (connection per request) are missed: a lower bound then
    database_seconds = sum(backends1.values()) - sum(backends0.get(p, 0.0) for p in backends1)

    from npq.declarations.models import Declaration
    from npq.finance.models import StatementLine

    statuses = {s for s, _ in results}
    latencies = [t * 1000 for _, t in results]
    stored = Declaration.objects.filter(state="eligible").count()
    billed = StatementLine.objects.filter(kind="output").count()
    done = len(results)
    config = f"{args.workers} gunicorn {args.worker_class} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(
        f"{done:,} declarations in {elapsed:.1f} s with {config} and {args.clients} clients "
        f"(connection kept {args.conn_max_age} s): {done / elapsed:,.0f} declarations/s (target >= 300)"
    )
    print(
        f"Latency p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms; "
        f"{queries} SQL statements per declaration; statuses {sorted(statuses)}; stored {stored:,}, billed {billed:,}"
    )
    print(
        f"CPU per declaration: server {server_seconds / done * 1000:.1f} ms, "
        + (f"PostgreSQL backends {database_seconds / done * 1000:.1f} ms, " if database else "")
        + f"load generator "
        f"{client_cpu / done * 1000:.1f} ms; machine cores busy {100 * (busy1 - busy0) / max(total1 - total0, 1):.0f}% "
        f"of {os.cpu_count()} (load average before the run {load_before:.1f})"
    )
    sys.exit(0 if statuses == {200} and stored == billed == done + warm else 1)


if __name__ == "__main__":
    main()
