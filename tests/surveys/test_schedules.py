"""Schedules that act: the scheduled job opens a survey on each occasion (session held, module and
course ended, each year) and sends queued invitations in throttled batches, run in-process."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from npq.core import clock
from npq.core.models import ScheduleRun
from npq.delivery.models import Session
from npq.frameworks.models import Curriculum, CurriculumModule, Framework, Qualification
from npq.surveys import rules
from npq.surveys.models import EmailStatus, Occasion, Survey, SurveyEmail
from npq.surveys.services import scheduling
from tests.conftest import run_jobs
from tests.surveys.conftest import ACTOR, questionnaire

H = rules.Held


@pytest.mark.parametrize(
    ("trigger", "held", "to_come", "since", "expected"),
    [
        ("after_session", [H(1, 10, None, 5), H(2, 10, None, 9)], [], 6, ["session:2"]),
        ("after_session", [], [(10, None)], 0, []),
        ("end_of_module", [H(1, 10, 7, 5), H(2, 10, 7, 8)], [], 0, ["module:10:7"]),
        ("end_of_module", [H(1, 10, 7, 5)], [(10, 7)], 0, []),  # a session of the module still to come
        ("end_of_module", [H(1, 10, 7, 5)], [(10, 8)], 0, ["module:10:7"]),  # the next module does not wait
        ("end_of_module", [H(1, 10, 7, 5)], [], 6, []),  # ended before the schedule started
        ("end_of_module", [H(1, 10, None, 5)], [], 0, []),  # a session in no module ends none
        ("end_of_course", [H(1, 10, 7, 5), H(2, 11, 7, 5)], [(11, 8)], 0, ["course:10"]),
        ("end_of_course", [H(1, 10, 7, 5)], [], 9, []),
        ("annual", [H(1, 10, 7, 5)], [], 0, []),
    ],
)
def test_due_occasions(trigger, held, to_come, since, expected):
    assert rules.due_occasions(trigger, held, to_come, since) == expected


@pytest.mark.parametrize(
    ("started", "today", "ends", "expected"),
    [
        ((2025, 9, 1), (2025, 9, 1), (2030, 1, 1), [0]),
        ((2025, 9, 1), (2026, 8, 31), (2030, 1, 1), [0]),
        ((2025, 9, 1), (2026, 9, 1), (2030, 1, 1), [0, 1]),
        ((2025, 9, 1), (2028, 9, 2), (2027, 12, 31), [0, 1, 2]),  # 2028 is after the schedule ends
        ((2024, 2, 29), (2025, 2, 28), (2030, 1, 1), [0, 1]),  # a leap day falls on 28 February
    ],
)
def test_years_reached(started, today, ends, expected):
    assert rules.years_reached(started, today, ends) == expected


def _schedule(group, trigger, **kwargs):
    now = clock.now()
    return scheduling.create_schedule(
        ACTOR,
        questionnaire(kwargs.pop("key", "dfe-after-session")),
        title=kwargs.pop("title", "Session feedback"),
        audience="participants",
        trigger=trigger,
        starts_at=kwargs.pop("starts_at", now - dt.timedelta(days=2)),
        ends_at=kwargs.pop("ends_at", now + dt.timedelta(days=300)),
        **({"delivery_cohort": group["dc"]} | kwargs),
    )


@override_settings(SURVEY_EMAIL_BATCH=5)
def test_the_scheduled_jobs_open_a_survey_after_a_session_and_send_its_invitations_in_batches(group):
    schedule = _schedule(group, "after_session")
    run_jobs()  # the hourly job opens the survey; the 5-minute job sends a batch of at most 5
    survey = Occasion.objects.get(schedule=schedule, key=f"session:{group['session'].pk}").survey
    assert survey.session_id == group["session"].pk and survey.invitations.count() == 7
    assert survey.closes_at - survey.opens_at == dt.timedelta(days=14)
    assert ScheduleRun.objects.filter(name="surveys.open_scheduled").count() == 1
    sent_first = SurveyEmail.objects.filter(invitation__survey=survey, status=EmailStatus.SENT).count()
    assert sent_first <= 5  # throttled (the send job may have run before the survey opened)
    token = clock.move_to(clock.now() + dt.timedelta(minutes=5))
    try:
        run_jobs()
        run_jobs()  # the same due time: nothing runs twice
        clock.move_to(clock.now() + dt.timedelta(minutes=10))
        run_jobs()
    finally:
        clock.reset(token)
    assert SurveyEmail.objects.filter(invitation__survey=survey, status=EmailStatus.SENT).count() == 7
    assert len(mail.outbox) == 7
    assert Survey.objects.filter(occasion__schedule=schedule).count() == 1  # opened once however often it ran


def test_a_session_not_yet_held_opens_nothing_until_its_attendance_is_recorded(group):
    later = Session.objects.create(
        delivery_cohort=group["dc"],
        title="Coaching",
        mode="online",
        starts_at=clock.now() + dt.timedelta(days=1),
        facilitator=group["facilitator"],
    )
    schedule = _schedule(group, "after_session")
    assert [o.key for o in scheduling.due(schedule, clock.now())] == [f"session:{group['session'].pk}"]
    assert f"session:{later.pk}" not in {o.key for o in scheduling.due(schedule, clock.now() + dt.timedelta(days=2))}


def _module(group):
    now = clock.now()
    framework = Framework.objects.create(key="test", version=1, name="Test framework", loaded_at=now)
    qualification = Qualification.objects.create(framework=framework, code="NPQH", name="Headship")
    curriculum = Curriculum.objects.create(
        lead_provider=group["provider"], framework=framework, qualification=qualification, name="Ours", uploaded_at=now
    )
    return CurriculumModule.objects.create(curriculum=curriculum, position=1, title="Module 1: school culture")


def test_end_of_module_and_end_of_course_wait_for_the_last_session(group):
    module = _module(group)
    Session.objects.filter(pk=group["session"].pk).update(module=module)
    to_come = Session.objects.create(
        delivery_cohort=group["dc"],
        title="Module close",
        mode="online",
        starts_at=clock.now() + dt.timedelta(days=3),
        module=module,
    )
    by_module = _schedule(group, "end_of_module", key="dfe-end-of-module", title="End of module")
    by_course = _schedule(group, "end_of_course", key="dfe-end-of-module", title="End of course")
    assert scheduling.open_due_surveys(ACTOR) == []
    to_come.delete()
    opened = scheduling.open_due_surveys(ACTOR)
    assert {s.title for s in opened} == {
        f"End of module: Test group, {module.title}",
        "End of course: Test group",
    }
    survey = by_module.occasions.get().survey
    assert survey.module_title == module.title and survey.delivery_cohort_id == group["dc"].pk
    assert survey.invitations.count() == 7 and by_course.occasions.count() == 1
    assert scheduling.open_due_surveys(ACTOR) == []


def test_a_yearly_survey_opens_on_each_anniversary(group):
    start = timezone.now() - dt.timedelta(days=1)
    schedule = _schedule(
        group,
        "annual",
        key="dfe-end-of-module",
        title="Annual survey",
        starts_at=start,
        ends_at=start + dt.timedelta(days=800),
    )
    assert [s.title for s in scheduling.open_due_surveys(ACTOR)] == [f"Annual survey ({start.year})"]
    next_year = scheduling.open_due_surveys(ACTOR, now=start + dt.timedelta(days=366))
    assert [s.title for s in next_year] == [f"Annual survey ({start.year + 1})"]
    assert schedule.occasions.count() == 2


def test_a_schedule_needs_a_repeating_trigger_and_a_provider_asks_only_its_own(group):
    from npq.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="Select when"):
        _schedule(group, "once")
    schedule = scheduling.create_schedule(
        ACTOR,
        questionnaire("dfe-after-session"),
        title="Ours",
        audience="participants",
        trigger="after_session",
        starts_at=clock.now() - dt.timedelta(days=2),
        ends_at=clock.now() + dt.timedelta(days=30),
        owner=group["other_provider_user"].lead_provider,
    )
    assert scheduling.due(schedule, clock.now()) == []  # Teach First's schedule never reaches Ambition's group


def test_the_send_form_with_a_repeating_trigger_makes_a_schedule_the_list_shows(group, client_as):
    from npq.surveys.models import SurveySchedule
    from tests.conftest import html

    provider = client_as(group["provider_user"])
    today = timezone.localdate()
    posted = {
        "questionnaire": questionnaire("dfe-after-session").pk,
        "title": "After every session",
        "audience": "participants",
        "trigger": "after_session",
        "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": (today + dt.timedelta(days=200)).strftime("%d/%m/%Y"),
    }
    done = provider.post("/surveys/new", posted)
    assert done.status_code == 302 and done.url == "/surveys"
    schedule = SurveySchedule.objects.get(title="After every session")
    assert schedule.owner_id == group["provider"].pk and schedule.lead_provider_id == group["provider"].pk
    text = html(provider.get("/surveys")).get_text(" ", strip=True)
    assert "After every session after each session" in text
    refused = provider.post("/surveys/new", posted | {"audience": "school_staff", "emails": "a@school.example"})
    assert refused.status_code == 400 and "select ‘Once’" in refused.content.decode()


def test_the_demo_schedules_the_groups_session_feedback_once(group):
    from npq.surveys import demo
    from npq.surveys.models import SurveySchedule

    class Out:
        lines: list[str] = []

        def write(self, line):
            self.lines.append(line)

    demo._schedule(group["dc"], Out())
    demo._schedule(group["dc"], Out())
    schedule = SurveySchedule.objects.get(title="Test group: after each session")
    assert schedule.owner_id == group["provider"].pk and schedule.delivery_cohort_id == group["dc"].pk
    assert Out.lines == ["Surveys: Test group: after each session scheduled for a year"]
