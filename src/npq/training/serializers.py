"""Applications and participants as the contract shapes them, built from rows, not model instances.

Each read takes only the columns a response needs (``values()`` over the joins) in a fixed number
of queries, whatever the page size: applications one query, participants three (people with their
accepted applications here; the latest deferral and withdrawal; participant-id changes). Timestamps
arrive as text the database wrote as the contract does (``ContractTimestamp``), not as datetimes to
parse and format again.

One definition of each shape: the field names and their order are :mod:`npq.training.schemas`'
(which also drive the OpenAPI document and the CSV columns). Here each field has a getter of the
same name; a schema field without a getter, or a getter without a field, stops start-up.
"""

from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Greatest
from ninja import Schema

from npq.api.schemas import IdChange
from npq.api.scoping import iso
from npq.core.identifiers import ContractTimestamp
from npq.core.lookups import AnyOf
from npq.people.models import ParticipantIdChange
from npq.registration.models import Application, ApprovalStatus
from npq.registration.rules import trn_validated
from npq.training import schemas
from npq.training.models import ApplicationState

Row = dict[str, Any]
Getter = Callable[[Row], Any]
UK = {"england", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man"}
RESOURCE_FIELDS = ["id", "type", "attributes"]


def _fields(schema: type[Schema], getters: Mapping[str, Getter]) -> tuple[tuple[str, Getter], ...]:
    """``getters`` in the schema's field order, refused at start-up unless they name exactly its fields."""
    names = list(schema.model_fields)
    if set(names) != set(getters):
        raise ImproperlyConfigured(
            f"{schema.__name__}: fields without a getter {sorted(set(names) - set(getters))}, "
            f"getters without a field {sorted(set(getters) - set(names))}"
        )
    return tuple((name, getters[name]) for name in names)


def _build(fields: tuple[tuple[str, Getter], ...], row: Row) -> dict[str, Any]:
    return {name: get(row) for name, get in fields}


def _blank(value: Any) -> Any:
    return value if value not in ("", None) else None


def _text(column: str) -> Getter:
    return lambda row: _blank(row[column])


for _schema in (schemas.ApplicationData, schemas.ParticipantData):
    if list(_schema.model_fields) != RESOURCE_FIELDS:
        raise ImproperlyConfigured(f"{_schema.__name__} must be {RESOURCE_FIELDS}")


# Applications ---------------------------------------------------------------------------------
APPLICATION_COLUMNS = (
    "id",
    "ecf_id",
    "user_id",
    "user__ecf_id",
    "user__email",
    "user__full_name",
    "user__trn",
    "course__identifier",
    "cohort__start_year",
    "cohort__suffix",
    "schedule__identifier",
    "school__urn",
    "school__ukprn",
    "ukprn",
    "employer_name",
    "employment_role",
    "funding_choice",
    "headteacher_status",
    "eligible_for_funding",
    "funding_eligibility_status_code",
    "private_childcare_provider_urn",
    "lead_provider_approval_status",
    "reason_for_rejection",
    "works_in_school",
    "targeted_delivery_funding_eligibility",
    "teacher_catchment",
    "teacher_catchment_country",
    "lead_mentor",
    "funded_place",
    "senco_in_role",
    "senco_start_date",
)
COMPUTED = {
    # Kept in the application's JSON as submitted; read by key, not the whole document.
    "raw_iso_code": KT("raw_application_data__teacher_catchment_iso_country_code"),
    "raw_itt_provider": KT("raw_application_data__itt_provider"),
    # Timestamps as the contract writes them; a change to the application or to its person.
    "created": ContractTimestamp("created_at"),
    "changed_at": ContractTimestamp(Greatest("updated_at", "user__updated_at")),
}


def _ineligible_reason(row: Row) -> str | None:
    if row["eligible_for_funding"]:
        return None
    code = row["funding_eligibility_status_code"] or ""
    return "previously-funded" if code.startswith("previously") else "establishment-ineligible"


def _catchment(row: Row) -> bool | None:
    catchment = row["teacher_catchment"]
    return (catchment in UK) if catchment else None


def _ukprn(row: Row) -> Any:
    return _blank(row["ukprn"]) or _blank(row["school__ukprn"])


APPLICATION_ATTRIBUTES = _fields(
    schemas.ApplicationAttributes,
    {
        "course_identifier": itemgetter("course__identifier"),
        "email": _text("user__email"),
        "email_validated": lambda row: True,
        "employer_name": _text("employer_name"),
        "employment_role": _text("employment_role"),
        "full_name": itemgetter("user__full_name"),
        "funding_choice": _text("funding_choice"),
        "headteacher_status": _text("headteacher_status"),
        "ineligible_for_funding_reason": _ineligible_reason,
        "participant_id": lambda row: str(row["user__ecf_id"]),
        "private_childcare_provider_urn": _text("private_childcare_provider_urn"),
        "teacher_reference_number": _text("user__trn"),
        "teacher_reference_number_validated": lambda row: trn_validated(row["user__trn"]),
        "school_urn": itemgetter("school__urn"),
        "school_ukprn": _ukprn,
        "status": itemgetter("lead_provider_approval_status"),
        "reason_for_rejection": _text("reason_for_rejection"),
        "works_in_school": itemgetter("works_in_school"),
        "cohort": lambda row: str(row["cohort__start_year"]),
        "cohort_suffix": itemgetter("cohort__suffix"),
        "eligible_for_funding": itemgetter("eligible_for_funding"),
        "targeted_delivery_funding_eligibility": itemgetter("targeted_delivery_funding_eligibility"),
        "teacher_catchment": _catchment,
        "teacher_catchment_country": _text("teacher_catchment_country"),
        "teacher_catchment_iso_country_code": _text("raw_iso_code"),
        "itt_provider": _text("raw_itt_provider"),
        "lead_mentor": itemgetter("lead_mentor"),
        "funded_place": itemgetter("funded_place"),
        "created_at": itemgetter("created"),
        "updated_at": itemgetter("changed_at"),
        "schedule_identifier": itemgetter("schedule__identifier"),
        "works_as_senco": lambda row: {"yes": True, "no": False}.get(row["senco_in_role"]),
        "senco_start_date": lambda row: row["senco_start_date"].isoformat() if row["senco_start_date"] else None,
    },
)


def application_rows(qs: QuerySet[Application]) -> QuerySet[Application, dict[str, Any]]:
    """One query: the columns an application resource needs, joined, in ``qs``'s order."""
    rows: QuerySet[Application, dict[str, Any]] = qs.values(*APPLICATION_COLUMNS, **COMPUTED)
    return rows


def application(row: Row) -> dict[str, Any]:
    return {"id": str(row["ecf_id"]), "type": "npq_application", "attributes": _build(APPLICATION_ATTRIBUTES, row)}


def applications(qs: QuerySet[Application]) -> list[dict[str, Any]]:
    """Every application of ``qs`` as a resource, in ``qs``'s order, in one query."""
    return [application(row) for row in application_rows(qs)]


def applications_in_order(qs: QuerySet[Application], ids: list[int]) -> list[dict[str, Any]]:
    """The applications of ``qs`` among ``ids``, in the order of ``ids``, in one query."""
    found = {row["id"]: row for row in application_rows(qs.filter(AnyOf(F("pk"), ids)))}
    return [application(found[i]) for i in ids if i in found]


def application_of(app: Application) -> dict[str, Any]:
    """One application as a resource (after an action), read again in one query."""
    return applications(Application.objects.filter(pk=app.pk))[0]


# Participants ---------------------------------------------------------------------------------
ENROLMENT_COLUMNS = (
    "id",
    "ecf_id",
    "user_id",
    "user__ecf_id",
    "user__email",
    "user__full_name",
    "user__trn",
    "course__identifier",
    "schedule__identifier",
    "cohort__start_year",
    "cohort__suffix",
    "eligible_for_funding",
    "training_status",
    "school__urn",
    "targeted_delivery_funding_eligibility",
    "funded_place",
)
ENROLMENT_COMPUTED = {
    # Timestamps as the contract writes them (so the latest of a person's is the greatest text).
    "changed_at": ContractTimestamp(Greatest("updated_at", "user__updated_at")),  # the enrolment or its person
    "started_at": ContractTimestamp(Coalesce("accepted_at", "created_at")),
}
REASONED = ("withdrawn", "deferred")  # training statuses whose latest change is shown with its reason

ENROLMENT_FIELDS = _fields(
    schemas.Enrolment,
    {
        "email": _text("user__email"),
        "course_identifier": itemgetter("course__identifier"),
        "schedule_identifier": itemgetter("schedule__identifier"),
        "cohort": lambda row: str(row["cohort__start_year"]),
        "cohort_suffix": itemgetter("cohort__suffix"),
        "npq_application_id": lambda row: str(row["ecf_id"]),
        "eligible_for_funding": itemgetter("eligible_for_funding"),
        "training_status": lambda row: row["training_status"] or "active",
        "school_urn": itemgetter("school__urn"),
        "targeted_delivery_funding_eligibility": itemgetter("targeted_delivery_funding_eligibility"),
        "funded_place": itemgetter("funded_place"),
        "withdrawal": lambda row: row["latest"] if row["training_status"] == "withdrawn" else None,
        "deferral": lambda row: row["latest"] if row["training_status"] == "deferred" else None,
        "created_at": itemgetter("started_at"),
    },
)
ID_CHANGE_FIELDS = _fields(
    IdChange,
    {
        "from_participant_id": lambda row: str(row["from_participant_id"]),
        "to_participant_id": lambda row: str(row["to_participant_id"]),
        "changed_at": itemgetter("changed"),
    },
)
PARTICIPANT_ATTRIBUTES = _fields(
    schemas.ParticipantAttributes,
    {
        "full_name": lambda person: person["enrolments"][0]["user__full_name"],
        "previous_names": lambda person: [],
        "teacher_reference_number": lambda person: _blank(person["enrolments"][0]["user__trn"]),
        "updated_at": lambda person: max(
            [e["changed_at"] for e in person["enrolments"]] + [c["changed"] for c in person["changes"]]
        ),
        "npq_enrolments": lambda person: [_build(ENROLMENT_FIELDS, e) for e in person["enrolments"]],
        "participant_id_changes": lambda person: [_build(ID_CHANGE_FIELDS, c) for c in person["changes"]],
    },
)


def _latest_reasons(enrolments: list[Row]) -> None:
    """Set ``latest`` on each enrolment: its latest change to its current status, if that is reasoned."""
    wanted = [e["id"] for e in enrolments if e["training_status"] in REASONED]
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    if wanted:
        states = (
            ApplicationState.objects.filter(AnyOf(F("application_id"), wanted), state__in=REASONED)
            .order_by("created_at", "id")
            .values_list("application_id", "state", "reason", "created_at")
        )
        for application_id, state, reason, created_at in states:
            latest[(application_id, state)] = {"reason": reason, "date": iso(created_at)}
    for enrolment in enrolments:
        enrolment["latest"] = latest.get((enrolment["id"], enrolment["training_status"]))


def participants(provider_id: int, user_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The participants ``user_ids`` (in that order) with their accepted applications at this provider,
    in at most three queries. A person with no accepted application here is left out."""
    user_ids = list(user_ids)
    if not user_ids:
        return []
    enrolments = list(
        Application.objects.filter(
            lead_provider_id=provider_id,
            lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        )
        .filter(AnyOf(F("user_id"), user_ids))
        .order_by("user_id", "accepted_at", "id")
        .values(*ENROLMENT_COLUMNS, **ENROLMENT_COMPUTED)
    )
    _latest_reasons(enrolments)
    people: dict[int, Row] = {}
    for enrolment in enrolments:
        people.setdefault(enrolment["user_id"], {"enrolments": [], "changes": []})["enrolments"].append(enrolment)
    changes = (
        ParticipantIdChange.objects.filter(AnyOf(F("user_id"), list(people)))
        .order_by("changed_at", "id")
        .values("user_id", "from_participant_id", "to_participant_id", changed=ContractTimestamp("changed_at"))
    )
    for change in changes:
        people[change["user_id"]]["changes"].append(change)
    return [participant(people[i]) for i in user_ids if i in people]


def participant(person: Row) -> dict[str, Any]:
    """``person``: {"enrolments": rows of :data:`ENROLMENT_COLUMNS` (one at least), "changes": id changes}."""
    return {
        "id": str(person["enrolments"][0]["user__ecf_id"]),
        "type": "npq-participant",
        "attributes": _build(PARTICIPANT_ATTRIBUTES, person),
    }
