"""Schemas of the applications and participants endpoints (documented in OpenAPI; responses are built
as plain dicts by :mod:`npq.training.serializers` and match these field for field)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from npq.api.schemas import CursorMeta, IdChange
from npq.training.rules import DEFER_REASONS, WITHDRAW_REASONS

DeferReason = Literal[DEFER_REASONS]  # type: ignore[valid-type]
WithdrawReason = Literal[WITHDRAW_REASONS]  # type: ignore[valid-type]


class ApplicationAttributes(Schema):
    course_identifier: str
    email: str | None
    email_validated: bool
    employer_name: str | None
    employment_role: str | None
    full_name: str
    funding_choice: str | None
    headteacher_status: str | None
    ineligible_for_funding_reason: Literal["previously-funded", "establishment-ineligible"] | None
    participant_id: str
    private_childcare_provider_urn: str | None
    teacher_reference_number: str | None
    teacher_reference_number_validated: bool = Field(
        description="True only when the stored TRN passes the check the registration service makes: exactly "
        "7 digits and not 0000000 (npq.registration.rules.trn_validated). The service does not look the TRN "
        "up in the Teaching Record System, so true means well-formed, not confirmed as this person's."
    )
    school_urn: str | None
    school_ukprn: str | None
    status: Literal["pending", "accepted", "rejected"]
    reason_for_rejection: str | None
    works_in_school: bool | None
    cohort: str
    cohort_suffix: str
    eligible_for_funding: bool
    targeted_delivery_funding_eligibility: bool
    teacher_catchment: bool | None
    teacher_catchment_country: str | None
    teacher_catchment_iso_country_code: str | None
    itt_provider: str | None
    lead_mentor: bool | None
    funded_place: bool | None
    created_at: dt.datetime
    updated_at: dt.datetime
    schedule_identifier: str | None
    works_as_senco: bool | None
    senco_start_date: dt.date | None


class ApplicationData(Schema):
    id: str
    type: Literal["npq_application"]
    attributes: ApplicationAttributes


class ApplicationResponse(Schema):
    data: ApplicationData


class ApplicationsResponse(Schema):
    data: list[ApplicationData]
    meta: CursorMeta | None = None


class AcceptAttributes(Schema):
    funded_place: bool | None = None
    schedule_identifier: str | None = None


class AcceptData(Schema):
    type: str = "npq-application-accept"
    attributes: AcceptAttributes = AcceptAttributes()


class AcceptRequest(Schema):
    data: AcceptData


class FundedPlaceAttributes(Schema):
    funded_place: bool


class FundedPlaceData(Schema):
    type: str
    attributes: FundedPlaceAttributes


class FundedPlaceRequest(Schema):
    data: FundedPlaceData


# Participants ---------------------------------------------------------------------------------
class Reasoned(Schema):
    reason: str
    date: dt.datetime


class Enrolment(Schema):
    email: str | None
    course_identifier: str
    schedule_identifier: str | None
    cohort: str
    cohort_suffix: str
    npq_application_id: str
    eligible_for_funding: bool
    training_status: Literal["active", "deferred", "withdrawn"]
    school_urn: str | None
    targeted_delivery_funding_eligibility: bool
    funded_place: bool | None
    withdrawal: Reasoned | None
    deferral: Reasoned | None
    created_at: dt.datetime


class ParticipantAttributes(Schema):
    full_name: str
    previous_names: list[str]
    teacher_reference_number: str | None
    updated_at: dt.datetime
    npq_enrolments: list[Enrolment]
    participant_id_changes: list[IdChange]


class ParticipantData(Schema):
    id: str
    type: Literal["npq-participant"]
    attributes: ParticipantAttributes


class ParticipantResponse(Schema):
    data: ParticipantData


class ParticipantsResponse(Schema):
    data: list[ParticipantData]
    meta: CursorMeta | None = None


class CourseAttributes(Schema):
    course_identifier: str


class DeferAttributes(CourseAttributes):
    reason: DeferReason


class WithdrawAttributes(CourseAttributes):
    reason: WithdrawReason


class ChangeScheduleAttributes(CourseAttributes):
    schedule_identifier: str
    cohort: str | None = None


class ResumeRequest(Schema):
    data: "ResumeData"


class ResumeData(Schema):
    type: str
    attributes: CourseAttributes


class DeferData(Schema):
    type: str
    attributes: DeferAttributes


class DeferRequest(Schema):
    data: DeferData


class WithdrawData(Schema):
    type: str
    attributes: WithdrawAttributes


class WithdrawRequest(Schema):
    data: WithdrawData


class ChangeScheduleData(Schema):
    type: str
    attributes: ChangeScheduleAttributes


class ChangeScheduleRequest(Schema):
    data: ChangeScheduleData


ResumeRequest.model_rebuild()


# Delivery partners ----------------------------------------------------------------------------
