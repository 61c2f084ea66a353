"""Import schools from a GIAS 'edubase' export and funding eligibility lists from CSV.

Rows that cannot be read are rejected with their line, column and reason; the rest are kept,
and the summary says exactly what was added, updated, closed and rejected. A dry run (the
default on the command line) does everything inside a transaction and rolls it back.
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from npq.core import audit, clock
from npq.core.models import AuditEvent
from npq.reference import search
from npq.reference.csvfiles import ImportFileError, Rejection, open_csv
from npq.reference.models import EligibilityList, EligibilityListEntry, EligibilityListKind, ImportRun, School
from npq.reference.rules import region_from_gias

Progress = Callable[[int], object]

GIAS_REQUIRED = ["URN", "EstablishmentName", "EstablishmentStatus (code)"]
GIAS_COLUMNS = {
    "ukprn": "UKPRN",
    "name": "EstablishmentName",
    "establishment_type_code": "TypeOfEstablishment (code)",
    "establishment_type_name": "TypeOfEstablishment (name)",
    "establishment_status_code": "EstablishmentStatus (code)",
    "establishment_status_name": "EstablishmentStatus (name)",
    "phase_name": "PhaseOfEducation (name)",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "street": "Street",
    "town": "Town",
    "postcode": "Postcode",
}
GIAS_REGION = ("GOR (code)", "GOR (name)")
OPEN_STATUS_CODES = {"1", "3"}  # open; open, but proposed to close
MASS_CLOSURE_SHARE = 0.10


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class ImportSummary:
    kind: str
    file_name: str
    executed: bool
    encoding: str = ""
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "Imported" if self.executed else "Dry run (nothing saved; add --execute to save)"
        out = [
            f"{verb}: {self.file_name} ({self.encoding}), {self.rows} rows",
            f"  added {self.added}, updated {self.updated}, unchanged {self.unchanged}, closed {self.closed}, "
            f"rejected {len(self.rejected)}",
        ]
        out += [
            f"  rejected line {r.line}{', column ' + r.column if r.column else ''}: {r.reason}" for r in self.rejected
        ]
        if self.ignored_columns:
            out.append(f"  {len(self.ignored_columns)} columns not used by the platform were ignored")
        out += [f"  {note}" for note in self.notes]
        return out


def _pupils(value: str) -> int | None:
    if value == "":
        return None
    number = int(value)
    if number < 0:
        raise ValueError
    return number


def import_schools(
    path: Path,
    actor: audit.Actor,
    *,
    execute: bool = False,
    allow_mass_closure: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    csv_file = open_csv(path, GIAS_REQUIRED)
    summary = ImportSummary("schools", csv_file.name, execute, csv_file.encoding)
    summary.ignored_columns = [
        h for h in csv_file.header if h not in {*GIAS_COLUMNS.values(), *GIAS_REGION, "URN", "NumberOfPupils"}
    ]
    today = clock.today()
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(kind="schools", file_name=csv_file.name, started_at=clock.now())
            _apply_schools(csv_file, summary, actor, today, allow_mass_closure, progress)
            _finish(run, summary)
            audit.record(
                actor,
                "schools.imported",
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


def _apply_schools(csv_file, summary, actor, today, allow_mass_closure, progress) -> None:  # type: ignore[no-untyped-def]
    existing = {s.urn: s for s in School.objects.all()}
    seen: dict[str, int] = {}
    to_add: list[School] = []
    to_update: list[School] = []
    events: list[tuple[AuditEvent, models.Model]] = []
    now = clock.now()
    for line, row in csv_file.rows():
        summary.rows += 1
        if progress:
            progress(1)
        urn = row["URN"]
        if not urn.isdigit() or len(urn) > 10:
            summary.rejected.append(Rejection(line, "URN", f"'{urn}' is not a URN (digits only)"))
            continue
        if urn in seen:
            summary.rejected.append(Rejection(line, "URN", f"URN {urn} appears again (first on line {seen[urn]})"))
            continue
        seen[urn] = line
        if not row["EstablishmentName"]:
            summary.rejected.append(Rejection(line, "EstablishmentName", "the name is blank"))
            continue
        try:
            pupils = _pupils(row.get("NumberOfPupils", ""))
        except ValueError:
            summary.rejected.append(
                Rejection(line, "NumberOfPupils", f"'{row.get('NumberOfPupils')}' is not a whole number")
            )
            continue
        values: dict[str, object] = {attr: row.get(column, "")[:200] for attr, column in GIAS_COLUMNS.items()}
        values["number_of_pupils"] = pupils
        values["region"] = region_from_gias(row.get("GOR (code)", ""), row.get("GOR (name)", "")) or ""
        values["is_open"] = row["EstablishmentStatus (code)"] in OPEN_STATUS_CODES
        school = existing.get(urn)
        if school is None:
            school = School(urn=urn, **values)
            school.closed_at = None if school.is_open else today
            school.search_text = search.search_text_for(school)
            to_add.append(school)
            events.append(pending_event(actor, "school.added", school, None, {"urn": urn, **values}, now))
            continue
        before = {k: getattr(school, k) for k in values}
        if before == values:
            summary.unchanged += 1
            continue
        for k, v in values.items():
            setattr(school, k, v)
        if not school.is_open and school.closed_at is None:
            school.closed_at = today
        if school.is_open:
            school.closed_at = None
        school.search_text = search.search_text_for(school)
        to_update.append(school)
        b, a = audit.changes(before, values)
        events.append(pending_event(actor, "school.updated", school, b, a, now))
    missing = [s for urn, s in existing.items() if urn not in seen and s.is_open]
    open_count = sum(1 for s in existing.values() if s.is_open)
    missing = unless_mass_closure(missing, open_count, allow_mass_closure, summary, "open schools", "closed")
    for school in missing:
        school.is_open = False
        school.closed_at = today
        school.establishment_status_name = "Closed (no longer in GIAS)"
        to_update.append(school)
        events.append(
            pending_event(
                actor, "school.closed", school, {"is_open": True}, {"is_open": False, "closed_at": today}, now
            )
        )
    fields = [*GIAS_COLUMNS, "region", "number_of_pupils", "is_open", "closed_at", "search_text"]
    write_rows(School, to_add, to_update, fields, events)
    summary.added = len(to_add)
    summary.closed = len(missing)
    summary.updated = len(to_update) - len(missing)


def unless_mass_closure(
    missing: list[Any], still_open: int, allowed: bool, summary: "ImportSummary", what: str, done: str
) -> list[Any]:
    """The rows to close: none when more than ``MASS_CLOSURE_SHARE`` of the open ones are missing from
    the file (it may be partial) and the caller did not allow it, with a note saying so."""
    if missing and still_open and len(missing) > MASS_CLOSURE_SHARE * still_open and not allowed:
        summary.notes.append(
            f"{len(missing)} {what} are not in this file ({len(missing) * 100 // still_open}% of {what}): "
            f"they were NOT {done}, in case the file is partial. Re-run with --allow-mass-closure if it is complete."
        )
        return []
    return missing


def pending_event(
    actor: audit.Actor,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    now: dt.datetime,
) -> tuple[AuditEvent, models.Model]:
    """An audit event for a row of a bulk import; its object id is set once the row has one."""
    return audit.unsaved(actor, action, obj, before=before, after=after, occurred_at=now), obj


def write_rows(
    model: type[models.Model],
    to_add: list[Any],
    to_update: list[Any],
    fields: list[str],
    events: list[tuple[AuditEvent, models.Model]],
) -> None:
    """Insert and update the import's rows in batches, then their audit events."""
    model._default_manager.bulk_create(to_add, batch_size=2000)
    model._default_manager.bulk_update(to_update, fields, batch_size=2000)
    for event, obj in events:  # primary keys exist now for the added rows
        event.object_id = str(obj.pk)
    AuditEvent.objects.bulk_create([event for event, _ in events], batch_size=2000)


def _finish(run: ImportRun, summary: ImportSummary) -> None:
    run.finished_at = clock.now()
    run.rows, run.added, run.updated = summary.rows, summary.added, summary.updated
    run.closed, run.unchanged = summary.closed, summary.unchanged
    run.rejected = [r.as_dict() for r in summary.rejected]
    run.save()


ID_COLUMNS = ["URN", "UKPRN", "Ofsted URN", "Provider URN", "identifier"]
# Lists whose entries may be Ofsted URNs of childcare providers, which start "EY" since 2000.
OFSTED_URN_KINDS = {EligibilityListKind.CHILDMINDER, EligibilityListKind.DISADVANTAGED_EARLY_YEARS}
OFSTED_URN = re.compile(r"^EY\d{6}$")
ID_TYPE_BY_KIND = {
    EligibilityListKind.PP50_FURTHER_EDUCATION: "ukprn",
    EligibilityListKind.CHILDMINDER: "ofsted_urn",
}


def import_eligibility_list(
    kind: str, path: Path, actor: audit.Actor, *, execute: bool = False, progress: Progress | None = None
) -> ImportSummary:
    if kind not in EligibilityListKind.values:
        raise ImportFileError(
            f"Unknown eligibility list '{kind}': choose one of {', '.join(EligibilityListKind.values)}"
        )
    csv_file = open_csv(path, [])
    column = next((c for c in ID_COLUMNS if c in csv_file.header), None)
    if column is None:
        raise ImportFileError(
            f"{csv_file.name}, line 1: no identifier column. Name one column {', '.join(ID_COLUMNS)}; "
            f"found {', '.join(csv_file.header[:10])}"
        )
    summary = ImportSummary(f"eligibility-list {kind}", csv_file.name, execute, csv_file.encoding)
    summary.ignored_columns = [h for h in csv_file.header if h != column]
    identifier_type = ID_TYPE_BY_KIND.get(EligibilityListKind(kind), "urn")
    identifiers: dict[str, int] = {}
    for line, row in csv_file.rows():
        summary.rows += 1
        if progress:
            progress(1)
        value = row[column].replace(" ", "")
        ofsted_urn = kind in OFSTED_URN_KINDS and bool(OFSTED_URN.match(value.upper()))
        if ofsted_urn:
            value = value.upper()  # childminders and early years settings: "EY123456"
        if not ofsted_urn and (not value.isdigit() or len(value) > 20):
            summary.rejected.append(Rejection(line, column, f"'{row[column]}' is not a {column} (digits only)"))
        elif value in identifiers:
            summary.rejected.append(
                Rejection(line, column, f"{value} appears again (first on line {identifiers[value]})")
            )
        else:
            identifiers[value] = line
    if not identifiers:
        raise ImportFileError(f"{csv_file.name}: no row has a valid {column}; nothing was imported")
    try:
        with transaction.atomic():
            previous = EligibilityList.objects.select_for_update().filter(kind=kind, is_current=True).first()
            old = set(previous.entries.values_list("identifier", flat=True)) if previous else set()
            if previous:
                previous.is_current = False
                previous.save(update_fields=["is_current"])
            new_list = EligibilityList.objects.create(
                kind=kind, file_name=csv_file.name, imported_at=clock.now(), row_count=len(identifiers), is_current=True
            )
            EligibilityListEntry.objects.bulk_create(
                [
                    EligibilityListEntry(eligibility_list=new_list, identifier=i, identifier_type=identifier_type)
                    for i in identifiers
                ],
                batch_size=5000,
            )
            summary.added = len(identifiers.keys() - old)
            summary.unchanged = len(identifiers.keys() & old)
            summary.closed = len(old - identifiers.keys())
            if previous:
                summary.notes.append(
                    f"replaces {previous.file_name} of {previous.imported_at:%d %B %Y} "
                    f"({summary.closed} identifiers no longer listed)"
                )
            run = ImportRun.objects.create(
                kind=f"eligibility-list {kind}", file_name=csv_file.name, started_at=clock.now()
            )
            _finish(run, summary)
            audit.record(
                actor,
                "eligibility_list.imported",
                new_list,
                after={
                    "kind": kind,
                    "file_name": csv_file.name,
                    "rows": len(identifiers),
                    "added": summary.added,
                    "removed": summary.closed,
                    "rejected": len(summary.rejected),
                },
            )
            if not execute:
                raise DryRun
    except DryRun:
        pass
    return summary
