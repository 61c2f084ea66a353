"""CSV upload of declarations: each row goes through the same code as the API (``declaring``).

Columns (a header row, in any order): ``participant_id``, ``declaration_type``,
``declaration_date`` (``2026-02-01T09:00:00Z``), ``course_identifier``, ``delivery_partner_id``,
and optionally ``secondary_delivery_partner_id`` and ``has_passed`` (``true``/``false``). Up to 500
rows; the whole file is recorded as one batch, as the bulk endpoint records a request.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from npq.core.audit import Actor
from npq.core.errors import ValidationFailed
from npq.declarations import declaring
from npq.reference.models import LeadProvider

REQUIRED = ["participant_id", "declaration_type", "declaration_date", "course_identifier"]
OPTIONAL = ["delivery_partner_id", "secondary_delivery_partner_id", "has_passed"]
LIMIT = 500


@dataclass(frozen=True)
class RowResult:
    row: int
    participant_id: str
    outcome: str
    message: str


def _item(row: dict[str, str]) -> dict[str, Any]:
    attributes: dict[str, Any] = {k: (row.get(k) or "").strip() for k in REQUIRED}
    for key in ("delivery_partner_id", "secondary_delivery_partner_id"):
        if (row.get(key) or "").strip():
            attributes[key] = row[key].strip()
    passed = (row.get("has_passed") or "").strip().lower()
    if passed:
        attributes["has_passed"] = {"true": True, "yes": True, "false": False, "no": False}.get(passed, passed)
    return {"data": {"type": "participant-declaration", "attributes": attributes}}


def _message(answer: declaring.Answer) -> str:
    if answer.outcome == "created":
        return "Declared"
    if answer.outcome == "repeat":
        return "Already declared: nothing changed"
    if "errors" in answer.body:
        return "; ".join(f"{e['title']}: {e['detail']}" for e in answer.body["errors"])
    return "No participant with this id has an application with you"


def upload_declarations(provider: LeadProvider, actor: Actor, content: bytes) -> list[RowResult]:
    """Declare every row of a CSV file; refuses a file it cannot read as a whole, before any row."""
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValidationFailed("The selected file must be a CSV saved as UTF-8", field="file") from exc
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationFailed(f"The selected file must have the columns: {', '.join(missing)}", field="file")
    if not rows or len(rows) > LIMIT:
        raise ValidationFailed(f"The selected file must have from 1 to {LIMIT} declarations", field="file")
    answers = declaring.declare_many(provider, actor, [_item(row) for row in rows])
    return [
        RowResult(number, (row.get("participant_id") or "").strip(), answer.outcome, _message(answer))
        for number, (row, answer) in enumerate(zip(rows, answers, strict=True), start=2)  # row 1 is the header
    ]
