"""npq participants merge FROM TO: merge a duplicate participant into the one kept."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.identity.services import merge_participants


class Command(BaseCommand):
    help = "Participants: `npq participants merge FROM TO` retires participant id FROM in favour of TO."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        merge = sub.add_parser("merge", help="move FROM's applications and records to TO and retire FROM's id")
        merge.add_argument("from_participant_id", metavar="FROM", help="the participant id to retire")
        merge.add_argument("to_participant_id", metavar="TO", help="the participant id to keep")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            change = merge_participants(
                options["from_participant_id"], options["to_participant_id"], Actor.command("participants merge")
            )
        except NPQError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Merged: participant id {change.from_participant_id} now answers 410 and points to "
            f"{change.to_participant_id}"
        )
