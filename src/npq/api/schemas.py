"""Schemas every endpoint shares (errors, cursor meta, id changes) and the delivery-partners endpoint's.

Each app's endpoints keep their own schemas beside their ``api.py``."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class ErrorItem(Schema):
    title: str
    detail: str


class Errors(Schema):
    errors: list[ErrorItem]


class Error(Schema):
    error: str


class CursorMeta(Schema):
    next_cursor: str = Field(description="Pass as page[cursor] to continue; keep it to resume the next sync")
    has_more: bool


# Applications ---------------------------------------------------------------------------------
class IdChange(Schema):
    from_participant_id: str
    to_participant_id: str
    changed_at: dt.datetime


class GoneItem(Schema):
    title: str
    detail: str
    participant_id_changes: list[IdChange]


class GoneErrors(Schema):
    """410: the participant id was retired by a merge; the changes name the id to use."""

    errors: list[GoneItem]


class DeliveryPartnerAttributes(Schema):
    name: str
    cohort: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class DeliveryPartnerData(Schema):
    id: str
    type: Literal["delivery-partner"]
    attributes: DeliveryPartnerAttributes


class DeliveryPartnerResponse(Schema):
    data: DeliveryPartnerData


class DeliveryPartnersResponse(Schema):
    data: list[DeliveryPartnerData]
