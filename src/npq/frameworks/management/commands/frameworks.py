"""npq frameworks load FILE | publish KEY VERSION | diff OLD NEW | list | coverage ID."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.frameworks import queries, services
from npq.frameworks.models import Curriculum, Framework
from npq.frameworks.services import FileRejected


def find(ref: str) -> Framework:
    """``npq-2017@1`` or ``npq-2017:1`` names a key and version."""
    for sep in ("@", ":"):
        if sep in ref:
            key, _, version = ref.rpartition(sep)
            fw = Framework.objects.filter(key=key, version=int(version) if version.isdigit() else -1).first()
            if fw is None:
                raise CommandError(f"No framework {key} version {version}")
            return fw
    raise CommandError(f"Name a framework as KEY@VERSION (for example npq-2017@1), not {ref!r}")


class Command(BaseCommand):
    help = "Load, publish, list and compare framework versions; report curriculum coverage."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load a framework version from a YAML file")
        load.add_argument("file")
        pub = sub.add_parser("publish", help="Publish a draft version (retires the published one)")
        pub.add_argument("framework", help="KEY@VERSION")
        diff = sub.add_parser("diff", help="Statements and criteria added, removed and changed")
        diff.add_argument("old", help="KEY@VERSION")
        diff.add_argument("new", help="KEY@VERSION")
        sub.add_parser("list", help="Every framework version")
        cov = sub.add_parser("coverage", help="A curriculum's coverage report as CSV")
        cov.add_argument("curriculum", type=int, help="curriculum id")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"do_{action}")(options)
        except FileRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Rejected with {len(exc.problems)} problem(s); nothing was stored") from exc
        except NPQError as exc:
            raise CommandError(exc.message) from exc

    def do_load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        fw = services.load_framework(text, path.name, Actor.command("frameworks load"))
        self.stdout.write(
            f"Loaded {fw.key} version {fw.version} ({fw.status}): {fw.qualifications.count()} qualifications, "
            f"{fw.content_areas.count()} content areas, {fw.statements.count()} statements, "
            f"{fw.behaviours.count()} behaviours, {fw.tasks.count()} tasks, {fw.criteria.count()} criteria"
        )

    def do_publish(self, options: dict[str, Any]) -> None:
        fw = services.publish_framework(find(options["framework"]).pk, Actor.command("frameworks publish"))
        self.stdout.write(f"Published {fw.key} version {fw.version}")

    def do_list(self, options: dict[str, Any]) -> None:
        for fw in Framework.objects.all():
            self.stdout.write(f"{fw.key}@{fw.version}\t{fw.status}\t{fw.name}")

    def do_diff(self, options: dict[str, Any]) -> None:
        old, new = find(options["old"]), find(options["new"])
        result = queries.diff_of(old, new)
        self.stdout.write(f"{queries.label(old)} -> {queries.label(new)}")
        for what in ("statements", "criteria"):
            changes = getattr(result, what)
            self.stdout.write(f"\n{what.capitalize()}: {len(changes)} change(s)")
            for change in changes:
                fields = f" [{', '.join(change.fields)}]" if change.fields else ""
                text = change.new or change.old
                self.stdout.write(f"  {change.kind.value:8} {change.key}{fields}: {text[:100]}")

    def do_coverage(self, options: dict[str, Any]) -> None:
        cur = Curriculum.objects.select_related("framework", "qualification").filter(pk=options["curriculum"]).first()
        if cur is None:
            raise CommandError(f"No curriculum {options['curriculum']}")
        self.stdout.write(queries.coverage_csv(cur, queries.coverage_of(cur)), ending="")
