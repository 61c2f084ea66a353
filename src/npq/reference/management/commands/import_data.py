"""npq import schools FILE | npq import childcare-providers FILE | npq import eligibility-list KIND FILE
(each a dry run unless --execute)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from npq.core.audit import Actor
from npq.reference.csvfiles import ImportFileError
from npq.reference.importing import import_eligibility_list, import_schools
from npq.reference.models import EligibilityListKind
from npq.reference.ofsted_register import import_childcare_providers


class Command(BaseCommand):
    help = (
        "Import schools from a GIAS edubase CSV, childcare providers from Ofsted's register CSV, or a funding "
        "eligibility list. Dry run unless --execute."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="what", required=True, metavar="{schools,childcare-providers,eligibility-list}"
        )
        schools = sub.add_parser("schools", help="a GIAS 'edubase' CSV export (UTF-8 or Windows-1252)")
        schools.add_argument("file", type=Path)
        schools.add_argument("--execute", action="store_true", help="save the changes (default: dry run)")
        schools.add_argument(
            "--allow-mass-closure",
            action="store_true",
            help="close open schools missing from the file even if more than 10%% would close",
        )
        childcare = sub.add_parser(
            "childcare-providers", help="Ofsted's register of childcare providers (early years register CSV)"
        )
        childcare.add_argument("file", type=Path)
        childcare.add_argument("--execute", action="store_true", help="save the changes (default: dry run)")
        childcare.add_argument(
            "--allow-mass-closure",
            action="store_true",
            help="make active providers missing from the file inactive even if more than 10%% would close",
        )
        lists = sub.add_parser("eligibility-list", help="a list of URNs or UKPRNs that makes a workplace eligible")
        lists.add_argument("kind", choices=EligibilityListKind.values)
        lists.add_argument("file", type=Path)
        lists.add_argument("--execute", action="store_true", help="save the changes (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.command(f"import {options['what']}")
        bar = tqdm(unit=" rows", desc=f"Importing {options['file'].name}", disable=options["verbosity"] == 0)
        try:
            if options["what"] == "schools":
                summary = import_schools(
                    options["file"],
                    actor,
                    execute=options["execute"],
                    allow_mass_closure=options["allow_mass_closure"],
                    progress=bar.update,
                )
            elif options["what"] == "childcare-providers":
                summary = import_childcare_providers(
                    options["file"],
                    actor,
                    execute=options["execute"],
                    allow_mass_closure=options["allow_mass_closure"],
                    progress=bar.update,
                )
            else:
                summary = import_eligibility_list(
                    options["kind"], options["file"], actor, execute=options["execute"], progress=bar.update
                )
        except ImportFileError as error:
            raise CommandError(error.message) from error
        finally:
            bar.close()
        for line in summary.lines():
            self.stdout.write(line)
