"""npq tokens create --provider NAME | rotate ID [--overlap-days N] | revoke ID | list"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from npq.api.models import ApiToken
from npq.api.tokens import create_token, revoke_token, rotate_token
from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.reference.models import LeadProvider


class Command(BaseCommand):
    help = "Create, rotate, revoke and list Lead Provider API tokens. A token is shown once, when created."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a lead provider")
        create.add_argument("--provider", required=True, help="Lead provider name, e.g. 'Ambition Institute'")
        create.add_argument("--label", default="")
        create.add_argument("--expires-days", type=int, default=None, help="Expire after this many days")
        rotate = sub.add_parser("rotate", help="Replace a token; the old one works for an overlap")
        rotate.add_argument("token_id", type=int)
        rotate.add_argument("--overlap-days", type=int, default=7)
        revoke = sub.add_parser("revoke", help="Stop a token working now")
        revoke.add_argument("token_id", type=int)
        sub.add_parser("list", help="List tokens (never their text)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.command("tokens")
        action = options["action"]
        try:
            if action == "create":
                provider = LeadProvider.objects.filter(name=options["provider"]).first()
                if provider is None:
                    names = ", ".join(LeadProvider.objects.values_list("name", flat=True))
                    raise CommandError(f"No lead provider called {options['provider']!r}. Known: {names}")
                expires = None
                if options["expires_days"]:
                    expires = clock.now() + dt.timedelta(days=options["expires_days"])
                token, text = create_token(provider, actor, label=options["label"], expires_at=expires)
                self._shown_once(token, text)
            elif action == "rotate":
                old = self._token(options["token_id"])
                token, text = rotate_token(old, actor, overlap=dt.timedelta(days=options["overlap_days"]))
                old.refresh_from_db()
                self.stdout.write(f"Token {old.pk} expires at {old.expires_at:%Y-%m-%d %H:%M %Z}.")
                self._shown_once(token, text)
            elif action == "revoke":
                token = revoke_token(self._token(options["token_id"]), actor)
                self.stdout.write(f"Token {token.pk} ({token.prefix}…) for {token.lead_provider} revoked.")
            else:
                for t in ApiToken.objects.select_related("lead_provider"):
                    state = (
                        "revoked"
                        if t.revoked_at
                        else (f"expires {t.expires_at:%Y-%m-%d}" if t.expires_at else "active")
                    )
                    used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                    self.stdout.write(f"{t.pk}\t{t.lead_provider}\t{t.prefix}…\t{state}\tlast used {used}")
        except NPQError as exc:
            raise CommandError(exc.message) from exc

    def _token(self, token_id: int) -> ApiToken:
        token = ApiToken.objects.select_related("lead_provider").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"No API token {token_id}")
        return token

    def _shown_once(self, token: ApiToken, text: str) -> None:
        self.stdout.write(f"API token {token.pk} for {token.lead_provider} (shown once, store it now):")
        self.stdout.write(text)
