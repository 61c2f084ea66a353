"""CSV downloads of the provider's lists: the API's fields, the list's filters, the user's scope."""

import csv
import io

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.declarations.services import record_declaration
from npq.people.models import Role
from npq.training.exports import APPLICATION_FIELDS, ENROLMENT_FIELDS, PARTICIPANT_FIELDS
from tests.declarations.conftest import frozen_clock, world

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_applications_csv_has_the_api_fields_and_the_list_filters(world, client_as, make_user):
    pending = world.new_participant(lead_provider_approval_status="pending", training_status=None, schedule=None)
    pending.user.full_name = "=HYPERLINK(evil)"
    pending.user.save()
    accepted = world.new_participant(trn="1234567")
    theirs = world.new_participant(lead_provider=world.other_provider)
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))

    rows = _rows(client.get("/provider/applications.csv"))
    assert list(rows[0]) == APPLICATION_FIELDS
    assert {r["id"] for r in rows} == {str(pending.ecf_id), str(accepted.ecf_id)}  # never another provider's
    assert str(theirs.ecf_id) not in {r["id"] for r in rows}
    by_id = {r["id"]: r for r in rows}
    # A cell a spreadsheet would run as a formula is written as text.
    assert by_id[str(pending.ecf_id)]["full_name"] == "'=HYPERLINK(evil)"

    _token, text = create_token(world.provider, Actor.command("test"))
    api = client.get(f"/api/v3/npq-applications/{accepted.ecf_id}", HTTP_AUTHORIZATION=f"Bearer {text}").json()
    attributes = api["data"]["attributes"]
    row = by_id[str(accepted.ecf_id)]
    assert row["teacher_reference_number"] == attributes["teacher_reference_number"] == "1234567"
    assert row["status"] == attributes["status"] == "accepted"
    assert row["schedule_identifier"] == attributes["schedule_identifier"]
    assert row["funded_place"] == "yes"

    only_pending = _rows(client.get("/provider/applications.csv", {"status": "pending"}))
    assert [r["id"] for r in only_pending] == [str(pending.ecf_id)]
    by_trn = _rows(client.get("/provider/applications.csv", {"q": "1234567"}))
    assert [r["id"] for r in by_trn] == [str(accepted.ecf_id)]
    assert _rows(client.get("/provider/applications.csv", {"cohort": "nope"})) == []
    assert client.get("/provider/applications", {"cohort": "nope", "course": "x"}).status_code == 200
    by_email = _rows(client.get("/provider/applications.csv", {"q": accepted.user.email.upper()}))
    assert [r["id"] for r in by_email] == [str(accepted.ecf_id)]


def test_the_list_page_links_to_the_csv_with_the_same_filters(world, client_as, make_user):
    world.new_participant()
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    page = client.get("/provider/participants", {"cohort": "2025a", "q": "test participant"}).content.decode()
    assert 'href="/provider/participants.csv?q=test+participant&amp;cohort=2025a"' in page


def test_participants_csv_is_one_row_per_enrolment_scoped_to_the_partner(world, client_as, make_user):
    ours, not_ours = world.new_participant(), world.new_participant()
    world.new_participant(lead_provider_approval_status="pending", training_status=None)  # not a participant
    record_declaration(world.provider, world.actor, world.declare(ours))
    provider_rows = _rows(
        client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")).get("/provider/participants.csv")
    )
    assert list(provider_rows[0]) == PARTICIPANT_FIELDS + ENROLMENT_FIELDS
    assert {r["npq_application_id"] for r in provider_rows} == {str(ours.ecf_id), str(not_ours.ecf_id)}
    row = next(r for r in provider_rows if r["npq_application_id"] == str(ours.ecf_id))
    assert (row["participant_id"], row["training_status"]) == (str(ours.user.ecf_id), "active")

    partner = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    partner_rows = _rows(client_as(partner).get("/provider/participants.csv"))
    assert [r["npq_application_id"] for r in partner_rows] == [str(ours.ecf_id)]


def test_csv_costs_a_fixed_number_of_queries(world, client_as, make_user, django_assert_max_num_queries):
    for _ in range(25):
        world.new_participant()
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    client.get("/provider/participants")  # warm the session
    with django_assert_max_num_queries(12):
        rows = _rows(client.get("/provider/participants.csv"))
    assert len(rows) == 25
