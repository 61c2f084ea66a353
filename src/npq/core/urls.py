from django.urls import path

from npq.core import job_views, views

app_name = "core"
urlpatterns = [
    path("audit", views.audit_list, name="audit"),
    path("jobs/failed", job_views.failed_jobs, name="failed_jobs"),
    path("jobs/failed/<uuid:job_id>/retry", job_views.retry_job, name="retry_job"),
    path("jobs/scheduled", job_views.scheduled_jobs, name="scheduled_jobs"),
    path("jobs/emails", job_views.sent_emails, name="sent_emails"),
]
