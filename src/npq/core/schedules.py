"""Scheduled jobs, declared in code: each app adds its own in ``AppConfig.ready()``.

    from npq.core import schedules
    schedules.register(schedules.Schedule("surveys.reminders", "Send survey reminders",
                                          send_reminders, schedules.daily(dt.time(9, 0))))

where ``send_reminders`` is a job (``npq.core.jobs.job``) taking no arguments. The worker calls
:func:`enqueue_due` on every pass: for each schedule it works out the latest due time not after
now and inserts one ``ScheduleRun`` for (name, due time), whose unique constraint makes that
insert, and the job enqueued beside it, happen once however many workers race for it. A worker
that was down for a while runs a missed schedule once, not once per missed slot.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from npq.core import jobs
from npq.core.models import ScheduleRun

#: Given now, the latest due time not after it; given a due time, the one after it.
Cadence = tuple[Callable[[dt.datetime], dt.datetime], Callable[[dt.datetime], dt.datetime], str]


def every(minutes: int) -> Cadence:
    """Every ``minutes`` minutes, on the clock (every 15 minutes: :00, :15, :30, :45)."""
    step = dt.timedelta(minutes=minutes)
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

    def latest(now: dt.datetime) -> dt.datetime:
        return epoch + step * ((now - epoch) // step)

    return latest, lambda due: due + step, f"every {minutes} minutes"


def daily(at: dt.time) -> Cadence:
    """Once a day at ``at``, London time."""

    def latest(now: dt.datetime) -> dt.datetime:
        local = timezone.localtime(now)
        due = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        return due if due <= local else due - dt.timedelta(days=1)

    return latest, lambda due: due + dt.timedelta(days=1), f"daily at {at:%H:%M}"


@dataclass(frozen=True)
class Schedule:
    name: str
    label: str
    job: Task[[], Any]
    cadence: Cadence

    def latest_due(self, now: dt.datetime) -> dt.datetime:
        return self.cadence[0](now)

    def next_due(self, now: dt.datetime) -> dt.datetime:
        return self.cadence[1](self.latest_due(now))

    @property
    def describe(self) -> str:
        return self.cadence[2]


_SCHEDULES: dict[str, Schedule] = {}


def register(schedule: Schedule) -> Schedule:
    """Add (or replace, so ``ready()`` may run twice) a scheduled job."""
    _SCHEDULES[schedule.name] = schedule
    return schedule


def all_schedules() -> list[Schedule]:
    return sorted(_SCHEDULES.values(), key=lambda s: s.label)


def enqueue_due(now: dt.datetime) -> list[str]:
    """Enqueue each schedule whose latest due time has no run yet; returns the names enqueued."""
    enqueued = []
    for schedule in all_schedules():
        due = schedule.latest_due(now)
        if ScheduleRun.objects.filter(name=schedule.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                job_id = jobs.enqueue(schedule.job)
                ScheduleRun.objects.create(name=schedule.name, due_at=due, enqueued_at=now, job_id=job_id)
        except IntegrityError:  # another worker enqueued this due time first
            continue
        enqueued.append(schedule.name)
    return enqueued


def last_runs() -> dict[str, ScheduleRun]:
    latest: dict[str, ScheduleRun] = {}
    for run in ScheduleRun.objects.order_by("name", "-due_at"):
        latest.setdefault(run.name, run)
    return latest
