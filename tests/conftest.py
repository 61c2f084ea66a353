"""Shared fixtures: reference data, users of each role, signed-in clients, HTML parsing."""

from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client

from npq.core.audit import Actor
from npq.people.models import Role, User
from npq.reference.loading import load_reference
from npq.reference.models import DeliveryPartner, LeadProvider

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def reference(db: Any) -> None:
    """The shipped reference data: courses, cohorts, schedules, providers, partners, offerings."""
    load_reference(Actor.command("test"))


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(
        role: str = Role.PARTICIPANT, provider: str | None = None, partner: str | None = None, **fields: Any
    ) -> User:
        counter["n"] += 1
        lead_provider = LeadProvider.objects.get(name=provider) if provider else None
        delivery_partner = DeliveryPartner.objects.get(name=partner) if partner else None
        email = fields.pop("email", f"{role}{counter['n']}@example.org")
        password = None if role == Role.PARTICIPANT else PASSWORD
        return User.objects.create_user(
            email,
            password,
            full_name=fields.pop("full_name", f"Test {role} {counter['n']}"),
            role=role,
            lead_provider=lead_provider,
            delivery_partner=delivery_partner,
            **fields,
        )

    return make


@pytest.fixture
def client_as(db: Any) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="npq.people.backends.EmailBackend")
        return client

    return sign_in


def html(response: Any) -> BeautifulSoup:
    """Parse a page response as a person would read it."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def h1(response: Any) -> str:
    heading = html(response).find("h1")
    return heading.get_text(" ", strip=True) if heading else ""


def error_summary(response: Any) -> list[str]:
    summary = html(response).select(".govuk-error-summary__list li")
    return [li.get_text(" ", strip=True) for li in summary]


def run_jobs() -> int:
    """Run the queued background jobs (emails, webhooks) in-process, as ``npq worker`` would."""
    from npq.core.worker import run_pending

    return run_pending("test")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
