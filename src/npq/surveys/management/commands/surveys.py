"""npq surveys send [--limit N]: send the survey invitations and reminders that are due, N at most."""

from typing import Any

from django.core.management.base import BaseCommand

from npq.surveys.services.sending import send_due_invitations


class Command(BaseCommand):
    help = "Survey emails: `send` sends the queued invitations and reminders that are due (throttled)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["send"])
        parser.add_argument("--limit", type=int, default=100, help="send at most this many emails (default 100)")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_due_invitations(limit=max(1, options["limit"]))
        self.stdout.write(
            f"Survey emails: {counts['sent']} sent, {counts['failed']} failed, {counts['skipped']} skipped"
        )
