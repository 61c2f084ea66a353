"""npq serve: gunicorn in front of the WSGI app (or Django's development server with --dev)."""

import os
import shutil
import subprocess  # noqa: S404 - starting our own server process
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the pages and the Lead Provider API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server")
        parser.add_argument("--with-worker", action="store_true", help="also run `npq worker`; both stop together")
        parser.add_argument(
            "--control-socket",
            default="",
            help="gunicorn control socket path (default: a fresh one per server; 'none' for no control socket)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"NPQ Platform: http://{address}/  (API: http://{address}/api/v3/, docs: /api/docs/v3)")
        worker = None
        if options["with_worker"]:
            npq = shutil.which("npq", path=str(Path(sys.executable).parent)) or "npq"
            worker = subprocess.Popen([npq, "worker"])  # noqa: S603 - our own command
        try:
            self._serve(address, options)
        finally:
            if worker is not None:  # the server stopped (Ctrl+C or exit): stop the worker with it
                worker.terminate()
                worker.wait(timeout=30)

    def _serve(self, address: str, options: dict[str, Any]) -> None:
        if options["dev"]:
            call_command("runserver", address)
            return
        # gunicorn's default control socket is one path per user (~/.gunicorn/gunicorn.ctl), so a second
        # server on the machine took over (or removed) the first one's: each server gets its own.
        with tempfile.TemporaryDirectory(prefix="npq-serve-") as private:
            socket = options["control_socket"] or str(Path(private) / f"gunicorn-{os.getpid()}.ctl")
            code = subprocess.call(gunicorn_command(address, options, socket), env=_env())  # noqa: S603
        raise SystemExit(code)


def _env() -> dict[str, str]:
    # Keep database connections between requests (a new PostgreSQL connection costs about 5 ms).
    return {**os.environ, "NPQ_DB_CONN_MAX_AGE": os.environ.get("NPQ_DB_CONN_MAX_AGE", "60")}


def gunicorn_command(address: str, options: dict[str, Any], control_socket: str) -> list[str]:
    """The fixed argument list for gunicorn; ``control_socket`` 'none' turns the control interface off."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    socket = ["--no-control-socket"] if control_socket == "none" else ["--control-socket", control_socket]
    return [
        gunicorn,
        "npq.wsgi:application",
        "--bind",
        address,
        "--workers",
        str(options["workers"]),
        "--worker-class",
        "gthread",
        "--threads",
        str(options["threads"]),
        "--access-logfile",
        "-",
        # Time, client, request, status and duration: what an operator reads; the byte count is left out.
        "--access-logformat",
        '%(t)s %(h)s "%(r)s" %(s)s %(M)sms',
        "--timeout",
        "60",
        *socket,
    ]
