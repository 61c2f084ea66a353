"""Provider users set tasks with deadlines, move deadlines and grant extensions with a reason."""

import datetime as dt

import pytest

from npq.assessment import rules, services
from npq.assessment.models import Extension, MarkScheme, Window
from npq.core import clock
from npq.core.models import AuditEvent
from npq.people.models import Role
from tests.conftest import error_summary, h1, html
from tests.factories import BANDS, build_world, full_attendance, reflection_task
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("deadline", "resubmission", "new", "problems"),
    [
        (NOW + dt.timedelta(days=1), None, True, []),
        (NOW - dt.timedelta(days=1), None, True, [("deadline", "The deadline must be in the future")]),
        (NOW - dt.timedelta(days=1), None, False, []),
        (
            NOW + dt.timedelta(days=2),
            NOW + dt.timedelta(days=1),
            True,
            [("resubmission", "The resubmission deadline must be after the deadline")],
        ),
        (NOW + dt.timedelta(days=2), NOW + dt.timedelta(days=30), True, []),
    ],
)
def test_deadline_rules(deadline, resubmission, new, problems):
    assert rules.deadline_problems(NOW, deadline, resubmission, new=new) == problems


def _build():
    w = build_world(participants=2)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def _day(days):
    return (clock.now() + dt.timedelta(days=days)).date().isoformat()


def test_provider_sets_a_task_with_deadlines(world, client_as):
    task = reflection_task(world.provider_user)
    scheme = MarkScheme.objects.create(
        lead_provider=world.provider, task=task, name="Reflective account scheme", bands=BANDS, pass_mark=2
    )
    client = client_as(world.provider_user)
    page = client.get(f"/assessment/cohorts/{world.dc.pk}/tasks")
    assert h1(page) == f"Assessment tasks for {world.dc.name}"
    assert [o["value"] for o in html(page).select("#scheme option")][1:] == [str(world.scheme.pk), str(scheme.pk)]
    url = f"/assessment/cohorts/{world.dc.pk}/tasks"
    bad = client.post(url, {"scheme": scheme.pk, "deadline-date": "31/12/2026"})
    assert bad.status_code == 400
    assert error_summary(bad) == ["Enter the deadline as a date, like 2026-12-31, and a time, like 17:00"]
    past = client.post(url, {"scheme": scheme.pk, "deadline-date": _day(-1)})
    assert error_summary(past) == ["The deadline must be in the future"]
    again = client.post(url, {"scheme": world.scheme.pk, "deadline-date": _day(20)})
    assert error_summary(again) == [f"{world.scheme.task.title} is already set to {world.dc.name}"]
    ok = client.post(
        url, {"scheme": scheme.pk, "deadline-date": _day(20), "deadline-time": "17:00", "resubmission-date": _day(80)}
    )
    assert ok.status_code == 302
    window = Window.objects.get(scheme=scheme)
    assert window.delivery_cohort == world.dc and window.resubmission_deadline > window.deadline
    assert AuditEvent.objects.filter(action="window.set", object_id=str(window.pk)).exists()


def test_provider_moves_deadlines_with_an_audit_event(world, client_as):
    client = client_as(world.provider_user)
    form = client.get(f"/assessment/windows/{world.window.pk}/deadlines")
    assert form.status_code == 200 and html(form).select_one("#deadline")["value"]
    bad = client.post(
        f"/assessment/windows/{world.window.pk}/deadlines",
        {"deadline-date": _day(30), "resubmission-date": _day(10)},
    )
    assert error_summary(bad) == ["The resubmission deadline must be after the deadline"]
    ok = client.post(
        f"/assessment/windows/{world.window.pk}/deadlines",
        {"deadline-date": _day(30), "deadline-time": "12:00", "resubmission-date": ""},
    )
    assert ok.status_code == 302
    world.window.refresh_from_db()
    assert world.window.resubmission_deadline is None
    event = AuditEvent.objects.get(action="window.deadlines_changed")
    assert event.before["resubmission_deadline"] is not None and event.after["resubmission_deadline"] is None


def test_extension_needs_a_reason_and_lets_the_participant_submit_late(world, client_as):
    person = world.participants[0]
    world.window.deadline = clock.now() - dt.timedelta(hours=1)
    world.window.save()
    assert "deadline" in (rules.refusal(services.submit_check(world.window, person)) or "")
    client = client_as(world.provider_user)
    url = f"/assessment/windows/{world.window.pk}/extensions"
    no_reason = client.post(url, {"participant": person.pk, "deadline-date": _day(7)})
    assert no_reason.status_code == 400 and error_summary(no_reason) == ["Enter the reason for the extension"]
    nobody = client.post(url, {"deadline-date": _day(7), "reason": "Illness"})
    assert error_summary(nobody) == ["Select the participant"]
    assert not Extension.objects.exists()
    ok = client.post(url, {"participant": person.pk, "deadline-date": _day(7), "reason": "Bereavement"})
    assert ok.status_code == 302
    rows = [r.get_text(" ", strip=True) for r in html(client.get(url)).select("table tbody tr")]
    assert rows[0].startswith(person.full_name) and "Bereavement" in rows[0]
    assert services.submit(person, world.window, "a.txt", b"late but allowed", own_work=True).attempt == 1
    assert AuditEvent.objects.filter(action="extension.granted").count() == 1


def test_other_providers_and_other_roles_cannot_reach_task_pages(world, client_as, make_user):
    outsider = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    assert outsider.get(f"/assessment/cohorts/{world.dc.pk}/tasks").status_code == 404
    assert outsider.get(f"/assessment/windows/{world.window.pk}/deadlines").status_code == 404
    response = outsider.post(
        f"/assessment/windows/{world.window.pk}/extensions",
        {"participant": world.participants[0].pk, "deadline-date": _day(7), "reason": "x"},
    )
    assert response.status_code == 404 and not Extension.objects.exists()
    for user in (world.facilitator, world.assessor, world.participants[0]):
        assert client_as(user).get(f"/assessment/cohorts/{world.dc.pk}/tasks").status_code == 403
