"""Demo: one API token per lead provider with staff in the demo, printed so the README can show them.

Demo tokens are derived from the provider's name (``npq_demo_<name>``) so they are the same on
every machine; they are for demo data only. Real tokens come from ``npq tokens create``."""

import re
from typing import Any

from npq.api.models import ApiToken
from npq.api.tokens import create_token, hash_token
from npq.core.audit import Actor
from npq.reference.models import LeadProvider


def demo_token(provider: LeadProvider) -> str:
    return "npq_demo_" + re.sub(r"[^a-z0-9]+", "-", provider.name.lower()).strip("-")


def create_demo(out: Any) -> None:
    providers = LeadProvider.objects.filter(users__isnull=False, status=LeadProvider.Status.ACTIVE).distinct()
    for provider in providers.order_by("name"):
        text = demo_token(provider)
        if not ApiToken.objects.filter(token_hash=hash_token(text)).exists():
            create_token(provider, Actor.command("demo"), label="Demo token", plaintext=text)
        out.write(f"API token for {provider.name}: {text}\n")
