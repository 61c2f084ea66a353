"""Conformance: schemathesis over our generated OpenAPI (no 5xx, responses match our schema), and our
real responses validated against the Department's v3 contract schemas for the same paths."""

import copy
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from npq.core import yamlfiles
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.reference.models import School
from npq.training import services
from npq.web.v3 import openapi_schema

# The Department's published v3 contract (MIT, its licence beside it), copied so this runs from a clean clone.
CONTRACT = Path(__file__).resolve().parent / "contract" / "lead-provider-api-v3.openapi.yaml"
OURS = ["/api/v3/npq-applications", "/api/v3/participants/npq", "/api/v3/delivery-partners"]

schema = schemathesis.openapi.from_dict(openapi_schema())
schema.app = get_wsgi_application()
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
]


@pytest.fixture
def seeded(api_as, make_application, settings):
    """As Django's test client does: keep the test's connection open across WSGI requests."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    settings.NPQ_API_RATE_LIMIT = 1_000_000
    app = make_application()
    services.accept_application(app, Actor.command("test"), funded_place=True)
    make_application()
    yield api_as()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@(
    schema.include(path_regex="^/api/v3/(npq-applications|participants/npq|delivery-partners)")
    .exclude(path_regex="outcomes")
    .parametrize()
)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_errors_and_schema_matches(case, seeded):
    headers = {"Authorization": seeded.headers["HTTP_AUTHORIZATION"]}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)


# --- The Department's contract -------------------------------------------------------------------


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema → JSON Schema: nullable becomes a null type, property-level booleans go."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k not in ("example", "nullable")}
    if not isinstance(out.get("required", []), list):
        out.pop("required")
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    return yamlfiles.read(CONTRACT)


def validator(contract: dict[str, Any], path: str, method: str, status: str = "200") -> Any:
    response = contract["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    root = {"components": _json_schema(copy.deepcopy(contract["components"])), **_json_schema(response)}
    return jsonschema_rs.Draft7Validator(root)


def check(contract, path, method, response, status="200"):
    assert response.status_code == int(status), response.content
    errors = [
        f"{e.instance_path}: {e.message}"
        for e in validator(contract, path, method, status).iter_errors(response.json())
    ]
    assert not errors, errors


@pytest.mark.django_db
def test_responses_match_the_departments_contract(contract, seeded, make_application, api_as):
    api = seeded
    school = School.objects.create(urn="100001", name="Contract School")
    pending = make_application(school=school, cohort="2025a")
    accepted = make_application(school=school, cohort="2025a")
    services.accept_application(accepted, Actor.command("test"), funded_place=True)
    accepted.refresh_from_db()
    Declaration.objects.create(
        application=accepted,
        participant=accepted.user,
        lead_provider=accepted.lead_provider,
        cohort=accepted.cohort,
        course=accepted.course,
        declaration_type="started",
        declaration_date=accepted.accepted_at,
        state="eligible",
        created_at=accepted.accepted_at,
        updated_at=accepted.accepted_at,
    )
    P = "/api/v3/participants/npq"
    A = "/api/v3/npq-applications"
    check(contract, A, "get", api.get(A, {"filter[participant_id]": str(pending.user.ecf_id)}))
    check(contract, A + "/{id}", "get", api.get(f"{A}/{pending.ecf_id}"))
    check(contract, A + "/{id}", "get", api.get(f"{A}/00000000-0000-0000-0000-000000000000"), "404")
    check(
        contract,
        A + "/{id}/accept",
        "post",
        api.post(
            f"{A}/{pending.ecf_id}/accept",
            {"data": {"type": "npq-application-accept", "attributes": {"funded_place": False}}},
        ),
    )
    check(
        contract,
        A + "/{id}/accept",
        "post",
        api.post(
            f"{A}/{pending.ecf_id}/accept",
            {"data": {"type": "npq-application-accept", "attributes": {"funded_place": False}}},
        ),
        "422",
    )
    check(
        contract,
        A + "/{id}/change-funded-place",
        "put",
        api.put(
            f"{A}/{pending.ecf_id}/change-funded-place",
            {"data": {"type": "npq-application-change-funded-place", "attributes": {"funded_place": True}}},
        ),
    )
    other = make_application(school=school)
    check(contract, A + "/{id}/reject", "post", api.post(f"{A}/{other.ecf_id}/reject"))
    who = accepted.user.ecf_id
    course = {"course_identifier": "npq-headship"}
    check(contract, P, "get", api.get(P))
    check(contract, P + "/{id}", "get", api.get(f"{P}/{who}"))
    check(
        contract,
        P + "/{id}/defer",
        "put",
        api.put(
            f"{P}/{who}/defer",
            {"data": {"type": "participant-defer", "attributes": {**course, "reason": "parental-leave"}}},
        ),
    )
    check(
        contract,
        P + "/{id}/resume",
        "put",
        api.put(f"{P}/{who}/resume", {"data": {"type": "participant-resume", "attributes": course}}),
    )
    check(
        contract,
        P + "/{id}/withdraw",
        "put",
        api.put(
            f"{P}/{who}/withdraw",
            {"data": {"type": "participant-withdraw", "attributes": {**course, "reason": "other"}}},
        ),
    )
    check(
        contract,
        P + "/{id}/change-schedule",
        "put",
        api.put(
            f"{P}/{who}/change-schedule",
            {
                "data": {
                    "type": "participant-change-schedule",
                    "attributes": {**course, "schedule_identifier": "npq-leadership-spring"},
                }
            },
        ),
        "422",
    )
    check(contract, "/api/v3/delivery-partners", "get", api.get("/api/v3/delivery-partners"))
    check(contract, "/api/v3/npq-applications", "get", api_as("Teach First").__class__("wrong").get(A), "401")
