"""The assurance report: one row per declaration line on a statement, for DfE and the provider to check."""

import csv
import io
from collections.abc import Iterator

from npq.finance.models import Statement, StatementLine

HEADER = [
    "Participant ID",
    "Participant Name",
    "TRN",
    "Course Identifier",
    "Schedule",
    "Cohort",
    "Eligible For Funding",
    "Funded Place",
    "Lead Provider Name",
    "School URN",
    "School Name",
    "Training Status",
    "Declaration ID",
    "Declaration Status",
    "Declaration Type",
    "Declaration Date",
    "Declaration Created At",
    "Line",
    "Amount (pence)",
    "Statement Name",
    "Statement ID",
]


def _safe(value: object) -> str:
    """Neutralise spreadsheet formulas in text cells."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text.lstrip("-").isdigit() else text


def rows(statement: Statement) -> Iterator[list[str]]:
    lines = (
        StatementLine.objects.filter(statement=statement, declaration__isnull=False)
        .select_related(
            "declaration__participant",
            "declaration__course",
            "declaration__application__schedule",
            "declaration__application__school",
            "declaration__application__cohort",
            "declaration__lead_provider",
        )
        .order_by("id")
    )
    name = str(statement)
    for line in lines.iterator(chunk_size=2000):
        d = line.declaration
        assert d is not None
        app = d.application
        yield [
            _safe(v)
            for v in (
                d.participant.ecf_id,
                d.participant.full_name,
                d.participant.trn,
                d.course.identifier,
                app.schedule.identifier if app.schedule else "",
                app.cohort.identifier,
                app.eligible_for_funding,
                app.funded_place,
                d.lead_provider.name,
                app.school.urn if app.school else "",
                app.school.name if app.school else "",
                app.training_status,
                d.ecf_id,
                d.state,
                d.declaration_type,
                d.declaration_date.isoformat(),
                d.created_at.isoformat(),
                line.kind,
                line.amount,
                name,
                statement.ecf_id,
            )
        ]


def stream(statement: Statement) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows(statement):
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
