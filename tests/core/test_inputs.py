"""Input nothing can keep is refused in one place, for pages and the API, with a clear answer."""

import json

import pytest
from django.test import Client

from npq.core import inputs
from npq.core.roles import Role
from tests.conftest import html


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("Jo Smith", False),
        ("Zoë Ångström – 松本", False),
        ("emoji 🎓", False),
        ("nul\x00here", True),
        ("lone \ud800 surrogate", True),
        ("", False),
    ],
)
def test_text_problem(value: str, refused: bool) -> None:
    assert (inputs.text_problem(value) is not None) is refused


@pytest.mark.parametrize(
    ("path", "impossible"),
    [
        ("/delivery/12", False),
        ("/delivery/123456789012345678", False),
        ("/delivery/1234567890123456789", True),
        ("/api/v3/statements/99999999999999999999999", True),
    ],
)
def test_impossible_ids_in_paths(path: str, impossible: bool) -> None:
    assert inputs.path_has_impossible_id(path) is impossible


def test_json_strings_reach_keys_and_nested_values() -> None:
    found = set(inputs.json_strings({"data": {"attributes": {"a\x00": ["x", {"y": "z"}]}}}))
    assert {"data", "attributes", "a\x00", "x", "y", "z"} <= found


@pytest.mark.django_db
def test_nul_in_a_sign_in_form_is_a_clear_400_and_signs_nobody_in() -> None:
    response = Client().post("/sign-in", {"email": "admin\x00@dfe.example", "password": "x"})
    assert response.status_code == 400
    assert "null character" in html(response).get_text()
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_nul_in_a_query_string_is_a_400_page() -> None:
    response = Client().get("/check-funding/?q=a%00b")
    assert response.status_code == 400
    assert "null character" in html(response).get_text()


@pytest.mark.django_db
def test_impossible_page_id_is_404() -> None:
    assert Client().get("/delivery/99999999999999999999999").status_code == 404


@pytest.mark.django_db
def test_huge_audit_page_number_is_an_empty_page(make_user, client_as) -> None:
    admin = make_user(Role.DFE_ADMIN)
    response = client_as(admin).get("/audit", {"page": "9" * 40})
    assert response.status_code == 200


@pytest.fixture
def api(db, reference) -> Client:
    from npq.api.tokens import create_token
    from npq.core.audit import Actor
    from npq.reference.models import LeadProvider

    provider = LeadProvider.objects.get(name="Ambition Institute")
    _, secret = create_token(provider, Actor.command("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v3/participant-declarations", {"filter[participant_id]": "abc"}),
        ("/api/v3/npq-applications", {"page[page]": "99999999999999999999"}),
        ("/api/v3/participants/npq", {"filter[updated_since]": "9999-12-31T23:59:59-23:59"}),
        ("/api/v3/npq-applications", {"filter[cohort]": "9" * 30}),
        ("/api/v3/npq-applications", {"page[cursor]": "ZTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ"}),
    ],
)
def test_bad_api_parameters_are_the_contracts_400(api: Client, path: str, params: dict[str, str]) -> None:
    response = api.get(path, params)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["title"] == "Bad request"


def test_lone_surrogate_in_a_json_body_is_a_400_and_writes_nothing(api: Client) -> None:
    from npq.declarations.models import Declaration

    body = '{"data": {"type": "participant-declaration", "attributes": {"participant_id": "\\ud800"}}}'
    response = api.post("/api/v3/participant-declarations", body, content_type="application/json")
    assert response.status_code == 400
    assert "surrogate" in json.dumps(response.json())
    assert not Declaration.objects.exists()


def test_head_on_an_api_list_answers_like_get_without_a_body(api: Client) -> None:
    response = api.head("/api/v3/npq-applications")
    assert response.status_code == 200
    assert response.content == b""


def test_an_unexpected_api_error_is_the_contracts_json_500(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from npq.training import serializers

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(serializers, "applications", broken)
    client = api
    client.raise_request_exception = False
    response = client.get("/api/v3/npq-applications")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["title"] == "Internal server error"
