"""Submit a registration, refuse duplicates, and change one in place before a provider accepts."""

import datetime as dt
from typing import Any

from django.db import transaction

from npq.core import audit, clock, mail
from npq.core.errors import Conflict, InvalidTransition, ValidationFailed
from npq.people.models import User
from npq.reference.models import Cohort, Course, CourseOffering, LeadProvider
from npq.registration import rules
from npq.registration.models import (
    Application,
    ApprovalStatus,
    RejectionReason,
    ReviewStatus,
)
from npq.registration.rules import guide
from npq.registration.services import drafts, eligibility

AUDITED = [
    "course_id",
    "lead_provider_id",
    "cohort_id",
    "school_id",
    "eligible_for_funding",
    "funding_eligibility_status_code",
    "funding_choice",
    "review_status",
    "lead_provider_approval_status",
]


class DuplicateRegistration(Conflict):
    code = "duplicate_registration"

    def __init__(self, existing: Application) -> None:
        super().__init__(
            f"You have already registered for {existing.course.name} in the {existing.cohort.description} "
            f"(application {existing.ecf_id})"
        )
        self.existing = existing


def live_registrations(user: User) -> Any:
    """Registrations that still count: not withdrawn and not rejected."""
    return (
        Application.objects.filter(user=user, withdrawn_at__isnull=True)
        .exclude(lead_provider_approval_status=ApprovalStatus.REJECTED)
        .select_related("course", "cohort", "lead_provider", "school")
    )


def existing_registration(user: User, course: Course, cohort: Cohort, exclude_id: int | None = None) -> Any:
    family = [rules.EHCO, rules.ASO] if rules.course_family(course.identifier) == rules.EHCO else [course.identifier]
    found = live_registrations(user).filter(course__identifier__in=family, cohort=cohort)
    return found.exclude(pk=exclude_id).first() if exclude_id else found.first()


# The UK nations and Crown dependencies at the top of the country list, stored as the API's catchments.
UK_NATIONS = {
    "Scotland": "scotland",
    "Wales": "wales",
    "Northern Ireland": "northern_ireland",
    "Jersey, Guernsey or the Isle of Man": "jersey_guernsey_isle_of_man",
}
HEADTEACHER_STATUS = {("yes", "yes"): "yes_in_first_five_years", ("yes", "no"): "yes_over_five_years"}


def _fields_from(answers: dict[str, Any], decision: rules.Decision, cohort: Cohort) -> dict[str, Any]:
    setting = answers.get("work_setting", "")
    school = eligibility.workplace(answers)
    is_ehco = rules.course_family(answers["course"]) == rules.EHCO
    senco_start = answers.get("senco_start_date")
    return {
        "school": school,
        "ukprn": school.ukprn if school else "",
        "private_childcare_provider_urn": answers.get("ofsted_urn", ""),
        "private_childcare_provider": eligibility.childcare_provider(answers),
        "eligible_for_funding": decision.funded,
        "funding_eligibility_status_code": decision.code.value,
        "funding_choice": "" if decision.funded else answers.get("funding_choice", ""),
        "funded_place": False if cohort.funding == Cohort.Funding.ZERO else None,
        "targeted_delivery_funding_eligibility": False,
        "headteacher_status": (
            HEADTEACHER_STATUS.get((answers.get("ehco_headteacher", ""), answers.get("ehco_new_headteacher", "")), "no")
            if is_ehco
            else ""
        ),
        "work_setting": setting,
        "kind_of_nursery": answers.get("kind_of_nursery", ""),
        "employment_type": answers.get("employment_type", ""),
        "employment_role": answers.get("employment_role", ""),
        "employer_name": answers.get("employer_name", ""),
        "works_in_school": setting in rules.SCHOOL_SETTINGS,
        "works_in_childcare": setting == rules.WorkSetting.EARLY_YEARS_OR_CHILDCARE,
        "lead_mentor": answers.get("employment_type") == rules.Employment.LEAD_MENTOR,
        "teacher_catchment": UK_NATIONS.get(answers.get("teacher_catchment_country", ""), "another")
        if answers.get("teacher_catchment") == "another"
        else answers.get("teacher_catchment", ""),
        "teacher_catchment_country": answers.get("teacher_catchment_country", "")
        if answers.get("teacher_catchment") != "england"
        else "",
        "senco_in_role": answers.get("senco_in_role", ""),
        "senco_start_date": dt.date.fromisoformat(senco_start) if senco_start else None,
        "review_status": ReviewStatus.NEEDS_REVIEW if decision.subject_to_review else "",
        "raw_application_data": {
            **{k: v for k, v in answers.items() if not k.startswith("_")},
            "guide_suggestion_taken": guide.took_suggestion(answers.get("guide_suggestions") or [], answers["course"]),
        },
    }


def _check_offered(course: Course, cohort: Cohort, provider: LeadProvider) -> None:
    if not CourseOffering.objects.filter(course=course, cohort=cohort, lead_provider=provider).exists():
        raise ValidationFailed(
            f"{provider.name} does not offer {course.name} in the {cohort.description}", field="lead_provider"
        )


def _email(user: User, subject: str, body: str, kind: str = "registration") -> None:
    mail.send(user.email, subject, body, kind=kind)


def submit_registration(user: User, answers: dict[str, Any]) -> Application:
    """Create the pending application from complete answers, with its funding decision."""
    cohort = Cohort.objects.get(identifier=answers["cohort"])
    course = Course.objects.get(identifier=answers["course"])
    provider = LeadProvider.objects.get(pk=answers["lead_provider"])
    _check_offered(course, cohort, provider)
    if answers.get("consent") != "yes":
        raise ValidationFailed("Confirm that you agree to share your information with your provider", field="consent")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # one submission at a time per person
        existing = existing_registration(user, course, cohort)
        if existing is not None:
            raise DuplicateRegistration(existing)
        decision = eligibility.assess(answers, user, cohort=cohort, course=course)
        application = Application.objects.create(
            user=user, course=course, cohort=cohort, lead_provider=provider, **_fields_from(answers, decision, cohort)
        )
        audit.record(
            audit.Actor.person(user), "application.submitted", application, after=audit.snapshot(application, AUDITED)
        )
        _update_person(user, answers)
        drafts.end_draft(user, str(application.ecf_id))
        _email(
            user,
            "Your NPQ registration",
            f"You have registered for {course.name} with {provider.name} ({cohort.description}).\n\n"
            f"Funding: {decision.explanation}\n\n{provider.name} will contact you about your application. "
            "Registering is not a place on the course until they accept it.",
        )
    return application


def _update_person(user: User, answers: dict[str, Any]) -> None:
    before = audit.snapshot(user, ["full_name", "trn", "date_of_birth"])
    if answers.get("full_name"):
        user.full_name = answers["full_name"]
    if answers.get("trn"):
        user.trn = rules.clean_trn(answers["trn"])
    if answers.get("date_of_birth"):
        user.date_of_birth = dt.date.fromisoformat(answers["date_of_birth"])
    after = audit.snapshot(user, ["full_name", "trn", "date_of_birth"])
    if before != after:
        user.save(update_fields=["full_name", "trn", "date_of_birth", "updated_at"])
        b, a = audit.changes(before, after)
        audit.record(audit.Actor.person(user), "user.details_changed", user, before=b, after=a)


def change_registration(user: User, application: Application, changes: dict[str, str]) -> Application:
    """Change course, provider or workplace before the provider accepts. A new provider gets a new
    application; the old one is withdrawn (date and person recorded) so its provider sees why."""
    allowed = {"course", "lead_provider", "school_urn"}
    if not changes or set(changes) - allowed:
        raise ValidationFailed(f"Only {', '.join(sorted(allowed))} can be changed")
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .select_related("course", "cohort", "lead_provider")
            .get(pk=application.pk)
        )
        if app.user_id != user.pk:
            raise InvalidTransition(f"Application {app.ecf_id} is not yours")
        if app.lead_provider_approval_status != ApprovalStatus.PENDING or app.withdrawn_at:
            raise InvalidTransition(
                f"Application {app.ecf_id} is {app.lead_provider_approval_status}: "
                "it can only be changed while it waits for the provider"
            )
        answers = {**app.raw_application_data, "cohort": app.cohort.identifier, "_application_id": app.pk}
        answers.setdefault("course", app.course.identifier)
        answers.setdefault("lead_provider", str(app.lead_provider_id))
        answers.update(changes)
        course = Course.objects.get(identifier=answers["course"])
        provider = LeadProvider.objects.get(pk=answers["lead_provider"])
        _check_offered(course, app.cohort, provider)
        if eligibility.workplace(answers) is None and "school_urn" in changes:
            raise ValidationFailed(f"No school has the URN {changes['school_urn']}", field="school_urn")
        duplicate = existing_registration(user, course, app.cohort, exclude_id=app.pk)
        if duplicate is not None:
            raise DuplicateRegistration(duplicate)
        decision = eligibility.assess(answers, user, cohort=app.cohort, course=course)
        fields = _fields_from(answers, decision, app.cohort)
        actor = audit.Actor.person(user)
        if provider.pk != app.lead_provider_id:
            new = Application.objects.create(
                user=user, course=course, cohort=app.cohort, lead_provider=provider, **fields
            )
            before = audit.snapshot(app, AUDITED)
            app.lead_provider_approval_status = ApprovalStatus.REJECTED
            app.reason_for_rejection = RejectionReason.WITHDRAWN_BY_PARTICIPANT
            app.withdrawn_at, app.withdrawn_by, app.replaced_by = clock.now(), user, new
            app.save()
            audit.record(
                actor,
                "application.withdrawn_by_participant",
                app,
                before=before,
                after={**audit.snapshot(app, AUDITED), "replaced_by": str(new.ecf_id)},
            )
            audit.record(
                actor, "application.submitted", new, after={**audit.snapshot(new, AUDITED), "replaces": str(app.ecf_id)}
            )
            return new
        before = audit.snapshot(app, AUDITED)
        for name, value in fields.items():
            setattr(app, name, value)
        app.course = course
        app.save()
        b, a = audit.changes(before, audit.snapshot(app, AUDITED))
        audit.record(
            actor, "application.changed_by_participant", app, before=b, after={**a, "changed": sorted(changes)}
        )
        return app


def withdraw_registration(user: User, application: Application) -> Application:
    """The person withdraws a registration before the provider decides on it. The provider sees it
    rejected with the reason withdrawn_by_participant; the date and person are kept."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("course", "lead_provider").get(pk=application.pk)
        if app.user_id != user.pk:
            raise InvalidTransition(f"Application {app.ecf_id} is not yours")
        if app.lead_provider_approval_status != ApprovalStatus.PENDING or app.withdrawn_at:
            raise InvalidTransition(
                f"Application {app.ecf_id} is {app.lead_provider_approval_status}: "
                "it can only be withdrawn while it waits for the provider"
            )
        before = audit.snapshot(app, AUDITED)
        app.lead_provider_approval_status = ApprovalStatus.REJECTED
        app.reason_for_rejection = RejectionReason.WITHDRAWN_BY_PARTICIPANT
        app.withdrawn_at, app.withdrawn_by = clock.now(), user
        app.save()
        audit.record(
            audit.Actor.person(user),
            "application.withdrawn_by_participant",
            app,
            before=before,
            after=audit.snapshot(app, AUDITED),
        )
        _email(
            user,
            "You have withdrawn your NPQ registration",
            f"You withdrew your registration for {app.course.name} with {app.lead_provider.name}. "
            "You can register again at any time.",
        )
    return app
