"""Tasks come from the framework version the group's training cohort follows: a 2026 cohort follows
the reformed framework, so it is offered its provider's own reformed task and never a task of the
2017 framework (retired since 2021). A provider's own task is its alone."""

import datetime as dt

import pytest

from npq.assessment import services
from npq.assessment.models import MarkScheme, Window
from npq.core import clock
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.core.models import AuditEvent
from npq.delivery import services as delivery
from npq.frameworks.models import AssessmentTask, Qualification
from npq.people.models import Role
from npq.reference.models import CourseOffering
from tests.conftest import error_summary, h1, html
from tests.factories import ACTOR, BANDS, build_world, framework_2017, make_user, provider_task
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


built, world = module_fixtures(lambda: build_world(participants=1), "world")


def _scheme_on_2017_task(world):
    """A mark scheme made before this rule, on the 2017 NPQH placement project."""
    framework_2017()
    task = AssessmentTask.objects.get(framework__key="npq-2017", key="npqh-project-2")
    return MarkScheme.objects.create(
        lead_provider=world.provider, task=task, name="2017 scheme", bands=BANDS, pass_mark=6
    )


def _day(days):
    return (clock.now() + dt.timedelta(days=days)).date().isoformat()


def test_a_2026_cohort_is_offered_the_providers_reformed_task_and_not_the_2017_one(world, client_as):
    old = _scheme_on_2017_task(world)
    world.window.delete()
    client = client_as(world.provider_user)
    url = f"/assessment/cohorts/{world.dc.pk}/tasks"
    page = client.get(url)
    offered = [o["value"] for o in html(page).select("#scheme option")][1:]
    assert offered == [str(world.scheme.pk)]
    inset = html(page).select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "Reformed NPQ frameworks (leadership and specialist), version 1" in inset
    assert f"The {world.dc.cohort.description} started on" in inset
    assert "Placement project: leading staff development" in html(page).get_text(" ")

    refused = client.post(url, {"scheme": old.pk, "deadline-date": _day(20)})
    assert refused.status_code == 400
    assert error_summary(refused) == ["Select the task and its mark scheme"]
    assert not Window.objects.filter(scheme=old).exists()
    with pytest.raises(ValidationFailed) as caught:
        services.set_window(world.provider_user, world.dc, old, clock.now() + dt.timedelta(days=20), None)
    assert "is a task of NPQ content and assessment framework (2017, revised 2019), version 1" in caught.value.message
    assert "so set a task of that version" in caught.value.message

    ok = client.post(url, {"scheme": world.scheme.pk, "deadline-date": _day(20)})
    assert ok.status_code == 302 and Window.objects.get(delivery_cohort=world.dc).scheme == world.scheme


def test_participant_reads_the_task_of_their_cohorts_version(world, client_as):
    page = client_as(world.participants[0]).get("/assessment")
    text = html(page).get_text(" ", strip=True)
    assert "Set by Ambition Institute, against Reformed NPQ frameworks (leadership and specialist), version 1" in text
    assert "8.1 Designs a review cycle" in text and "6.3.1" not in text


def test_provider_designs_a_task_writes_its_mark_scheme_and_sets_it(world, client_as):
    client = client_as(world.provider_user)
    choose = client.get("/frameworks/tasks/new")
    links = {a.get_text(" ", strip=True).split(":")[0].strip(): a["href"] for a in html(choose).select("main ul a")}
    assert "Headship" in links and "Middle leadership" not in links  # no 2017 level is offered
    form = client.get(links["Headship"])
    assert h1(form) == "Design a Headship assessment task"
    areas = {o.get_text(): o["value"] for o in html(form).select("#area-1 option")}
    assert "1. School culture" in areas and "8. Organisational management" in areas
    done = client.post(
        links["Headship"],
        {
            "title": "Leading a culture change",
            "aim": "Plan and lead a change to your team's culture.",
            "word_limit": "3,000",
            "area-1": areas["1. School culture"],
            "criterion-1": "Sets out the culture wanted and why",
            "area-2": areas["8. Organisational management"],
            "criterion-2": "Plans the change within the school's resources",
            "area-3": areas["1. School culture"],
            "criterion-3": "Evaluates the change from staff and pupil evidence",
        },
        follow=True,
    )
    assert h1(done).startswith("Task designed")
    task = AssessmentTask.objects.get(title="Leading a culture change")
    assert (task.lead_provider, task.word_limit, task.framework.key) == (world.provider, 3000, "npq-reformed")
    assert list(task.criteria.values_list("code", "official")) == [("1.1", False), ("8.1", False), ("1.2", False)]
    assert AuditEvent.objects.filter(action="assessment_task.designed", object_id=str(task.pk)).exists()

    scheme_url = f"/assessment/tasks/{task.pk}/mark-scheme?group={world.dc.pk}"
    saved = client.post(
        scheme_url,
        {
            "name": "Culture change scheme",
            "pass_mark": "5",
            "must_meet": ["1.1"],
            "second_marking": "yes",
            "sample_percent": "20",
            "resubmissions_allowed": "1",
        },
    )
    assert saved.status_code == 302 and saved["Location"] == f"/assessment/cohorts/{world.dc.pk}/tasks"
    scheme = MarkScheme.objects.get(task=task)
    assert list(scheme.must_meet.values_list("code", flat=True)) == ["1.1"] and scheme.pass_mark == 5
    assert AuditEvent.objects.filter(action="mark_scheme.created", object_id=str(scheme.pk)).exists()
    set_ = client.post(f"/assessment/cohorts/{world.dc.pk}/tasks", {"scheme": scheme.pk, "deadline-date": _day(30)})
    assert set_.status_code == 302 and Window.objects.filter(scheme=scheme, delivery_cohort=world.dc).exists()


def test_task_design_form_shows_every_problem_at_once(world, client_as):
    client = client_as(world.provider_user)
    qualification = Qualification.objects.get(framework__key="npq-reformed", code="NPQH")
    url = f"/frameworks/tasks/new/{qualification.pk}"
    area = html(client.get(url)).select("#area-2 option")[1]["value"]
    bad = client.post(url, {"title": "", "aim": "", "word_limit": "lots", "area-2": area, "criterion-3": "Orphan"})
    assert bad.status_code == 400
    assert error_summary(bad) == [
        "Enter the task's title",
        "Enter what the task asks participants to do",
        "Enter a word limit between 100 and 20,000, as a whole number",
        "Enter criterion 2, or clear its content area",
        "Select the content area criterion 3 is written against",
    ]
    assert [a["href"] for a in html(bad).select(".govuk-error-summary__list a")][-2:] == ["#criterion-2", "#area-3"]
    assert html(bad).title.get_text().startswith("Error: ")
    nothing = client.post(url, {"title": "T", "aim": "A", "word_limit": "2000"})
    assert error_summary(nothing) == ["Write at least one criterion, against a content area"]
    again = client.post(
        url,
        {"title": world.scheme.task.title, "aim": "A", "word_limit": "2000", "area-1": area, "criterion-1": "C"},
    )
    assert error_summary(again) == [f"You already have a Headship task called {world.scheme.task.title}"]
    assert AssessmentTask.objects.filter(lead_provider=world.provider).count() == 1


def test_mark_scheme_form_shows_every_problem_at_once(world, client_as):
    client = client_as(world.provider_user)
    bad = client.post(
        f"/assessment/tasks/{world.scheme.task.pk}/mark-scheme",
        {"name": "", "pass_mark": "10", "must_meet": ["6.3.1"], "sample_percent": "101", "resubmissions_allowed": "x"},
    )
    assert bad.status_code == 400
    assert error_summary(bad) == [
        "Enter a name for the mark scheme",
        "Enter a pass mark between 1 and 9, the most a submission can score",
        "Select criteria of this task only",
        "Select whether every submission is second marked",
        "Enter the share of results to moderate, from 0 to 100",
        "Enter how many resubmissions you allow, from 0 to 3",
    ]


def test_no_task_of_the_retired_or_a_draft_version_can_be_designed_or_given_a_scheme(world, client_as):
    framework_2017()
    old_npqh = Qualification.objects.get(framework__key="npq-2017", code="NPQH")
    client = client_as(world.provider_user)
    assert client.get(f"/frameworks/tasks/new/{old_npqh.pk}")["Location"] == "/frameworks/tasks/new"
    from npq.frameworks import services as framework_services

    with pytest.raises(ValidationFailed, match="is not in effect"):
        framework_services.design_task(world.provider_user, old_npqh, "Old", "Old", 2000, [])
    old_task = AssessmentTask.objects.get(framework__key="npq-2017", key="npqh-project-2")
    assert client.get(f"/assessment/tasks/{old_task.pk}/mark-scheme").status_code == 404
    with pytest.raises(ValidationFailed, match="which is retired"):
        services.create_mark_scheme(world.provider_user, old_task, "Old", 6, [], True, 20, 1)


def _other_provider_group():
    """A headship group of another provider offering headship in the world's cohort."""
    offering = (
        CourseOffering.objects.filter(course__identifier="npq-headship", cohort__identifier="2026b")
        .exclude(lead_provider__name="Ambition Institute")
        .select_related("lead_provider", "course", "cohort")
        .first()
    )
    assert offering is not None
    dc = delivery.create_delivery_cohort(ACTOR, offering.lead_provider, offering.course, offering.cohort, "Other group")
    return dc, make_user(Role.LEAD_PROVIDER, provider=offering.lead_provider.name)


def test_another_provider_cannot_see_use_or_change_a_providers_own_task(world, client_as):
    task = world.scheme.task
    dc, other = _other_provider_group()
    client = client_as(other)
    assert task.title not in client.get("/frameworks/tasks").content.decode()
    assert client.get(f"/frameworks/tasks/{task.pk}").status_code == 404
    assert client.get(f"/frameworks/tasks/{task.pk}/designed").status_code == 404
    detail = client.get(f"/frameworks/{task.framework_id}?qualification=NPQH").content.decode()
    assert task.title not in detail and "Designs a review cycle" not in detail
    assert task.title in client_as(world.provider_user).get(f"/frameworks/{task.framework_id}").content.decode()
    assert client.get(f"/assessment/tasks/{task.pk}/mark-scheme").status_code == 404
    assert client.post(f"/assessment/tasks/{task.pk}/mark-scheme", {"name": "Mine"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.create_mark_scheme(other, task, "Mine", 6, [], True, 20, 1)
    page = client.get(f"/assessment/cohorts/{dc.pk}/tasks")
    assert task.title not in page.content.decode() and not html(page).select("#scheme option")
    with pytest.raises(ValidationFailed, match="is not one of your mark schemes"):
        services.set_window(other, dc, world.scheme, clock.now() + dt.timedelta(days=9), None)

    # The other provider designs the same project: its criteria codes are its own and do not collide.
    own = provider_task(other)
    assert own.pk != task.pk and sorted(own.criteria.values_list("code", flat=True)) == ["2.1", "3.1", "8.1"]
    assert [o["value"] for o in html(client.get(f"/assessment/cohorts/{dc.pk}/tasks")).select("#scheme option")] == []
    assert own.title in client.get(f"/assessment/cohorts/{dc.pk}/tasks").content.decode()
