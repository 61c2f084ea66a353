"""Fixtures for the Lead Provider API: token clients and applications."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.people.models import Role, User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import Application


class ApiClient:
    """A test client that sends the bearer token and JSON bodies."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, path: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(path, params or {}, **self.headers, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        import json

        data = json.dumps(body) if body is not None else ""
        return self.client.post(path, data, content_type="application/json", **self.headers, **extra)

    def put(self, path: str, body: Any = None, **extra: Any) -> Any:
        import json

        return self.client.put(path, json.dumps(body or {}), content_type="application/json", **self.headers, **extra)


@pytest.fixture
def api_as(reference: None) -> Callable[[str], ApiClient]:
    def make(provider: str = "Ambition Institute") -> ApiClient:
        _token, text = create_token(LeadProvider.objects.get(name=provider), Actor.command("test"))
        return ApiClient(text)

    return make


@pytest.fixture
def make_application(reference: None) -> Callable[..., Application]:
    counter = {"n": 0}

    def make(
        user: User | None = None,
        provider: str = "Ambition Institute",
        course: str = "npq-headship",
        cohort: str = "2025a",
        **fields: Any,
    ) -> Application:
        counter["n"] += 1
        if user is None:
            user = User.objects.create_user(
                f"person{counter['n']}@school.example", full_name=f"Person {counter['n']}", role=Role.PARTICIPANT
            )
        fields.setdefault("eligible_for_funding", True)
        fields.setdefault("headteacher_status", "no")
        fields.setdefault("works_in_school", True)
        return Application.objects.create(
            user=user,
            lead_provider=LeadProvider.objects.get(name=provider),
            course=Course.objects.get(identifier=course),
            cohort=Cohort.objects.get(identifier=cohort),
            **fields,
        )

    return make
