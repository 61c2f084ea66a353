"""Answering through a link: the page's answers are saved as the person goes; the last page submits.

A link answers once: the response is unique per (survey, answer key) in the database, its row is
locked while a page is saved, and submitting is a conditional update, so two submissions from
one link at the same moment store one response. Drafts are not audited (an event per page would
put a time beside the link); the submission is, against the invitation, without the answers.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import Conflict, NotFound, ValidationFailed
from npq.surveys import rules
from npq.surveys.models import Answer, Invitation, Question, Response, Survey, group_values
from npq.surveys.services.questionnaires import spec_of
from npq.surveys.services.sending import answer_key, token_hash


class AnswersInvalid(ValidationFailed):
    """Several answers on a page are wrong; ``errors`` maps each question key to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))
        self.errors = errors


@dataclass
class Link:
    invitation: Invitation
    survey: Survey
    token: str
    questions: list[Question]

    @property
    def specs(self) -> list[rules.QuestionSpec]:
        return [spec_of(q) for q in self.questions]

    @property
    def pages(self) -> list[list[str]]:
        return rules.pages(self.specs, self.survey.questionnaire.one_page)


def open_link(token: str) -> Link:
    invitation = (
        Invitation.objects.select_related("survey__questionnaire").filter(token_hash=token_hash(token)).first()
        if 20 <= len(token) <= 100
        else None
    )
    if invitation is None:
        raise NotFound("This survey link is not valid. Check it is the whole link from your email.")
    survey = invitation.survey
    return Link(invitation, survey, token, list(survey.questionnaire.questions.all()))


def state(link: Link) -> str:
    """'answered', 'closed', 'not_open' or 'open'."""
    now = clock.now()
    if link.invitation.responded_at is not None:
        return "answered"
    if now >= link.survey.closes_at:
        return "closed"
    if now < link.survey.opens_at:
        return "not_open"
    return "open"


def refusal(link: Link) -> str | None:
    return {
        "answered": "You have already answered this survey. Thank you: your answers are saved.",
        "closed": f"This survey closed on {link.survey.closes_at:%-d %B %Y}. Answers can no longer be given.",
        "not_open": f"This survey opens on {link.survey.opens_at:%-d %B %Y}.",
    }.get(state(link))


def saved_answers(link: Link) -> dict[str, tuple[str, ...]]:
    rows = Answer.objects.filter(
        response__survey=link.survey, response__answer_key=answer_key(link.token)
    ).select_related("question")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.question.key, []).append(row.text if row.question.kind == "text" else row.value)
    return {k: tuple(v) for k, v in found.items()}


def save_page(link: Link, page: list[str], posted: Mapping[str, Sequence[str]], submit: bool) -> Response:
    """Check and save the answers to one page's questions; on the last page, submit the whole response."""
    refused = refusal(link)
    if refused:
        raise Conflict(refused)
    by_key = {q.key: q for q in link.questions}
    specs = {s.key: s for s in link.specs}
    with transaction.atomic():
        response, _ = Response.objects.get_or_create(
            survey=link.survey,
            answer_key=answer_key(link.token),
            defaults={
                "respondent": None if link.survey.questionnaire.anonymous else link.invitation.person,
                **group_values(link.invitation),
            },
        )
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.submitted_on is not None:
            raise Conflict("You have already answered this survey. Thank you: your answers are saved.")
        earlier = saved_answers(link)
        clean, errors = rules.check_all([specs[k] for k in page], posted, earlier)
        if errors:
            raise AnswersInvalid(errors)
        Answer.objects.filter(response=response, question__in=[by_key[k] for k in page]).delete()
        Answer.objects.bulk_create(_rows(response, by_key, clean))
        if submit:
            _submit(link, response, earlier | clean)
    return response


def _rows(response: Response, by_key: dict[str, Question], clean: dict[str, tuple[str, ...]]) -> list[Answer]:
    rows = []
    copied = {"survey_id": response.survey_id, **group_values(response)}
    for key, values in clean.items():
        question = by_key[key]
        for value in values:
            if question.kind == "text":
                rows.append(Answer(response=response, question=question, text=value, **copied))
            else:
                rows.append(Answer(response=response, question=question, value=value, **copied))
    return rows


def _submit(link: Link, response: Response, answers: Mapping[str, Sequence[str]]) -> None:
    missing = {
        s.key: f"Answer ‘{s.text}’"
        for s in link.specs
        if s.required and rules.is_shown(s, answers) and not answers.get(s.key)
    }
    if missing:
        raise AnswersInvalid(missing)
    now = clock.now()
    taken = Invitation.objects.filter(pk=link.invitation.pk, responded_at__isnull=True).update(responded_at=now)
    if not taken:
        raise Conflict("You have already answered this survey. Thank you: your answers are saved.")
    response.submitted_on = clock.today()
    response.save(update_fields=["submitted_on"])
    Answer.objects.filter(response=response).update(submitted=True)
    link.invitation.responded_at = now
    audit.record(Actor.system(), "survey.answered", link.invitation, after={"survey": link.survey.pk})


def first_unanswered_page(link: Link) -> int:
    """Where a person returning to their link carries on (1-based)."""
    answers = saved_answers(link)
    specs = {s.key: s for s in link.specs}
    for number, page in enumerate(link.pages, start=1):
        shown = [k for k in page if rules.is_shown(specs[k], answers)]
        if any(k not in answers for k in shown):
            return number
    return len(link.pages)
