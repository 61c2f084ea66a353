"""Merging duplicate participants: the service, what the API shows afterwards, the command and the DfE page."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from npq.api.models import ChangeEvent
from npq.core.audit import Actor
from npq.core.errors import ValidationFailed
from npq.core.models import AuditEvent
from npq.declarations.models import Declaration
from npq.identity.services import merge_participants
from npq.people.models import ParticipantIdChange, Role, User
from npq.registration.models import Application
from npq.training.models import ApplicationState
from tests.conftest import error_summary, h1, html

pytestmark = pytest.mark.django_db
ACTOR = Actor.command("test")


def _matches_our_openapi(body, component):
    """Validate a body against a component of the served OpenAPI document (refs resolved in place)."""
    import jsonschema_rs

    from npq.web.v3 import openapi_schema

    document = openapi_schema()
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    jsonschema_rs.validator_for(schema).validate(body)


def person(n, **fields):
    return User.objects.create_user(f"dup{n}@school.example", full_name=f"Sam Duplicate {n}", **fields)


@pytest.fixture
def accepted(make_application):
    """An application accepted through the service (so it has a schedule and training history)."""
    from npq.training.services import accept_application

    def make(user, **fields):
        app = make_application(user=user, **fields)
        accept_application(app, ACTOR, funded_place=True)
        app.refresh_from_db()
        return app

    return make


def test_merge_moves_applications_and_history_and_appends_the_change(accepted, make_application):
    keep, retire = person(1), person(2, trn="1234567")
    kept_app = accepted(keep, course="npq-senco")
    moved_app = accepted(retire, course="npq-headship")
    pending = make_application(user=retire, course="npq-leading-teaching", provider="Best Practice Network")
    moment = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    declaration = Declaration.objects.create(
        application=moved_app,
        participant=retire,
        lead_provider=moved_app.lead_provider,
        cohort=moved_app.cohort,
        course=moved_app.course,
        declaration_type="started",
        declaration_date=moment,
        state="eligible",
        created_at=moment,
        updated_at=moment,
    )
    events_before = ChangeEvent.objects.count()

    change = merge_participants(str(retire.ecf_id), str(keep.ecf_id), ACTOR)

    assert (change.from_participant_id, change.to_participant_id, change.user_id) == (
        retire.ecf_id,
        keep.ecf_id,
        keep.pk,
    )
    assert set(Application.objects.filter(user=keep).values_list("pk", flat=True)) == {
        kept_app.pk,
        moved_app.pk,
        pending.pk,
    }
    assert not Application.objects.filter(user=retire).exists()
    assert ApplicationState.objects.filter(application=moved_app).count() == 1  # history travels with the application
    declaration.refresh_from_db()
    assert declaration.participant_id == keep.pk and declaration.updated_at > moment
    keep.refresh_from_db()
    retire.refresh_from_db()
    assert keep.trn == "1234567"  # the kept record had none
    assert not retire.is_active and retire.email.startswith("archived-")
    merged = AuditEvent.objects.get(action="participant.merged")
    assert merged.after["from_participant_id"] == str(retire.ecf_id)
    assert merged.after["moved"]["registration.Application"] == 2
    assert AuditEvent.objects.filter(action="participant.retired", object_id=str(retire.pk)).exists()
    # The change feed saw every moved application (QuerySet.update bypasses post_save).
    fed = set(ChangeEvent.objects.filter(pk__gt=events_before).values_list("application_id", flat=True))
    assert {moved_app.pk, pending.pk, kept_app.pk} <= fed


def test_api_shows_the_change_and_the_retired_id_is_gone(api_as, accepted):
    keep, retire = person(1), person(2)
    accepted(keep, course="npq-senco")
    moved = accepted(retire, course="npq-headship")
    merge_participants(retire.ecf_id, keep.ecf_id, ACTOR)
    api = api_as()
    shown = api.get(f"/api/v3/participants/npq/{keep.ecf_id}").json()["data"]["attributes"]
    assert [c["from_participant_id"] for c in shown["participant_id_changes"]] == [str(retire.ecf_id)]
    assert shown["participant_id_changes"][0]["to_participant_id"] == str(keep.ecf_id)
    assert {e["course_identifier"] for e in shown["npq_enrolments"]} == {"npq-senco", "npq-headship"}
    gone = api.get(f"/api/v3/participants/npq/{retire.ecf_id}")
    assert gone.status_code == 410
    error = gone.json()["errors"][0]
    assert error["title"] == "Participant ID has been changed"
    assert str(keep.ecf_id) in error["detail"]
    assert error["participant_id_changes"][0]["from_participant_id"] == str(retire.ecf_id)
    _matches_our_openapi(gone.json(), "GoneErrors")
    application = api.get(f"/api/v3/npq-applications/{moved.ecf_id}").json()["data"]["attributes"]
    assert application["participant_id"] == str(keep.ecf_id)
    listed = api.get("/api/v3/participants/npq").json()["data"]
    assert [d["id"] for d in listed] == [str(keep.ecf_id)]
    # Another provider, who never had either person, sees neither.
    other = api_as("Best Practice Network")
    assert other.get(f"/api/v3/participants/npq/{retire.ecf_id}").status_code == 404


def test_a_chain_of_merges_keeps_every_change_on_the_last_person(api_as, accepted):
    first, second, third = person(1), person(2), person(3)
    accepted(first, course="npq-headship")
    merge_participants(first.ecf_id, second.ecf_id, ACTOR)
    merge_participants(second.ecf_id, third.ecf_id, ACTOR)
    changes = list(
        ParticipantIdChange.objects.order_by("changed_at", "id").values_list(
            "from_participant_id", "to_participant_id", "user_id"
        )
    )
    # Appended, never edited: the first change still says first -> second; the holder is now the third person.
    assert changes == [(first.ecf_id, second.ecf_id, third.pk), (second.ecf_id, third.ecf_id, third.pk)]
    api = api_as()
    shown = api.get(f"/api/v3/participants/npq/{third.ecf_id}").json()["data"]["attributes"]
    assert [c["from_participant_id"] for c in shown["participant_id_changes"]] == [
        str(first.ecf_id),
        str(second.ecf_id),
    ]
    gone = api.get(f"/api/v3/participants/npq/{first.ecf_id}")
    assert gone.status_code == 410 and str(third.ecf_id) in gone.json()["errors"][0]["detail"]
    by_filter = api.get("/api/v3/participants/npq", {"filter[from_participant_id]": str(first.ecf_id)}).json()["data"]
    assert [d["id"] for d in by_filter] == [str(third.ecf_id)]


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("same", "two different"),
        ("unknown_from", "No person has the participant id"),
        ("unknown_to", "No person has the participant id"),
        ("not_an_id", "is not a participant id"),
        ("staff", "staff account"),
        ("both_accepted", "Both people hold an accepted npq-headship application in cohort 2025a"),
        ("already_merged", "already retired"),
        ("different_trn", "different TRNs"),
    ],
)
def test_merge_is_refused_clearly_and_changes_nothing(setup, words, accepted, make_user):
    import uuid

    keep, retire = person(1, trn="1111111"), person(2)
    from_id, to_id = str(retire.ecf_id), str(keep.ecf_id)
    if setup == "same":
        from_id = to_id
    elif setup == "unknown_from":
        from_id = str(uuid.uuid4())
    elif setup == "unknown_to":
        to_id = str(uuid.uuid4())
    elif setup == "not_an_id":
        from_id = "participant-two"
    elif setup == "staff":
        to_id = str(make_user(Role.DFE_ADMIN).ecf_id)
    elif setup == "both_accepted":
        accepted(keep, course="npq-headship")
        accepted(retire, course="npq-headship", provider="Best Practice Network")
    elif setup == "already_merged":
        third = person(3)
        merge_participants(retire.ecf_id, third.ecf_id, ACTOR)
    elif setup == "different_trn":
        User.objects.filter(pk=retire.pk).update(trn="2222222")
    changes = ParticipantIdChange.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        merge_participants(from_id, to_id, ACTOR)
    assert words in refused.value.message
    assert ParticipantIdChange.objects.count() == changes
    assert not AuditEvent.objects.filter(action="participant.merged", object_id=str(keep.pk)).exists()


def test_withdrawn_enrolment_does_not_block_a_merge(accepted):
    keep, retire = person(1), person(2)
    accepted(keep, course="npq-headship")
    old = accepted(retire, course="npq-headship", provider="Best Practice Network")
    Application.objects.filter(pk=old.pk).update(training_status="withdrawn")
    merge_participants(retire.ecf_id, keep.ecf_id, ACTOR)
    assert Application.objects.filter(user=keep).count() == 2


def test_command_merges_and_explains_refusals():
    keep, retire = person(1), person(2)
    out = io.StringIO()
    call_command("participants", "merge", str(retire.ecf_id), str(keep.ecf_id), stdout=out)
    assert f"{retire.ecf_id} now answers 410" in out.getvalue()
    assert AuditEvent.objects.get(action="participant.merged").actor_label.endswith("participants merge")
    with pytest.raises(CommandError, match="already retired"):
        call_command("participants", "merge", str(retire.ecf_id), str(keep.ecf_id))


def test_page_checks_then_merges_for_dfe_admins_only(client_as, make_user, accepted):
    keep, retire = person(1), person(2)
    accepted(retire, course="npq-headship")
    admin = client_as(make_user(Role.DFE_ADMIN))
    form = admin.get("/participants/merge")
    assert form.status_code == 200 and h1(form) == "Merge duplicate participants"
    ids = {"from_participant_id": str(retire.ecf_id), "to_participant_id": str(keep.ecf_id)}
    check = admin.post("/participants/merge", ids)
    assert h1(check) == "Check the participants before merging"
    page = html(check)
    assert "npq-headship" in page.get_text()
    assert not ParticipantIdChange.objects.exists()  # nothing changes before the confirmation
    done = admin.post("/participants/merge/confirm", ids, follow=True)
    assert "was merged into" in html(done).select_one(".govuk-notification-banner").get_text()
    assert ParticipantIdChange.objects.get().from_participant_id == retire.ecf_id
    assert AuditEvent.objects.get(action="participant.merged").actor_label
    # Participants and provider users may not merge.
    for role, provider in ((Role.PARTICIPANT, None), (Role.LEAD_PROVIDER, "Ambition Institute")):
        assert client_as(make_user(role, provider=provider)).get("/participants/merge").status_code == 403


def test_page_shows_refusals_in_the_error_summary(client_as, make_user):
    keep = person(1)
    admin = client_as(make_user(Role.DFE_ADMIN))
    empty = admin.post("/participants/merge", {"from_participant_id": "", "to_participant_id": ""})
    assert empty.status_code == 400
    assert error_summary(empty) == ["Enter the participant id to retire", "Enter the participant id to keep"]
    same = admin.post(
        "/participants/merge", {"from_participant_id": str(keep.ecf_id), "to_participant_id": str(keep.ecf_id)}
    )
    assert same.status_code == 400
    assert "two different" in error_summary(same)[0]
    assert html(same).title.get_text().startswith("Error:")
    # A confirmation posted for ids that no longer qualify is refused, not applied.
    stale = admin.post(
        "/participants/merge/confirm", {"from_participant_id": str(keep.ecf_id), "to_participant_id": str(keep.ecf_id)}
    )
    assert stale.status_code == 400 and not ParticipantIdChange.objects.exists()
