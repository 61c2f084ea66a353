"""Every staff form on the delivery pages reports all its problems at once, each linking to its
field, and saves nothing."""

import pytest

from npq.delivery.forms import AttendanceForm, CancelSessionForm
from npq.delivery.models import Attendance, Checkpoint, DeliveryCohort, Session
from tests.conftest import error_summary, html
from tests.factories import build_world, hold_session
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


built, world = module_fixtures(lambda: build_world(participants=2), "world")


def _links(response):
    return [a["href"] for a in html(response).select(".govuk-error-summary__list a")]


def test_cohort_form_reports_name_course_and_cohort_at_once(world, client_as):
    response = client_as(world.provider_user).post("/delivery/new", {"name": "", "course": "", "cohort": ""})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter a name for the cohort of delivery",
        "Select the course",
        "Select the cohort",
    ]
    assert _links(response) == ["#name", "#course", "#cohort"]
    assert DeliveryCohort.objects.count() == 1


def test_session_form_reports_title_mode_and_date_at_once(world, client_as):
    response = client_as(world.facilitator).post(
        f"/delivery/{world.dc.pk}/sessions/new", {"title": "", "date": "", "time": "", "duration": "3"}
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter a title for the session",
        "Select how the session is delivered",
        "Enter the date and time of the session",
        "Enter a length between 5 and 600 minutes",
    ]
    assert _links(response) == ["#title", "#mode", "#date", "#duration"]
    assert not Session.objects.exists()


def test_attendance_form_reports_every_missing_reason_at_once(world, client_as):
    a, b = world.participants
    session = hold_session(world)
    response = client_as(world.facilitator).post(
        f"/delivery/sessions/{session.pk}", {f"status-{a.pk}": "absent", f"status-{b.pk}": "absent"}
    )
    assert response.status_code == 400
    assert error_summary(response) == ["Enter the reason for the absence"] * 2
    assert _links(response) == [f"#reason-{a.pk}", f"#reason-{b.pk}"]
    assert not Attendance.objects.exists()


def test_checkpoint_form_reports_title_prompt_and_date_at_once(world, client_as):
    response = client_as(world.facilitator).post(
        f"/delivery/{world.dc.pk}/checkpoints/new", {"title": "", "prompt": "", "due_on": "soon"}
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter a title for the checkpoint",
        "Enter the task or reflection prompt",
        "Enter the due date",
    ]
    assert html(response).select_one("#due_on")["value"] == "soon"
    assert not Checkpoint.objects.exists()


def test_reasons_longer_than_their_column_are_refused_on_the_form():
    """Found by the form fuzzing on PostgreSQL: a 6,000-character absence reason overflowed the
    column (500); SQLite does not check lengths."""
    long = "x" * 301
    attendance = AttendanceForm({"status-7": "absent", "reason-7": long}, participant_ids=[7])
    assert not attendance.is_valid() and "The reason must be 300 characters or fewer" in attendance.errors["reason-7"]
    assert not CancelSessionForm({"reason": long}).is_valid()
    assert AttendanceForm({"status-7": "absent", "reason-7": "x" * 300}, participant_ids=[7]).is_valid()
