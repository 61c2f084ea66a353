"""Declaration ingest rate through the Lead Provider API, every check on, served by gunicorn.

    python benchmarks/declarations_ingest.py --declarations 3000 --workers 2 --clients 8

Prepares accepted participants with a contract and open statements, starts ``gunicorn npq.wsgi``
with N workers, POSTs one started declaration per participant from several client threads, and
prints the rate and latencies; then checks every declaration was stored once and billed once.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_env import ROOT, percentile, start


def prepare(n: int) -> tuple[str, list[dict[str, object]]]:
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
        [User(email=f"ingest{i}@example.org", full_name=f"Ingest {i}", password="!") for i in range(n)], batch_size=5000
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
    return secret, bodies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    print(f"Database: {start('ingest')}")
    secret, bodies = prepare(args.declarations)
    port = free_port()
    env = {**os.environ, "NPQ_API_RATE_LIMIT": str(10 * args.declarations), "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "npq.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

        def send(chunk: list[dict[str, object]]) -> list[tuple[int, float]]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            out = []
            for body in chunk:
                t0 = time.perf_counter()
                conn.request("POST", "/api/v3/participant-declarations", json.dumps(body), headers)
                response = conn.getresponse()
                response.read()
                out.append((response.status, time.perf_counter() - t0))
            conn.close()
            return out

        chunks = [bodies[i :: args.clients] for i in range(args.clients)]
        began = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = [r for part in pool.map(send, chunks) for r in part]
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)

    from npq.declarations.models import Declaration
    from npq.finance.models import StatementLine

    statuses = {s for s, _ in results}
    latencies = [t * 1000 for _, t in results]
    stored = Declaration.objects.filter(state="eligible").count()
    billed = StatementLine.objects.filter(kind="output").count()
    print(
        f"{len(results):,} declarations in {elapsed:.1f} s with {args.workers} gunicorn workers and "
        f"{args.clients} clients: {len(results) / elapsed:,.0f} declarations/s (target >= 300)"
    )
    print(
        f"Latency p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms; "
        f"statuses {sorted(statuses)}; stored {stored:,}, billed {billed:,}"
    )
    sys.exit(0 if statuses == {200} and stored == billed == len(results) else 1)


if __name__ == "__main__":
    main()
