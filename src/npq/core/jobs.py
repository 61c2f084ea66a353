"""Background jobs: Django's tasks interface (``django-tasks``) over the platform's own database.

A job is enqueued by inserting a row (``django_tasks_db``) in the caller's transaction, so a change
and the work it causes commit together or not at all: a rolled-back registration sends no email.
``npq worker`` takes ready rows one at a time under ``SELECT ... FOR UPDATE SKIP LOCKED`` (an
exclusive transaction on SQLite), so several workers over one PostgreSQL each take a job once.

Retries: a job declared with :func:`job` names how many attempts it gets; a failed attempt puts
the same row back as ready after a growing delay (:func:`backoff_seconds`); the last failure
leaves it failed, listed for DfE admins, who can retry it (:func:`retry_failed`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django_tasks import task
from django_tasks.base import Task, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from npq.core import audit, clock

P = ParamSpec("P")
T = TypeVar("T")
#: One job's row (generic over the task's arguments and result, which the runner does not know).
JobRow = DBTaskResult[Any, Any]


@dataclass(frozen=True)
class RetryPolicy:
    """How often a job is tried and how long it waits between tries."""

    attempts: int = 5
    base_seconds: int = 30
    cap_seconds: int = 60 * 60
    #: Stop retrying once the job is this old, whatever the attempt count (webhooks: 24 hours).
    give_up_after: dt.timedelta | None = None


def backoff_seconds(attempt: int, policy: RetryPolicy) -> int:
    """The wait before attempt ``attempt + 1``: doubling from the base, never past the cap."""
    return int(min(policy.cap_seconds, policy.base_seconds * 2 ** max(attempt - 1, 0)))


_POLICIES: dict[str, RetryPolicy] = {}
_LABELS: dict[str, str] = {}


def job(
    label: str, policy: RetryPolicy | None = None, *, takes_context: bool = False
) -> Callable[[Callable[..., T]], Task[..., T]]:
    """Declare a function as a job, with a name people read on the jobs page and its retry policy.

    With ``takes_context`` the function's first argument is the ``TaskContext`` (its attempt count
    is ``len(context.task_result.worker_ids)``).
    """

    def wrap(fn: Callable[..., T]) -> Task[..., T]:
        declared: Task[..., T] = task(fn, takes_context=takes_context)
        _POLICIES[declared.module_path] = policy or RetryPolicy()
        _LABELS[declared.module_path] = label
        return declared

    return wrap


def policy_for(task_path: str) -> RetryPolicy:
    return _POLICIES.get(task_path, RetryPolicy(attempts=1))


def label_for(task_path: str) -> str:
    return _LABELS.get(task_path, task_path.rsplit(".", 1)[-1].replace("_", " "))


def enqueue(declared: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> str:
    """Add a job to the caller's transaction (it commits, or rolls back, with the change).

    Outside a transaction the row is written at once. Arguments must be JSON values.
    """
    result = declared.enqueue(*args, **kwargs)
    return str(result.id)


def enqueue_many(declared: Task[..., Any], calls: list[tuple[Any, ...]]) -> list[str]:
    """Add one job per call (its positional arguments) in one insert, in the caller's transaction, as
    :func:`enqueue` would one by one (same row, same ``task_enqueued`` signal)."""
    if not calls:
        return []
    backend = declared.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return [str(declared.enqueue(*args).id) for args in calls]
    backend.validate_task(declared)
    rows = DBTaskResult.objects.bulk_create(
        [
            DBTaskResult(
                id=backend._get_id(),
                args_kwargs=normalize_json({"args": args, "kwargs": {}}),
                priority=declared.priority,
                task_path=declared.module_path,
                queue_name=declared.queue_name,
                run_after=declared.run_after or get_date_max(),  # what the model's pre_save does for create()
                backend_name=backend.alias,
            )
            for args in calls
        ]
    )
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
    return [str(row.id) for row in rows]


def enqueue_at(run_after: dt.datetime, declared: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> str:
    """Like :func:`enqueue`, for a job that must not start before ``run_after``."""
    result = declared.using(run_after=run_after).enqueue(*args, **kwargs)
    return str(result.id)


def failed() -> Any:
    return DBTaskResult.objects.failed().order_by("-finished_at")


def attempts_of(row: JobRow) -> int:
    """Each claim by a worker appends its id, so the list's length counts the attempts."""
    return len(row.worker_ids)


def reschedule_or_fail(row: JobRow, exc: BaseException) -> bool:
    """After a failed attempt: put the job back with a delay, or leave it failed. True if retried."""
    policy = policy_for(row.task_path)
    now = clock.now()
    attempt = attempts_of(row)
    too_old = policy.give_up_after is not None and now - row.enqueued_at >= policy.give_up_after
    if attempt >= policy.attempts or too_old:
        row.set_failed(exc)
        return False
    row.status = TaskResultStatus.READY
    row.run_after = now + dt.timedelta(seconds=backoff_seconds(attempt, policy))
    row.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
    row.traceback = str(exc)[:2000]
    row.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
    return True


def retry_failed(actor: audit.Actor, job_id: str) -> JobRow:
    """A DfE admin sends a failed job round again, with a fresh set of attempts."""
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().get(pk=job_id, status=TaskResultStatus.FAILED)
        before = {"status": row.status, "attempts": attempts_of(row)}
        row.status = TaskResultStatus.READY
        row.run_after = clock.now()
        row.worker_ids = []
        row.finished_at = None
        row.save(update_fields=["status", "run_after", "worker_ids", "finished_at"])
        audit.record(actor, "job.retried", row, before=before, after={"status": row.status, "attempts": 0})
    return row
