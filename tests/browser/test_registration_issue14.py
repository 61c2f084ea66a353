"""Issue 14's registration pages in a real browser, with axe and at 375px: the applicant's status page
with a request to answer, the reply page, withdrawing, changing the workplace by search, the "Which NPQ
is for you?" guide, the country list, and the reviewer's case page with an internal note."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from npq.core.audit import Actor
from npq.people.models import Role
from npq.people.services import create_user
from npq.reference import search
from npq.reference.models import LeadProvider, School
from npq.registration import services
from npq.registration.views.gate import DOB_SESSION_KEY
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ANSWERS = {
    "cohort": "2026b",
    "provider_check": "yes",
    "teacher_catchment": "england",
    "work_setting": "another_setting",
    "employment_type": "hospital_school",
    "employer_name": "City Hospital School",
    "course": "npq-headship",
    "funding_seen": "yes",
    "full_name": "Asha Patel",
    "trn": "1234567",
    "date_of_birth": "1985-04-03",
    "consent": "yes",
}


def _session(user, confirm_dob=False):
    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    if confirm_dob:
        session = client.session
        session[DOB_SESSION_KEY] = user.pk
        session.save()
    return client.cookies["sessionid"].value


@pytest.fixture
def case(server, reference):
    for urn, name in (("100001", "St Mary's C of E Primary School"), ("100004", "Tiverton High School")):
        school = School(urn=urn, name=name, town="Tiverton", establishment_type_code="1")
        school.search_text = search.search_text_for(school)
        school.save()
    person = create_user(Actor.command("test"), email="asha@example.org", full_name="Asha", role=Role.PARTICIPANT)
    provider = LeadProvider.objects.get(name="Ambition Institute")
    app = services.submit_registration(person, {**ANSWERS, "lead_provider": str(provider.pk)})
    reviewer = make_user(Role.DFE_ADMIN, full_name="Dee Reviewer")
    services.add_review_entry(reviewer, app, "note", "Internal: check the hospital school's status.")
    services.add_review_entry(reviewer, app, "information_requested", "Send your contract, please.")
    return person, reviewer, app


def _as(page, server, session_id):
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": server.url}])


def test_applicant_pages_on_a_phone(phone_page, server, case, tmp_path):
    person, _reviewer, app = case
    page = phone_page
    _as(page, server, _session(person, confirm_dob=True))
    page.goto(f"/registration/applications/{app.ecf_id}")
    assert "Internal: check" not in page.content()
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    page.click("text=Reply to the Department")
    assert page.locator("h1").inner_text() == "Reply to the Department"
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    document = tmp_path / "contract.pdf"
    document.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.fill("#text", "My contract is attached.")
    page.set_input_files("#documents", str(document))
    page.click("button:has-text('Send reply')")
    expect(page.locator("main")).to_contain_text("Your reply has been sent")  # waits for the next page
    page.click("text=Change workplace")
    page.click("button:has-text('Search')")  # an empty search says what to type
    assert "Enter the name, town, postcode or URN" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)
    page.fill("#q", "Tiverton High")
    page.click("button:has-text('Search')")
    page.get_by_label("Tiverton High School", exact=True).check()
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    page.click("button:has-text('Save change')")
    page.click("text=Withdraw this registration")
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    page.get_by_label("Yes, withdraw my registration").check()
    page.click("button:has-text('Withdraw registration')")
    expect(page.locator("main")).to_contain_text("You have withdrawn your registration")
    assert_no_axe_violations(page)


def test_reviewer_case_page(browser_page, server, case):
    _person, reviewer, app = case
    page = browser_page
    _as(page, server, _session(reviewer))
    page.goto(f"/registration/review/{app.ecf_id}")
    text = page.locator("main").inner_text()
    assert "Internal note (never sent to the person)" in text and "hospital_school" not in text
    assert_no_axe_violations(page)


def test_guide_and_country_list_on_a_phone(phone_page, server, case):
    person, _reviewer, _app = case
    page = phone_page
    _as(page, server, _session(person, confirm_dob=True))
    page.goto("/registration/")
    page.get_by_label("Autumn 2026 cohort", exact=True).check()
    page.click("button:has-text('Continue')")
    page.get_by_label("Yes", exact=True).check()
    page.click("button:has-text('Continue')")
    page.get_by_label("No, I work in another country", exact=True).check()
    page.click("button:has-text('Continue')")
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    page.select_option("#teacher_catchment_country", "Scotland")
    page.click("button:has-text('Continue')")
    assert "outside England" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    page.click("button:has-text('Continue')")
    page.click("text=Answer 2 questions about your role")
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
    page.get_by_label("Senior leader, for example a deputy or assistant headteacher", exact=True).check()
    page.get_by_label("Behaviour and culture", exact=True).check()
    page.click("button:has-text('See suggested courses')")
    assert "These two overlap" in page.locator(".govuk-inset-text").inner_text()
    assert_fits(page, page.url)
    assert_no_axe_violations(page)
