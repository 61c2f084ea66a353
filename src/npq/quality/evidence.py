"""The evidence pack: what a provider must send when notified, and the quality figures beside it,
counted from live data as of one stored moment (``Inspection.evidence_as_of``) so that the same pack
can be built again later with the same figures.

``build`` counts (one grouped query per table); the figures are counted once per moment and stored
(``EvidenceFigures``, by ``services.inspections.count_evidence``), and ``stored`` reads them back,
so showing the pack is a read whatever the provider's size. The sessions timetabled during the visit
are read live each time: they are the visit's plan, not a count."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from npq.declarations.models import Declaration, DeclarationStateChange
from npq.delivery.models import Attendance, DeliveryCohort, Membership, Session
from npq.frameworks import queries as frameworks
from npq.frameworks.models import Curriculum
from npq.quality import indicators, pack_figures
from npq.quality.figures import Cell, Evaluation, Row, Share, column
from npq.quality.models import EvidenceFigures, Inspection, SelfEvaluation
from npq.registration.models import Application
from npq.training.models import ApplicationState

STATES = ("active", "deferred", "withdrawn")


@dataclass
class Pack:
    inspection: Inspection
    as_of: dt.datetime
    courses: list[Row]
    partners: list[Row]
    timetable: list[Session]
    curricula: list[Row]
    checkpoints: dict[str, Any]
    assessment: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    moderation: dict[str, Any]
    surveys: list[dict[str, Any]]
    observations: dict[str, Any]
    self_evaluation: Evaluation | None


# The pack's counted parts, stored once per moment; the inspection and the timetable are not counts.
COUNTED = (
    "courses",
    "partners",
    "curricula",
    "checkpoints",
    "assessment",
    "criteria",
    "moderation",
    "surveys",
    "observations",
    "self_evaluation",
)


def _completed(provider_id: int, as_of: dt.datetime) -> Any:
    """Completed declarations made by ``as_of`` and not voided by then."""
    voided = DeclarationStateChange.objects.filter(to_state="voided", changed_at__lte=as_of).values("declaration")
    return Declaration.objects.filter(
        lead_provider=provider_id, declaration_type="completed", declaration_date__lte=as_of
    ).exclude(pk__in=voided)


def _latest_states(provider_id: int, as_of: dt.datetime) -> Any:
    """Per course and state, the accepted applications whose latest state by ``as_of`` is deferred or
    withdrawn: only those few state rows are checked for a later one (an anti-join), never every
    application's history."""
    later = ApplicationState.objects.filter(application=OuterRef("application"), created_at__lte=as_of).filter(
        Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return (
        ApplicationState.objects.filter(
            application__lead_provider=provider_id,
            application__accepted_at__lte=as_of,
            created_at__lte=as_of,
            state__in=STATES[1:],
        )
        .filter(~Exists(later))
        .order_by()
        .values("application__course__name", "state")
        .annotate(n=Count("id"))
    )


def _courses(provider_id: int, as_of: dt.datetime) -> list[Row]:
    accepted = Application.objects.filter(lead_provider=provider_id, accepted_at__lte=as_of)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in accepted.order_by().values("course__name").annotate(n=Count("id")):
        counts[row["course__name"]]["accepted"] += row["n"]
    for row in _latest_states(provider_id, as_of):
        counts[row["application__course__name"]][row["state"]] += row["n"]
    for course in counts:
        # Accepted with no state row yet counts as active, as accepting makes it so.
        counts[course]["active"] = counts[course]["accepted"] - counts[course]["deferred"] - counts[course]["withdrawn"]
    for row in (
        _completed(provider_id, as_of).order_by().values("course__name").annotate(n=Count("application", distinct=True))
    ):
        counts[row["course__name"]]["completed"] += row["n"]
    names = sorted(counts)
    cols = {k: column({n: counts[n][k] for n in names}) for k in ("accepted", *STATES, "completed")}
    rows = [Row(n, {k: cols[k][n] for k in cols}) for n in names]
    for out in rows:
        accepted, withdrawn = out.cells["accepted"], out.cells["withdrawn"]
        # Retained people are accepted minus withdrawn: hidden whenever either count is.
        retained = Cell(accepted.value - withdrawn.value, withdrawn.hidden or accepted.hidden)
        out.cells["retention"] = Share(retained, accepted)
        out.cells["completion"] = Share(out.cells["completed"], accepted)
    return rows


PROVIDER_ITSELF = "Delivered by the provider"


def _by_partner(rows: Iterable[Mapping[str, Any]], key: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Rows grouped in SQL by a delivery partner's name, a group without a partner named as the provider."""
    for row in rows:
        yield row[key] or PROVIDER_ITSELF, row


def _partners(provider_id: int, as_of: dt.datetime) -> list[Row]:
    """Per delivery partner (by name, as the provider reports them): participants, delivery modes and
    places, and attendance; each one query grouped by partner in SQL."""
    mine = {"lead_provider": provider_id, "created_at__lte": as_of}
    groups = DeliveryCohort.objects.filter(**mine).order_by()
    partners = sorted({name or PROVIDER_ITSELF for name in groups.values_list("delivery_partner__name", flat=True)})
    via = {f"delivery_cohort__{k}": v for k, v in mine.items()}
    members: Counter[str] = Counter()
    joined = Membership.objects.filter(joined_at__lte=as_of, **via).order_by()
    for p, row in _by_partner(
        joined.values("delivery_cohort__delivery_partner__name").annotate(n=Count("id")),
        "delivery_cohort__delivery_partner__name",
    ):
        members[p] += row["n"]
    modes: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    where = Session.objects.filter(**via).order_by().values("delivery_cohort__delivery_partner__name", "mode", "place")
    for p, row in _by_partner(where.distinct(), "delivery_cohort__delivery_partner__name"):
        modes[p].add(row["mode"])
        if row["place"]:
            places[p].add(row["place"])
    attendance: dict[str, Counter[str]] = defaultdict(Counter)
    marked = Attendance.objects.filter(
        session__starts_at__lte=as_of, recorded_at__lte=as_of, **{f"session__{k}": v for k, v in via.items()}
    ).order_by()
    partner_name = "session__delivery_cohort__delivery_partner__name"
    for p, row in _by_partner(marked.values(partner_name, "status").annotate(n=Count("id")), partner_name):
        attendance[p][row["status"]] += row["n"]
    people = column({p: members[p] for p in partners})
    rows = []
    for p in partners:
        total_marked = sum(attendance[p].values())
        rows.append(
            Row(
                p,
                {
                    "participants": people[p],
                    "modes": sorted(modes[p]),
                    "places": sorted(places[p]),
                    "attendance": Share(
                        Cell(attendance[p]["attended"] + attendance[p]["partial"], people[p].hidden),
                        Cell(total_marked, people[p].hidden),
                    ),
                },
            )
        )
    return rows


def _curricula(provider_id: int, as_of: dt.datetime) -> list[Row]:
    """Each latest curriculum's coverage of its framework (statements covered of all, and the
    percentage as the frameworks app rounds it) and its number of sequencing problems; a curriculum
    mapping statements of another framework has no coverage (``foreign``)."""
    latest = frameworks.latest_curricula(Curriculum.objects.filter(lead_provider=provider_id, uploaded_at__lte=as_of))
    reports = frameworks.coverages_of(latest)
    rows = []
    for cur in latest:
        report = reports[cur.pk]
        if isinstance(report, Exception):
            rows.append(Row(cur.name, {"foreign": True}))
            continue
        rows.append(
            Row(
                cur.name,
                {
                    "foreign": False,
                    "covered": report.covered,
                    "statements": report.total,
                    "percent": str(report.percent),
                    "sequencing": len(report.sequencing),
                },
            )
        )
    return rows


def timetable(inspection: Inspection) -> list[Session]:
    """The provider's sessions timetabled during the visit."""
    # From the start of the first day to the start of the day after the last, in the current time zone
    # (as a ``__date`` lookup would read them, but comparable with the stored times as they are).
    first = timezone.make_aware(dt.datetime.combine(inspection.starts_on, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(inspection.ends_on + dt.timedelta(days=1), dt.time.min))
    return list(
        Session.objects.filter(
            delivery_cohort__lead_provider=inspection.lead_provider_id, starts_at__gte=first, starts_at__lt=after
        ).select_related("delivery_cohort__delivery_partner", "delivery_cohort__course", "facilitator")
    )


def _self_evaluation(provider_id: int, programme: str, as_of: dt.datetime) -> Evaluation | None:
    sef = (
        SelfEvaluation.objects.filter(lead_provider=provider_id, programme=programme, written_at__lte=as_of)
        .order_by("-version")
        .values_list("grades", "narrative")
        .first()
    )
    return Evaluation(*sef) if sef else None


def build(inspection: Inspection) -> Pack:
    """The evidence pack of ``inspection``, every figure counted as of its stored moment."""
    provider, as_of = inspection.lead_provider_id, inspection.evidence_as_of
    return Pack(
        inspection=inspection,
        as_of=as_of,
        courses=_courses(provider, as_of),
        partners=_partners(provider, as_of),
        timetable=timetable(inspection),
        curricula=_curricula(provider, as_of),
        checkpoints=indicators.checkpoints(provider, as_of),
        assessment=indicators.assessment(provider, as_of),
        criteria=indicators.criteria(provider, as_of),
        moderation=indicators.moderation(provider, as_of),
        surveys=indicators.surveys(provider, as_of),
        observations=indicators.observations(provider, as_of),
        self_evaluation=_self_evaluation(provider, inspection.programme, as_of),
    )


def figures_of(pack: Pack) -> dict[str, Any]:
    """The counted parts of ``pack`` as JSON, to be stored for its moment."""
    return {name: pack_figures.to_json(getattr(pack, name)) for name in COUNTED}


def stored(inspection: Inspection) -> EvidenceFigures | None:
    """The figures counted for the inspection's current evidence moment, if they have been."""
    return EvidenceFigures.objects.filter(inspection=inspection, as_of=inspection.evidence_as_of).first()


def from_stored(inspection: Inspection, row: EvidenceFigures) -> Pack:
    """The pack from figures stored for its moment, with the visit's timetable read now."""
    counted = {name: pack_figures.from_json(row.figures[name]) for name in COUNTED}
    return Pack(inspection=inspection, as_of=row.as_of, timetable=timetable(inspection), **counted)
