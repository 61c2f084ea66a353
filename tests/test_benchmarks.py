"""Benchmarks are not timed here: each must run to the end on a small size and print its figures.

Every script in benchmarks/ is listed (a new one without a row here fails the last test); each runs
on its own copy of one SQLite file made once for the whole run: its tables made from the models, as
the tests' own are (``--nomigrations``), and every migration recorded as applied, so a script does not
migrate it again. Applying the migrations one by one took 20 to 24 s of CPU; CI (``.ci/run``) applies
them to a fresh SQLite file, as to PostgreSQL, beside the quality gates.
"""

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
NUMBER = r"[\d,]+(?:\.\d+)?"

# script, small-size arguments, figures its output must contain
RUNS = [
    (
        "provider_pages.py",
        ["--participants", "300", "--repeats", "3"],
        [rf"SQL floor \(first page\) +p50 {NUMBER} ms", rf"participants list +p50 {NUMBER} ms, p95 {NUMBER} ms"],
    ),
    ("schools_import.py", ["--rows", "300"], [rf"first import: +{NUMBER} s +\({NUMBER} rows/s", r"p50 [\d.]+ ms"]),
    (
        "api_list.py",
        ["--applications", "400", "--repeats", "3"],
        [
            rf"npq-applications per_page=100 +{NUMBER} +{NUMBER}",
            rf"by cursor: {NUMBER} participants \({NUMBER} expected\)",
        ],
    ),
    (
        "api_over_http.py",
        ["--applications", "400", "--repeats", "2", "--sync", "300", "--clients", "1,2", "--workers", "1"]
        + ["--fixed-cost", "10"],
        [
            rf"applications, page 3 on +100 +1 +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER}",
            rf"participants, cursor +1000 +2 +{NUMBER} +{NUMBER}",
            rf"applications, updated_since, 250 +100 +1 +{NUMBER} +{NUMBER}",
            rf"participants, updated_since, all +100 +1 +{NUMBER} +{NUMBER}",
            rf"Full participant sync of Best Practice Network by cursor, 1000/page: {NUMBER} participants",
        ],
    ),
    (
        "finance_statements.py",
        ["--declarations", "400"],
        [rf"best {NUMBER} s", "reconciled to the penny", rf"{NUMBER} declarations/s"],
    ),
    (
        "evidence_pack.py",
        ["--participants", "300", "--repeats", "2"],
        [rf"evidence pack page, 300 participants: best {NUMBER} s, p50 {NUMBER} s; \d+ queries; floor", r"target 1 s"],
    ),
    (
        "national_uptake.py",
        ["--scale", "0.002", "--repeats", "1", "--refreshes", "1"],
        [
            rf"starts {NUMBER}; more needed {NUMBER} in 18 months",
            r"planned starts per course reproduced: True",
            rf"page /insights +status 200 first after refresh +{NUMBER} ms",
            rf"incremental refresh after {NUMBER} new declarations: {NUMBER} s",
        ],
    ),
    (
        "declarations_ingest.py",
        ["--declarations", "10", "--clients", "2", "--workers", "1", "--profile"],
        [
            rf"{NUMBER} declarations/s",
            rf"p50 {NUMBER} ms, p95 {NUMBER} ms; \d+ SQL statements per declaration; statuses \[200\]; "
            r"stored 32, billed 32",
            r"Profile of 20 declarations in process",
            r"declarations/recording.py:\d+\(record_declarations\)",
            rf"CPU per declaration: server {NUMBER} ms",
        ],
    ),
    (
        "docx_bomb.py",
        ["--inflate-mb", "30", "--picture-mb", "1"],
        [rf"refused in {NUMBER} s .*status 400", rf"serving process peak memory: {NUMBER} MB"],
    ),
    (
        "survey_results.py",
        ["--answers", "300", "--repeats", "2"],
        [
            rf"floor \(count the question's answers\): median {NUMBER} ms",
            rf"before \(joined to responses\): median {NUMBER} ms",
            rf"results by delivery_partner: median {NUMBER} ms",
            rf"{NUMBER} respondents, {NUMBER}% agreeing",
        ],
    ),
    (
        "declarations_bulk.py",
        ["--declarations", "20", "--batch", "10", "--clients", "2", "--workers", "1"],
        [
            rf"Single endpoint: 20 declarations in {NUMBER} s: {NUMBER} declarations/s",
            rf"Bulk endpoint: 20 declarations in 2 batches of up to 10 in {NUMBER} s: {NUMBER} declarations/s",
            r"bulk outcomes \['created'\]; the first batch sent again: \['repeat'\]; stored 40, billed 40",
        ],
    ),
]


# The template: the tables made from the models (each app's migrations turned off, as pytest-django's
# --nomigrations does), then every migration recorded as applied without being run (--fake).
TEMPLATE = """
import django
from django.conf import settings
from django.core.management import call_command

class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None

django.setup()
real = settings.MIGRATION_MODULES
settings.MIGRATION_MODULES = NoMigrations()
call_command("migrate", run_syncdb=True, verbosity=0)
settings.MIGRATION_MODULES = real
call_command("migrate", fake=True, verbosity=0)
"""


@pytest.fixture(scope="session")
def migrated(tmp_path_factory, worker_id):
    """A SQLite file with every table, for each benchmark to copy: made once for the whole run, by
    whichever test worker asks first, while the others wait on a lock."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    path = shared / "bench-template.sqlite3"
    with (shared / "bench-template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.with_suffix(".building")
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{building}", "DJANGO_SETTINGS_MODULE": "npq.settings"}
            done = subprocess.run(  # noqa: S603
                [sys.executable, "-c", TEMPLATE], capture_output=True, text=True, env=env, timeout=300
            )
            assert done.returncode == 0, done.stderr[-2000:]
            building.rename(path)
    return path


@pytest.mark.parametrize(("script", "args", "figures"), RUNS, ids=[r[0] for r in RUNS])
def test_benchmark_runs_and_prints_figures(script, args, figures, tmp_path, migrated):
    shutil.copyfile(migrated, tmp_path / "bench.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/bench.sqlite3"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for figure in figures:
        assert re.search(figure, result.stdout), f"{script} did not print {figure!r}:\n{result.stdout[-2000:]}"


def test_every_benchmark_script_is_run_here_and_listed_in_the_readme():
    scripts = {p.name for p in BENCHMARKS.glob("*.py") if p.name != "bench_env.py"}
    assert scripts == {r[0] for r in RUNS}
    readme = (BENCHMARKS / "README.md").read_text()
    for script in scripts:
        assert f"`{script}" in readme, f"{script} has no row in benchmarks/README.md"
