"""Survey evidence beside the numbers, from the surveys app's suppressed results.

The school staff survey (barriers and reasons) is the Department's and answered anonymously by
people who are not participants, so it is the same for every reader; satisfaction by provider is
scoped to the reader (a provider sees its own row only).
"""

from django.db.models import Q

from npq.insights import charts
from npq.insights.queries import Figures
from npq.insights.tables import HIDDEN, Table
from npq.surveys.models import Question, Survey
from npq.surveys.results import question_result

STAFF = "dfe-school-staff-barriers"
MODULE = "dfe-end-of-module"


def _surveys(key: str, programme: str) -> list[Survey]:
    return list(Survey.objects.filter(questionnaire__key=key, programme=programme).select_related("questionnaire"))


def _question(surveys: list[Survey], key: str) -> Question | None:
    return Question.objects.filter(questionnaire=surveys[0].questionnaire, key=key).first() if surveys else None


def choices_table(figs: Figures, key: str, caption: str, heading: str) -> Table | None:
    surveys = _surveys(STAFF, figs.scope.programme)
    question = _question(surveys, key)
    if question is None:
        return None
    result = question_result(surveys, question, None, Q())
    total = result.total
    rows = []
    values: list[int | float | None] = []
    for value, text in result.options:
        n = total.counts.get(value, 0)
        share = total.percent(value)
        rows.append([text, HIDDEN if total.suppressed else f"{n:,}", HIDDEN if share is None else f"{share}%"])
        values.append(None if share is None else float(share))
    summary = (
        f"{total.respondents:,} school staff answered: {question.text}"
        if not total.suppressed
        else "Fewer than 5 school staff have answered, so no figures are shown."
    )
    chart = charts.bars([r[0] for r in rows], values, summary, unit="%")
    return Table(
        f"survey-{key}", caption, [heading, "School staff naming it", "Share of respondents"], rows, summary, chart
    )


def satisfaction_table(figs: Figures) -> Table | None:
    surveys = _surveys(MODULE, figs.scope.programme)
    question = _question(surveys, "satisfied")
    if question is None:
        return None
    where = Q() if figs.scope.national else Q(lead_provider=figs.scope.provider_id)
    result = question_result(surveys, question, "lead_provider", where)
    rows, values = [], []
    for row in result.rows:
        share = None if row.suppressed else row.share_agreeing
        rows.append(
            [row.label, HIDDEN if row.suppressed else f"{row.respondents:,}", HIDDEN if share is None else f"{share}%"]
        )
        values.append(None if share is None else float(share))
    overall = result.total.share_agreeing
    summary = (
        f"{overall}% of participants answering end-of-module surveys agreed they were satisfied with the module."
        if overall is not None
        else "Too few participants have answered end-of-module surveys to show satisfaction."
    )
    chart = charts.bars([r[0] for r in rows], values, summary, unit="%")
    headers = ["Lead provider", "Participants answering", "Share satisfied with the module"]
    return Table("survey-satisfaction", "Satisfaction by lead provider", headers, rows, summary, chart)
