"""Building facts from the records and keeping the tallies up to date, incrementally.

A refresh finds the applications touched since the watermark (their declarations, outcomes or the
application itself changed), adds the applications of the same person and course (whose start may
stop or start counting), rebuilds those facts and adds each fact's change to the tallies. Nothing is
ever recounted from the whole table except on a full rebuild.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, Sum

from npq.declarations.models import LIVE_STATES, Declaration, ParticipantOutcome
from npq.finance.models import Contract, StatementLine
from npq.insights import rules
from npq.insights.models import Fact, Tally
from npq.insights.rules import Measure
from npq.reference.models import Course
from npq.registration.models import Application

CHUNK = 2000
RETAINED = ("retained-1", "retained-2")


def _courses() -> dict[int, tuple[str, str]]:
    return {c.pk: (c.identifier, c.group) for c in Course.objects.all()}


def _prices() -> dict[tuple[int, int, int], int]:
    rows = Contract.objects.values_list("lead_provider_id", "course_id", "cohort_id", "terms__per_participant")
    return {(lp, course, cohort): price for lp, course, cohort, price in rows}


def with_same_person_and_course(ids: Iterable[int]) -> set[int]:
    """The applications ``ids`` plus every other application of the same person for the same course."""
    ids = set(ids)
    pairs = set(Application.objects.filter(pk__in=ids).order_by().values_list("user_id", "course_id"))
    if not pairs:
        return ids
    # The people's ids as a list (an index lookup each), not a subquery (which PostgreSQL joins by
    # scanning every application).
    users = {u for u, _ in pairs}
    rows = Application.objects.filter(user_id__in=users).order_by().values_list("pk", "user_id", "course_id")
    return ids | {pk for pk, user, course in rows if (user, course) in pairs}


def build_facts(ids: set[int]) -> dict[int, tuple[int, rules.Fact]]:
    """(lead provider id, cells) for each application in ``ids`` (which must hold whole person+course sets)."""
    courses, prices = _courses(), _prices()
    apps = list(
        Application.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "user_id",
            "course_id",
            "cohort_id",
            "cohort__identifier",
            "lead_provider_id",
            "lead_provider__name",
            "school__phase_name",
            "school__region",
            "school__la_name",
            "eligible_for_funding",
            "funded_place",
            "lead_provider_approval_status",
        )
    )
    declared: dict[int, dict[str, tuple[dt.datetime, str]]] = defaultdict(dict)
    completed_ids: dict[int, int] = {}
    rows = (
        Declaration.objects.filter(application_id__in=ids, state__in=LIVE_STATES)
        .order_by()
        .values_list("pk", "application_id", "declaration_type", "declaration_date", "delivery_partner__name")
    )
    for pk, app, kind, when, partner in rows:
        declared[app][kind] = (when, partner or "")
        if kind == "completed":
            completed_ids[pk] = app
    passed: dict[int, bool] = {}
    outcomes = ParticipantOutcome.objects.filter(declaration_id__in=list(completed_ids)).order_by("created_at", "pk")
    for declaration_id, state in outcomes.values_list("declaration_id", "state"):
        passed[completed_ids[declaration_id]] = state == "passed"
    counted = rules.counted_starts(
        rules.Declared(pk, user, course, declared[pk]["started"][0].date() if "started" in declared[pk] else None)
        for pk, user, course, *_ in apps
    )
    out: dict[int, tuple[int, rules.Fact]] = {}
    for (
        pk,
        _user,
        course_id,
        cohort_id,
        cohort,
        lp_id,
        lp,
        phase,
        region,
        area,
        eligible,
        funded_place,
        approval,
    ) in apps:
        identifier, service_group = courses[course_id]
        kinds = declared.get(pk, {})
        funded = rules.is_funded(funded_place, eligible)
        reached = {Measure.REGISTERED}
        if eligible:
            reached.add(Measure.ELIGIBLE)
        if approval == "accepted":
            reached.add(Measure.ACCEPTED)
        month = ""
        if pk in counted:
            reached.add(Measure.STARTED)
            month = f"{kinds['started'][0]:%Y-%m}"
            if any(k in kinds for k in RETAINED):
                reached.add(Measure.RETAINED)
            if "completed" in kinds:
                reached.add(Measure.COMPLETED)
                if passed.get(pk):
                    reached.add(Measure.PASSED)
        committed = prices.get((lp_id, course_id, cohort_id), 0) if approval == "accepted" and funded else 0
        fact = rules.Fact(
            group=rules.insight_group(identifier, service_group).value,
            course=identifier,
            cohort=cohort,
            provider=lp,
            partner=kinds["started"][1] if "started" in kinds else "",
            phase=phase or "",
            region=region or "",
            area=area or "",
            funded=funded,
            reached=frozenset(reached),
            start_month=month,
            committed_pence=committed,
        )
        out[pk] = (lp_id, fact)
    return out


def _encode(fact: rules.Fact) -> list[Any]:
    """A fact stored compactly: its keys, not its cells (the cells follow from the rules)."""
    return [
        fact.group,
        fact.course,
        fact.cohort,
        fact.provider,
        fact.partner,
        fact.phase,
        fact.region,
        fact.area,
        fact.funded,
        sorted(m.value for m in fact.reached),
        fact.start_month,
        fact.committed_pence,
    ]


def _decode(stored: list[Any]) -> rules.Fact:
    *keys, funded, reached, month, committed = stored
    group, course, cohort, provider, partner, phase, region, area = keys
    measures = frozenset(rules.Measure(m) for m in reached)
    return rules.Fact(group, course, cohort, provider, partner, phase, region, area, funded, measures, month, committed)


def apply_facts(programme: str, ids: set[int]) -> int:
    """Rebuild the facts of ``ids`` and move the tallies by the difference; returns facts changed."""
    changes: dict[tuple[int, str, str, str], int] = defaultdict(int)
    changed = 0
    for chunk in _chunks(ids):
        new = build_facts(set(chunk))
        old = {f.application_id: f for f in Fact.objects.filter(application_id__in=chunk)}
        create: list[Fact] = []
        update: list[Fact] = []
        for pk, (lp_id, fact) in new.items():
            before = old.get(pk)
            if before is not None and before.lead_provider_id == lp_id and _decode(before.cells) == fact:
                continue
            previous = rules.cells(_decode(before.cells)) if before else {}
            cells = rules.cells(fact)
            # Take the old contribution away and add the new one, nationally and for the provider
            # (both for the old one, when an application moved provider).
            for cell, value in previous.items():
                changes[(0, *cell)] -= value
                changes[(before.lead_provider_id if before else lp_id, *cell)] -= value
            for cell, value in cells.items():
                changes[(0, *cell)] += value
                changes[(lp_id, *cell)] += value
            changed += 1
            if before is None:
                create.append(Fact(application_id=pk, programme=programme, lead_provider_id=lp_id, cells=_encode(fact)))
            else:
                before.cells, before.lead_provider_id = _encode(fact), lp_id
                update.append(before)
        Fact.objects.bulk_create(create, batch_size=1000)
        _replace(Fact, update)
    _move_tallies(programme, {k: v for k, v in changes.items() if v})
    return changed


def _chunks(ids: set[int]) -> Iterable[list[int]]:
    """Batches of about CHUNK applications that never split one person's applications (a start is
    counted once per person and course, so all of a person's applications must be built together)."""
    rows = Application.objects.values_list("user_id", "pk")
    if len(ids) < 50_000:  # a long IN list costs more than reading every (user, id) pair
        rows = rows.filter(pk__in=ids)
    batch: list[int] = []
    last_user = None
    for user, pk in sorted(rows):
        if pk not in ids:
            continue
        if len(batch) >= CHUNK and user != last_user:
            yield batch
            batch = []
        batch.append(pk)
        last_user = user
    if batch:
        yield batch


def _move_tallies(programme: str, changes: dict[tuple[int, str, str, str], int]) -> None:
    if not changes:
        return
    scopes = {scope for scope, *_ in changes}
    existing = {
        (t.scope, t.dimension, t.key, t.measure): t for t in Tally.objects.filter(programme=programme, scope__in=scopes)
    }
    create, update = [], []
    for (scope, dimension, key, measure), value in changes.items():
        row = existing.get((scope, dimension, key, measure))
        if row is None:
            create.append(
                Tally(programme=programme, scope=scope, dimension=dimension, key=key, measure=measure, value=value)
            )
        else:
            row.value += value
            update.append(row)
    Tally.objects.bulk_create(create, batch_size=1000)
    _replace(Tally, update)


def _replace(model: Any, rows: list[Any]) -> None:
    """Write changed rows back by deleting and inserting them with the same ids: one statement each
    way, where ``bulk_update``'s CASE per row makes the update grow with the square of the batch."""
    for start in range(0, len(rows), 1000):
        batch = rows[start : start + 1000]
        model.objects.filter(pk__in=[row.pk for row in batch]).delete()
        model.objects.bulk_create(batch)


def set_paid(programme: str) -> None:
    """Paid: every line of statements the Department has authorised or paid, per provider and in all."""
    authorised = Q(statement__state="paid") | Q(statement__authorised_by__isnull=False)
    rows = dict(
        StatementLine.objects.filter(authorised)
        .values_list("statement__lead_provider_id")
        .annotate(total=Sum("amount"))
        .values_list("statement__lead_provider_id", "total")
    )
    rows[0] = sum(rows.values())
    cell = ("all", "all", Measure.PAID.value)
    current = {
        t.scope: t for t in Tally.objects.filter(programme=programme, dimension=cell[0], key=cell[1], measure=cell[2])
    }
    for scope, row in current.items():
        if scope not in rows:
            row.value = 0
            row.save(update_fields=["value"])
    for scope, total in rows.items():
        row = current.get(scope) or Tally(
            programme=programme, scope=scope, dimension=cell[0], key=cell[1], measure=cell[2]
        )
        row.value = int(total or 0)
        row.save()


def changed_since(watermark: dt.datetime | None) -> set[int]:
    """Applications whose facts may have changed since ``watermark`` (all of them when there is none)."""
    if watermark is None:
        return set(Application.objects.values_list("pk", flat=True))
    ids = set(Application.objects.filter(updated_at__gte=watermark).values_list("pk", flat=True))
    ids |= set(Declaration.objects.filter(updated_at__gte=watermark).values_list("application_id", flat=True))
    ids |= set(
        ParticipantOutcome.objects.filter(created_at__gte=watermark).values_list(
            "declaration__application_id", flat=True
        )
    )
    return ids
