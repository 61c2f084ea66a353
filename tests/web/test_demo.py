"""`npq demo` on an empty database, built once for this module (twice over, to show it is repeatable):
staff for every role, and a believable NPQH group taken from sessions and attendance to released
results that are the participants' outcomes, on their status page and in the API."""

import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from npq.api.tokens import create_token
from npq.assessment.models import Moderation, Release, Result, Submission, Window
from npq.core import clock
from npq.core.audit import Actor
from npq.delivery import queries
from npq.delivery.demo import NAME, email_of
from npq.delivery.models import Attendance, DeliveryCohort
from npq.frameworks.models import AssessmentTask
from npq.people.models import User
from tests.api.conftest import ApiClient
from tests.conftest import DEMO_DAY, html, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo's output; its data stays in a transaction rolled back when the module ends."""
    with rolled_back(django_db_blocker):
        token = clock.move_to(DEMO_DAY)
        try:
            with django_db_blocker.unblock():
                out = io.StringIO()
                call_command("demo", stdout=out)
                call_command("demo", stdout=io.StringIO())  # repeatable: nothing is made twice
        finally:
            clock.reset(token)
        yield out.getvalue()


def test_demo_creates_staff_for_every_role_and_is_repeatable(demo):
    roles = set(User.objects.exclude(role="participant").values_list("role", flat=True))
    assert roles == {
        "dfe_admin",
        "finance_officer",
        "finance_approver",
        "lead_provider",
        "delivery_partner",
        "assessor",
        "quality_lead",
        "inspector",
    }
    assert "admin@dfe.example" in demo and "npq-demo-password" in demo


def test_demo_group_runs_from_attendance_to_outcomes(demo, demo_day, client_as):
    dc = DeliveryCohort.objects.get(name=NAME)
    assert DeliveryCohort.objects.filter(name=NAME).count() == 1
    assert dc.memberships.count() == 16 and dc.windows.count() == 1
    assert all(
        a.lead_provider_approval_status == "accepted"
        for m in dc.memberships.all()
        for a in m.participant.applications.all()
    )
    held = dc.sessions.filter(starts_at__lte=clock.now()).count()
    assert held == 10 and Attendance.objects.filter(session__delivery_cohort=dc).count() == 160
    engagement = sorted(e.percent for e in queries.engagement_by_participant(dc, clock.now()).values())
    assert engagement[0] == 70 and engagement[-1] == 100 and sum(1 for e in engagement if e < 90) == 3

    statuses = Counter(Submission.objects.filter(window__delivery_cohort=dc).values_list("status", flat=True))
    assert statuses == {"resulted": 8, "waiting": 3, "marking": 2}
    assert {r.result.passed for r in Release.objects.all()} == {True, False}
    assert Result.objects.filter(source="agreement").exists() and Result.objects.filter(source="moderation").exists()
    assert Moderation.objects.filter(changed=True).count() == 1

    person = User.objects.get(email=email_of(0))
    assert f"sign in as {person.email}" in demo
    release = Release.objects.get(result__submission__participant=person)
    assert release.result.passed and release.outcome_recorded
    application = person.applications.get()
    client = client_as(person)
    born = person.date_of_birth
    page = f"/registration/applications/{application.ecf_id}"
    client.post(
        f"/registration/confirm-date-of-birth?next={page}",
        {"date_of_birth-day": born.day, "date_of_birth-month": born.month, "date_of_birth-year": born.year},
    )
    status = client.get(page)
    assert "Your result: passed." in status.content.decode()
    assert "this result is your NPQ outcome" in client.get("/assessment").content.decode()
    _, token = create_token(dc.lead_provider, Actor.command("test"))
    outcomes = ApiClient(token).get(f"/api/v3/participants/npq/{person.ecf_id}/outcomes").json()["data"]
    assert [o["attributes"]["state"] for o in outcomes] == ["passed"]

    provider = User.objects.get(email="provider@ambition.example")
    progress = client_as(provider).get("/assessment/progress")
    rows = [r.get_text(" ", strip=True) for r in html(progress).select("table")[1].select("tbody tr")]
    assert [r.split()[0] for r in rows] == ["2.1", "3.1", "8.1"]
    assert any(not r.endswith("100%") for r in rows)  # some criteria are not met by everyone


def test_demo_sets_the_provider_s_own_reformed_task_and_keeps_2017_as_history(demo, demo_day, client_as):
    """The demo group's cohort follows the reformed framework, which sets no task: the task set is
    Ambition's own, with criteria numbered after the reformed headship content areas. The 2017
    framework and its tasks stay loaded, set to no one."""
    dc = DeliveryCohort.objects.get(name=NAME)
    task = dc.windows.get().scheme.task
    assert (task.framework.key, task.framework.status, task.lead_provider) == (
        "npq-reformed",
        "published",
        dc.lead_provider,
    )
    assert sorted(task.criteria.values_list("code", "official")) == [("2.1", False), ("3.1", False), ("8.1", False)]
    assert AssessmentTask.objects.filter(framework__key="npq-2017", lead_provider=None).count() > 0
    assert not Window.objects.filter(scheme__task__framework__key="npq-2017").exists()
    mine = client_as(dc.memberships.first().participant).get("/assessment")
    assert "Ambition Institute, against Reformed NPQ frameworks" in html(mine).get_text(" ")
