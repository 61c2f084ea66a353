"""Fixtures for the Lead Provider API: token clients and applications."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.reference.models import LeadProvider
from npq.registration.models import Application
from tests import factories


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
    """tests.factories.make_application, for tests that take their builders as fixtures."""
    return factories.make_application
