"""Schedules: a standing instruction to send a questionnaire on every occasion of a trigger, and the
use case the scheduled job runs to open the surveys whose occasion has come."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.delivery.models import DeliveryCohort, Session
from npq.surveys import rules
from npq.surveys.models import Occasion, Questionnaire, Survey, SurveySchedule, Trigger
from npq.surveys.services import sending

FILTERS = ("lead_provider", "delivery_partner", "course", "cohort", "delivery_cohort")
WORDS = {
    Trigger.AFTER_SESSION: "after each session",
    Trigger.END_OF_MODULE: "at the end of each module",
    Trigger.END_OF_COURSE: "at the end of the course",
    Trigger.ANNUAL: "once a year",
}


def create_schedule(
    actor: Actor,
    questionnaire: Questionnaire,
    *,
    title: str,
    audience: str,
    trigger: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    owner: Any = None,
    answer_days: int = 14,
    target_question_key: str = "",
    target_percent: int | None = None,
    **filters: Any,
) -> SurveySchedule:
    """Send ``questionnaire`` on every occasion of ``trigger`` between two dates."""
    if trigger not in WORDS:
        raise ValidationFailed("Select when the survey is sent: after each session, module, course, or yearly")
    if ends_at <= starts_at:
        raise ValidationFailed("The closing date must be after the opening date", field="closes_on")
    if not 1 <= answer_days <= 90:
        raise ValidationFailed("People must have from 1 to 90 days to answer", field="answer_days")
    if owner is not None:
        if questionnaire.owner_id not in (None, owner.pk):
            raise PermissionDenied("You can send only the Department's questionnaires or your own")
        filters["lead_provider"] = owner
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValidationFailed(f"Unknown audience filter {sorted(unknown)}")
    with transaction.atomic():
        schedule = SurveySchedule.objects.create(
            questionnaire=questionnaire,
            title=title,
            owner=owner,
            audience=audience,
            trigger=trigger,
            starts_at=starts_at,
            ends_at=ends_at,
            answer_days=answer_days,
            target_question_key=target_question_key,
            target_percent=target_percent,
            created_at=clock.now(),
            **filters,
        )
        audit.record(actor, "survey_schedule.created", schedule, after={"title": title, "trigger": trigger})
    return schedule


@dataclass(frozen=True)
class Due:
    key: str
    title: str
    filters: dict[str, Any]


def _sessions(schedule: SurveySchedule) -> QuerySet[Session]:
    cohorts = DeliveryCohort.objects.filter(
        **{f: getattr(schedule, f) for f in FILTERS[:4] if getattr(schedule, f"{f}_id")}
    )
    if schedule.delivery_cohort_id:
        cohorts = cohorts.filter(pk=schedule.delivery_cohort_id)
    return Session.objects.filter(delivery_cohort__in=cohorts).select_related("delivery_cohort", "module")


def due(schedule: SurveySchedule, now: dt.datetime) -> list[Due]:
    """The occasions the schedule has reached by ``now`` (opened or not)."""
    if not schedule.starts_at <= now < schedule.ends_at:
        return []
    if schedule.trigger == Trigger.ANNUAL:
        start, today, ends = (clock_day(d) for d in (schedule.starts_at, now, schedule.ends_at))
        return [
            Due(f"year:{n}", f"{schedule.title} ({schedule.starts_at.year + n})", {})
            for n in rules.years_reached(start, today, ends)
        ]
    held, to_come, by_id = [], [], {}
    # A session is held once it has ended and its attendance is recorded: the audience is who attended.
    for session in _sessions(schedule).filter(starts_at__gte=schedule.starts_at - dt.timedelta(days=366)):
        ended = session.starts_at + dt.timedelta(minutes=session.duration_minutes)
        by_id[session.pk] = session
        if ended <= now and session.attendances.exists():
            held.append(rules.Held(session.pk, session.delivery_cohort_id, session.module_id, int(ended.timestamp())))
        elif ended > now:
            to_come.append((session.delivery_cohort_id, session.module_id))
    out = []
    for key in rules.due_occasions(schedule.trigger, held, to_come, int(schedule.starts_at.timestamp())):
        kind, *ids = key.split(":")
        if kind == "session":
            session = by_id[int(ids[0])]
            out.append(Due(key, f"{schedule.title}: {session.title}", {"session": session}))
            continue
        dc = next(s.delivery_cohort for s in by_id.values() if s.delivery_cohort_id == int(ids[0]))
        if kind == "module":
            module = next(s.module for s in by_id.values() if s.module_id == int(ids[1]))
            title = module.title if module else ""
            out.append(
                Due(key, f"{schedule.title}: {dc.name}, {title}", {"delivery_cohort": dc, "module_title": title})
            )
        else:
            out.append(Due(key, f"{schedule.title}: {dc.name}", {"delivery_cohort": dc}))
    return out


def clock_day(moment: dt.datetime) -> tuple[int, int, int]:
    local = timezone.localtime(moment)  # London's calendar day
    return (local.year, local.month, local.day)


def open_due_surveys(actor: Actor, now: dt.datetime | None = None) -> list[Survey]:
    """Open a survey for each occasion reached and not yet opened, each in its own transaction.

    The (schedule, key) constraint makes a second opening fail, so two runs at once open one survey."""
    moment = now or clock.now()
    opened: list[Survey] = []
    live = SurveySchedule.objects.filter(starts_at__lte=moment, ends_at__gt=moment).select_related("questionnaire")
    for schedule in live:
        done = set(schedule.occasions.values_list("key", flat=True))
        for occasion in due(schedule, moment):
            if occasion.key in done:
                continue
            try:
                opened.append(_open(actor, schedule, occasion, moment))
            except IntegrityError:  # another run opened this occasion first
                continue
    return opened


def _open(actor: Actor, schedule: SurveySchedule, occasion: Due, moment: dt.datetime) -> Survey:
    filters = {f: getattr(schedule, f) for f in FILTERS if getattr(schedule, f"{f}_id")} | occasion.filters
    if schedule.owner_id is not None:
        filters.pop("lead_provider", None)  # open_survey sets it from the owner
    with transaction.atomic():
        survey = sending.open_survey(
            actor,
            schedule.questionnaire,
            title=occasion.title[:200],
            audience=schedule.audience,
            opens_at=moment,
            closes_at=moment + dt.timedelta(days=schedule.answer_days),
            owner=schedule.owner,
            trigger=schedule.trigger,
            target_question_key=schedule.target_question_key,
            target_percent=schedule.target_percent,
            **filters,
        )
        Occasion.objects.create(schedule=schedule, key=occasion.key, survey=survey, opened_at=moment)
        audit.record(actor, "survey_schedule.occasion_opened", schedule, after={"occasion": occasion.key})
    return survey
