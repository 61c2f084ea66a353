"""The loop behind ``npq worker``: enqueue due scheduled jobs, then take and run ready jobs.

Each job is claimed in its own short transaction with ``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL (an exclusive transaction on SQLite), so two workers never take the same row; the job
then runs outside that transaction, so a slow job holds no lock. Tests call :func:`run_pending`
in-process, with the clock moved if they need a retry to fall due.
"""

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.db import OperationalError, close_old_connections
from django.db.models import Q
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from npq.core import clock, jobs, schedules

logger = logging.getLogger("npq.worker")


def _claim(worker_id: str) -> jobs.JobRow | None:
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=clock.now())
    )
    try:
        with exclusive_transaction(ready.db):
            row = ready.get_locked()
            if row is not None:
                row.claim(worker_id)
            return row
    except OperationalError as exc:
        if is_locked_database_exception(exc):  # SQLite: another worker holds the write lock
            return None
        raise


def run_job(row: jobs.JobRow) -> bool:
    """Run one claimed job; True if it succeeded."""
    try:
        declared = row.task
        result = row.task_result
        if declared.takes_context:
            # django_tasks_db subclasses the backport's TaskResult with a ParamSpec the stubs do not match.
            value = declared.call(TaskContext(task_result=result), *result.args, **result.kwargs)  # type: ignore[arg-type]
        else:
            value = declared.call(*result.args, **result.kwargs)
        row.set_successful(value)
        return True
    except Exception as exc:  # any failure of the job's own code is retried or recorded, never lost
        retried = jobs.reschedule_or_fail(row, exc)
        logger.warning("Job %s (%s) failed: %s%s", row.id, row.task_path, exc, " - will retry" if retried else "")
        return False


def run_pending(worker_id: str = "in-process", limit: int | None = None) -> int:
    """Enqueue due schedules, then run ready jobs until none is left (or ``limit``); returns how many ran."""
    schedules.enqueue_due(clock.now())
    ran = 0
    while limit is None or ran < limit:
        row = _claim(worker_id)
        if row is None:
            break
        run_job(row)
        ran += 1
    return ran


class Loop:
    """``npq worker``'s loop, stopped cleanly by SIGINT/SIGTERM between jobs."""

    def __init__(self, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.running = True

    def stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("Worker %s stopping (%s)", self.worker_id, signal.strsignal(signum))
        self.running = False

    def run(self, **_: Any) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        logger.info("Worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            ran = run_pending(self.worker_id, limit=50)
            if not ran and self.running:
                time.sleep(self.interval)
