"""Fuzzing kept in the suite: schemathesis over every operation of our OpenAPI document and of the
Department's v3 contract, against the real application on the test database.

Ours: no server error, and every response matches our schema (status, body, content type).
The Department's: no server error. Differences from its contract are listed in the API guidance
(``src/npq/api/guidance/decisions.md``). ``NPQ_FUZZ_EXAMPLES`` sets the examples per operation:
the suite tries each operation 10 times (8 for the contract; about 450 cases), ``make fuzz`` 200 times.
Examples are derandomized, so a run repeats the last one's cases.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.reference.models import LeadProvider
from npq.training import services
from npq.web.v3 import openapi_schema
from tests import factories
from tests.api.test_conformance import CONTRACT
from tests.modulewide import built_once

EXAMPLES = int(os.environ.get("NPQ_FUZZ_EXAMPLES", "10"))
ours = schemathesis.openapi.from_dict(openapi_schema())
ours.app = get_wsgi_application()
theirs = schemathesis.openapi.from_path(str(CONTRACT))
theirs.app = ours.app
OUR_CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
]


@pytest.fixture(scope="module")
def token(django_db_setup, django_db_blocker):
    """A provider with a pending and an accepted application, made once for the module (each test's
    writes are rolled back at its end); the test's connection kept across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with override_settings(NPQ_API_RATE_LIMIT=1_000_000), built_once(django_db_blocker, _provider_token) as text:
        yield f"Bearer {text}"
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _provider_token() -> str:
    accepted = factories.make_application()
    services.accept_application(accepted, Actor.command("test"), funded_place=True)
    factories.make_application()
    _token, text = create_token(LeadProvider.objects.get(name="Ambition Institute"), Actor.command("test"))
    return text


@pytest.mark.django_db
@ours.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_our_openapi_no_server_errors_and_responses_match(case, token):
    response = case.call(headers={"Authorization": token})
    case.validate_response(response, checks=OUR_CHECKS)


@pytest.mark.django_db
@theirs.parametrize()
@settings(
    max_examples=max(EXAMPLES * 4 // 5, 1), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_departments_contract_no_server_errors(case, token):
    response = case.call(headers={"Authorization": token})
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
