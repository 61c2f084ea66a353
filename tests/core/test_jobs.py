"""Email through the job runner, against a real SMTP server on loopback that the test stops and starts."""

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from npq.core import clock, jobs, mail, schedules
from npq.core.models import ScheduleRun, SentEmail
from npq.people.models import Role
from npq.reference.models import LeadProvider
from npq.registration import services
from npq.registration.models import Application
from tests.conftest import run_jobs
from tests.factories import make_school

pytestmark = pytest.mark.django_db

ANSWERS = {
    "cohort": "2026b",
    "provider_check": "yes",
    "teacher_catchment": "england",
    "work_setting": "a_school",
    "school_urn": "100001",
    "course": "npq-headship",
    "funding_seen": "yes",
    "full_name": "Sam Lee",
    "trn": "7654321",
    "date_of_birth": "1980-01-02",
    "consent": "yes",
}
MAIL_JOB = "npq.core.mail.deliver_email"
START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A mail server on loopback, stopped until the test starts it."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    yield server, inbox
    if getattr(server, "_thread", None) is not None:
        server.stop()


@pytest.fixture
def at_start():
    token = clock.move_to(START)
    yield
    clock.reset(token)


@pytest.fixture
def person(reference, make_user, at_start):
    make_school("100001", "St Mary's C of E Primary School", town="Tiverton")
    return make_user(Role.PARTICIPANT, email="sam@school.example")


def register(user):
    answers = {**ANSWERS, "lead_provider": str(LeadProvider.objects.get(name="Ambition Institute").pk)}
    return services.submit_registration(user, answers)


def test_registration_succeeds_while_mail_is_down_and_the_email_goes_when_it_returns(person, smtp):
    server, inbox = smtp
    app = register(person)  # the mail server is not running
    assert Application.objects.filter(pk=app.pk).exists()
    run_jobs()
    email = SentEmail.objects.get(to="sam@school.example")
    assert (email.outcome, email.attempts, inbox.messages) == (SentEmail.Outcome.RETRYING, 1, [])
    assert "Connection" in email.last_error or "refused" in email.last_error

    server.start()
    assert run_jobs() == 0  # the retry waits its backoff
    clock.move_to(START + dt.timedelta(seconds=jobs.backoff_seconds(1, email_policy())))
    assert run_jobs() == 1
    email.refresh_from_db()
    assert (email.outcome, email.attempts) == (SentEmail.Outcome.SENT, 2)
    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert recipients == ["sam@school.example"] and "Subject: Your NPQ registration" in content
    # Nothing keeps the body once sent.
    assert all(row.args_kwargs["kwargs"]["body"] == "" for row in DBTaskResult.objects.filter(task_path=MAIL_JOB))


def email_policy():
    from npq.core import mail

    return mail.POLICY


def test_a_rolled_back_change_sends_nothing(person, smtp):
    server, inbox = smtp
    server.start()

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        register(person)
        raise Abandon
    assert not SentEmail.objects.exists() and not DBTaskResult.objects.filter(task_path=MAIL_JOB).exists()
    run_jobs()
    assert inbox.messages == [] and not Application.objects.exists()


def test_sign_in_code_record_keeps_no_code(db, settings, at_start):
    from npq.people.services import send_sign_in_code

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_sign_in_code("ana@school.example")
    pending = DBTaskResult.objects.get(task_path=MAIL_JOB)
    assert "Your code is" in pending.args_kwargs["kwargs"]["body"]  # needed until sent
    run_jobs()
    email = SentEmail.objects.get()
    assert (email.kind, email.outcome, email.subject) == (
        "sign_in_code",
        SentEmail.Outcome.SENT,
        "Your sign-in code for the NPQ Platform",
    )
    assert DBTaskResult.objects.get(task_path=MAIL_JOB).args_kwargs["kwargs"]["body"] == ""


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (20, 3600)],
)
def test_backoff_doubles_up_to_the_cap(attempt, expected):
    assert jobs.backoff_seconds(attempt, jobs.RetryPolicy(base_seconds=30, cap_seconds=3600)) == expected


calls: list[int] = []


@jobs.job("Always fails", jobs.RetryPolicy(attempts=2, base_seconds=1))
def always_fails(n: int) -> None:
    calls.append(n)
    raise RuntimeError(f"failure {n}")


def test_a_job_fails_after_its_attempts_and_an_admin_can_retry_it(db, at_start, make_user, client_as):
    calls.clear()
    with transaction.atomic():
        job_id = jobs.enqueue(always_fails, 7)
    run_jobs()
    clock.move_to(START + dt.timedelta(seconds=1))
    run_jobs()
    assert calls == [7, 7]
    row = DBTaskResult.objects.get(pk=job_id)
    assert row.status == "FAILED" and "failure 7" in row.traceback

    admin = make_user(Role.DFE_ADMIN)
    client = client_as(admin)
    page = client.get("/jobs/failed")
    assert "Always fails" in page.content.decode()
    client.post(f"/jobs/failed/{job_id}/retry")
    row.refresh_from_db()
    assert row.status == "READY" and row.worker_ids == []
    run_jobs()
    assert calls == [7, 7, 7]


@pytest.mark.parametrize("job_id", ["1", "not-a-job", "00000000-0000-0000-0000-000000000000"])
def test_retrying_a_job_that_is_not_there_is_not_found(db, make_user, client_as, job_id):
    client = client_as(make_user(Role.DFE_ADMIN))
    assert client.post(f"/jobs/failed/{job_id}/retry").status_code == 404


def test_a_schedule_is_enqueued_once_per_due_time(db, at_start):
    first = schedules.enqueue_due(START)
    assert "finance.advance_statements" in first
    # A minute later nothing is due again: the shortest cadence is every five minutes.
    assert schedules.enqueue_due(START + dt.timedelta(minutes=1)) == []
    assert ScheduleRun.objects.filter(name="finance.advance_statements").count() == 1
    # The next day's due time is a new run.
    assert "finance.advance_statements" in schedules.enqueue_due(START + dt.timedelta(days=1))


def test_scheduled_jobs_run_and_the_page_lists_last_and_next_runs(db, at_start, make_user, client_as):
    ran = run_jobs()
    assert ran >= len(schedules.all_schedules())
    page = client_as(make_user(Role.DFE_ADMIN)).get("/jobs/scheduled")
    text = page.content.decode()
    for schedule in schedules.all_schedules():
        assert schedule.label in text
    assert "Succeeded" in text


def test_in_development_an_email_is_printed_when_its_change_commits_not_before(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """make run: a sign-in code is in the server's output before the page that asks for it."""
    settings.NPQ_EMAIL_AT_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = mail.send("sam@example.org", "Your code", "Your code is 123456", kind="sign_in_code")
        assert mailoutbox == []  # nothing leaves before the commit
    assert [m.body for m in mailoutbox] == ["Your code is 123456"]
    email.refresh_from_db()
    assert email.outcome == SentEmail.Outcome.SENT and email.attempts == 1
    assert not DBTaskResult.objects.exists()  # no job: the worker has nothing to send twice


def test_in_development_a_rolled_back_change_prints_nothing(db, settings, mailoutbox):
    settings.NPQ_EMAIL_AT_COMMIT = True
    with transaction.atomic():
        mail.send("sam@example.org", "Your code", "Your code is 123456", kind="sign_in_code")
        transaction.set_rollback(True)
    assert mailoutbox == [] and not SentEmail.objects.exists()
