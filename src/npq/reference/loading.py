"""Load the package's reference data files into the database, idempotently.

Rows are matched on their natural keys (course identifier, cohort identifier, provider name, ...);
a second run changes nothing and records nothing. Every row added or changed is audited.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from npq.core import audit
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


def _upsert(
    actor: audit.Actor, summary: LoadSummary, model: type[models.Model], keys: dict[str, Any], values: dict[str, Any]
) -> Any:
    obj = model._default_manager.filter(**keys).first()
    if obj is None:
        obj = model._default_manager.create(**keys, **values)
        audit.record(actor, "reference.added", obj, after={**keys, **values})
        summary.count(model.__name__, True, False)
        return obj
    before = {k: getattr(obj, k) for k in values}
    if before != values:
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        b, a = audit.changes(before, values)
        audit.record(actor, "reference.updated", obj, before=b, after=a)
        summary.count(model.__name__, False, True)
    return obj


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_reference(actor: audit.Actor) -> LoadSummary:
    data = yaml.safe_load((DATA / "reference.yaml").read_text(encoding="utf-8"))
    partners = yaml.safe_load((DATA / "delivery_partners.yaml").read_text(encoding="utf-8"))
    summary = LoadSummary()
    with transaction.atomic():
        courses = {
            c["identifier"]: _upsert(
                actor,
                summary,
                Course,
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
        }
        cohorts = {
            c["identifier"]: _upsert(
                actor,
                summary,
                Cohort,
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
        }
        schedules = {}
        for s in data["schedules"]:
            schedules[(s["cohort"], s["identifier"])] = _upsert(
                actor,
                summary,
                Schedule,
                {"cohort": cohorts[s["cohort"]], "identifier": s["identifier"]},
                {
                    "name": s["name"],
                    "course_group": s["course_group"],
                    "applies_from": _date(s["applies_from"]),
                    "applies_to": _date(s["applies_to"]),
                    "allowed_declaration_types": list(s["allowed_declaration_types"]),
                },
            )
        for m in data["milestones"]:
            _upsert(
                actor,
                summary,
                Milestone,
                {"schedule": schedules[(m["cohort"], m["schedule"])], "declaration_type": m["declaration_type"]},
                {"deadline": _date(m["deadline"]), "payment_date": _date(m["payment_date"])},
            )
        providers = {
            p["name"]: _upsert(
                actor,
                summary,
                LeadProvider,
                {"name": p["name"]},
                {"ecf_id": _uuid(p["ecf_id"]), "status": p["status"], "hint": p["hint"]},
            )
            for p in data["lead_providers"]
        }
        for o in data["course_offerings"]:
            _upsert(
                actor,
                summary,
                CourseOffering,
                {
                    "course": courses[o["course"]],
                    "cohort": cohorts[o["cohort"]],
                    "lead_provider": providers[o["lead_provider"]],
                },
                {},
            )
        dps = {
            d["name"]: _upsert(actor, summary, DeliveryPartner, {"name": d["name"]}, {"kind": d["kind"]})
            for d in partners["delivery_partners"]
        }
        for provider_name, names in partners["partnerships"].items():
            for name in names:
                for cohort in partners["partnership_cohorts"]:
                    _upsert(
                        actor,
                        summary,
                        DeliveryPartnership,
                        {
                            "lead_provider": providers[provider_name],
                            "delivery_partner": dps[name],
                            "cohort": cohorts[cohort],
                        },
                        {},
                    )
    return summary


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)
