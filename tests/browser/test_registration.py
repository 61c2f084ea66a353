"""The registration journey in a real browser: the happy path and two unhappy paths, with axe."""

import re

import pytest

from npq.core.audit import Actor
from npq.people.models import Role
from npq.people.services import create_user
from npq.reference import search
from npq.reference.loading import load_reference
from npq.reference.models import School
from npq.registration.models import Application
from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser_page):
    load_reference(Actor.command("test"))
    school = School(urn="100001", name="St Mary's C of E Primary School", town="Tiverton", establishment_type_code="1")
    school.search_text = search.search_text_for(school)
    school.save()
    user = create_user(Actor.command("test"), email="asha@example.org", full_name="asha", role=Role.PARTICIPANT)
    from django.test import Client

    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    return user, client.cookies["sessionid"].value


def _sign_in(page, live_server, session_id):
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])


def choose(page, label):
    page.get_by_label(label, exact=True).check()
    page.click("button:has-text('Continue')")


def test_happy_path_to_a_submitted_application(browser_page, live_server, signed_in):
    user, session_id = signed_in
    _sign_in(browser_page, live_server, session_id)
    page = browser_page
    page.goto("/registration/")
    assert page.locator("h1").inner_text() == "When does your course start?"
    assert_no_axe_violations(page)
    choose(page, "Autumn 2026 cohort")
    choose(page, "Yes")
    choose(page, "Yes, I work in England")
    choose(page, "A school")
    page.fill("#q", "St Marys primry")
    page.click("button:has-text('Search')")
    assert_no_axe_violations(page)
    choose(page, "St Mary's C of E Primary School")
    choose(page, "Headship")
    assert page.locator("h1").inner_text() == "You are likely to be eligible for funding"
    assert_no_axe_violations(page)
    page.click("button:has-text('Continue')")
    choose(page, "Ambition Institute")
    page.fill("#full_name", "Asha Patel")
    page.click("button:has-text('Continue')")
    page.fill("#trn", "1234567")
    page.click("button:has-text('Continue')")
    page.fill("#date_of_birth-day", "3")
    page.fill("#date_of_birth-month", "4")
    page.fill("#date_of_birth-year", "1985")
    page.click("button:has-text('Continue')")
    page.get_by_label("Yes, I agree to share my information").check()
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check your answers before registering"
    assert_no_axe_violations(page)
    page.click("button:has-text('Register')")
    assert "Registration complete" in page.locator(".govuk-panel__title").inner_text()
    assert_no_axe_violations(page)
    app = Application.objects.get(user=user)
    assert app.funding_eligibility_status_code == "funded" and app.lead_provider.name == "Ambition Institute"


def test_bad_trn_shows_an_error_and_keeps_the_page(browser_page, live_server, signed_in):
    user, session_id = signed_in
    _sign_in(browser_page, live_server, session_id)
    page = browser_page
    page.goto("/registration/")
    choose(page, "Autumn 2026 cohort")
    choose(page, "Yes")
    choose(page, "Yes, I work in England")
    choose(page, "A school")
    page.goto("/registration/choose_school?q=100001")
    choose(page, "St Mary's C of E Primary School")
    choose(page, "Senior leadership")
    page.click("button:has-text('Continue')")
    choose(page, "Teach First")
    page.fill("#full_name", "Asha Patel")
    page.click("button:has-text('Continue')")
    page.fill("#trn", "0000000")
    page.click("button:has-text('Continue')")
    assert page.title().startswith("Error: ")
    assert "0000000 is not one" in page.locator(".govuk-error-summary").inner_text()
    assert re.search(r"/registration/trn$", page.url)
    assert_no_axe_violations(page)


def test_funding_check_without_signing_in_for_an_unfunded_course(browser_page, live_server):
    load_reference(Actor.command("test"))
    page = browser_page
    page.goto("/check-funding/")
    choose(page, "Autumn 2026 cohort")
    choose(page, "No, I work in another country")
    page.fill("#teacher_catchment_country", "Wales")
    page.click("button:has-text('Continue')")
    page.click("button:has-text('Continue')")  # nothing chosen: an error on the same page
    assert "Select an answer" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    choose(page, "None of these")
    choose(page, "No")
    choose(page, "Headship")
    assert page.locator("h1").inner_text() == "You are not eligible for scholarship funding"
    assert "working in England" in page.locator("#funding-explanation").inner_text()
    assert_no_axe_violations(page)
