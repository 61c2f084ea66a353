"""Reading awards: the Department's record (filtered, paged, CSV), a participant's own, the API's view."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from npq.awards import credentials, rules
from npq.awards.models import Award
from npq.declarations.hooks import OutcomeAward
from npq.declarations.models import ParticipantOutcome


@dataclass(frozen=True)
class RecordFilter:
    cohort_id: int | None = None
    course_id: int | None = None
    lead_provider_id: int | None = None


def record(filters: RecordFilter) -> QuerySet[Award]:
    """Every award, newest first, narrowed by cohort, course and provider (an index covers them)."""
    queryset = Award.objects.select_related("course", "cohort", "lead_provider", "participant")
    if filters.cohort_id:
        queryset = queryset.filter(cohort_id=filters.cohort_id)
    if filters.course_id:
        queryset = queryset.filter(course_id=filters.course_id)
    if filters.lead_provider_id:
        queryset = queryset.filter(lead_provider_id=filters.lead_provider_id)
    return queryset.order_by("-issued_at", "-id")


CSV_HEADER = [
    "certificate_number",
    "name",
    "trn",
    "participant_id",
    "qualification",
    "cohort",
    "lead_provider",
    "awarded_on",
    "status",
    "revoked_on",
    "revocation_reason",
]


def _safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def record_csv(queryset: QuerySet[Award]) -> Iterator[str]:
    """The record as CSV lines, streamed in chunks so a national export never sits in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for award in queryset.iterator(chunk_size=2000):
        writer.writerow(
            [
                rules.display_certificate_number(award.certificate_number),
                _safe(award.name),
                award.participant.trn,
                str(award.participant.ecf_id),
                award.course.name,
                award.cohort.identifier,
                award.lead_provider.name,
                award.awarded_on.isoformat(),
                "revoked" if award.revoked_at else "awarded",
                award.revoked_at.date().isoformat() if award.revoked_at else "",
                _safe(award.revocation_reason),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def awards_of(participant_id: int) -> list[Award]:
    return list(
        Award.objects.filter(participant_id=participant_id)
        .select_related("course", "lead_provider")
        .order_by("-issued_at", "-id")
    )


def outcome_awards(outcomes: list[ParticipantOutcome]) -> dict[int, OutcomeAward]:
    """Answers ``declarations.hooks.outcome_awards``: one query for a page of outcomes."""
    found = Award.objects.filter(outcome_id__in=[o.pk for o in outcomes])
    return {
        award.outcome_id: OutcomeAward(
            certificate_number=rules.display_certificate_number(award.certificate_number),
            status="revoked" if award.revoked_at else "awarded",
            awarded_on=award.awarded_on,
            revoked_on=award.revoked_at.date() if award.revoked_at else None,
            verification_url=credentials.verification_url(award.certificate_number),
        )
        for award in found
    }
