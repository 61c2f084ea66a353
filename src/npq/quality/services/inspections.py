"""Inspections from notification to a published report: each public function one use case,
inside a transaction, with an audit event."""

import datetime as dt
import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor, record
from npq.core.errors import ValidationFailed
from npq.delivery.models import DeliveryCohort, Membership, Session
from npq.quality import evidence, rules
from npq.quality.models import EvidenceFigures, EvidenceNote, GradeDraft, Grant, Inspection, Meeting, Sample, SampleItem
from npq.reference.models import LeadProvider


def create_inspection(
    user: Any,
    lead_provider: LeadProvider,
    kind: rules.Kind,
    notified_at: dt.datetime,
    starts_on: dt.date,
    ends_on: dt.date,
    team: Sequence[Any] = (),
    programme: rules.Programme = rules.Programme.NPQ,
    follows: Inspection | None = None,
) -> Inspection:
    """An inspection led by ``user``, with a grant for the lead and each team member that opens at
    notification; the evidence pack is counted as of notification."""
    if ends_on < starts_on:
        raise ValidationFailed("The visit cannot end before it starts", field="ends_on")
    if follows is not None and follows.lead_provider_id != lead_provider.pk:
        raise ValidationFailed(f"Inspection {follows.pk} is of another provider", field="follows")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            lead_provider=lead_provider,
            programme=programme,
            kind=kind,
            stage=rules.Stage.NOTIFIED,
            lead_inspector=user,
            follows=follows,
            notified_at=notified_at,
            starts_on=starts_on,
            ends_on=ends_on,
            evidence_as_of=notified_at,
            created_at=clock.now(),
        )
        inspection.team.set(team)
        for person in {user, *team}:
            Grant.objects.create(
                inspection=inspection, inspector=person, lead_provider=lead_provider, starts_at=notified_at
            )
        record(Actor.person(user), "inspection.created", inspection, after={"kind": kind, "team": [p.pk for p in team]})
        count_evidence(user, inspection)
    return inspection


def count_evidence(user: Any, inspection: Inspection) -> EvidenceFigures:
    """The evidence pack's figures for the inspection's evidence moment, counted and stored once
    (at notification and at each recount; for an inspection from before figures were stored, at its
    first reading). The inspection's row is locked so that two readers count it once."""
    with transaction.atomic():
        Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
        found = evidence.stored(inspection)
        if found is not None:
            return found
        pack = evidence.build(inspection)
        counted = EvidenceFigures.objects.create(
            inspection=inspection, as_of=pack.as_of, figures=evidence.figures_of(pack), counted_at=clock.now()
        )
        record(Actor.person(user), "inspection.evidence_counted", inspection, after={"as_of": pack.as_of})
    return counted


def recount_evidence(user: Any, inspection: Inspection) -> None:
    """Count the evidence pack again as of now: a new stored moment with its figures (the old moment
    is in the audit trail and its figures stay stored, so the earlier pack can still be read)."""
    if inspection.stage != rules.Stage.NOTIFIED:
        raise ValidationFailed("The report has been drafted: the evidence is fixed", field="confirm")
    with transaction.atomic():
        before = {"evidence_as_of": inspection.evidence_as_of}
        inspection.evidence_as_of = clock.now()
        inspection.save(update_fields=["evidence_as_of"])
        record(
            Actor.person(user),
            "inspection.evidence_recounted",
            inspection,
            before=before,
            after={"evidence_as_of": inspection.evidence_as_of},
        )
        count_evidence(user, inspection)


def _strata(inspection: Inspection) -> dict[tuple[rules.SampleKind, str], dict[int, str]]:
    """What may be sampled, by kind and stratum: partners by course, participants and facilitators
    by delivery partner, recorded sessions by course; all as of the evidence moment."""
    as_of = inspection.evidence_as_of
    groups = DeliveryCohort.objects.filter(lead_provider=inspection.lead_provider_id, created_at__lte=as_of)
    out: dict[tuple[rules.SampleKind, str], dict[int, str]] = defaultdict(dict)
    for g in groups.select_related("delivery_partner", "course").prefetch_related("facilitators"):
        partner = g.delivery_partner.name if g.delivery_partner else "Delivered by the provider"
        if g.delivery_partner:
            out[(rules.SampleKind.DELIVERY_PARTNER, g.course.name)][g.delivery_partner.pk] = partner
        for f in g.facilitators.all():
            out[(rules.SampleKind.FACILITATOR, partner)][f.pk] = f.full_name
    for m in Membership.objects.filter(delivery_cohort__in=groups, joined_at__lte=as_of).values(
        "participant", "participant__full_name", "delivery_cohort__delivery_partner__name"
    ):
        stratum = m["delivery_cohort__delivery_partner__name"] or "Delivered by the provider"
        out[(rules.SampleKind.PARTICIPANT, stratum)][m["participant"]] = m["participant__full_name"]
    recorded = Session.objects.filter(delivery_cohort__in=groups, starts_at__lte=as_of).exclude(link="")
    for s in recorded.values("pk", "title", "delivery_cohort__course__name", "starts_at"):
        label = f"{s['title']}, {s['starts_at']:%-d %B %Y}"
        out[(rules.SampleKind.RECORDED_SESSION, s["delivery_cohort__course__name"])][s["pk"]] = label
    return out


def draw_sample(user: Any, inspection: Inspection, per_stratum: int, seed: int | None = None) -> Sample:
    """A random sample within each stratum; the seed is kept so the same sample can be drawn again."""
    if not 1 <= per_stratum <= 20:
        raise ValidationFailed("Choose between 1 and 20 from each group", field="per_stratum")
    seed = secrets.randbelow(2**31) if seed is None else seed
    strata = _strata(inspection)
    keys = {f"{kind}|{name}": (kind, name) for kind, name in strata}
    drawn = rules.draw({k: list(strata[keys[k]]) for k in keys}, per_stratum, seed)
    with transaction.atomic():
        sample = Sample.objects.create(
            inspection=inspection, seed=seed, per_stratum=per_stratum, drawn_by=user, drawn_at=clock.now()
        )
        SampleItem.objects.bulk_create(
            SampleItem(sample=sample, kind=keys[k][0], stratum=keys[k][1], object_id=i, label=strata[keys[k]][i])
            for k, ids in drawn.items()
            for i in ids
        )
        record(Actor.person(user), "inspection.sample_drawn", sample, after={"seed": seed, "per_stratum": per_stratum})
    return sample


def schedule_meeting(
    user: Any, inspection: Inspection, with_whom: rules.Source, starts_at: dt.datetime, where: str
) -> Meeting:
    if with_whom not in rules.MEETINGS:
        raise ValidationFailed("Choose who the meeting is with", field="with_whom")
    with transaction.atomic():
        meeting = Meeting.objects.create(inspection=inspection, with_whom=with_whom, starts_at=starts_at, where=where)
        record(Actor.person(user), "inspection.meeting_scheduled", meeting, after={"with": with_whom})
    return meeting


def log_evidence(
    user: Any, inspection: Inspection, area: rules.Area, source: rules.Source, text: str, client_key: uuid.UUID
) -> EvidenceNote:
    """A note in the evidence log; the same form sent again (a retry after a dropped connection)
    returns the note it already saved instead of saving it twice."""
    with transaction.atomic():
        note, created = EvidenceNote.objects.get_or_create(
            client_key=client_key,
            defaults={
                "inspection": inspection,
                "area": area,
                "source": source,
                "text": text,
                "author": user,
                "written_at": clock.now(),
            },
        )
        if note.inspection_id != inspection.pk:
            raise ValidationFailed("This note was saved against another inspection", field="text")
        if created:
            record(Actor.person(user), "inspection.evidence_logged", note, after={"area": area, "source": source})
    return note


def draft_grade(user: Any, inspection: Inspection, area: rules.Area, grade: rules.Grade) -> GradeDraft:
    if inspection.kind != rules.Kind.FULL:
        raise ValidationFailed("A monitoring visit is not graded", field="grade")
    if inspection.stage != rules.Stage.NOTIFIED:
        raise ValidationFailed("The report has been drafted: grades can no longer change", field="grade")
    with transaction.atomic():
        draft = GradeDraft.objects.create(inspection=inspection, area=area, grade=grade, by=user, at=clock.now())
        record(Actor.person(user), "inspection.grade_drafted", inspection, after={"area": area, "grade": grade})
    return draft


def current_grades(inspection: Inspection) -> dict[rules.Area, rules.Grade]:
    return {rules.Area(g.area): rules.Grade(g.grade) for g in inspection.grades.order_by("at", "id")}
