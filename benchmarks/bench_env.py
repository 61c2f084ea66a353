"""Shared start-up for benchmark scripts: a database (DATABASE_URL, or a fresh SQLite file) and Django."""

import atexit
import gc
import os
import resource
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start(name: str) -> str:
    """Point Django at the benchmark database, migrate it, and return a description of it."""
    sys.path.insert(0, str(ROOT / "src"))
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix=f"npq-bench-{name}-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npq.settings")
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):  # a database already migrated is left as it is
        call_command("migrate", verbosity=0)
    # The benchmark's figures are printed by then: at exit, Python's last collections over every object
    # (0.4 s of CPU for a process that has served pages) are skipped.
    atexit.register(gc.freeze)
    return f"{connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(results: dict[str, float], key: str) -> Iterator[None]:
    began = time.perf_counter()
    yield
    results[key] = time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def free_port() -> int:
    """A port on loopback that nothing is listening on, for a server the benchmark starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60) -> bool:
    """Wait until a server accepts connections on ``port``; False if none did within ``seconds``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False
