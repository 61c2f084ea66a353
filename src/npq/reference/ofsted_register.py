"""Import childcare providers from Ofsted's register CSV ("Childcare providers and inspections").

The file is Ofsted's management-information layout: one row per registered provider with
"Provider URN", "Provider type", "Provider status", "Provider name" (``REDACTED`` for
childminders and providers on domestic premises), the register combination ("ALL", "EYR only",
"EYR-CCR", ...), address, local authority, region and places, plus many inspection columns that
the platform does not use. As with GIAS, bad rows are rejected with line, column and reason and
the rest kept; providers missing from a complete file become inactive (a file that would close
more than a tenth of the active providers is taken as partial unless told otherwise); a dry run
rolls everything back.
"""

import datetime as dt
import re
from pathlib import Path

from django.db import models, transaction

from npq.core import audit, clock
from npq.core.models import AuditEvent
from npq.reference import search
from npq.reference.csvfiles import CsvFile, Rejection, open_csv
from npq.reference.importing import (
    DryRun,
    ImportSummary,
    Progress,
    _finish,
    pending_event,
    unless_mass_closure,
    write_rows,
)
from npq.reference.models import ChildcareProvider, ImportRun

REQUIRED = ["Provider URN", "Provider type", "Provider status"]
COLUMNS = {
    "name": "Provider name",
    "provider_type": "Provider type",
    "provider_subtype": "Provider subtype",
    "status": "Provider status",
    "town": "Provider town",
    "postcode": "Postcode",
    "local_authority": "Local authority",
    "region": "Region",
}
ADDRESS = ["Provider address line 1", "Provider address line 2", "Provider address line 3"]
USED = {*COLUMNS.values(), *ADDRESS, "Provider URN", "Registration date", "Individual Register combinations", "Places"}
OFSTED_URN = re.compile(r"^(EY)?\d{6,7}$")
WITHHELD = {"REDACTED", "WITHHELD"}
ACTIVE_STATUS = "active"
REGISTERS = ("EYR", "CCR", "VCR")
LENGTHS = {"name": 200, "provider_type": 100, "provider_subtype": 100, "status": 40, "town": 100, "postcode": 10}


def _text(value: str) -> str:
    """A cell as stored: Ofsted's redaction marker means nothing is known."""
    return "" if value.strip().upper() in WITHHELD else " ".join(value.split())


def registers_from(value: str) -> str:
    """ "ALL" -> "EYR CCR VCR"; "EYR-CCR" / "EYR, CCR" -> "EYR CCR"; "EYR only" -> "EYR"."""
    text = value.upper()
    if text.strip() == "ALL":
        return " ".join(REGISTERS)
    found = [r for r in REGISTERS if r in re.split(r"[^A-Z]+", text)]
    if not found:
        raise ValueError(f"'{value}' names none of {', '.join(REGISTERS)} (or ALL)")
    return " ".join(found)


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).replace(tzinfo=dt.UTC).date()  # a date: no zone
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date like 31/08/2021")


def _places(value: str) -> int | None:
    value = value.strip()
    if not value or value.upper() in WITHHELD:
        return None
    number = int(value)
    if number < 0:
        raise ValueError
    return number


def import_childcare_providers(
    path: Path,
    actor: audit.Actor,
    *,
    execute: bool = False,
    allow_mass_closure: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    csv_file = open_csv(path, REQUIRED)
    summary = ImportSummary("childcare-providers", csv_file.name, execute, csv_file.encoding)
    summary.ignored_columns = [h for h in csv_file.header if h not in USED]
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(kind="childcare-providers", file_name=csv_file.name, started_at=clock.now())
            _apply(csv_file, summary, actor, allow_mass_closure, progress)
            _finish(run, summary)
            audit.record(
                actor,
                "childcare_providers.imported",
                run,
                after={
                    "added": summary.added,
                    "updated": summary.updated,
                    "closed": summary.closed,
                    "rejected": len(summary.rejected),
                },
            )
            if not execute:
                raise DryRun
    except DryRun:
        pass
    return summary


def _values(row: dict[str, str]) -> dict[str, object]:
    """The stored fields of one row; raises ValueError naming the column when a cell is unreadable."""
    values: dict[str, object] = {
        attr: _text(row.get(column, ""))[: LENGTHS.get(attr, 100)] for attr, column in COLUMNS.items()
    }
    values["street"] = ", ".join(p for p in (_text(row.get(c, "")) for c in ADDRESS) if p)[:300]
    values["is_active"] = str(values["status"]).lower() == ACTIVE_STATUS
    for column, attr, read in (
        ("Registration date", "registration_date", _date),
        ("Places", "places", _places),
        ("Individual Register combinations", "registers", registers_from),
    ):
        if column not in row or not row[column].strip():
            values[attr] = None if attr != "registers" else ""
            continue
        try:
            values[attr] = read(row[column])
        except ValueError as error:
            raise ValueError(column, str(error) or f"'{row[column]}' is not a whole number") from error
    return values


def _apply(csv_file: CsvFile, summary: ImportSummary, actor, allow_mass_closure, progress) -> None:  # type: ignore[no-untyped-def]
    existing = {p.ofsted_urn: p for p in ChildcareProvider.objects.all()}
    seen: dict[str, int] = {}
    to_add: list[ChildcareProvider] = []
    to_update: list[ChildcareProvider] = []
    events: list[tuple[AuditEvent, models.Model]] = []
    today, now = clock.today(), clock.now()
    for line, row in csv_file.rows():
        summary.rows += 1
        if progress:
            progress(1)
        urn = row["Provider URN"].replace(" ", "").upper()
        if not OFSTED_URN.match(urn):
            summary.rejected.append(
                Rejection(line, "Provider URN", f"'{row['Provider URN']}' is not an Ofsted URN like EY123456 or 123456")
            )
            continue
        if urn in seen:
            summary.rejected.append(Rejection(line, "Provider URN", f"{urn} appears again (first on line {seen[urn]})"))
            continue
        seen[urn] = line
        try:
            values = _values(row)
        except ValueError as error:
            column, reason = error.args
            summary.rejected.append(Rejection(line, column, reason))
            continue
        provider = existing.get(urn)
        if provider is None:
            provider = ChildcareProvider(ofsted_urn=urn, **values)
            provider.closed_at = None if provider.is_active else today
            provider.search_text = search.search_text_for_childcare(provider)
            to_add.append(provider)
            events.append(
                pending_event(actor, "childcare_provider.added", provider, None, {"ofsted_urn": urn, **values}, now)
            )
            continue
        before = {k: getattr(provider, k) for k in values}
        if before == values:
            summary.unchanged += 1
            continue
        for k, v in values.items():
            setattr(provider, k, v)
        provider.closed_at = None if provider.is_active else (provider.closed_at or today)
        provider.search_text = search.search_text_for_childcare(provider)
        to_update.append(provider)
        b, a = audit.changes(before, values)
        events.append(pending_event(actor, "childcare_provider.updated", provider, b, a, now))
    missing = [p for urn, p in existing.items() if urn not in seen and p.is_active]
    active = sum(1 for p in existing.values() if p.is_active)
    missing = unless_mass_closure(missing, active, allow_mass_closure, summary, "active providers", "made inactive")
    for provider in missing:
        provider.is_active = False
        provider.closed_at = today
        provider.status = "No longer on the Ofsted register"
        to_update.append(provider)
        events.append(
            pending_event(
                actor,
                "childcare_provider.closed",
                provider,
                {"is_active": True},
                {"is_active": False, "closed_at": today},
                now,
            )
        )
    fields = [*COLUMNS, "street", "is_active", "registration_date", "places", "registers", "closed_at", "search_text"]
    write_rows(ChildcareProvider, to_add, to_update, fields, events)
    summary.added = len(to_add)
    summary.closed = len(missing)
    summary.updated = len(to_update) - len(missing)
