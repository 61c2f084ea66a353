"""Every staff form on the assessment pages reports all its problems at once, each linking to its
field, and saves nothing."""

import pytest

from npq.assessment import services
from npq.assessment.models import Extension, Marking, Window
from tests.conftest import error_summary, html
from tests.factories import build_world, full_attendance
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


def _build():
    w = build_world(participants=1)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def _links(response):
    return [a["href"] for a in html(response).select(".govuk-error-summary__list a")]


def test_set_task_form_reports_the_task_and_the_deadline_at_once(world, client_as):
    before = Window.objects.count()
    response = client_as(world.provider_user).post(
        f"/assessment/cohorts/{world.dc.pk}/tasks", {"scheme": "", "deadline-date": "tomorrow"}
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Select the task and its mark scheme",
        "Enter the deadline as a date, like 2026-12-31, and a time, like 17:00",
    ]
    assert _links(response) == ["#scheme", "#deadline"]
    assert Window.objects.count() == before


def test_extension_form_reports_participant_deadline_and_reason_at_once(world, client_as):
    response = client_as(world.provider_user).post(f"/assessment/windows/{world.window.pk}/extensions", {})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Select the participant",
        "Enter the new deadline as a date, like 2026-12-31, and a time, like 17:00",
        "Enter the reason for the extension",
    ]
    assert _links(response) == ["#participant", "#deadline", "#reason"]
    assert not Extension.objects.exists()


def test_completing_marking_reports_every_missing_criterion_at_once(world, client_as):
    sub = services.submit(
        world.participants[0], world.window, "a.txt", b"Our appraisal cycle redesigned", own_work=True
    )
    response = client_as(world.assessor).post(
        f"/assessment/submissions/{sub.pk}/mark", {"band-8.1": "met", "action": "complete"}
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter evidence from the submission for criterion 8.1",
        "Mark criterion 2.1 before completing",
        "Mark criterion 3.1 before completing",
    ]
    assert _links(response) == ["#evidence-8.1", "#band-2.1", "#band-3.1"]
    assert not Marking.objects.exists()
