"""Survey results read from the database, scoped to the reader and suppressed by one rule
(``npq.core.suppression``) before anything is published: page, CSV or API."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from npq.core.suppression import suppress
from npq.surveys import rules
from npq.surveys.models import Answer, Invitation, Question, Response, Survey
from npq.surveys.services.questionnaires import spec_of

DIMENSIONS = {
    "lead_provider": ("Lead provider", "lead_provider__name"),
    "delivery_partner": ("Delivery partner", "delivery_partner__name"),
    "course": ("Course", "course__name"),
    "cohort": ("Cohort", "cohort__identifier"),
    "delivery_cohort": ("Group", "delivery_cohort__name"),
    "session": ("Session", "session__title"),
    "facilitator": ("Facilitator", "facilitator__full_name"),
}
NONE = "Not in a group"


def scope(user: Any) -> Q | None:
    """The responses and invitations a reader may count: none (None), some, or all (an empty Q)."""
    role = getattr(user, "role", None)
    if role == "dfe_admin":
        return Q()
    if role == "lead_provider":
        return Q(lead_provider=user.lead_provider_id)
    if role == "delivery_partner":
        return Q(facilitator=user.pk) | Q(
            survey__owner=user.lead_provider_id, delivery_partner=user.delivery_partner_id
        )
    return None


def provider_surveys(provider_id: int) -> QuerySet[Survey]:
    """A lead provider's surveys: those it sent and those that asked its own people (the page and the API)."""
    asked = Invitation.objects.filter(lead_provider=provider_id).values("survey")
    return Survey.objects.select_related("questionnaire", "owner").filter(Q(owner=provider_id) | Q(pk__in=asked))


def surveys_for(user: Any) -> QuerySet[Survey]:
    where = scope(user)
    qs = Survey.objects.select_related("questionnaire", "owner")
    if where is None:
        return qs.none()
    if user.role == "lead_provider":
        return provider_surveys(user.lead_provider_id)
    return qs.filter(pk__in=Invitation.objects.filter(where).values("survey")) if where else qs


def reads_free_text(user: Any, survey: Survey) -> bool:
    """Free text goes to the survey's owner only: the provider that sent it, or the Department's admins."""
    if survey.owner_id is None:
        return getattr(user, "role", None) == "dfe_admin"
    return getattr(user, "role", None) == "lead_provider" and user.lead_provider_id == survey.owner_id


@dataclass
class Row:
    label: str
    respondents: int
    suppressed: bool
    counts: dict[str, int] = field(default_factory=dict)
    share_agreeing: Decimal | None = None
    mean: Decimal | None = None
    meets_target: bool | None = None

    def percent(self, value: str) -> Decimal | None:
        return None if self.suppressed else rules.percent(self.counts.get(value, 0), self.respondents)


@dataclass
class QuestionResult:
    question: Question
    options: tuple[tuple[str, str], ...]
    total: Row
    rows: list[Row]
    texts: list[str] = field(default_factory=list)
    target: int | None = None


def _answers(surveys: list[Survey], key: str, where: Q) -> QuerySet[Answer]:
    questions = Question.objects.filter(questionnaire__in={s.questionnaire_id for s in surveys}, key=key)
    # One table: the survey, the submitted flag and the groups are copied onto each answer, so the
    # reader's scope (a Q on group fields) applies to answers as it does to invitations.
    return Answer.objects.filter(
        where,
        question_id__in=list(questions.values_list("pk", flat=True)),
        survey_id__in=[s.pk for s in surveys],
        submitted=True,
    )


def _labels(by: str, ids: set[Any]) -> dict[Any, str]:
    """Words for the group ids (one small query), so the big query groups by an integer."""
    model: Any = Response._meta.get_field(by).related_model
    attribute = DIMENSIONS[by][1].split("__", 1)[1]
    found = dict(model.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", attribute))
    return {i: str(found.get(i, NONE)) if i else NONE for i in ids}


def _counts(answers: QuerySet[Answer], kind: str, key: str | None) -> tuple[dict[Any, dict[str, int]], dict[Any, int]]:
    """Answers per group and value, and respondents per group (the group is None without a breakdown)."""
    fields = [key] if key else []
    per_group: dict[Any, dict[str, int]] = defaultdict(dict)
    if kind != "text":
        # count(*), not count(id): the partial index holds question, survey and value, so PostgreSQL
        # answers from the index alone without reading each row
        for row in answers.values(*fields, "value").annotate(n=Count("*")).order_by():
            per_group[row[key] if key else None][row["value"]] = row["n"]
    if kind not in ("multiple", "text"):  # one answer row per respondent: no distinct count needed
        return per_group, {g: sum(c.values()) for g, c in per_group.items()}
    if key is None:
        return per_group, {None: answers.aggregate(n=Count("response_id", distinct=True))["n"]}
    rows = answers.values(key).annotate(n=Count("response_id", distinct=True)).order_by()
    return per_group, {row[key]: row["n"] for row in rows}


def question_result(
    surveys: list[Survey], question: Question, by: str | None, where: Q, free_text: bool = False
) -> QuestionResult:
    """One question's distribution overall and per group, suppressed, with the share agreeing."""
    spec_options = rules.options_of(spec_of(question))
    by = by if by in DIMENSIONS else None
    answers = _answers(surveys, question.key, where)
    by_id, respondents_by_id = _counts(answers, question.kind, f"{by}_id" if by else None)
    labels = _labels(by, set(respondents_by_id)) if by else {None: ""}
    per_group = {labels[i]: c for i, c in by_id.items()}
    respondents = {labels[i]: n for i, n in respondents_by_id.items() if n}
    overall = sum(respondents.values())  # each response counts in exactly one group
    hidden = suppress({k: respondents[k] for k in sorted(respondents)}, overall)
    total_counts: dict[str, int] = defaultdict(int)
    for counts in per_group.values():
        for value, n in counts.items():
            total_counts[value] += n
    target = surveys[0].target_percent if surveys[0].target_question_key == question.key else None
    total = _row("All respondents", overall, hidden.total, dict(total_counts), question, target)
    rows = (
        [_row(k, respondents[k], hidden.hides(k), per_group.get(k, {}), question, target) for k in sorted(respondents)]
        if by
        else []
    )
    texts: list[str] = []
    if question.kind == "text" and free_text and not hidden.total:
        texts = list(answers.order_by("id").values_list("text", flat=True)[:200])
    return QuestionResult(question, spec_options, total, rows, texts, target)


def _row(label: str, n: int, hidden: bool, counts: dict[str, int], q: Question, target: int | None) -> Row:
    if hidden:
        return Row(label, n, True)
    row = Row(label, n, False, counts)
    if q.kind == "agreement":
        agreeing = sum(c for v, c in counts.items() if v in rules.AGREEING)
        row.share_agreeing = rules.percent(agreeing, n)
        row.meets_target = rules.meets_target(agreeing, n, target) if target is not None else None
    if q.kind in ("rating", "number") and n:
        total = sum(int(v) * c for v, c in counts.items())
        row.mean = (Decimal(total) / n).quantize(Decimal("0.1"))
    return row


@dataclass
class Rate:
    label: str
    invited: int
    responded: int
    suppressed: bool

    @property
    def percent(self) -> Decimal | None:
        return None if self.suppressed else rules.percent(self.responded, self.invited)


def response_rates(surveys: list[Survey], by: str | None, where: Q) -> tuple[Rate, list[Rate]]:
    qs = Invitation.objects.filter(where, survey__in=[s.pk for s in surveys])
    answered = Count("id", filter=Q(responded_at__isnull=False))
    if by not in DIMENSIONS:
        totals = qs.aggregate(invited=Count("id"), responded=answered)
        return Rate("All invited", totals["invited"], totals["responded"], suppress({}, totals["responded"]).total), []
    key = f"{by}_id"
    rows = list(qs.values(key).annotate(invited=Count("id"), responded=answered).order_by())
    labels = _labels(str(by), {r[key] for r in rows})
    found = {labels[r[key]]: (r["invited"], r["responded"]) for r in rows}
    invited = sum(i for i, _ in found.values())
    responded = sum(r for _, r in found.values())
    hidden = suppress({k: v[1] for k, v in sorted(found.items())}, responded)
    total = Rate("All invited", invited, responded, hidden.total)
    return total, [Rate(k, i, r, hidden.hides(k)) for k, (i, r) in sorted(found.items())]
