"""npq curriculum upload --provider NAME FILE: store a provider's curriculum mapping."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.frameworks import queries, services
from npq.frameworks.services import FileRejected
from npq.reference.models import LeadProvider


class Command(BaseCommand):
    help = "Upload a lead provider's curriculum (YAML) and print its coverage."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        up = sub.add_parser("upload", help="Upload a curriculum file for a provider")
        up.add_argument("--provider", required=True, help="lead provider name")
        up.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = LeadProvider.objects.filter(name=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No lead provider named {options['provider']!r}")
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            cur = services.upload_curriculum(provider, text, path.name, Actor.command("curriculum upload"), via="cli")
        except FileRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Rejected with {len(exc.problems)} problem(s); nothing was stored") from exc
        except NPQError as exc:
            raise CommandError(exc.message) from exc
        report = queries.coverage_of(cur)
        self.stdout.write(
            f"Stored curriculum {cur.pk} ({cur}) for {provider.name}: {report.covered} of {report.total} "
            f"statements covered ({report.percent}%), {len(report.sequencing)} sequencing problem(s)"
        )
