"""Declarations through the bulk endpoint beside the single endpoint, in the same run, every check on.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_bench \\
        python benchmarks/declarations_bulk.py --declarations 3000 --workers 2 --clients 4 --batch 500

Prepares accepted participants as ``declarations_ingest.py`` does (contract, open statements, a TRN
each so the duplicate-identity check runs, a delivery partner named in each request), starts ``gunicorn npq.wsgi``,
then declares ``started`` for half of them one request each and for the other half through
``POST /api/v3/participant-declarations/bulk`` in batches, and prints both rates with the CPU the
server and PostgreSQL spent per declaration. It then sends the first bulk batch again (every item
must answer ``repeat``) and counts in SQL that each participant's declaration was stored once and
billed once (one row, one output line each, and no second of either for any application).
"""

import argparse
import http.client
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_env import free_port, percentile, start, wait_for_port
from declarations_ingest import cpu_of, database_backends, load, prepare, serve, server_processes

BULK = "/api/v3/participant-declarations/bulk"


def send_bulk(port: int, secret: str, batches: list[list[dict[str, object]]], clients: int) -> list[dict[str, object]]:
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def send(chunk: list[list[dict[str, object]]]) -> list[dict[str, object]]:
        out = []
        for batch in chunk:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            t0 = time.perf_counter()
            conn.request("POST", BULK, json.dumps({"data": [b["data"] for b in batch]}).encode(), headers)
            response = conn.getresponse()
            raw = response.read()
            conn.close()
            if response.status != 200:
                raise SystemExit(f"bulk request failed: {response.status} {raw[:300]!r}")
            payload = json.loads(raw)
            out.append({"seconds": time.perf_counter() - t0, "answers": payload["data"]})
        return out

    with ThreadPoolExecutor(clients) as pool:
        return [r for part in pool.map(send, [batches[i::clients] for i in range(clients)]) for r in part]


def counted_in_sql() -> dict[str, int]:
    """Stored once and billed once, counted by the database itself."""
    from django.db import connection

    queries = {
        "declarations": "SELECT COUNT(*) FROM declarations_declaration",
        "billable": "SELECT COUNT(*) FROM declarations_declaration WHERE state IN ('eligible', 'payable', 'paid')",
        "output lines": "SELECT COUNT(*) FROM finance_statementline WHERE kind = 'output'",
        "stored twice": (
            "SELECT COUNT(*) FROM (SELECT application_id, declaration_type FROM declarations_declaration "
            "GROUP BY application_id, declaration_type HAVING COUNT(*) > 1) AS twice"
        ),
        "billed twice": (
            "SELECT COUNT(*) FROM (SELECT d.application_id, d.declaration_type FROM finance_statementline l "
            "JOIN declarations_declaration d ON d.id = l.declaration_id WHERE l.kind = 'output' "
            "GROUP BY d.application_id, d.declaration_type HAVING COUNT(*) > 1) AS twice"
        ),
        "never billed": (
            "SELECT COUNT(*) FROM declarations_declaration d WHERE NOT EXISTS (SELECT 1 FROM finance_statementline l "
            "WHERE l.declaration_id = d.id AND l.kind = 'output')"
        ),
    }
    found = {}
    with connection.cursor() as cur:
        for name, sql in queries.items():
            cur.execute(sql)
            found[name] = int(cur.fetchone()[0])
    return found


def timed_run(server_pid: int, database: str, work: object) -> tuple[object, float, float, float | None]:
    """Run ``work()``: its result, wall seconds, server CPU seconds and PostgreSQL backend CPU seconds
    (None when no backend of the database was seen at the end, so none could be measured)."""
    server0 = cpu_of(server_processes(server_pid))
    backends0 = cpu_of(database_backends(database)) if database else {}
    began = time.perf_counter()
    result = work()  # type: ignore[operator]
    elapsed = time.perf_counter() - began
    server1 = cpu_of(server_processes(server_pid))
    backends1 = cpu_of(database_backends(database)) if database else {}
    server_cpu = sum(server1.values()) - sum(server0.get(p, 0.0) for p in server1)
    database_cpu = sum(backends1.values()) - sum(backends0.get(p, 0.0) for p in backends1) if backends1 else None
    return result, elapsed, server_cpu, database_cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=3000, help="for each endpoint")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4)
    # Longer than the run: a connection closed during it takes its PostgreSQL backend's CPU figure with it.
    parser.add_argument("--conn-max-age", type=int, default=3600)
    args = parser.parse_args()
    print(f"Database: {start('bulk')}")
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Note: SQLite runs one writer at a time; the figures to quote are from PostgreSQL (set DATABASE_URL)")
    n = args.declarations
    secret, bodies = prepare(2 * n)
    single_bodies, bulk_bodies = bodies[:n], bodies[n:]
    batches = [bulk_bodies[i : i + args.batch] for i in range(0, n, args.batch)]
    database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
    port = free_port()
    server = serve(args, port, 2 * n)
    try:
        wait_for_port(port)
        time.sleep(1)  # let the workers finish importing
        load_before = os.getloadavg()
        singles, single_elapsed, single_server, single_db = timed_run(
            server.pid, database, lambda: load(port, secret, single_bodies, args.clients)
        )
        bulks, bulk_elapsed, bulk_server, bulk_db = timed_run(
            server.pid, database, lambda: send_bulk(port, secret, batches, args.clients)
        )
        load_after = os.getloadavg()
        repeat = send_bulk(port, secret, batches[:1], 1)[0]
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcomes = sorted({str(a["outcome"]) for r in bulks for a in r["answers"]})  # type: ignore[attr-defined]
    repeats = {str(a["outcome"]) for a in repeat["answers"]}  # type: ignore[index]
    statuses = sorted({s for s, _ in singles})  # type: ignore[attr-defined]
    single_rate, bulk_rate = n / single_elapsed, n / bulk_elapsed
    batch_ms = [float(r["seconds"]) * 1000 for r in bulks]  # type: ignore[attr-defined]
    config = f"{args.workers} gunicorn {args.worker_class} workers, {args.clients} clients"

    def cpu(server_s: float, db_s: float | None) -> str:
        text = f"server {server_s / n * 1000:.1f} ms"
        if database:
            text += f" + PostgreSQL {db_s / n * 1000:.1f} ms" if db_s is not None else " + PostgreSQL not measured"
        return text + " CPU per declaration"

    print(f"Load average before {load_before[0]:.2f}, after {load_after[0]:.2f} ({os.cpu_count()} cores); {config}")
    print(
        f"Single endpoint: {n:,} declarations in {single_elapsed:.1f} s: {single_rate:,.0f} declarations/s; "
        f"{cpu(single_server, single_db)}"
    )
    print(
        f"Bulk endpoint: {n:,} declarations in {len(batches)} batches of up to {args.batch} in {bulk_elapsed:.1f} s: "
        f"{bulk_rate:,.0f} declarations/s (target >= 300), {bulk_rate / single_rate:.1f}x the single endpoint; "
        f"batch p50 {percentile(batch_ms, 0.5):.0f} ms; {cpu(bulk_server, bulk_db)}"
    )
    counts = counted_in_sql()
    stored, billed = counts["billable"], counts["output lines"]
    print(
        f"Single statuses {statuses}; bulk outcomes {outcomes}; the first batch sent again: {sorted(repeats)}; "
        f"stored {stored:,}, billed {billed:,}"
    )
    print("Counted in SQL: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    once = counts["stored twice"] == counts["billed twice"] == counts["never billed"] == 0
    ok = statuses == [200] and outcomes == ["created"] and repeats == {"repeat"} and once
    sys.exit(0 if ok and stored == billed == counts["declarations"] == 2 * n else 1)


if __name__ == "__main__":
    main()
