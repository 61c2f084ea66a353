"""npq worker: run background jobs and scheduled jobs until stopped (several may run at once)."""

import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from npq.core import worker


class Command(BaseCommand):
    help = "Run background jobs (emails, webhooks, schedules). Several workers may share one database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds to wait when there is nothing to do")
        parser.add_argument("--once", action="store_true", help="run what is ready now, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        if options["once"]:
            ran = worker.run_pending(worker_id)
            self.stdout.write(f"Ran {ran} job{'s' if ran != 1 else ''}.")
            return
        self.stdout.write(f"Worker {worker_id} running jobs (Ctrl+C to stop).")
        worker.Loop(worker_id, options["interval"]).run()
