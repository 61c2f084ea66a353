"""Seed 003's position is computed from records (not stored totals), on a small scaled copy."""

from typing import Any

import pytest

from npq.core import clock
from npq.core.audit import Actor
from npq.insights import services, summary
from npq.insights.models import Tally
from tests.conftest import rolled_back
from tests.insights.conftest import uptake_generator

uptake = uptake_generator()
SCALE = 0.01


def test_the_plan_at_full_scale_is_the_seed() -> None:
    starts = uptake.plan(1.0)
    specialist = sum(n for c, n in starts.items() if c.startswith("npq-leading"))
    leadership = starts["npq-senior-leadership"] + starts["npq-headship"] + starts["npq-executive-leadership"]
    assert (sum(starts.values()), specialist, leadership) == (29425, 15898, 13423)
    assert (starts["npq-leading-teaching"], starts["npq-senior-leadership"]) == (7400, 8452)
    assert 150000 - sum(starts.values()) == 120575


@pytest.fixture(scope="module")
def scaled(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # Small batches, so a person's two applications for one course are built across a batch boundary
    # unless the batching keeps them together (their start must still count once).
    summary.CHUNK = 7
    try:
        with rolled_back(django_db_blocker):
            with django_db_blocker.unblock():
                planned = uptake.generate(SCALE)
                seen = uptake.position()
            yield planned, seen
    finally:
        summary.CHUNK = 2000


@pytest.mark.django_db
def test_the_national_view_counts_the_planned_starts_from_the_records(scaled: Any) -> None:
    planned, seen = scaled
    assert seen["course"] == {c: n for c, n in planned.items() if n}
    assert seen["starts"] == sum(planned.values())
    assert seen["more"] == 150000 - sum(planned.values())
    assert seen["months"] == 18
    specialist = sum(n for c, n in planned.items() if c.startswith("npq-leading"))
    assert seen["group"]["specialist"] == specialist


@pytest.mark.django_db
def test_an_incremental_refresh_matches_a_full_rebuild(scaled: Any) -> None:
    from npq.declarations.models import Declaration

    started = Declaration.objects.filter(declaration_type="started", state="paid").order_by("pk").first()
    assert started is not None
    # Voided now (as the service would, moving updated_at). This person applied for the course a second
    # time and started that too: its start now counts instead, so two facts change and the total stays.
    Declaration.objects.filter(pk=started.pk).update(state="voided", updated_at=clock.now())
    state = services.refresh(Actor.command("test"))
    assert state.applications == 2
    rows = {(t.scope, t.dimension, t.key, t.measure): t.value for t in Tally.objects.all() if t.value}
    services.refresh(Actor.command("test"), full=True)
    rebuilt = {(t.scope, t.dimension, t.key, t.measure): t.value for t in Tally.objects.all() if t.value}
    assert rows == rebuilt
    assert rebuilt[(0, "all", "all", "started")] == scaled[1]["starts"]
