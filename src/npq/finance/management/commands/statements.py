"""``npq statements advance [--today YYYY-MM-DD]``: make open statements payable after their deadline.

Run daily (cron, just after midnight). Each statement moves in its own transaction, audited as the
command; a statement already payable or paid is never touched.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core import clock
from npq.core.audit import Actor
from npq.core.money import format_pounds
from npq.finance import services


class Command(BaseCommand):
    help = "Payment statements: 'advance' makes open statements whose deadline has passed payable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["advance"])
        parser.add_argument("--today", help="Treat this date as today (YYYY-MM-DD); defaults to the real date")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError as exc:
            raise CommandError(f"--today must be a date like 2026-03-27, not {options['today']!r}") from exc
        done = services.advance_statements(Actor.command("statements advance"), today=today)
        for statement in done:
            total = services.totals(statement).total
            self.stdout.write(f"{statement}: now payable, total {format_pounds(total)}")
        self.stdout.write(f"{len(done)} statement(s) made payable as of {today.isoformat()}.")
