"""Email through the job runner: a service calls :func:`send`, the worker sends.

:func:`send` records a ``SentEmail`` and enqueues its delivery in the caller's transaction, so a
rolled-back change sends nothing and a slow or absent mail server never slows or fails the
person's action: the worker retries with backoff. The backend is Django's ``EMAIL_BACKEND``
(SMTP, the console, or GOV.UK Notify through ``npq.core.notify``).

The body travels in the job's arguments only until it is sent: a sent email's job keeps no
body, and ``SentEmail`` never has one, so a sign-in code or a private link is not kept at rest.
"""

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django_tasks.base import TaskContext
from django_tasks_db.models import DBTaskResult

from npq.core import clock, jobs
from npq.core.models import SentEmail

POLICY = jobs.RetryPolicy(attempts=8, base_seconds=60, cap_seconds=60 * 60)

logger = logging.getLogger(__name__)
_held: contextvars.ContextVar[bool] = contextvars.ContextVar("npq_mail_held", default=False)


@contextlib.contextmanager
def not_sent() -> Iterator[None]:
    """Demo data: make the services' emails go nowhere (nothing queued, nothing recorded)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def send(to: str, subject: str, body: str, *, kind: str) -> SentEmail | None:
    """Queue one email (to one address) in the current transaction; ``kind`` names it in the record."""
    if _held.get():
        return None
    with transaction.atomic():
        email = SentEmail.objects.create(to=to, kind=kind, subject=subject[:200], queued_at=clock.now())
        if settings.NPQ_EMAIL_AT_COMMIT:
            transaction.on_commit(lambda: _print_now(email.pk, body))
        else:
            jobs.enqueue(deliver_email, email_id=email.pk, body=body)
    return email


def _print_now(email_id: int, body: str) -> None:
    """Development only (settings.NPQ_EMAIL_AT_COMMIT): the console backend, once, in this process;
    if that fails, the worker takes the email as it would have."""
    try:
        with transaction.atomic():
            _deliver(SentEmail.objects.select_for_update().get(pk=email_id), body, attempt=1)
    except Exception:
        logger.exception("Email %s could not be printed at once; queued for the worker", email_id)
        jobs.enqueue(deliver_email, email_id=email_id, body=body)


@jobs.job("Send an email", POLICY, takes_context=True)
def deliver_email(context: TaskContext, email_id: int, body: str) -> str:
    outcome = _deliver(SentEmail.objects.get(pk=email_id), body, attempt=len(context.task_result.worker_ids))
    # The body may hold a code or a private link: once sent, the job row keeps no copy.
    DBTaskResult.objects.filter(pk=context.task_result.id).update(
        args_kwargs={"args": [], "kwargs": {"email_id": email_id, "body": ""}}
    )
    return outcome


def _deliver(email: SentEmail, body: str, attempt: int) -> str:
    connection: Any = get_connection()
    email.attempts = attempt
    email.backend = type(connection).__name__[:80]
    try:
        EmailMessage(email.subject, body, settings.DEFAULT_FROM_EMAIL, [email.to], connection=connection).send()
    except Exception as exc:
        email.outcome = SentEmail.Outcome.FAILED if attempt >= POLICY.attempts else SentEmail.Outcome.RETRYING
        email.last_error = f"{type(exc).__name__}: {exc}"[:300]
        email.save(update_fields=["attempts", "backend", "outcome", "last_error"])
        raise
    email.outcome, email.sent_at, email.last_error = SentEmail.Outcome.SENT, clock.now(), ""
    email.save(update_fields=["attempts", "backend", "outcome", "sent_at", "last_error"])
    return str(email.outcome)
