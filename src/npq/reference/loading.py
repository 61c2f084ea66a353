"""Load the package's reference data files into the database, idempotently.

Rows are matched on their natural keys (course identifier, cohort identifier, provider name, ...);
a second run changes nothing and records nothing. Every row added or changed is audited.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction

from npq.core import audit, yamlfiles
from npq.reference.hooks import reference_loaded
from npq.reference.models import (
    Cohort,
    Course,
    CourseOffering,
    DeliveryPartner,
    DeliveryPartnership,
    LeadProvider,
    Milestone,
    Schedule,
)

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class LoadSummary:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.added[kind] = self.added.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    def lines(self) -> list[str]:
        kinds = sorted(set(self.added) | set(self.updated))
        if not kinds:
            return ["Reference data already up to date: nothing added or changed."]
        return [f"{k}: {self.added.get(k, 0)} added, {self.updated.get(k, 0)} updated" for k in kinds]


def _key(model: type[models.Model], keys: dict[str, Any]) -> tuple[Any, ...]:
    """A natural key as plain values: related rows by primary key."""
    return tuple(v.pk if isinstance(v, models.Model) else v for v in keys.values())


def _upsert_all(
    actor: audit.Actor,
    summary: LoadSummary,
    model: type[models.Model],
    rows: list[tuple[dict[str, Any], dict[str, Any]]],
) -> list[Any]:
    """Add the missing rows in one insert, update the changed ones; return the rows in order.

    Reference tables are small (hundreds of rows), so the existing rows are read whole."""
    if not rows:
        return []
    names = list(rows[0][0])
    attnames = [cast("models.Field[Any, Any]", model._meta.get_field(n)).attname for n in names]
    existing = {tuple(getattr(o, a) for a in attnames): o for o in model._default_manager.all()}
    found: list[Any] = []
    new: list[tuple[int, Any, dict[str, Any]]] = []
    for position, (keys, values) in enumerate(rows):
        obj = existing.get(_key(model, keys))
        if obj is None:
            new.append((position, model(**keys, **values), {**keys, **values}))
            found.append(None)
            continue
        before = {k: getattr(obj, k) for k in values}
        if before != values:
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            b, a = audit.changes(before, values)
            audit.record(actor, "reference.updated", obj, before=b, after=a)
            summary.count(model.__name__, False, True)
        found.append(obj)
    if new:
        created = model._default_manager.bulk_create([obj for _, obj, _ in new])
        audit.record_many(actor, "reference.added", list(created), [after for _, _, after in new])
        for (position, _, _), obj in zip(new, created, strict=True):
            found[position] = obj
            summary.count(model.__name__, True, False)
    return found


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_reference(actor: audit.Actor) -> LoadSummary:
    data = yamlfiles.read(DATA / "reference.yaml")
    partners = yamlfiles.read(DATA / "delivery_partners.yaml")
    summary = LoadSummary()
    with transaction.atomic():
        courses = _by(
            [c["identifier"] for c in data["courses"]],
            _upsert_all(
                actor,
                summary,
                Course,
                [
                    (
                        {"identifier": c["identifier"]},
                        {
                            "short_code": c["short_code"],
                            "name": c["name"],
                            "group": c["group"],
                            "ecf_id": _uuid(c["ecf_id"]),
                            "position": c["position"],
                            "display": c["display"],
                            "qualification": c["qualification"],
                        },
                    )
                    for c in data["courses"]
                ],
            ),
        )
        cohorts = _by(
            [c["identifier"] for c in data["cohorts"]],
            _upsert_all(
                actor,
                summary,
                Cohort,
                [
                    (
                        {"identifier": c["identifier"]},
                        {
                            "start_year": c["start_year"],
                            "suffix": c["suffix"],
                            "description": c["description"],
                            "funding": c["funding"],
                            "registration_start": _date(c["registration_start"]),
                        },
                    )
                    for c in data["cohorts"]
                ],
            ),
        )
        schedules = _by(
            [(x["cohort"], x["identifier"]) for x in data["schedules"]],
            _upsert_all(
                actor,
                summary,
                Schedule,
                [
                    (
                        {"cohort": cohorts[x["cohort"]], "identifier": x["identifier"]},
                        {
                            "name": x["name"],
                            "course_group": x["course_group"],
                            "applies_from": _date(x["applies_from"]),
                            "applies_to": _date(x["applies_to"]),
                            "allowed_declaration_types": list(x["allowed_declaration_types"]),
                        },
                    )
                    for x in data["schedules"]
                ],
            ),
        )
        _upsert_all(
            actor,
            summary,
            Milestone,
            [
                (
                    {"schedule": schedules[(m["cohort"], m["schedule"])], "declaration_type": m["declaration_type"]},
                    {"deadline": _date(m["deadline"]), "payment_date": _date(m["payment_date"])},
                )
                for m in data["milestones"]
            ],
        )
        providers = _by(
            [p["name"] for p in data["lead_providers"]],
            _upsert_all(
                actor,
                summary,
                LeadProvider,
                [
                    ({"name": p["name"]}, {"ecf_id": _uuid(p["ecf_id"]), "status": p["status"], "hint": p["hint"]})
                    for p in data["lead_providers"]
                ],
            ),
        )
        _upsert_all(
            actor,
            summary,
            CourseOffering,
            [
                (
                    {
                        "course": courses[o["course"]],
                        "cohort": cohorts[o["cohort"]],
                        "lead_provider": providers[o["lead_provider"]],
                    },
                    {},
                )
                for o in data["course_offerings"]
            ],
        )
        dps = _by(
            [d["name"] for d in partners["delivery_partners"]],
            _upsert_all(
                actor,
                summary,
                DeliveryPartner,
                [({"name": d["name"]}, {"kind": d["kind"]}) for d in partners["delivery_partners"]],
            ),
        )
        _upsert_all(
            actor,
            summary,
            DeliveryPartnership,
            [
                (
                    {
                        "lead_provider": providers[provider_name],
                        "delivery_partner": dps[name],
                        "cohort": cohorts[cohort],
                    },
                    {},
                )
                for provider_name, names in partners["partnerships"].items()
                for name in names
                for cohort in partners["partnership_cohorts"]
            ],
        )
        reference_loaded.tell(actor, summary)
    return summary


def _by(keys: list[Any], rows: list[Any]) -> dict[Any, Any]:
    return dict(zip(keys, rows, strict=True))


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)
