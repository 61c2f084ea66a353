"""Pages: answering without signing in, results with suppression on the page and in the CSV, and who sees what."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from npq.surveys.models import Answer, Response
from npq.surveys.services import answering
from tests.conftest import error_summary, h1, html
from tests.surveys.conftest import open_survey, token_of


def _answer_all(survey, n, useful="agree"):
    for invitation in list(survey.invitations.order_by("id"))[:n]:
        link = answering.open_link(token_of(invitation))
        answering.save_page(link, link.pages[0], {"useful": [useful], "facilitator": ["4"], "comment": ["Good"]}, True)


def test_a_short_survey_is_one_page_and_answers_without_javascript(group):
    survey = open_survey(session=group["session"])
    token = token_of(survey.invitations.first())
    client = Client()
    page = client.get(f"/surveys/answer/{token}")
    assert page.status_code == 200 and h1(page) == "Feedback"
    done = client.post(f"/surveys/answer/{token}", {"useful": "agree", "facilitator": "5", "comment": "Useful"})
    assert done.status_code == 302 and done.url.endswith("/done")
    assert Response.objects.filter(submitted_on__isnull=False).count() == 1
    again = client.post(f"/surveys/answer/{token}", {"useful": "disagree", "facilitator": "1"})
    assert "already answered" in again.content.decode()
    assert Answer.objects.filter(question__key="useful").count() == 1


def test_every_error_on_a_page_is_in_the_summary(group):
    survey = open_survey()
    token = token_of(survey.invitations.first())
    page = Client().post(f"/surveys/answer/{token}", {"useful": "loved-it", "comment": "x" * 100_000})
    assert page.status_code == 400
    messages = error_summary(page)
    assert len(messages) == 3
    assert any("Select one of the options" in m for m in messages)
    assert any("5,000 characters or fewer" in m for m in messages)
    assert html(page).title.get_text().startswith("Error: ")
    assert Answer.objects.count() == 0


def test_a_closed_survey_says_so(group):
    now = timezone.now()
    survey = open_survey(opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(days=2))
    page = Client().get(f"/surveys/answer/{token_of(survey.invitations.first())}")
    assert page.status_code == 410 and "closed on" in page.content.decode()


def test_an_unknown_link_is_a_404_page(group):
    assert Client().get("/surveys/answer/nonsense-token-that-is-long-enough").status_code == 404


def test_results_suppress_a_small_group_on_the_page_and_in_the_csv(group, client_as):
    survey = open_survey(session=group["session"], target_question_key="useful", target_percent=100)
    _answer_all(survey, 4)
    admin = client_as(group["admin"])
    page = admin.get(f"/surveys/{survey.pk}")
    text = html(page).get_text(" ", strip=True)
    assert "Fewer than 5 people answered this question, so the result is not shown" in text
    assert "4 people answered" not in text
    csv = admin.get(f"/surveys/{survey.pk}/results.csv?by=facilitator").content.decode()
    assert "suppressed (fewer than 5" in csv and ",4," not in csv


def test_results_with_enough_answers_show_shares_and_the_target(group, client_as):
    survey = open_survey(session=group["session"], target_question_key="useful", target_percent=100)
    _answer_all(survey, 6)
    link = answering.open_link(token_of(survey.invitations.order_by("-id").first()))
    answering.save_page(link, link.pages[0], {"useful": ["disagree"], "facilitator": ["2"]}, True)
    provider = client_as(group["provider_user"])
    text = html(provider.get(f"/surveys/{survey.pk}?by=facilitator")).get_text(" ", strip=True)
    assert "7 of 7 people invited have answered (100%)" in text
    assert "86% agreed or strongly agreed, against a target of 100%: the target is not met" in text


def test_a_facilitator_reads_feedback_on_their_sessions_but_not_the_written_answers(group, client_as):
    survey = open_survey(session=group["session"])
    _answer_all(survey, 5)
    page = client_as(group["facilitator"]).get(f"/surveys/{survey.pk}")
    text = html(page).get_text(" ", strip=True)
    assert page.status_code == 200 and "5 people answered" in text
    assert "Written answers are shown only to the survey's owner" in text


def test_inspectors_never_see_free_text_and_providers_see_only_their_own(group, client_as):
    survey = open_survey(session=group["session"])
    _answer_all(survey, 5)
    # Inspectors read survey results only through an inspection's evidence pack, under a grant.
    assert client_as(group["inspector"]).get(f"/surveys/{survey.pk}").status_code == 403
    other = client_as(group["other_provider_user"])
    assert other.get(f"/surveys/{survey.pk}").status_code == 404
    assert other.get(f"/surveys/{survey.pk}/results.csv").status_code == 404
    assert client_as(group["people"][0]).get("/surveys").status_code == 403


def test_the_department_sends_a_survey_from_the_form(group, client_as):
    admin = client_as(group["admin"])
    from npq.surveys.models import Questionnaire

    q = Questionnaire.objects.get(key="dfe-after-session")
    bad = admin.post("/surveys/new", {"questionnaire": q.pk, "audience": "school_staff", "opens_on": "31/02/2026"})
    assert bad.status_code == 400
    assert {"Enter a title for the survey", "Enter the closing date"} <= set(error_summary(bad))
    today = timezone.localdate()
    ok = admin.post(
        "/surveys/new",
        {
            "questionnaire": q.pk,
            "title": "Facilitator check-in",
            "audience": "participants",
            "trigger": "once",
            "delivery_cohort": group["dc"].pk,
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today + dt.timedelta(days=10)).strftime("%d/%m/%Y"),
        },
    )
    assert ok.status_code == 302
    assert admin.get(ok.url).status_code == 200
