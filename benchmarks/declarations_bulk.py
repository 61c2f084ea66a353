"""Declarations through the bulk endpoint beside the single endpoint, in the same run, every check on.

    python benchmarks/declarations_bulk.py --declarations 3000 --workers 2 --clients 4 --batch 500

Prepares accepted participants as ``declarations_ingest.py`` does (contract, open statements, a TRN
each), starts ``gunicorn npq.wsgi``, then declares ``started`` for half of them one request each
and for the other half through ``POST /api/v3/participant-declarations/bulk`` in batches, and
prints both rates. It then sends the first bulk batch again (every item must answer ``repeat``)
and checks each declaration was stored once and billed once.
"""

import argparse
import http.client
import json
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_env import percentile, start
from declarations_ingest import free_port, load, prepare, serve

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=3000, help="for each endpoint")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--conn-max-age", type=int, default=60)
    args = parser.parse_args()
    print(f"Database: {start('bulk')}")
    n = args.declarations
    secret, bodies = prepare(2 * n)
    single_bodies, bulk_bodies = bodies[:n], bodies[n:]
    batches = [bulk_bodies[i : i + args.batch] for i in range(0, n, args.batch)]
    port = free_port()
    server = serve(args, port, 2 * n)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # let the workers finish importing
        began = time.perf_counter()
        singles = load(port, secret, single_bodies, args.clients)
        single_elapsed = time.perf_counter() - began
        began = time.perf_counter()
        bulks = send_bulk(port, secret, batches, args.clients)
        bulk_elapsed = time.perf_counter() - began
        repeat = send_bulk(port, secret, batches[:1], 1)[0]
    finally:
        server.terminate()
        server.wait(timeout=30)

    from npq.declarations.models import Declaration
    from npq.finance.models import StatementLine

    outcomes = sorted({str(a["outcome"]) for r in bulks for a in r["answers"]})  # type: ignore[attr-defined]
    repeats = {str(a["outcome"]) for a in repeat["answers"]}  # type: ignore[attr-defined]
    statuses = sorted({s for s, _ in singles})
    stored = Declaration.objects.filter(state="eligible").count()
    billed = StatementLine.objects.filter(kind="output").count()
    single_rate, bulk_rate = n / single_elapsed, n / bulk_elapsed
    batch_ms = [float(r["seconds"]) * 1000 for r in bulks]  # type: ignore[arg-type]
    print(f"Single endpoint: {n:,} declarations in {single_elapsed:.1f} s: {single_rate:,.0f} declarations/s")
    print(
        f"Bulk endpoint: {n:,} declarations in {len(batches)} batches of up to {args.batch} in {bulk_elapsed:.1f} s: "
        f"{bulk_rate:,.0f} declarations/s (target >= 300), {bulk_rate / single_rate:.1f}x the single endpoint; "
        f"batch p50 {percentile(batch_ms, 0.5):.0f} ms"
    )
    print(
        f"Single statuses {statuses}; bulk outcomes {outcomes}; the first batch sent again: {sorted(repeats)}; "
        f"stored {stored:,}, billed {billed:,}"
    )
    ok = statuses == [200] and outcomes == ["created"] and repeats == {"repeat"} and stored == billed == 2 * n
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
