"""Insight use cases: load the shipped targets, set a target, refresh the summaries, publish a release."""

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from npq.core import audit, clock, yamlfiles
from npq.core.errors import NPQError
from npq.insights import snapshots, summary
from npq.insights.models import Budget, Fact, Refresh, Release, Tally, Target

DATA = Path(__file__).resolve().parent / "data" / "targets.yaml"
#: Changes committed just before a refresh started may carry an earlier timestamp than the moment the
#: refresh read them; the next refresh looks this far back again (rebuilding a fact twice is harmless).
OVERLAP = dt.timedelta(minutes=2)


class InsightError(NPQError):
    pass


def _latest(model: Any, programme: str, key: str) -> Any:
    return model.objects.filter(programme=programme, key=key).order_by("-version").first()


def load_targets(actor: audit.Actor, counted: Any = None) -> list[Target | Budget]:
    """The shipped targets and budgets: a new version only when the shipped figures differ."""
    data = yamlfiles.read(DATA)
    made: list[Target | Budget] = []
    with transaction.atomic():
        for row in data["targets"]:
            made += _version(
                actor, Target, row, {"starts": row["starts"], "by_date": dt.date.fromisoformat(row["by_date"])}
            )
        for row in data["budgets"]:
            values = {
                "amount": row["amount_pence"],
                "period_start": dt.date.fromisoformat(row["period_start"]),
                "period_end": dt.date.fromisoformat(row["period_end"]),
            }
            made += _version(actor, Budget, row, values)
    if counted is not None:
        for obj in made:
            counted.count(type(obj).__name__, obj.version == 1, obj.version > 1)
    return made


def _version(actor: audit.Actor, model: Any, row: dict[str, Any], values: dict[str, Any]) -> list[Any]:
    latest = _latest(model, row["programme"], row["key"])
    if latest is not None and all(getattr(latest, k) == v for k, v in values.items()) and latest.name == row["name"]:
        return []
    obj = model.objects.create(
        programme=row["programme"],
        key=row["key"],
        name=row["name"],
        version=(latest.version + 1) if latest else 1,
        set_by=row["set_by"],
        set_at=clock.now(),
        source=row.get("source", ""),
        **values,
    )
    audit.record(actor, f"insights.{model.__name__.lower()}_set", obj, after={k: str(v) for k, v in values.items()})
    return [obj]


def set_target(actor: audit.Actor, set_by: str, programme: str, key: str, starts: int, by_date: dt.date) -> Target:
    """A new version of a target (the earlier versions stay, for the history)."""
    with transaction.atomic():
        latest = _latest(Target, programme, key)
        if latest is None:
            raise InsightError(f"No target {key!r} for programme {programme!r}")
        obj = Target.objects.create(
            programme=programme,
            key=key,
            name=latest.name,
            starts=starts,
            by_date=by_date,
            course_group=latest.course_group,
            version=latest.version + 1,
            set_by=set_by,
            set_at=clock.now(),
            source=latest.source,
        )
        audit.record(
            actor,
            "insights.target_set",
            obj,
            before={"starts": latest.starts, "by_date": str(latest.by_date)},
            after={"starts": starts, "by_date": str(by_date)},
        )
        snapshots.draw(programme)  # the pages measure against the new target from the next view on
        return obj


def refresh(actor: audit.Actor, programme: str = "npq", full: bool = False) -> Refresh:
    """Bring the summaries up to date (only the applications touched since the last refresh) and draw
    the insight pages from them (``snapshots``)."""
    began = time.monotonic()
    started_at = clock.now()
    with transaction.atomic():
        state, _ = Refresh.objects.select_for_update().get_or_create(programme=programme)
        watermark = None if full else state.watermark
        if watermark is None:
            _clear(programme)
        ids = summary.with_same_person_and_course(summary.changed_since(watermark))
        changed = summary.apply_facts(programme, ids)
        summary.set_paid(programme)
        state.watermark = started_at - OVERLAP
        state.refreshed_at = started_at
        state.applications = changed
        state.save()
        # Draw the pages now, in the same transaction: a page never sees new figures with old charts,
        # and no page view draws a chart.
        drawing_began = time.monotonic()
        drawn = snapshots.draw(programme)
        drawing = round(time.monotonic() - drawing_began, 3)
        state.seconds = round(time.monotonic() - began, 3)
        state.save(update_fields=["seconds"])
        audit.record(
            actor,
            "insights.refreshed",
            state,
            after={
                "applications": changed,
                "full": watermark is None,
                "charts_drawn": drawn,
                "drawing_seconds": drawing,
            },
        )
    return state


def _clear(programme: str) -> None:
    Fact.objects.filter(programme=programme).delete()
    Tally.objects.filter(programme=programme).delete()


def publish_release(
    actor: audit.Actor, published_by: str, title: str, method_notes: str, as_of: dt.date, figures: dict[str, Any]
) -> Release:
    """Freeze the figures (already suppressed) as a public release."""
    with transaction.atomic():
        base = slugify(f"{title} {as_of:%Y-%m-%d}")[:70] or "release"
        slug, n = base, 1
        while Release.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        release = Release.objects.create(
            programme="npq",
            slug=slug,
            title=title,
            as_of=as_of,
            method_notes=method_notes,
            figures=figures,
            published_at=clock.now(),
            published_by=published_by,
        )
        audit.record(actor, "insights.release_published", release, after={"title": title, "as_of": str(as_of)})
        return release
