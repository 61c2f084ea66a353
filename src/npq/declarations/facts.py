"""What the checks on new declarations need to know, read for a whole batch in a fixed number of queries.

The single endpoint is a batch of one, so it reads the same facts the same way. Each loader takes
every application (or id) of the batch at once; none runs a query per item.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q

from npq.core.identifiers import is_uuid
from npq.declarations import rules
from npq.declarations.models import Declaration
from npq.reference.models import DeliveryPartner, LeadProvider, Milestone
from npq.registration.models import Application


@dataclass(frozen=True)
class Partners:
    """The delivery partners a batch names: those that exist, and the cohorts in which each works with
    the provider. Only the named ids are looked up; the rules ask no more than whether each is known
    and in partnership."""

    found: dict[str, DeliveryPartner]
    cohorts: dict[str, frozenset[int]]

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.found)

    def in_partnership(self, cohort_id: int) -> frozenset[str]:
        return frozenset(p for p, cohorts in self.cohorts.items() if cohort_id in cohorts)


def partners(provider: LeadProvider, cohort_ids: Iterable[int], ids: Iterable[str | None]) -> Partners:
    """One query: each named partner with the cohorts (of those given) in which it works with the provider."""
    wanted = {i for i in ids if i and is_uuid(i)}
    if not wanted:
        return Partners({}, {})
    mine = FilteredRelation(
        "partnerships",
        condition=Q(partnerships__lead_provider=provider, partnerships__cohort_id__in=set(cohort_ids)),
    )
    rows = DeliveryPartner.objects.filter(ecf_id__in=wanted).annotate(mine=mine, partnered_in=F("mine__cohort_id"))
    found: dict[str, DeliveryPartner] = {}
    cohorts: dict[str, set[int]] = defaultdict(set)
    for partner in rows.order_by():
        key = str(partner.ecf_id)
        found.setdefault(key, partner)
        if partner.partnered_in is not None:
            cohorts[key].add(partner.partnered_in)
    return Partners(found, {k: frozenset(v) for k, v in cohorts.items()})


def milestone_starts(schedule_ids: Iterable[int]) -> dict[int, dict[str, dt.date]]:
    """For each schedule, the date each declaration type's milestone opens (where the schedule sets one)."""
    starts: dict[int, dict[str, dt.date]] = defaultdict(dict)
    ids = set(schedule_ids)
    if ids:
        rows = Milestone.objects.filter(schedule_id__in=ids, start_date__isnull=False)
        for schedule_id, kind, start in rows.values_list("schedule_id", "declaration_type", "start_date"):
            if start is not None:
                starts[schedule_id][kind] = start
    return starts


def declarations_on(applications: Iterable[Application]) -> dict[int, list[Declaration]]:
    """Each application's declarations that still count or were refused as duplicates (the idempotency
    check and the milestone rules read these), oldest first."""
    found: dict[int, list[Declaration]] = defaultdict(list)
    ids = {a.pk for a in applications}
    if ids:
        rows = Declaration.objects.select_related("delivery_partner", "secondary_delivery_partner").filter(
            application_id__in=ids, state__in=[*rules.LIVE, rules.State.INELIGIBLE]
        )
        for d in rows.order_by("created_at", "id"):
            found[d.application_id].append(d)
    return found


@dataclass
class Originals:
    """Live, not superseded declarations per (TRN, course id, type), oldest first, as (declaration id or
    the unsaved declaration of this batch, participant id). A new declaration by another identity of the
    same person (same TRN) is a duplicate of the first of these by someone else."""

    by_person: dict[tuple[str, int, str], list[tuple[Declaration | int, int]]]

    def first_elsewhere(self, trn: str, course_id: int, kind: str, participant_id: int) -> Declaration | int | None:
        if not trn:
            return None
        for original, participant in self.by_person.get((trn, course_id, kind), []):
            if participant != participant_id:
                return original
        return None

    def add(self, trn: str, declaration: Declaration) -> None:
        if trn and declaration.state in rules.LIVE and declaration.superseded_by_id is None:
            key = (trn, declaration.course_id, declaration.declaration_type)
            self.by_person.setdefault(key, []).append((declaration, declaration.participant_id))


def originals(applications: Iterable[Application], kinds: Iterable[str]) -> Originals:
    """One query over every TRN in the batch (people without a TRN are never duplicates)."""
    applications = list(applications)
    trns = {a.user.trn for a in applications if a.user.trn}
    found: dict[tuple[str, int, str], list[tuple[Declaration | int, int]]] = defaultdict(list)
    if trns:
        rows = Declaration.objects.filter(
            participant__trn__in=trns,
            course_id__in={a.course_id for a in applications},
            declaration_type__in=set(kinds),
            state__in=rules.LIVE,
            superseded_by__isnull=True,
        ).order_by("created_at", "id")
        for pk, trn, course_id, kind, participant_id in rows.values_list(
            "pk", "participant__trn", "course_id", "declaration_type", "participant_id"
        ):
            found[(trn, course_id, kind)].append((pk, participant_id))
    return Originals(dict(found))
