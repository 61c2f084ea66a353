"""CSV downloads of a provider's applications and participants lists: the API's fields, one row
per application (participants: one row per enrolment), streamed in keyset chunks so a list of
40,000 never sits in memory and each chunk costs a fixed number of queries."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from npq.registration.models import Application
from npq.training import schemas, serializers

CHUNK = 1000

# The column names are the API contract's (its schemas), so the CSV and the API cannot drift.
APPLICATION_FIELDS = ["id", *schemas.ApplicationAttributes.model_fields]
PARTICIPANT_FIELDS = ["participant_id", "full_name", "teacher_reference_number", "updated_at"]
ENROLMENT_FIELDS = list(schemas.Enrolment.model_fields)


def _cell(value: Any) -> str:
    """Words a spreadsheet shows as they are: a leading = + - @ would be run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _chunks(qs: QuerySet[Application]) -> Iterator[list[Application]]:
    """Newest first by id, a chunk at a time, each chunk starting below the last id seen."""
    last: int | None = None
    while True:
        page = qs.filter(id__lt=last) if last is not None else qs
        rows = list(page.order_by("-id")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _write(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _application_rows(qs: QuerySet[Application]) -> Iterator[list[Any]]:
    for chunk in _chunks(qs.only("id")):
        for resource in serializers.applications_in_order(Application.objects.all(), [app.pk for app in chunk]):
            yield [resource["id"], *(resource["attributes"][name] for name in APPLICATION_FIELDS[1:])]


def _participant_rows(qs: QuerySet[Application], provider_id: int) -> Iterator[list[Any]]:
    for chunk in _chunks(qs.only("id", "user_id", "ecf_id")):
        wanted = [str(app.ecf_id) for app in chunk]
        by_application: dict[str, list[Any]] = {}
        for resource in serializers.participants(provider_id, {a.user_id for a in chunk}):
            attributes = resource["attributes"]
            head = [resource["id"], *(attributes[name] for name in PARTICIPANT_FIELDS[1:])]
            for enrolment in attributes["npq_enrolments"]:
                by_application[enrolment["npq_application_id"]] = head + [enrolment[n] for n in ENROLMENT_FIELDS]
        # Only the enrolments in the list (a partner sees some of a person's applications, not all).
        yield from (by_application[ecf_id] for ecf_id in wanted if ecf_id in by_application)


def applications_csv(qs: QuerySet[Application]) -> Iterator[str]:
    return _write(APPLICATION_FIELDS, _application_rows(qs))


def participants_csv(qs: QuerySet[Application], provider_id: int) -> Iterator[str]:
    return _write(PARTICIPANT_FIELDS + ENROLMENT_FIELDS, _participant_rows(qs, provider_id))
