"""Answering a survey in a real browser with JavaScript switched off, then reading the results, with
axe on every page (axe runs in a context with JavaScript, on the same pages)."""

from typing import Any

import pytest

from npq.people.models import Role
from npq.surveys.models import Response
from npq.surveys.services import scheduling
from tests.browser.pages import signed_in, visit
from tests.surveys import conftest as surveys
from tests.surveys.conftest import open_survey, token_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def survey_group(db: Any) -> dict[str, Any]:
    """The surveys tests' group, built in this test's transaction (the live server answers in it)."""
    return surveys.build_group("browser")


def test_a_participant_answers_without_javascript_and_the_owner_reads_the_results(
    chromium: Any, browser_page: Any, server: Any, survey_group: Any, make_user: Any
) -> None:
    survey = open_survey("dfe-end-of-module", title="End of module 1", delivery_cohort=survey_group["dc"])
    token = token_of(survey.invitations.first())
    no_js = chromium.new_context(base_url=server.url, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(f"/surveys/answer/{token}")
    page.get_by_role("button", name="Save and continue").click()  # nothing chosen: the error summary
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    answers = {
        "satisfied": "Agree",
        "relevant": "Strongly agree",
        "facilitation": "5",
        "recommend": "Not sure",
    }
    for _ in range(10):
        if "/done" in page.url:
            break
        named = [k for k in answers if page.locator(f"input[name={k}]").count()]
        if named:
            page.get_by_label(answers[named[0]], exact=True).check()
        elif page.locator("input[name=hours]").count():
            page.fill("input[name=hours]", "12")
        else:
            page.fill("textarea", "Answered in the browser")
        page.locator("form button.govuk-button").click()
    assert "/done" in page.url and "Your answers have been sent" in page.locator("main").inner_text()
    no_js.close()
    assert Response.objects.filter(submitted_on__isnull=False).count() == 1

    visit(browser_page, f"/surveys/answer/{token}")  # the 'already answered' page, checked by axe
    other = open_survey("dfe-after-session", title="Session feedback", session=survey_group["session"])
    visit(browser_page, f"/surveys/answer/{token_of(other.invitations.first())}")
    signed_in(browser_page, make_user(Role.DFE_ADMIN), server)
    text = visit(browser_page, f"/surveys/{survey.pk}?by=delivery_partner")
    assert "Fewer than 5 people answered this question" in text
    visit(browser_page, "/surveys/new")
    visit(browser_page, "/surveys/questionnaires/new")
    visit(browser_page, "/surveys/questionnaires/dfe-end-of-module")
    scheduling.create_schedule(
        surveys.ACTOR,
        surveys.questionnaire("dfe-after-session"),
        title="After each session",
        audience="participants",
        trigger="after_session",
        starts_at=survey.opens_at,
        ends_at=survey.closes_at,
    )
    assert "After each session" in visit(browser_page, "/surveys")
    later = open_survey("dfe-end-of-module", title="End of module 2", delivery_cohort=survey_group["dc"])
    assert "Over time" in visit(browser_page, f"/surveys/{later.pk}")
