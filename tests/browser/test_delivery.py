"""Running a cohort of delivery in a real browser, with axe on every page: a provider user creates
the group and adds a participant, the facilitator schedules, changes and takes attendance at a
session, and the provider sets a task and grants an extension with a reason."""

import datetime as dt
from typing import Any

import pytest

from npq.assessment.models import Extension, MarkScheme, Window
from npq.core import clock
from npq.delivery.models import Attendance, DeliveryCohort
from npq.people.models import Role
from npq.reference.models import Cohort, Course, LeadProvider
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_assessment import signed_in, visit
from tests.factories import BANDS, accept, provider_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_provider_and_facilitator_run_a_cohort(browser_page: Any, server: Any, make_user: Any, reference: None) -> None:
    page = browser_page
    provider = LeadProvider.objects.get(name="Ambition Institute")
    course = Course.objects.get(identifier="npq-headship")
    cohort = Cohort.objects.get(identifier="2026b")
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    facilitator = make_user(
        Role.DELIVERY_PARTNER,
        provider="Ambition Institute",
        partner="Pennine Teaching School Hub",
        full_name="Fay Facilitator",
    )
    person = make_user(Role.PARTICIPANT, full_name="Pat Participant")
    accept(person, provider, course, cohort)
    task = provider_task(provider_user)
    MarkScheme.objects.create(
        lead_provider=provider,
        task=task,
        name="Placement project scheme",
        bands=BANDS,
        pass_mark=6,
    )

    signed_in(page, provider_user, server)
    visit(page, "/delivery")
    page.click("a:has-text('Create a cohort of delivery')")
    assert_no_axe_violations(page)
    page.click("button:has-text('Create cohort of delivery')")
    assert "Enter a name for the cohort of delivery" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.fill("#name", "NPQH Calder group")
    page.select_option("#course", label=course.name)
    page.select_option("#cohort", label=cohort.description)
    page.select_option("#partner", label="Pennine Teaching School Hub")
    page.check("label:has-text('Fay Facilitator')")
    page.click("button:has-text('Create cohort of delivery')")
    page.wait_for_url("**/participants")
    assert_no_axe_violations(page)
    page.check("label:has-text('Pat Participant')")
    page.click("button:has-text('Add participants')")
    dc = DeliveryCohort.objects.get(name="NPQH Calder group")
    page.wait_for_url(f"**/delivery/{dc.pk}")
    assert "Pat Participant" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    signed_in(page, facilitator, server)
    visit(page, f"/delivery/{dc.pk}/sessions/new")
    yesterday = (clock.now() - dt.timedelta(days=1)).date().isoformat()
    page.fill("#title", "Whole-school behaviour")
    page.check("label:has-text('Face-to-face seminar')")
    page.fill("#date", yesterday)
    page.fill("#time", "16:00")
    page.click("button:has-text('Schedule session')")
    assert "Enter where the face-to-face session takes place" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.fill("#place", "Halifax")
    page.click("button:has-text('Schedule session')")
    page.wait_for_url(f"**/delivery/{dc.pk}")
    page.click("a:has-text('Whole-school behaviour')")
    page.click("a:has-text('Change the session')")
    assert_no_axe_violations(page)
    page.fill("#title", "Whole-school behaviour systems")
    page.click("button:has-text('Save session')")
    assert "Whole-school behaviour systems" in page.locator("h1").inner_text()
    page.check(f"input[name='status-{person.pk}'][value='attended']")
    page.click("button:has-text('Save attendance')")
    assert_no_axe_violations(page)
    assert Attendance.objects.get().status == "attended"

    signed_in(page, provider_user, server)
    visit(page, f"/delivery/{dc.pk}")
    page.click("a:has-text('Assessment tasks, deadlines and extensions')")
    assert_no_axe_violations(page)
    page.select_option("#scheme", label=f"{task.title}: Placement project scheme")
    page.fill("#deadline", (clock.now() + dt.timedelta(days=30)).date().isoformat())
    page.click("button:has-text('Set task')")
    assert "Placement project scheme" in page.locator("table").inner_text()
    assert_no_axe_violations(page)
    page.click("a:has-text('Extensions')")
    page.select_option("#participant", label="Pat Participant")
    page.fill("#deadline", (clock.now() + dt.timedelta(days=40)).date().isoformat())
    page.click("button:has-text('Grant extension')")
    assert "Enter the reason for the extension" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.fill("#reason", "Bereavement")
    page.click("button:has-text('Grant extension')")
    assert "Bereavement" in page.locator("table").inner_text()
    assert_no_axe_violations(page)
    assert Extension.objects.get().window == Window.objects.get(delivery_cohort=dc)
