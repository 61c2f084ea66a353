"""Each table a page shows (and downloads as CSV), with its chart and a sentence saying what it shows.

Counts of people pass through ``npq.core.suppression`` (one rule for every page, CSV and release);
a hidden figure reads "Not shown", and anything worked out from it is hidden with it.
"""

from dataclasses import dataclass, field

from markupsafe import Markup

from npq.core.labels import label
from npq.core.suppression import rate, suppress, too_few
from npq.insights import charts, rules
from npq.insights.queries import Figures, key_label

HIDDEN = "Not shown"


@dataclass
class Table:
    """A table, its summary and what its chart shows; ``svg`` is the chart once drawn (``snapshots``)."""

    name: str
    caption: str
    headers: list[str]
    rows: list[list[str]]
    summary: str
    chart: charts.Chart | None = None
    svg: Markup = field(default_factory=lambda: Markup(""))

    def as_json(self) -> dict[str, object]:
        """What a release publishes (and a snapshot keeps, with the chart's key)."""
        return {
            "name": self.name,
            "caption": self.caption,
            "headers": self.headers,
            "rows": self.rows,
            "summary": self.summary,
        }


def _n(value: int, hidden: bool = False) -> str:
    return HIDDEN if hidden else f"{value:,}"


def _pct(part: int, whole: int, hidden: bool = False) -> str:
    value = None if hidden else rate(part, whole)
    return HIDDEN if hidden else ("" if value is None else f"{value}%")


def progress_table(figs: Figures) -> Table:
    months = rules.cumulative(figs.monthly)
    labels = [rules.month_label(m) for m, _, _ in months]
    rows = [[rules.month_label(m), _n(n, too_few(n)), _n(total, too_few(total))] for m, n, total in months]
    progress = figs.progress()
    series: list[tuple[str, list[charts.Value], str]] = [
        ("Starts to date", [None if too_few(t) else t for _, _, t in months], "")
    ]
    if figs.scope.national and progress is not None:
        series.append((f"Target: {progress.target:,} starts", [float(progress.target)] * len(months), "12, 6"))
        summary = (
            f"{progress.starts:,} starts to date against a target of {progress.target:,} by "
            f"{figs.target.by_date:%-d %B %Y}: {progress.remaining:,} more needed."
            if figs.target
            else ""
        )
    else:
        total = figs.total("started")
        summary = f"{_n(total, too_few(total))} starts to date by your participants."
    chart = charts.lines(labels, series, summary)
    return Table(
        "progress", "Starts by month", ["Month", "Starts in the month", "Starts to date"], rows, summary, chart
    )


def breakdown(figs: Figures, dimension: str, caption: str, heading: str, measure: str = "started") -> Table:
    counts = {k: v.get(measure, 0) for k, v in figs.of(dimension).items() if v.get(measure, 0)}
    total = figs.total(measure)
    hidden = suppress(counts, total)
    order = sorted(counts, key=lambda k: (-counts[k], key_label(figs, dimension, k)))
    rows = [
        [key_label(figs, dimension, k), _n(counts[k], hidden.hides(k)), _pct(counts[k], total, hidden.hides(k))]
        for k in order
    ]
    shown = [k for k in order if not hidden.hides(k)]
    top = (
        f"The most {label('insight_measure', measure).lower()} were in {key_label(figs, dimension, shown[0])}"
        if shown
        else ""
    )
    summary = (
        f"{_n(total, hidden.total)} {label('insight_measure', measure).lower()} in all, by {heading.lower()}. {top}."
    )
    chart = charts.bars(
        [key_label(figs, dimension, k) for k in order[:15]],
        [None if hidden.hides(k) else counts[k] for k in order[:15]],
        summary,
    )
    return Table(
        dimension, caption, [heading, "Starts" if measure == "started" else "People", "Share"], rows, summary, chart
    )


def funnel_table(figs: Figures) -> Table:
    steps = rules.funnel({m.value: figs.total(m.value) for m in rules.FUNNEL})
    rows = []
    for step in steps:
        small = too_few(step.count)
        drop = "" if step.drop is None else _n(step.drop, small or too_few(step.drop))
        rows.append([label("insight_measure", step.measure.value), _n(step.count, small), drop])
    first, started = steps[0].count, figs.total("started")
    shown_started = _n(started, too_few(started))
    summary = f"Of {_n(first, too_few(first))} registrations, {shown_started} started"
    summary += f" ({_pct(started, first, too_few(started))})."
    chart = charts.bars(
        [label("insight_measure", s.measure.value) for s in steps],
        [None if too_few(s.count) else s.count for s in steps],
        summary,
    )
    return Table(
        "funnel", "From registration to passing", ["Step", "People", "Fewer than the step before"], rows, summary, chart
    )


def cohort_table(figs: Figures) -> Table:
    rows, retention = [], []
    cohorts = sorted(figs.of("cohort"))
    for cohort in cohorts:
        c = figs.of("cohort")[cohort]
        started, kept, done, passed = (c.get(m, 0) for m in ("started", "retained", "completed", "passed"))
        small = too_few(started)
        rows.append(
            [
                cohort,
                _n(started, small),
                _pct(kept, started, small or too_few(kept)),
                _pct(done, started, small or too_few(done)),
                _pct(passed, done, small or too_few(done) or too_few(passed)),
            ]
        )
        value = None if small or too_few(kept) else rate(kept, started)
        retention.append(None if value is None else float(value))
    summary = "Retention, completion and pass rates for each cohort of starts (pass rate: of those who completed)."
    chart = charts.bars(cohorts, retention, "Retention rate by cohort", unit="%")
    headers = ["Cohort", "Starts", "Retention rate", "Completion rate", "Pass rate"]
    return Table("cohorts", "Retention, completion and passing by cohort", headers, rows, summary, chart)


def budget_table(figs: Figures) -> Table:
    committed, paid = figs.total("committed"), figs.total("paid")
    budget = figs.budget.amount if figs.budget and figs.scope.national else None
    rows = [
        ["Committed: accepted funded places at their contract prices", _gbp(committed)],
        ["Paid: statements authorised or paid", _gbp(paid)],
    ]
    if budget is not None:
        rows.insert(0, ["Budget", _gbp(budget)])
        rows.append(["Budget not yet committed", _gbp(budget - committed)])
    summary = f"{_gbp(committed)} committed and {_gbp(paid)} paid" + (
        f" of a {_gbp(budget)} budget." if budget else "."
    )
    labels = [r[0].split(":")[0] for r in rows]
    values = [round(_pence(r[1]) / 100_000_000, 1) for r in rows]
    chart = charts.bars(labels, values, summary, unit="£m")
    return Table("budget", "Budget, committed and paid", ["Measure", "Amount"], rows, summary, chart)


def _gbp(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    pounds = abs(pence) // 100
    return f"{sign}£{pounds:,}"


def _pence(text: str) -> int:
    return int(text.replace("£", "").replace(",", "")) * 100
