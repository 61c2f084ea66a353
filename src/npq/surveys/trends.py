"""The same question over time: each round of a questionnaire (the surveys sent with it, any version,
to the same audience, that the reader may see), its share agreeing or average, each round suppressed
on its own (rounds are not added into a published total, so no figure can be worked out from others)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from npq.surveys import results, rules
from npq.surveys.models import Question, Survey

ROUNDS = 8  # the most recent rounds compared; older ones are in each survey's own results
MEASURED = ("agreement", "rating", "number")


@dataclass
class Point:
    survey: Survey
    label: str
    respondents: int | None
    suppressed: bool
    figure: Decimal | None


@dataclass
class Trend:
    question: Question
    measure: str
    unit: str
    points: list[Point]
    summary: str

    @property
    def scale(self) -> Decimal:
        """The figure that fills a bar: 100 for a share, the largest average otherwise."""
        if self.unit == "%":
            return Decimal(100)
        return max((p.figure for p in self.points if p.figure), default=Decimal(1))


def rounds(reader: Any, survey: Survey) -> list[Survey]:
    same = results.surveys_for(reader).filter(
        questionnaire__key=survey.questionnaire.key, audience=survey.audience, opens_at__lte=survey.opens_at
    )
    return list(reversed(same.select_related("cohort").order_by("-opens_at", "-id")[:ROUNDS]))


def _label(s: Survey) -> str:
    cohort = f", cohort {s.cohort.identifier}" if s.cohort_id and s.cohort else ""
    return f"{s.title}{cohort} ({s.opens_at:%B %Y}, version {s.questionnaire.version})"


def over_time(reader: Any, survey: Survey, where: Q) -> list[Trend]:
    """One trend per measured question of ``survey``, when it has earlier rounds to compare with."""
    series = rounds(reader, survey)
    if len(series) < 2:
        return []
    trends = []
    for question in survey.questionnaire.questions.filter(kind__in=MEASURED):
        agreement = question.kind == "agreement"
        points = []
        for s in series:
            total = results.question_result([s], question, None, where).total
            figure = total.share_agreeing if agreement else total.mean
            if total.suppressed:  # nothing of a small round leaves this module, not even its size
                points.append(Point(s, _label(s), None, True, None))
            else:
                points.append(Point(s, _label(s), total.respondents, False, figure))
        measure, unit = ("The share agreeing", "%") if agreement else ("The average answer", "")
        summary = rules.trend_summary([(p.label, p.figure) for p in points], measure, unit)
        trends.append(Trend(question, measure, unit, points, summary))
    return trends
