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


def surveys_for(user: Any) -> QuerySet[Survey]:
    where = scope(user)
    qs = Survey.objects.select_related("questionnaire", "owner")
    if where is None:
        return qs.none()
    if user.role == "lead_provider":
        return qs.filter(
            Q(owner=user.lead_provider_id) | Q(invitations__lead_provider=user.lead_provider_id)
        ).distinct()
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
    qs = Answer.objects.filter(
        question__key=key,
        response__survey__in=[s.pk for s in surveys],
        response__submitted_on__isnull=False,
    )
    return qs.filter(response__in=Response.objects.filter(where).values("pk")) if where.children else qs


def question_result(
    surveys: list[Survey], question: Question, by: str | None, where: Q, free_text: bool = False
) -> QuestionResult:
    """One question's distribution overall and per group, suppressed, with the share agreeing."""
    spec_options = rules.options_of(spec_of(question))
    column = DIMENSIONS[by][1] if by in DIMENSIONS else None
    answers = _answers(surveys, question.key, where)
    label_of = f"response__{column}" if column else None
    per_group: dict[str, dict[str, int]] = defaultdict(dict)
    respondents: dict[str, int] = {}
    group_by = [label_of] if label_of else []
    if question.kind != "text":
        for row in answers.values(*group_by, "value").annotate(n=Count("id")).order_by():
            per_group[row[label_of] if label_of else ""][row["value"]] = row["n"]
    for row in answers.values(*group_by).annotate(n=Count("response", distinct=True)).order_by():
        respondents[(row[label_of] or NONE) if label_of else ""] = row["n"]
    overall = sum(respondents.values())
    per_group = {(k or NONE) if label_of else k: v for k, v in per_group.items()}
    hidden = suppress({k: respondents[k] for k in sorted(respondents)}, overall)
    total_counts: dict[str, int] = defaultdict(int)
    for counts in per_group.values():
        for value, n in counts.items():
            total_counts[value] += n
    target = surveys[0].target_percent if surveys[0].target_question_key == question.key else None
    total = _row("All respondents", overall, hidden.total, dict(total_counts), question, target)
    rows = (
        [_row(k, respondents[k], hidden.hides(k), per_group.get(k, {}), question, target) for k in sorted(respondents)]
        if label_of
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
    column = DIMENSIONS[by][1] if by in DIMENSIONS else None
    group_by = [column] if column else []
    rows = qs.values(*group_by).annotate(
        invited=Count("id"), responded=Count("id", filter=Q(responded_at__isnull=False))
    )
    found = {((r[column] or NONE) if column else ""): (r["invited"], r["responded"]) for r in rows.order_by()}
    invited = sum(i for i, _ in found.values())
    responded = sum(r for _, r in found.values())
    hidden = suppress({k: v[1] for k, v in sorted(found.items())}, responded)
    total = Rate("All invited", invited, responded, hidden.total)
    groups = [Rate(k, i, r, hidden.hides(k)) for k, (i, r) in sorted(found.items())] if column else []
    return total, groups
