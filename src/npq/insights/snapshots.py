"""The insight pages as the last refresh left them: each scope's sections, drawn once and kept in the
database, so every web process serves the same drawings and a page view only reads.

The refresh (``draw``) builds every section of every scope from the tallies, draws each chart whose
content is new (a chart is named by a hash of what it shows, so an unchanged chart is never drawn
again) and writes one ``Snapshot`` row per scope and section. A page (``read``) reads its snapshot
and the drawings it names; only when that snapshot is missing or stale (a provider with no figures
yet, or a target set since the refresh) does the request draw it, and saves it for the next.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from npq.core import clock
from npq.insights import charts, evidence, queries, rules, tables
from npq.insights.models import Drawing, Snapshot, Tally
from npq.insights.queries import Figures, Scope, State
from npq.insights.tables import Table
from npq.reference.models import LeadProvider

SECTIONS = {"overview": "Progress and funnel", "breakdowns": "Breakdowns", "evidence": "Survey evidence"}

#: Tables every scope shows alike (the school staff survey), built once per drawing of all scopes.
Shared = dict[str, Table | None]


class NoSuchSection(LookupError):
    pass


def section_tables(figs: Figures, section: str, shared: Shared | None = None) -> list[Table]:
    """The tables of one section (charts not drawn yet: each table says what its chart shows)."""
    shared = {} if shared is None else shared
    if section == "overview":
        return [
            tables.progress_table(figs),
            tables.funnel_table(figs),
            tables.budget_table(figs),
            tables.breakdown(figs, "group", "Starts by course group", "Course group"),
        ]
    if section == "breakdowns":
        found = [
            tables.breakdown(figs, "course", "Starts by course", "Course"),
            tables.cohort_table(figs),
            tables.breakdown(figs, "partner", "Starts by delivery partner", "Delivery partner"),
            tables.breakdown(figs, "phase", "Starts by school phase", "School phase"),
            tables.breakdown(figs, "region", "Starts by region of the school", "Region"),
            tables.breakdown(figs, "area", "Starts by local authority of the school", "Local authority"),
            tables.breakdown(figs, "funding", "Starts by funding", "Funding"),
        ]
        if figs.scope.national:
            found.insert(2, tables.breakdown(figs, "provider", "Starts by lead provider", "Lead provider"))
        return found
    if section == "evidence":
        staff = [
            ("barriers", "What school staff said made an NPQ hard to take", "Barrier"),
            ("reasons", "Why school staff chose an NPQ", "Reason"),
        ]
        for key, caption, heading in staff:
            if key not in shared:
                shared[key] = evidence.choices_table(figs, key, caption, heading)
        found_or_none = [shared["barriers"], shared["reasons"], evidence.satisfaction_table(figs)]
        return [t for t in found_or_none if t is not None]
    raise NoSuchSection(section)


@dataclass
class Page:
    """What an insight page shows: how fresh the figures are, the section's tables with their charts,
    and (for the nation) the progress to the target."""

    state: State
    tables: list[Table]
    progress: rules.Progress | None
    started: int


def draw(programme: str) -> int:
    """Every section of every scope (the nation and each lead provider with figures) as of the
    refresh just made; returns the number of charts drawn (those whose content is new)."""
    now = queries.state(programme)
    keys = {0, *Tally.objects.filter(programme=programme).values_list("scope", flat=True).distinct()}
    names = dict(LeadProvider.objects.filter(pk__in=keys).values_list("pk", "name"))
    shared: Shared = {}
    built: list[tuple[int, str, list[Table], dict[str, Any]]] = []
    for key in sorted(keys):
        figs = queries.figures(Scope(programme, key or None, names.get(key, "")))
        built += [(key, section, section_tables(figs, section, shared), _extra(figs)) for section in SECTIONS]
    drawn = _draw_missing(t.chart for *_, found, _ in built for t in found if t.chart)
    _save(programme, now, built)
    _forget_unused()
    return drawn


def read(scope: Scope, section: str) -> Page:
    """A section as drawn at the last refresh (drawn now, and kept, if it is missing or stale)."""
    now = queries.state(scope.programme)
    snapshot = _current(scope, section, now)
    drawings = _drawings(snapshot)
    if len(drawings) < len(_keys(snapshot)):  # forgotten by a refresh that ran meanwhile: draw them again
        snapshot = _draw_one(scope, section, now)
        drawings = _drawings(snapshot)
    shown = [_table(t, drawings) for t in snapshot.tables]
    progress = snapshot.extra.get("progress")
    return Page(now, shown, rules.Progress(**progress) if progress else None, snapshot.extra.get("started", 0))


def _keys(snapshot: Snapshot) -> set[str]:
    return {t["chart"] for t in snapshot.tables if t["chart"]}


def _drawings(snapshot: Snapshot) -> dict[str, str]:
    return dict(Drawing.objects.filter(key__in=_keys(snapshot)).values_list("key", "svg"))


def csv_rows(scope: Scope, name: str) -> list[list[str]] | None:
    """The rows of the table ``name`` (headers first) as the page shows it; None when there is none."""
    now = queries.state(scope.programme)
    for section in SECTIONS:
        for table in _current(scope, section, now).tables:
            if table["name"] == name:
                return [table["headers"], *table["rows"]]
    return None


def release_figures(figs: Figures) -> dict[str, object]:
    """What a release freezes: every national table (already suppressed) and the headline figures."""
    shared: Shared = {}
    frozen = [t.as_json() for section in SECTIONS for t in section_tables(figs, section, shared)]
    return {"tables": frozen, "headline": dict(headline(figs))}


def headline(figs: Figures) -> list[tuple[str, str]]:
    progress = figs.progress()
    rows = [(rules.Measure(m).value, f"{figs.total(m):,}") for m in ("registered", "accepted", "started", "completed")]
    if progress is not None:
        rows += [("target", f"{progress.target:,}"), ("more needed", f"{progress.remaining:,}")]
    return rows


def _current(scope: Scope, section: str, now: State) -> Snapshot:
    if section not in SECTIONS:
        raise NoSuchSection(section)
    found = Snapshot.objects.filter(programme=scope.programme, scope=scope.key, section=section).first()
    fresh = found is not None and (found.drawn_for, found.target_id, found.budget_id) == _against(now)
    return found if found is not None and fresh else _draw_one(scope, section, now)


def _draw_one(scope: Scope, section: str, now: State) -> Snapshot:
    figs = queries.figures(scope)
    found = section_tables(figs, section)
    _draw_missing(t.chart for t in found if t.chart)
    _save(scope.programme, now, [(scope.key, section, found, _extra(figs))])
    return Snapshot.objects.get(programme=scope.programme, scope=scope.key, section=section)


def _against(now: State) -> tuple[Any, int | None, int | None]:
    return now.refreshed_at, now.target.pk if now.target else None, now.budget.pk if now.budget else None


def _extra(figs: Figures) -> dict[str, Any]:
    progress = figs.progress() if figs.scope.national else None
    return {"started": figs.total("started"), "progress": dataclasses.asdict(progress) if progress else None}


def _draw_missing(wanted: Iterable[charts.Chart]) -> int:
    by_key = {chart.key: chart for chart in wanted}
    have = set(Drawing.objects.filter(key__in=list(by_key)).values_list("key", flat=True))
    at = clock.now()
    new = [Drawing(key=k, svg=charts.draw(c), drawn_at=at) for k, c in by_key.items() if k not in have]
    Drawing.objects.bulk_create(new, batch_size=100, ignore_conflicts=True)
    return len(new)


def _save(programme: str, now: State, built: list[tuple[int, str, list[Table], dict[str, Any]]]) -> None:
    drawn_for, target_id, budget_id = _against(now)
    rows = [
        Snapshot(
            programme=programme,
            scope=key,
            section=section,
            drawn_for=drawn_for,
            target_id=target_id,
            budget_id=budget_id,
            tables=[{**t.as_json(), "chart": t.chart.key if t.chart else ""} for t in found],
            extra=extra,
        )
        for key, section, found, extra in built
    ]
    Snapshot.objects.bulk_create(
        rows,
        batch_size=100,
        update_conflicts=True,
        unique_fields=["programme", "scope", "section"],
        update_fields=["drawn_for", "target_id", "budget_id", "tables", "extra"],
    )


def _forget_unused() -> None:
    """Drop drawings no snapshot names any more (the charts of figures that have since changed)."""
    used = {t["chart"] for tables_ in Snapshot.objects.values_list("tables", flat=True) for t in tables_ if t["chart"]}
    Drawing.objects.filter(~Q(key__in=used)).delete()


def _table(stored: dict[str, Any], drawings: dict[str, str]) -> Table:
    fields = {k: stored[k] for k in ("name", "caption", "headers", "rows", "summary")}
    svg = drawings.get(stored["chart"], "") if stored["chart"] else ""
    return Table(**fields, svg=charts.markup(svg))
