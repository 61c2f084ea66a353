"""Request bodies of the declaration and outcome endpoints, in the contract's envelope."""

from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class DeclarationAttributes(Schema):
    model_config = ConfigDict(extra="forbid")

    participant_id: str
    declaration_type: str
    declaration_date: str
    course_identifier: str
    has_passed: bool | None = None
    delivery_partner_id: str | None = None
    secondary_delivery_partner_id: str | None = None
    evidence_held: str | None = None


class DeclarationData(Schema):
    type: str
    attributes: DeclarationAttributes


class DeclarationBody(Schema):
    data: DeclarationData


class ChangePartnerAttributes(Schema):
    model_config = ConfigDict(extra="forbid")

    delivery_partner_id: str | None = None
    secondary_delivery_partner_id: str | None = None
    # The contract lists these too; the declaration in the path already fixes both, so they are read
    # only to be accepted (a client that sends them, as the contract's examples do, is not refused).
    participant_id: str | None = None
    declaration_type: str | None = None


class ChangePartnerData(Schema):
    type: str
    attributes: ChangePartnerAttributes


class ChangePartnerBody(Schema):
    data: ChangePartnerData


class OutcomeAttributes(Schema):
    model_config = ConfigDict(extra="forbid")

    course_identifier: str
    state: str
    completion_date: str


class OutcomeData(Schema):
    type: str
    attributes: OutcomeAttributes


class OutcomeBody(Schema):
    data: OutcomeData


class BulkDeclarationBody(Schema):
    """Up to 500 items, each what the single endpoint takes as ``data``; checked item by item."""

    data: list[dict[str, Any]]
