"""npq insights refresh [--full]: bring the insight summary tables up to date."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from npq.core.audit import Actor
from npq.insights import services


class Command(BaseCommand):
    help = "Insights: `npq insights refresh` updates the summaries from what changed since the last refresh."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="update the summary tables (only what changed)")
        refresh.add_argument("--full", action="store_true", help="rebuild every summary from the records")
        refresh.add_argument("--programme", default="npq", choices=["npq", "ecf"])

    def handle(self, *args: Any, **options: Any) -> None:
        state = services.refresh(Actor.command("insights refresh"), options["programme"], full=options["full"])
        self.stdout.write(f"Refreshed {state.applications} applications' figures in {state.seconds:.2f} seconds")
