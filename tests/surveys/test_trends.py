"""The same question over time: rounds of one questionnaire compared, each round suppressed on its own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from npq.surveys import rules
from npq.surveys.services import answering
from tests.conftest import html
from tests.surveys.conftest import open_survey, token_of

D = Decimal


@pytest.mark.parametrize(
    ("points", "unit", "expected"),
    [
        (
            [("cohort 1", D(72)), ("cohort 2", D(86))],
            "%",
            "The share rose from 72% in cohort 1 to 86% in cohort 2, up 14 percentage points.",
        ),
        ([("a", D("4.2")), ("b", D("3.9"))], "", "The share fell from 4.2 in a to 3.9 in b, down 0.3."),
        ([("a", D(80)), ("b", D(80))], "%", "The share was 80% in both a and b."),
        (
            [("a", D(80)), ("b", None), ("c", D(90))],
            "%",
            "The share rose from 80% in a to 90% in c, up 10 percentage points. "
            "1 round has fewer than 5 respondents and is not shown.",
        ),
        (
            [("a", None), ("b", D(90))],
            "%",
            "The share was 90% in b; no other round can be shown beside it. "
            "1 round has fewer than 5 respondents and is not shown.",
        ),
        ([("a", None), ("b", None)], "%", "No round has 5 or more respondents, so none is shown."),
    ],
)
def test_trend_summary(points, unit, expected):
    assert rules.trend_summary(points, "The share", unit) == expected


def _round(title, days_ago, answers):
    now = timezone.now()
    survey = open_survey(title=title, opens_at=now - dt.timedelta(days=days_ago), closes_at=now + dt.timedelta(days=5))
    for invitation, useful in zip(survey.invitations.order_by("id"), answers, strict=False):
        link = answering.open_link(token_of(invitation))
        answering.save_page(link, link.pages[0], {"useful": [useful], "facilitator": ["4"]}, True)
    return survey


def test_the_results_page_compares_rounds_with_a_chart_a_table_and_words(group, client_as):
    _round("Cohort 1 feedback", 60, ["agree"] * 6)
    _round("Cohort 2 feedback", 30, ["agree"] * 4)  # a round of 4: suppressed on its own
    latest = _round("Cohort 3 feedback", 1, ["agree"] * 4 + ["disagree"])
    page = html(client_as(group["admin"]).get(f"/surveys/{latest.pk}"))
    section = page.find(id="trend-useful")
    assert section is not None
    summary = section.find_next("p").get_text(" ", strip=True)
    assert summary.startswith("The share agreeing fell from 100% in Cohort 1 feedback")
    assert "to 80% in Cohort 3 feedback" in summary and "down 20 percentage points" in summary
    assert "1 round has fewer than 5 respondents and is not shown" in summary
    table = section.find_next("table")
    rows = [r.get_text(" ", strip=True) for r in table.select("tbody tr")]
    assert rows[0].endswith("6 100%") and "Not shown: fewer than 5" in rows[1] and rows[2].endswith("5 80%")
    assert " 4 " not in f" {rows[1]} "  # the small round's size is not published either
    assert len(section.find_next(class_="npq-chart").select(".npq-chart__row")) == 3


def test_one_round_shows_no_comparison_and_another_provider_sees_nothing(group, client_as):
    only = _round("Only round", 1, ["agree"] * 5)
    page = html(client_as(group["provider_user"]).get(f"/surveys/{only.pk}"))
    assert page.find(id="over-time") is None
    assert client_as(group["other_provider_user"]).get(f"/surveys/{only.pk}").status_code == 404
