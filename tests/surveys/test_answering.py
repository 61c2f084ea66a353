"""Opening, sending and answering through a link, and the bad input the issue lists."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from npq.core import clock
from npq.core.errors import Conflict, NotFound
from npq.surveys.models import Answer, EmailStatus, Invitation, Questionnaire, Response, SurveyEmail
from npq.surveys.services import answering, sending
from tests.surveys.conftest import open_survey, token_of

GOOD = {"useful": ["agree"], "facilitator": ["4"], "comment": ["Clear and practical"]}


def test_the_department_questionnaires_ship_with_the_reference_data(group):
    keys = set(Questionnaire.objects.values_list("key", flat=True))
    assert {"dfe-school-staff-barriers", "dfe-end-of-module", "dfe-after-session"} <= keys
    barriers = Questionnaire.objects.get(key="dfe-school-staff-barriers").questions.get(key="barriers")
    labels = [words for _, words in barriers.options]
    assert "Finding the time outside working hours" in labels
    assert any("early career framework" in w for w in labels)


def test_opening_a_session_survey_invites_those_who_attended_with_their_groups(group):
    survey = open_survey(session=group["session"])
    invitations = list(survey.invitations.all())
    assert len(invitations) == 7
    assert {i.facilitator_id for i in invitations} == {group["facilitator"].pk}
    assert SurveyEmail.objects.filter(invitation__survey=survey, status=EmailStatus.QUEUED).count() == 7


def test_send_due_invitations_is_throttled_and_records_each_send_without_the_link(group):
    survey = open_survey(session=group["session"])
    assert sending.send_due_invitations(limit=5) == {"sent": 5, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 5
    assert sending.send_due_invitations(limit=5)["sent"] == 2
    sent = SurveyEmail.objects.filter(invitation__survey=survey, status=EmailStatus.SENT)
    assert sent.count() == 7 and all(e.sent_at for e in sent)
    token = token_of(survey.invitations.first())
    assert token in "".join(m.body for m in mail.outbox)
    assert not any(token in (e.outcome or "") for e in sent)


def test_answering_anonymously_stores_no_link_from_answers_to_the_person(group):
    survey = open_survey(session=group["session"])
    invitation = survey.invitations.first()
    link = answering.open_link(token_of(invitation))
    response = answering.save_page(link, link.pages[0], GOOD, submit=True)
    invitation.refresh_from_db()
    assert invitation.responded_at is not None
    assert response.respondent_id is None
    assert response.answer_key != invitation.token_hash
    assert {f.name for f in Response._meta.get_fields()}.isdisjoint({"invitation", "person"})
    assert response.facilitator_id == group["facilitator"].pk  # counted for the facilitator's sessions


def test_reminders_skip_people_who_have_answered(group):
    survey = open_survey(session=group["session"])
    sending.send_due_invitations(limit=100)
    first = survey.invitations.first()
    link = answering.open_link(token_of(first))
    answering.save_page(link, link.pages[0], GOOD, submit=True)
    assert sending.queue_reminders(sending.Actor.command("test"), survey) == 6


def test_answers_are_saved_page_by_page_and_a_return_visit_carries_on(group):
    survey = open_survey("dfe-end-of-module")
    link = answering.open_link(token_of(survey.invitations.first()))
    assert len(link.pages) == 7  # one question a page for a longer questionnaire
    answering.save_page(link, link.pages[0], {"satisfied": ["agree"]}, submit=False)
    answering.save_page(link, link.pages[1], {"relevant": ["disagree"]}, submit=False)
    assert answering.first_unanswered_page(link) == 3
    assert answering.saved_answers(link) == {"satisfied": ("agree",), "relevant": ("disagree",)}


def test_a_closed_survey_refuses_answers(group):
    now = timezone.now()
    survey = open_survey(opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(days=1))
    link = answering.open_link(token_of(survey.invitations.first()))
    with pytest.raises(Conflict, match="closed on"):
        answering.save_page(link, link.pages[0], GOOD, submit=True)
    assert Response.objects.count() == 0


def test_a_second_answer_from_one_link_is_refused_and_nothing_is_stored_twice(group):
    survey = open_survey()
    token = token_of(survey.invitations.first())
    link = answering.open_link(token)
    answering.save_page(link, link.pages[0], GOOD, submit=True)
    again = answering.open_link(token)
    with pytest.raises(Conflict, match="already answered"):
        answering.save_page(again, again.pages[0], {**GOOD, "useful": ["disagree"]}, submit=True)
    assert Response.objects.count() == 1
    assert list(Answer.objects.filter(question__key="useful").values_list("value", flat=True)) == ["agree"]


@pytest.mark.parametrize(
    ("posted", "key", "message"),
    [
        ({**GOOD, "useful": []}, "useful", "Answer ‘The session was useful for my practice’"),
        ({**GOOD, "useful": ["very_much"]}, "useful", "Select one of the options given"),
        ({**GOOD, "facilitator": ["9"]}, "facilitator", "Select one of the options given"),
        ({**GOOD, "useful": ["agree", "disagree"]}, "useful", "Select only one option"),
        ({**GOOD, "comment": ["x" * 100_000]}, "comment", "must be 5,000 characters or fewer"),
    ],
    ids=["required left empty", "unknown option", "rating out of range", "two options", "100,000 characters"],
)
def test_bad_answers_get_a_clear_message_and_store_nothing(group, posted, key, message):
    survey = open_survey()
    link = answering.open_link(token_of(survey.invitations.first()))
    with pytest.raises(answering.AnswersInvalid) as caught:
        answering.save_page(link, link.pages[0], posted, submit=True)
    assert message in caught.value.errors[key]
    assert Answer.objects.count() == 0
    assert Invitation.objects.filter(responded_at__isnull=False).count() == 0


def test_all_errors_on_a_page_are_reported_at_once(group):
    survey = open_survey()
    link = answering.open_link(token_of(survey.invitations.first()))
    with pytest.raises(answering.AnswersInvalid) as caught:
        answering.save_page(link, link.pages[0], {"useful": ["nope"], "facilitator": []}, submit=True)
    assert set(caught.value.errors) == {"useful", "facilitator"}


def test_a_conditional_question_is_asked_only_after_the_answer_it_follows(group):
    survey = open_survey("dfe-end-of-module")
    link = answering.open_link(token_of(survey.invitations.first()))
    for page, posted in [
        (0, {"satisfied": ["agree"]}),
        (1, {"relevant": ["agree"]}),
        (2, {"facilitation": ["5"]}),
        (3, {"hours": []}),
        (4, {"recommend": ["yes"]}),
    ]:
        answering.save_page(link, link.pages[page], posted, submit=False)
    # "why not" is hidden after "yes": a value posted for it anyway is not stored
    answering.save_page(link, link.pages[5], {"why_not": ["sneaked in"]}, submit=False)
    answering.save_page(link, link.pages[6], {"improve": []}, submit=True)
    assert not Answer.objects.filter(question__key="why_not").exists()


def test_an_unknown_link_is_not_found(group):
    with pytest.raises(NotFound):
        answering.open_link("not-a-real-token-at-all-0123456789")


def test_the_clock_decides_whether_a_survey_is_open(group):
    survey = open_survey()
    link = answering.open_link(token_of(survey.invitations.first()))
    moved = clock.move_to(survey.closes_at + dt.timedelta(minutes=1))
    try:
        assert answering.state(link) == "closed"
    finally:
        clock.reset(moved)


def test_answers_carry_their_survey_and_groups_and_count_only_once_submitted(group):
    survey = open_survey(key="dfe-end-of-module", delivery_cohort=group["dc"])
    link = answering.open_link(token_of(survey.invitations.first()))
    answering.save_page(link, link.pages[0], {"satisfied": ["agree"]}, submit=False)
    draft = Answer.objects.get(question__key="satisfied")
    assert not draft.submitted and draft.survey_id == survey.pk
    assert draft.delivery_partner_id == group["partner"].pk and draft.delivery_cohort_id == group["dc"].pk
    posted = {"satisfied": ["agree"], "relevant": ["agree"], "facilitation": ["4"], "recommend": ["yes"]}
    for number, page in enumerate(link.pages, start=1):
        answering.save_page(link, page, posted, submit=number == len(link.pages))
    assert set(Answer.objects.filter(response__survey=survey).values_list("submitted", flat=True)) == {True}
    assert Answer.objects.filter(response__survey=survey).count() == 4
