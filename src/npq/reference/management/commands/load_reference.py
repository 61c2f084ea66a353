"""npq load-reference: courses, cohorts, schedules, providers, partners and offerings."""

from typing import Any

from django.core.management.base import BaseCommand

from npq.core.audit import Actor
from npq.reference.loading import load_reference


class Command(BaseCommand):
    help = "Load the reference data shipped with the platform (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_reference(Actor.command("load-reference"))
        for line in summary.lines():
            self.stdout.write(line)
