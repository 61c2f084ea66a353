"""Saved drafts and changes after submission leave audit events: starting a draft, every answer
that changes it, its submission, and every change the person makes to the application after."""

import pytest

from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import LeadProvider
from npq.registration import services
from npq.registration.models import Application, ApprovalStatus, RegistrationDraft
from tests.registration.test_journey import answer, finish, walk_to_course
from tests.registration.test_services import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(make_user, client_as, schools):
    user = make_user(Role.PARTICIPANT)
    return user, client_as(user)


def draft_events(user, action=None):
    events = AuditEvent.objects.filter(object_type="registration.registrationdraft", actor_id=str(user.pk))
    return events.filter(action=action) if action else events


def test_starting_a_draft_and_each_answer_are_audited(participant):
    user, client = participant
    client.get("/registration/")
    started = draft_events(user, "registration_draft.started").get()
    assert started.after == {"answers": {}}
    answer(client, "course_start", {"cohort": "2026b"})
    answered = draft_events(user, "registration_draft.answered").get()
    assert (answered.before, answered.after) == ({"cohort": None}, {"cohort": "2026b"})
    assert answered.object_id == str(RegistrationDraft.objects.get(user=user).pk)


def test_saving_the_same_answer_again_records_nothing(participant):
    user, client = participant
    client.get("/registration/")
    answer(client, "course_start", {"cohort": "2026b"})
    count = draft_events(user).count()
    answer(client, "course_start", {"cohort": "2026b"})
    client.get("/registration/")
    assert draft_events(user).count() == count


def test_a_changed_answer_records_what_it_cleared(participant):
    user, client = participant
    walk_to_course(client)
    answer(client, "course", {"course": "npq-headship"})
    answer(client, "funding", {})
    # a new work setting: the funding result must be seen again, and the course is off the path for now
    answer(client, "work_setting", {"work_setting": "another_setting"}, "/registration/your_employment")
    last = draft_events(user, "registration_draft.answered").order_by("-id").first()
    assert last.before == {"funding_seen": "yes", "work_setting": "a_school"}
    assert last.after == {"funding_seen": None, "work_setting": "another_setting"}


def test_every_save_in_a_whole_registration_is_audited_and_submission_ends_the_draft(participant):
    user, client = participant
    walk_to_course(client)
    answer(client, "course", {"course": "npq-headship"})
    answer(client, "funding", {})
    finish(client)
    saves = draft_events(user, "registration_draft.answered").count()
    assert saves == 12  # one for each question answered, from course start to consent
    client.post("/registration/check-answers")
    app = Application.objects.get(user=user)
    submitted = draft_events(user, "registration_draft.submitted").get()
    assert submitted.after == {"application": str(app.ecf_id)}
    assert submitted.before["answers"]["school_urn"] == "100001"
    assert not RegistrationDraft.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="application.submitted", object_id=str(app.pk)).exists()


def application_events(app):
    return AuditEvent.objects.filter(object_type="registration.application", object_id=str(app.pk))


@pytest.mark.parametrize(
    ("change", "field", "after"),
    [
        ({"course": "npq-senior-leadership"}, "course_id", None),
        ({"school_urn": "100003"}, "school_id", None),
    ],
)
def test_changes_in_place_after_submission_are_audited(make_user, schools, change, field, after):
    person = make_user(Role.PARTICIPANT)
    app = submit(person)
    services.change_registration(person, app, change)
    event = application_events(app).get(action="application.changed_by_participant")
    assert field in event.before and field in event.after and event.before[field] != event.after[field]
    assert event.after["changed"] == sorted(change) and event.actor_id == str(person.pk)


def test_a_change_of_provider_after_submission_is_audited_on_both_applications(make_user, schools):
    person = make_user(Role.PARTICIPANT)
    app = submit(person)
    teach_first = LeadProvider.objects.get(name="Teach First")
    new = services.change_registration(person, app, {"lead_provider": str(teach_first.pk)})
    withdrawn = application_events(app).get(action="application.withdrawn_by_participant")
    assert withdrawn.after["replaced_by"] == str(new.ecf_id)
    assert application_events(new).get(action="application.submitted").after["replaces"] == str(app.ecf_id)


def test_a_refused_change_after_acceptance_changes_nothing_and_records_nothing(make_user, schools):
    person = make_user(Role.PARTICIPANT)
    app = submit(person)
    Application.objects.filter(pk=app.pk).update(
        lead_provider_approval_status=ApprovalStatus.ACCEPTED, training_status="active"
    )
    before = application_events(app).count()
    with pytest.raises(Exception, match="can only be changed while it waits"):
        services.change_registration(person, app, {"course": "npq-senior-leadership"})
    app.refresh_from_db()
    assert app.course.identifier == "npq-headship" and application_events(app).count() == before
