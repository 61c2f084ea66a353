"""Surveys' scheduled jobs: open the surveys whose occasion has come, and send queued emails in batches.

Throttle: each run of ``send_survey_emails`` sends at most ``SURVEY_EMAIL_BATCH`` emails (setting,
200 by default) and it runs every 5 minutes, so at most 2,400 an hour leave; the rest wait their turn,
oldest first."""

from django.conf import settings

from npq.core import jobs, schedules
from npq.core.audit import Actor
from npq.surveys.services import scheduling, sending

BATCH = 200


@jobs.job("Open surveys whose occasion has come (sessions held, modules and courses ended, yearly)")
def open_scheduled_surveys() -> int:
    return len(scheduling.open_due_surveys(Actor.job("open scheduled surveys")))


@jobs.job("Send survey invitations and reminders")
def send_survey_emails() -> dict[str, int]:
    return sending.send_due_invitations(limit=int(getattr(settings, "SURVEY_EMAIL_BATCH", BATCH)))


def register() -> None:
    schedules.register(
        schedules.Schedule(
            "surveys.open_scheduled",
            "Open surveys whose occasion has come",
            open_scheduled_surveys,
            schedules.every(60),
        )
    )
    schedules.register(
        schedules.Schedule(
            "surveys.send_emails",
            "Send survey invitations and reminders",
            send_survey_emails,
            schedules.every(5),
        )
    )
