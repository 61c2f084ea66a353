"""Pages for DfE admins: failed jobs (with retry), scheduled jobs (last and next run), sent emails."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from npq.core import clock, jobs, schedules
from npq.core.audit import Actor
from npq.core.models import ScheduleRun, SentEmail
from npq.core.pagination import page_of
from npq.core.permissions import role_required
from npq.core.roles import Role

STATUS_WORDS = {
    TaskResultStatus.READY: "Waiting",
    TaskResultStatus.RUNNING: "Running",
    TaskResultStatus.SUCCESSFUL: "Succeeded",
    TaskResultStatus.FAILED: "Failed",
}


@role_required(Role.DFE_ADMIN)
def failed_jobs(request: HttpRequest) -> HttpResponse:
    page = page_of(jobs.failed(), request.GET.get("page"))
    rows = [
        {
            "id": str(row.id),
            "label": jobs.label_for(row.task_path),
            "finished_at": row.finished_at,
            "attempts": jobs.attempts_of(row),
            "error": (row.traceback.strip().splitlines() or [""])[-1][:300],
        }
        for row in page.items
    ]
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    return render(
        request, "core/failed_jobs.html", {"title": "Failed jobs", "page": page, "rows": rows, "waiting": waiting}
    )


@require_POST
@role_required(Role.DFE_ADMIN)
def retry_job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    try:
        jobs.retry_failed(Actor.person(request.user), str(job_id))
    except DBTaskResult.DoesNotExist as exc:
        raise Http404("No failed job with this id") from exc
    return redirect("core:failed_jobs")


@role_required(Role.DFE_ADMIN)
def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    rows = []
    for schedule in schedules.all_schedules():
        last = ScheduleRun.objects.filter(name=schedule.name).order_by("-due_at").first()
        job = DBTaskResult.objects.filter(pk=last.job_id).first() if last else None
        rows.append(
            {
                "label": schedule.label,
                "cadence": schedule.describe,
                "last": last.enqueued_at if last else None,
                "outcome": STATUS_WORDS.get(TaskResultStatus(job.status), job.status) if job else "",
                "next": schedule.next_due(now),
            }
        )
    return render(request, "core/scheduled_jobs.html", {"title": "Scheduled jobs", "rows": rows})


@role_required(Role.DFE_ADMIN)
def sent_emails(request: HttpRequest) -> HttpResponse:
    emails = SentEmail.objects.all()
    to = request.GET.get("to", "").strip().lower()
    if to:
        emails = emails.filter(to=to)
    page = page_of(emails, request.GET.get("page"))
    return render(request, "core/sent_emails.html", {"title": "Sent emails", "page": page, "to": to})
