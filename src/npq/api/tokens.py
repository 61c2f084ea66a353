"""Token use cases: create (shown once), rotate with an overlap, revoke. Only hashes are stored."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction

from npq.api.models import ApiToken
from npq.core import audit, clock
from npq.core.errors import InvalidTransition
from npq.reference.models import LeadProvider

PREFIX = "npq_"


def hash_token(plaintext: str) -> str:
    """Tokens carry 256 random bits, so one SHA-256 is enough (no slow hash needed)."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(
    provider: LeadProvider,
    actor: audit.Actor,
    *,
    label: str = "",
    expires_at: dt.datetime | None = None,
    plaintext: str | None = None,
    replaces: ApiToken | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``provider``; returns the stored row and the token text (shown once).

    ``plaintext`` is only for demo and sandbox data, where a known token is wanted."""
    text = plaintext or PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            lead_provider=provider,
            label=label or f"{provider.name} token",
            token_hash=hash_token(text),
            prefix=text[:12],
            created_at=clock.now(),
            created_by=actor.label[:200],
            expires_at=expires_at,
            replaces=replaces,
        )
        audit.record(actor, "api_token.created", token, after={"label": token.label, "expires_at": expires_at})
    return token, text


def rotate_token(token: ApiToken, actor: audit.Actor, *, overlap: dt.timedelta) -> tuple[ApiToken, str]:
    """A new token for the same provider; the old one keeps working for ``overlap``, then expires."""
    with transaction.atomic():
        old = ApiToken.objects.select_for_update().get(pk=token.pk)
        if old.revoked_at is not None:
            raise InvalidTransition(f"API token {old.pk} is revoked and cannot be rotated")
        ends = clock.now() + overlap
        before = old.expires_at
        if old.expires_at is None or old.expires_at > ends:
            old.expires_at = ends
            old.save(update_fields=["expires_at"])
        audit.record(
            actor, "api_token.rotated", old, before={"expires_at": before}, after={"expires_at": old.expires_at}
        )
        return create_token(old.lead_provider, actor, label=old.label, replaces=old)


def revoke_token(token: ApiToken, actor: audit.Actor) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise InvalidTransition(f"API token {token.pk} is already revoked")
        token.revoked_at = clock.now()
        token.revoked_by = actor.label[:200]
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor, "api_token.revoked", token, after={"revoked_at": token.revoked_at})
    return token
