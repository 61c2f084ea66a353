"""The registration journey in a real browser: from the start page to a submitted application with
JavaScript (choosing the workplace from the type-ahead) and without it (search, then radios), and
two unhappy paths, with axe on every kind of page."""

import re

import pytest
from django.core import mail

from npq.core.audit import Actor
from npq.people.models import Role
from npq.people.services import create_user
from npq.reference import search
from npq.reference.models import School
from npq.registration.models import Application
from tests.browser.axe import assert_no_axe_violations
from tests.conftest import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def signed_in(browser_page, reference):
    school = School(urn="100001", name="St Mary's C of E Primary School", town="Tiverton", establishment_type_code="1")
    school.search_text = search.search_text_for(school)
    school.save()
    user = create_user(Actor.command("test"), email="asha@example.org", full_name="asha", role=Role.PARTICIPANT)
    from django.test import Client

    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    return user, client.cookies["sessionid"].value


@pytest.fixture
def no_js_page(chromium, server):
    """A browser with JavaScript turned off, as some people (and some networks) have it.

    axe needs JavaScript, so a page seen without it is checked as a copy (``check_accessibility``): the
    same URL, with the same cookies, in a second context that loads no scripts.
    """
    context = chromium.new_context(base_url=server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.npq_no_js = True
    copies = chromium.new_context(base_url=server.url)
    copies.route("**/*", lambda route: route.abort() if route.request.resource_type == "script" else route.continue_())
    page.npq_copy = copies.new_page()
    yield page
    copies.close()
    context.close()


def check_accessibility(page):
    """axe on the page. axe needs JavaScript, so a page seen without it is checked as a copy: the
    same URL, with the same cookies, in a browser that loads no scripts and drops the classes the
    template's one inline script adds, so the markup and styles are those a no-JavaScript browser
    shows."""
    if not getattr(page, "npq_no_js", False):
        assert_no_axe_violations(page)
        return
    copy = page.npq_copy
    copy.context.clear_cookies()
    copy.context.add_cookies(page.context.cookies())
    copy.goto(page.url)
    copy.evaluate("document.body.classList.remove('js-enabled', 'govuk-frontend-supported')")
    assert_no_axe_violations(copy)


def _sign_in(page, server, session_id):
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": server.url}])


def choose(page, label):
    page.get_by_label(label, exact=True).check()
    page.click("button:has-text('Continue')")


def _from_the_start_page(page, email):
    """Start page, sign in by emailed code, then 'Register for an NPQ' on the dashboard."""
    page.goto("/")
    page.click("text=Start now")
    page.fill("#email", email)
    page.click("button:has-text('Send code')")
    run_jobs()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill("#code", code)
    page.click("button:has-text('Sign in')")
    page.click("text=Register for an NPQ")
    assert page.locator("h1").inner_text() == "When does your course start?"
    check_accessibility(page)
    choose(page, "Autumn 2026 cohort")
    choose(page, "Yes")
    choose(page, "Yes, I work in England")
    choose(page, "A school")


def _after_the_workplace(page):
    choose(page, "Headship")
    assert page.locator("h1").inner_text() == "You are likely to be eligible for funding"
    check_accessibility(page)
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
    check_accessibility(page)
    page.click("button:has-text('Register')")
    assert "Registration complete" in page.locator(".govuk-panel__title").inner_text()
    check_accessibility(page)


def test_without_javascript_from_the_start_page_to_a_submitted_application(no_js_page, signed_in):
    page = no_js_page
    _from_the_start_page(page, "sam@example.org")
    assert page.locator("#q__listbox").count() == 0  # no type-ahead: the plain search form
    page.fill("#q", "St Marys primry")
    page.click("button:has-text('Search')")
    check_accessibility(page)
    choose(page, "St Mary's C of E Primary School")
    _after_the_workplace(page)
    app = Application.objects.get(user__email="sam@example.org")
    assert app.funding_eligibility_status_code == "funded" and app.lead_provider.name == "Ambition Institute"
    assert app.school.urn == "100001"


def test_with_javascript_the_workplace_is_chosen_from_the_type_ahead(browser_page, signed_in):
    page = browser_page
    _from_the_start_page(page, "sam@example.org")
    page.wait_for_selector("#q[role='combobox']")  # the type-ahead's script has run
    assert "Search by name, town, postcode" in page.locator("#q__assistiveHint").inner_text()
    page.locator("#q").press_sequentially("St Marys", delay=40)
    suggestion = page.locator("#q__listbox li", has_text="St Mary's C of E Primary School")
    suggestion.wait_for()
    assert "Tiverton" in suggestion.inner_text() and "URN 100001" in suggestion.inner_text()
    assert page.locator("#q").get_attribute("aria-expanded") == "true"
    check_accessibility(page)  # with the suggestions open
    suggestion.click()
    assert page.locator("#q").input_value() == "St Mary's C of E Primary School"
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Which NPQ do you want to do?"
    _after_the_workplace(page)
    app = Application.objects.get(user__email="sam@example.org")
    assert app.school.urn == "100001" and app.lead_provider.name == "Ambition Institute"


def test_with_javascript_continue_without_a_suggestion_runs_the_ordinary_search(browser_page, signed_in):
    page = browser_page
    _from_the_start_page(page, "sam@example.org")
    page.wait_for_selector("#q[role='combobox']")
    page.locator("#q").press_sequentially("Tiverton", delay=20)
    page.locator("#q__listbox li", has_text="St Mary's").wait_for()
    page.keyboard.press("Escape")
    page.click("button:has-text('Continue')")
    assert "q=Tiverton" in page.url
    assert "1 found" in page.locator("legend").inner_text()
    check_accessibility(page)


def test_bad_trn_shows_an_error_and_keeps_the_page(browser_page, server, signed_in):
    user, session_id = signed_in
    _sign_in(browser_page, server, session_id)
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


def test_funding_check_without_signing_in_for_an_unfunded_course(browser_page, reference):
    page = browser_page
    page.goto("/check-funding/")
    choose(page, "Autumn 2026 cohort")
    choose(page, "No, I work in another country")
    page.click("button:has-text('Continue')")  # no country chosen: an error on the same page
    assert "Select an answer" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.select_option("#teacher_catchment_country", "Wales")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "You cannot get scholarship funding if you work outside England"
    assert_no_axe_violations(page)
    page.click("button:has-text('Continue')")  # straight to the course: no English school asked for
    choose(page, "Headship")
    assert page.locator("h1").inner_text() == "You are not eligible for scholarship funding"
    assert "working in England" in page.locator("#funding-explanation").inner_text()
    assert_no_axe_violations(page)
