import datetime as dt

import pytest
from django.core import mail

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.core.models import AuditEvent
from npq.delivery import queries, services
from npq.delivery.models import Attendance, CourseEngagementSetting
from npq.people.models import Role
from tests.conftest import run_jobs
from tests.factories import build_world, hold_session
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db

BEHAVIOURS = ["commitment", "collaboration", "personal_drive", "resilience", "awareness", "integrity", "respect"]


built, world = module_fixtures(lambda: build_world(participants=3), "world")


def test_attendance_and_engagement(world):
    a, b, c = world.participants
    s1, s2 = hold_session(world, "One", 2), hold_session(world, "Two", 1)
    services.record_attendance(
        world.facilitator, s1, {a.pk: ("attended", ""), b.pk: ("partial", ""), c.pk: ("absent", "Illness")}
    )
    services.record_attendance(world.facilitator, s2, {a.pk: ("attended", ""), b.pk: ("attended", "")})
    found = queries.engagement_by_participant(world.dc, clock.now())
    assert {pid: e.percent for pid, e in found.items()} == {a.pk: 100, b.pk: 75, c.pk: 0}
    assert queries.engagement_of(world.dc, b.pk, clock.now()).percent == 75
    assert AuditEvent.objects.filter(action="attendance.recorded").count() == 5


def test_correcting_attendance_is_audited_with_before_and_after(world):
    a = world.participants[0]
    session = hold_session(world)
    services.record_attendance(world.facilitator, session, {a.pk: ("absent", "Ofsted visit at school")})
    assert services.record_attendance(world.facilitator, session, {a.pk: ("attended", "")}) == 1
    assert Attendance.objects.get(session=session, participant=a).status == "attended"
    event = AuditEvent.objects.filter(action="attendance.recorded").order_by("id").last()
    assert event.before == {"status": "absent", "reason": "Ofsted visit at school"}


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"status": "absent", "reason": " "}, "Enter the reason for the absence"),
        ({"status": "asleep", "reason": ""}, "Select attended, partly attended or absent"),
    ],
)
def test_bad_attendance_saves_nothing(world, marks, message):
    a, b = world.participants[:2]
    session = hold_session(world)
    with pytest.raises(ValidationFailed, match=message):
        services.record_attendance(
            world.facilitator, session, {a.pk: ("attended", ""), b.pk: (marks["status"], marks["reason"])}
        )
    assert not Attendance.objects.exists()


def test_attendance_cannot_be_recorded_before_the_session(world):
    session = services.schedule_session(
        world.facilitator,
        world.dc,
        title="Later",
        mode="live_video",
        starts_at=clock.now() + dt.timedelta(days=3),
        link="https://meet.example/x",
    )
    with pytest.raises(ValidationFailed, match="before the session has started"):
        services.record_attendance(world.facilitator, session, {world.participants[0].pk: ("attended", "")})


def test_other_providers_staff_cannot_run_the_cohort(world, make_user):
    outsider = make_user(Role.LEAD_PROVIDER, provider="Teach First")
    with pytest.raises(PermissionDenied):
        hold_session_as(outsider, world)
    assert queries.cohorts_for(outsider).count() == 0
    assert list(queries.cohorts_for(world.provider_user)) == [world.dc]
    assert list(queries.cohorts_for(world.participants[0])) == [world.dc]


def hold_session_as(user, world):
    return services.schedule_session(user, world.dc, title="X", mode="self_study", starts_at=clock.now())


def test_only_accepted_participants_join(world, make_user):
    stranger = make_user(Role.PARTICIPANT)
    with pytest.raises(ValidationFailed, match="has no accepted application"):
        services.add_participants(Actor.command("test"), world.dc, [stranger])


def test_engagement_threshold_is_a_course_setting(world):
    assert queries.threshold_for(world.dc.course_id) == 90
    CourseEngagementSetting.objects.create(course=world.dc.course, threshold_percent=80)
    assert queries.threshold_for(world.dc.course_id) == 80


def test_self_evaluation_with_360_feedback(world):
    person = world.participants[0]
    ratings = dict.fromkeys(BEHAVIOURS, 4) | {"resilience": 2}
    with pytest.raises(ValidationFailed, match="on the behaviour not rated yet"):
        services.save_self_evaluation(person, world.dc, BEHAVIOURS, {**ratings, "respect": 9}, {})
    se = services.save_self_evaluation(person, world.dc, BEHAVIOURS, ratings, {"resilience": "Coaching"})
    with django_capture_on_commit():
        invitation = services.invite_colleague(person, se, "Sam Colleague", "Sam@School.example", "http://x")
    assert invitation.email == "sam@school.example"
    run_jobs()
    assert len(mail.outbox) == 1 and "http://x/feedback/" in mail.outbox[0].body
    token = mail.outbox[0].body.split("/feedback/")[1].split()[0]
    with pytest.raises(ValidationFailed, match="already invited"):
        services.invite_colleague(person, se, "Sam", "sam@school.example", "http://x")
    services.respond_to_invitation(token, BEHAVIOURS, dict.fromkeys(BEHAVIOURS, 3))
    with pytest.raises(ValidationFailed, match="already given"):
        services.respond_to_invitation(token, BEHAVIOURS, dict.fromkeys(BEHAVIOURS, 3))
    invitation.refresh_from_db()
    assert invitation.ratings["resilience"] == 3 and invitation.responded_at is not None


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_formative_checkpoint_feedback(world):
    person = world.participants[0]
    cp = services.set_checkpoint(world.facilitator, world.dc, "Reflection 1", "What changed?", clock.today())
    with pytest.raises(ValidationFailed, match="Enter your response"):
        services.respond_to_checkpoint(person, cp, "  ")
    response = services.respond_to_checkpoint(person, cp, "We introduced peer observation")
    services.give_feedback(world.facilitator, response, "Good focus; add evidence of impact")
    response.refresh_from_db()
    assert response.feedback_by == world.facilitator
    assert AuditEvent.objects.filter(action="checkpoint.feedback_given").count() == 1
