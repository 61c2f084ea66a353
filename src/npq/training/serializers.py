"""Contract-shaped dicts from models. Querysets passed in must come from ``prepare_*`` so that a
page of any size costs a fixed number of queries."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from npq.api.scoping import iso
from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application, ApprovalStatus
from npq.registration.rules import trn_validated
from npq.training.models import ApplicationState

UK = {"england", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man"}


def _blank(value: Any) -> Any:
    return value if value not in ("", None) else None


def _later(*moments: Any) -> Any:
    return max(m for m in moments if m is not None)


def prepare_applications(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("user", "course", "cohort", "schedule", "school")


def application(app: Application) -> dict[str, Any]:
    user = app.user
    catchment = app.teacher_catchment
    eligible = app.eligible_for_funding
    reason = None
    if not eligible:
        code = app.funding_eligibility_status_code or ""
        reason = "previously-funded" if code.startswith("previously") else "establishment-ineligible"
    raw = app.raw_application_data or {}
    return {
        "id": str(app.ecf_id),
        "type": "npq_application",
        "attributes": {
            "course_identifier": app.course.identifier,
            "email": _blank(user.email),
            "email_validated": True,
            "employer_name": _blank(app.employer_name),
            "employment_role": _blank(app.employment_role),
            "full_name": user.full_name,
            "funding_choice": _blank(app.funding_choice),
            "headteacher_status": _blank(app.headteacher_status),
            "ineligible_for_funding_reason": reason,
            "participant_id": str(user.ecf_id),
            "private_childcare_provider_urn": _blank(app.private_childcare_provider_urn),
            "teacher_reference_number": _blank(user.trn),
            "teacher_reference_number_validated": trn_validated(user.trn),
            "school_urn": app.school.urn if app.school else None,
            "school_ukprn": _blank(app.ukprn) or (_blank(app.school.ukprn) if app.school else None),
            "status": app.lead_provider_approval_status,
            "reason_for_rejection": _blank(app.reason_for_rejection),
            "works_in_school": app.works_in_school,
            "cohort": str(app.cohort.start_year),
            "cohort_suffix": app.cohort.suffix,
            "eligible_for_funding": eligible,
            "targeted_delivery_funding_eligibility": app.targeted_delivery_funding_eligibility,
            "teacher_catchment": (catchment in UK) if catchment else None,
            "teacher_catchment_country": _blank(app.teacher_catchment_country),
            "teacher_catchment_iso_country_code": _blank(raw.get("teacher_catchment_iso_country_code")),
            "itt_provider": _blank(raw.get("itt_provider")),
            "lead_mentor": app.lead_mentor,
            "funded_place": app.funded_place,
            "created_at": iso(app.created_at),
            "updated_at": iso(_later(app.updated_at, user.updated_at)),
            "schedule_identifier": app.schedule.identifier if app.schedule else None,
            "works_as_senco": {"yes": True, "no": False}.get(app.senco_in_role),
            "senco_start_date": app.senco_start_date.isoformat() if app.senco_start_date else None,
        },
    }


def prepare_participants(qs: QuerySet[User], provider_id: int) -> QuerySet[User]:
    accepted = (
        Application.objects.filter(lead_provider_id=provider_id, lead_provider_approval_status=ApprovalStatus.ACCEPTED)
        .select_related("course", "cohort", "schedule", "school")
        .prefetch_related(
            Prefetch("states", queryset=ApplicationState.objects.exclude(state="active").order_by("created_at", "id"))
        )
        .order_by("accepted_at", "id")
    )
    return qs.prefetch_related(
        Prefetch("applications", queryset=accepted, to_attr="accepted_here"),
        Prefetch("participant_id_changes", queryset=ParticipantIdChange.objects.order_by("changed_at", "id")),
    )


def _latest(app: Application, state: str) -> dict[str, Any] | None:
    if app.training_status != state:
        return None
    found = [s for s in app.states.all() if s.state == state]
    if not found:
        return None
    return {"reason": found[-1].reason, "date": iso(found[-1].created_at)}


def participant(user: User) -> dict[str, Any]:
    apps: list[Application] = getattr(user, "accepted_here", [])
    changes = list(user.participant_id_changes.all())
    moments = [user.updated_at] + [a.updated_at for a in apps] + [c.changed_at for c in changes]
    return {
        "id": str(user.ecf_id),
        "type": "npq-participant",
        "attributes": {
            "full_name": user.full_name,
            "previous_names": [],
            "teacher_reference_number": _blank(user.trn),
            "updated_at": iso(_later(*moments)),
            "npq_enrolments": [
                {
                    "email": _blank(user.email),
                    "course_identifier": a.course.identifier,
                    "schedule_identifier": a.schedule.identifier if a.schedule else None,
                    "cohort": str(a.cohort.start_year),
                    "cohort_suffix": a.cohort.suffix,
                    "npq_application_id": str(a.ecf_id),
                    "eligible_for_funding": a.eligible_for_funding,
                    "training_status": a.training_status or "active",
                    "school_urn": a.school.urn if a.school else None,
                    "targeted_delivery_funding_eligibility": a.targeted_delivery_funding_eligibility,
                    "funded_place": a.funded_place,
                    "withdrawal": _latest(a, "withdrawn"),
                    "deferral": _latest(a, "deferred"),
                    "created_at": iso(a.accepted_at or a.created_at),
                }
                for a in apps
            ],
            "participant_id_changes": [
                {
                    "from_participant_id": str(c.from_participant_id),
                    "to_participant_id": str(c.to_participant_id),
                    "changed_at": iso(c.changed_at),
                }
                for c in changes
            ],
        },
    }
