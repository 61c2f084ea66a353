"""Fixtures for the Lead Provider API: token clients, applications and concurrent writers."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
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


class Writers:
    """``count`` threads each running ``write(seed)`` (seed 0, 1, ...) on its own database connection,
    closed when it ends; what they raise is kept for the test to report."""

    def __init__(self, write: Callable[[int], None], count: int) -> None:
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(write, seed)) for seed in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self, write: Callable[[int], None], seed: int) -> None:
        try:
            write(seed)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(exc)
        finally:
            connection.close()

    def running(self) -> bool:
        return any(thread.is_alive() for thread in self.threads)

    def join(self) -> list[BaseException]:
        for thread in self.threads:
            thread.join()
        return self.errors
