"""npq sandbox seed --provider NAME: test participants in every state for one provider."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core.errors import NPQError
from npq.reference.models import LeadProvider
from npq.web.sandbox import seed


class Command(BaseCommand):
    help = "Sandbox tools. 'seed --provider NAME' creates test participants in every state."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        s = sub.add_parser("seed", help="Create test participants for a provider")
        s.add_argument("--provider", required=True)
        s.add_argument("--force", action="store_true", help="allow outside sandbox mode (NPQ_SANDBOX=1)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.NPQ_SANDBOX or settings.DEBUG or options["force"]):
            raise CommandError("Refused: set NPQ_SANDBOX=1 (sandbox data must never reach production)")
        provider = LeadProvider.objects.filter(name=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No lead provider called {options['provider']!r}")
        try:
            result = seed(provider)
        except NPQError as exc:
            raise CommandError(exc.message) from exc
        made = ", ".join(f"{count} {state}" for state, count in sorted(result.made.items()))
        self.stdout.write(f"Sandbox participants for {provider.name}: {made}.")
        for note in result.notes:
            self.stdout.write(f"  {note}")
