"""The curriculum router, mounted on a test API whose bearer token names a provider (the real
mounting and token model belong to npq.api)."""

from types import SimpleNamespace

import pytest
from ninja import NinjaAPI
from ninja.security import HttpBearer
from ninja.testing import TestClient

from npq.core.errors import NotFound
from npq.frameworks.api import router
from npq.frameworks.models import Curriculum
from npq.reference.models import LeadProvider
from tests.frameworks.test_curricula import CURRICULUM, upload
from tests.modulewide import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shipped_once, reference):
    """The shipped frameworks, loaded once for this module: every test here starts from them."""
    return fresh(shipped_once)


class FakeTokens(HttpBearer):
    def authenticate(self, request, token):
        provider = LeadProvider.objects.filter(name=token.replace("-", " ")).first()
        return SimpleNamespace(pk=1, label="test", lead_provider=provider) if provider else None


@pytest.fixture
def client():
    api = NinjaAPI(auth=FakeTokens(), urls_namespace="frameworks-test")

    @api.exception_handler(NotFound)
    def not_found(request, exc):
        return api.create_response(request, {"error": "Resource not found"}, status=404)

    api.add_router("/curricula", router)
    return TestClient(api)


def body(**changes):
    attributes = {
        "framework": "npq-reformed",
        "version": 1,
        "qualification": "NPQH",
        "name": "API NPQH",
        "modules": [
            {"title": "One", "sessions": [{"title": "S", "mode": "coaching", "teaches": ["npqh-teaching-how"]}]}
        ],
    }
    attributes.update(changes)
    return {"data": {"type": "curriculum", "attributes": attributes}}


def test_upload_then_coverage_scoped_to_the_token(shipped, client):
    response = client.post("/curricula", json=body(), headers={"Authorization": "Bearer Ambition-Institute"})
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert data["attributes"]["statements_covered"] == 1 and data["attributes"]["statements_total"] == 20
    assert Curriculum.objects.get(pk=data["id"]).uploaded_via == "api"
    response = client.get(f"/curricula/{data['id']}/coverage", headers={"Authorization": "Bearer Ambition-Institute"})
    assert response.status_code == 200
    covered = [s["statement_id"] for s in response.json()["statements"] if s["covered"]]
    assert covered == ["npqh-teaching-how"]
    other = client.get(f"/curricula/{data['id']}/coverage", headers={"Authorization": "Bearer Teach-First"})
    assert other.status_code == 404
    assert client.get("/curricula", headers={"Authorization": "Bearer Teach-First"}).json() == {"data": []}


def test_list_shows_latest_revision_only(shipped, client):
    upload("Ambition Institute", CURRICULUM)
    upload("Ambition Institute", CURRICULUM)
    rows = client.get("/curricula", headers={"Authorization": "Bearer Ambition-Institute"}).json()["data"]
    assert [r["attributes"]["revision"] for r in rows] == [2]


def test_unknown_ids_are_422_with_every_problem(shipped, client):
    modules = [
        {"title": "One", "sessions": [{"title": "S", "mode": "radio", "teaches": ["nope", "npqsl-teaching-how"]}]}
    ]
    response = client.post("/curricula", json=body(modules=modules), headers={"Authorization": "Bearer Teach-First"})
    assert response.status_code == 422
    assert [e["title"] for e in response.json()["errors"]] == [
        "modules[0].sessions[0].mode",
        "modules[0].sessions[0].teaches[0]",
        "modules[0].sessions[0].teaches[1]",
    ]
    assert not Curriculum.objects.exists()


def test_no_token_is_401(shipped, client):
    assert client.post("/curricula", json=body()).status_code == 401


def test_mounted_on_the_live_api_with_real_tokens(shipped):
    """The router is on /api/v3/curricula, behind the real token auth and error format."""
    import json

    from django.test import Client

    from npq.api.tokens import create_token
    from npq.core.audit import Actor

    def bearer(provider: str) -> dict[str, str]:
        _token, text = create_token(LeadProvider.objects.get(name=provider), Actor.command("test"))
        return {"HTTP_AUTHORIZATION": f"Bearer {text}"}

    web = Client()
    ambition, teach_first = bearer("Ambition Institute"), bearer("Teach First")
    created = web.post("/api/v3/curricula", json.dumps(body()), content_type="application/json", **ambition)
    assert created.status_code == 201, created.content
    cid = created.json()["data"]["id"]
    assert [r["id"] for r in web.get("/api/v3/curricula", **ambition).json()["data"]] == [cid]
    assert web.get("/api/v3/curricula", **teach_first).json() == {"data": []}
    assert web.get(f"/api/v3/curricula/{cid}/coverage", **ambition).status_code == 200
    assert web.get(f"/api/v3/curricula/{cid}/coverage", **teach_first).status_code == 404
    assert web.get("/api/v3/curricula").status_code == 401
