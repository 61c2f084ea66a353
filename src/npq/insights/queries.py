"""The figures a page shows, read from the tallies (never counted from declarations at request time)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from npq.core import clock
from npq.core.labels import label
from npq.insights import rules
from npq.insights.models import Budget, Refresh, Release, Tally, Target
from npq.reference.models import Course

Cells = dict[tuple[str, str, str], int]


@dataclass
class Scope:
    """Whose figures: the nation (provider None) or one lead provider's participants."""

    programme: str = "npq"
    provider_id: int | None = None
    provider_name: str = ""

    @property
    def key(self) -> int:
        return self.provider_id or 0

    @property
    def national(self) -> bool:
        return self.provider_id is None


@dataclass
class Figures:
    scope: Scope
    cells: Cells
    as_of: dt.date
    refreshed_at: dt.datetime | None
    target: Target | None
    budget: Budget | None
    courses: dict[str, tuple[str, str]] = field(default_factory=dict)

    def of(self, dimension: str) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for (d, key, measure), value in self.cells.items():
            if d == dimension:
                out[key][measure] = value
        return out

    def total(self, measure: str) -> int:
        return self.cells.get(("all", "all", measure), 0)

    @property
    def monthly(self) -> dict[str, int]:
        return {k: v.get("started", 0) for k, v in self.of("month").items()}

    def progress(self) -> rules.Progress | None:
        if self.target is None:
            return None
        return rules.progress(self.total("started"), self.target.starts, self.as_of, self.target.by_date, self.monthly)


def current(model: Any, programme: str) -> Any:
    return model.objects.filter(programme=programme).order_by("key", "-version").first()


@dataclass
class State:
    """How up to date a programme's figures are, and the target and budget they are measured against."""

    as_of: dt.date
    refreshed_at: dt.datetime | None
    target: Target | None
    budget: Budget | None


def state(programme: str) -> State:
    found = Refresh.objects.filter(programme=programme).first()
    refreshed_at = found.refreshed_at if found else None
    as_of = clock.today() if refreshed_at is None else refreshed_at.date()
    return State(as_of, refreshed_at, current(Target, programme), current(Budget, programme))


def figures(scope: Scope, dimensions: tuple[str, ...] = ()) -> Figures:
    """The scope's tallies (only ``dimensions``' when given) as of the last refresh."""
    now = state(scope.programme)
    rows = Tally.objects.filter(programme=scope.programme, scope=scope.key)
    if dimensions:
        rows = rows.filter(dimension__in=dimensions)
    cells = {(d, k, m): v for d, k, m, v in rows.values_list("dimension", "key", "measure", "value") if v}
    return Figures(
        scope,
        cells,
        now.as_of,
        now.refreshed_at,
        now.target,
        now.budget,
        {c.identifier: (c.name, c.short_code) for c in Course.objects.all()},
    )


def key_label(figs: Figures, dimension: str, key: str) -> str:
    if dimension == "course":
        return figs.courses.get(key, (key, ""))[0]
    if dimension == "group":
        return label("insight_group", key)
    if dimension == "funding":
        return label("insight_funding", key)
    if dimension == "region":
        return label("region", key)
    if dimension == "month":
        return rules.month_label(key)
    return key


def target_history(programme: str) -> list[Target]:
    return list(Target.objects.filter(programme=programme).order_by("key", "version"))


def budget_history(programme: str) -> list[Budget]:
    return list(Budget.objects.filter(programme=programme).order_by("key", "version"))


def releases() -> list[Release]:
    return list(Release.objects.all())


def headline(user: Any) -> list[tuple[str, str]]:
    """The Department's dashboard figures: starts against the target, and what is still needed."""
    figs = figures(Scope(), ("all", "month"))
    progress = figs.progress()
    if progress is None:
        return [("starts", f"{figs.total('started'):,}")]
    return [
        ("starts so far", f"{progress.starts:,}"),
        (f"starts targeted by {progress_date(figs)}", f"{progress.target:,}"),
        ("more starts needed", f"{progress.remaining:,}"),
    ]


def progress_date(figs: Figures) -> str:
    return f"{figs.target.by_date:%-d %B %Y}" if figs.target else ""


def provider_scope(provider_id: int, name: str, programme: str = "npq") -> Scope:
    return Scope(programme, provider_id, name)


def survey_scope(scope: Scope) -> Q:
    return Q() if scope.national else Q(lead_provider=scope.provider_id)
