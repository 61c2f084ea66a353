"""teacher_reference_number_validated (issue 14, item 8): true only for a TRN that passed the check
the service makes (7 digits, not 0000000, stored clean); the service does no Teaching Record lookup."""

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.registration.rules import trn_validated
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "validated"),
    [("1234567", True), ("RP99/12345", False), ("RP99123", False), ("0000000", False), ("", False), ("123456", False)],
)
def test_only_a_trn_that_passes_the_check_is_validated(stored, validated):
    assert trn_validated(stored) is validated


def test_the_api_says_validated_only_for_a_checked_trn(world, client):
    checked = world.new_participant(trn="1234567")
    unchecked = world.new_participant(trn="RP99123")  # reached the record without the registration check
    none = world.new_participant()
    _token, text = create_token(world.provider, Actor.command("test"))
    seen = {}
    for app in (checked, unchecked, none):
        body = client.get(f"/api/v3/npq-applications/{app.ecf_id}", HTTP_AUTHORIZATION=f"Bearer {text}").json()
        seen[app.user.trn] = body["data"]["attributes"]["teacher_reference_number_validated"]
    assert seen == {"1234567": True, "RP99123": False, "": False}


def test_the_contract_documents_which_check(client):
    from npq.web.v3 import api

    schema = api.get_openapi_schema()
    field = schema["components"]["schemas"]["ApplicationAttributes"]["properties"]["teacher_reference_number_validated"]
    assert "7 digits" in field["description"] and "does not look the TRN up" in field["description"]
