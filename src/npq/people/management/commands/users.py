"""npq users create EMAIL --name NAME --role ROLE [--provider P] [--partner D] [--password-stdin]."""

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.core.audit import Actor
from npq.core.errors import ValidationFailed
from npq.core.roles import Role
from npq.people.services import create_user
from npq.reference.models import DeliveryPartner, LeadProvider


class Command(BaseCommand):
    help = "Manage users: `npq users create EMAIL --name NAME --role ROLE`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user; staff are asked for a password")
        create.add_argument("email")
        create.add_argument("--name", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--provider", help="lead provider name (lead provider, delivery partner, assessor users)")
        create.add_argument("--partner", help="delivery partner name (delivery partner users)")
        create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = partner = None
        if options["provider"]:
            provider = LeadProvider.objects.filter(name=options["provider"]).first()
            if provider is None:
                names = ", ".join(LeadProvider.objects.values_list("name", flat=True))
                raise CommandError(f"No lead provider called {options['provider']!r}. Known: {names}")
        if options["partner"]:
            partner = DeliveryPartner.objects.filter(name=options["partner"]).first()
            if partner is None:
                raise CommandError(f"No delivery partner called {options['partner']!r}")
        password = None
        if options["role"] != Role.PARTICIPANT:
            password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else getpass.getpass("Password: ")
            if len(password) < 10:
                raise CommandError("The password must be at least 10 characters")
        try:
            user = create_user(
                Actor.command("users create"),
                email=options["email"],
                full_name=options["name"],
                role=options["role"],
                password=password,
                lead_provider=provider,
                delivery_partner=partner,
            )
        except ValidationFailed as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Created {Role(user.role).label}: {user.email}")
