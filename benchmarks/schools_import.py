"""Benchmark: importing a national-size GIAS export (about 50,000 establishments) and searching it.

Prints rows per second for a first import and an unchanged re-import, peak memory, and search
latency. Usage: python benchmarks/schools_import.py [--rows N]   (DATABASE_URL to use PostgreSQL)
"""

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402

COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "NumberOfPupils",
    "UKPRN",
    "Street",
    "Town",
    "Postcode",
]
WORDS = [
    "Abbey",
    "Ashfield",
    "Beech",
    "Brook",
    "Castle",
    "Cedar",
    "Elm",
    "Fair",
    "Green",
    "Hawthorn",
    "High",
    "Hill",
    "King",
    "Lake",
    "Meadow",
    "Mill",
    "New",
    "Oak",
    "Park",
    "Queen",
    "River",
    "Rose",
    "South",
    "Spring",
]
KINDS = [
    "Primary School",
    "Infant School",
    "Junior School",
    "Academy",
    "High School",
    "C of E Primary School",
    "Catholic Primary School",
    "Nursery School",
    "College",
]
TOWNS = ["Leeds", "Exeter", "Lincoln", "Ely", "Margate", "Otley", "Boston", "Tiverton", "Grantham", "Ashford"]


def make_file(rows: int, folder: Path) -> Path:
    rng = random.Random(50_000)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i in range(rows):
        town = rng.choice(TOWNS)
        name = f"{rng.choice(WORDS)}{rng.choice(['', 'field', 'wood', 'side'])} {rng.choice(KINDS)}"
        status = "2" if i % 12 == 0 else "1"
        writer.writerow(
            [
                100000 + i,
                "330",
                "Somewhere",
                name,
                "1",
                "Community school",
                status,
                "Closed" if status == "2" else "Open",
                "Primary",
                rng.randint(20, 1800),
                10000000 + i,
                "1 High Street",
                town,
                f"{town[:2].upper()}{i % 20} {i % 9}AB",
            ]
        )
    path = folder / "edubase-national.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    database = bench_env.start("schools")
    from npq.core.audit import Actor
    from npq.reference import search
    from npq.reference.importing import import_schools

    path = make_file(args.rows, Path(tempfile.mkdtemp()))
    results: dict[str, float] = {}
    with bench_env.timed(results, "first"):
        first = import_schools(path, Actor.command("bench"), execute=True)
    with bench_env.timed(results, "again"):
        again = import_schools(path, Actor.command("bench"), execute=True)
    assert first.added == args.rows and again.unchanged == args.rows
    latencies: list[float] = []
    for query in ["oak primary", "st marys", "hill academy leeds", "100123", "EX3 4AB", "meadowfield nursery"]:
        for _ in range(5):
            began = time.perf_counter()
            list(search.schools(query)[:10])
            latencies.append((time.perf_counter() - began) * 1000)
    print(f"schools import benchmark on {database}, {args.rows:,} rows")
    print(f"  first import:     {results['first']:.1f} s  ({args.rows / results['first']:,.0f} rows/s, audit included)")
    print(f"  unchanged import: {results['again']:.1f} s  ({args.rows / results['again']:,.0f} rows/s)")
    print(f"  ratio first/unchanged: {results['first'] / results['again']:.2f}")
    print(
        f"  search, first 10 results: p50 {bench_env.percentile(latencies, 0.5):.1f} ms, "
        f"p95 {bench_env.percentile(latencies, 0.95):.1f} ms over {len(latencies)} queries"
    )
    print(f"  peak memory: {bench_env.peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
