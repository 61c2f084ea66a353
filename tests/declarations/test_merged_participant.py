"""A declaration made with a merged (retired) participant id is refused and names the id in use."""

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.identity.services import merge_participants
from npq.people.models import Role
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_retired_id_is_refused_naming_the_kept_id(world, make_user):
    application = world.new_participant()
    duplicate = make_user(Role.PARTICIPANT)
    retired_id = str(duplicate.ecf_id)
    merge_participants(retired_id, str(application.user.ecf_id), Actor.command("test"))
    _token, text = create_token(world.provider, Actor.command("test"))
    attributes = {
        "participant_id": retired_id,
        "declaration_type": "started",
        "declaration_date": "2026-02-01T09:00:00Z",
        "course_identifier": "npq-headship",
        "delivery_partner_id": str(world.partner.ecf_id),
    }
    response = ApiClient(text).post(
        "/api/v3/participant-declarations", {"data": {"type": "participant-declaration", "attributes": attributes}}
    )
    assert response.status_code == 422, response.content
    assert f"replaced with {application.user.ecf_id}" in response.content.decode()
    assert not Declaration.objects.exists()
