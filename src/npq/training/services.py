"""Training use cases: accept, reject, change funded place, defer, resume, withdraw, change schedule.

Each runs in one transaction, locks what it changes, asks ``rules``, appends history and audits.
The caller passes the application already scoped to its provider (``npq.api.scoping``).
"""

from django.db import transaction

from npq.core import audit, clock
from npq.core.errors import InvalidTransition, ValidationFailed
from npq.people.models import User
from npq.reference.models import DeliveryPartner, LeadProvider, Schedule
from npq.registration.models import Application, ApprovalStatus, RejectionReason
from npq.training import hooks, rules
from npq.training.models import ApplicationState, PartnerAccess

FIELDS = [
    "lead_provider_approval_status",
    "training_status",
    "schedule_id",
    "funded_place",
    "accepted_at",
    "reason_for_rejection",
    "cohort_id",
]


def _fail(
    problem: rules.Problem | None, cls: type[ValidationFailed] | type[InvalidTransition] = ValidationFailed
) -> None:
    if problem is not None:
        field, message = problem
        raise cls(message, field=field)


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("course", "cohort", "schedule__cohort", "lead_provider", "user")
        .get(pk=application.pk)
    )


def _save(app: Application, actor: audit.Actor, action: str, before: dict[str, object]) -> None:
    app.save()
    b, a = audit.changes(before, audit.snapshot(app, FIELDS))
    audit.record(actor, action, app, before=b, after=a)


def _state(app: Application, state: str, reason: str, actor: audit.Actor) -> None:
    ApplicationState.objects.create(
        application=app,
        lead_provider_id=app.lead_provider_id,
        state=state,
        reason=reason,
        created_at=clock.now(),
        actor=actor.label[:200],
    )


def accept_application(
    application: Application,
    actor: audit.Actor,
    *,
    funded_place: bool | None = None,
    schedule_identifier: str | None = None,
) -> Application:
    with transaction.atomic():
        # Lock the person first: two providers accepting the same person's applications queue here.
        person = User.objects.select_for_update().get(pk=application.user_id)
        app = _locked(application)
        before = audit.snapshot(app, FIELDS)
        people = [person.pk]
        if person.trn:
            people += list(User.objects.filter(trn=person.trn).exclude(pk=person.pk).values_list("pk", flat=True))
        others = (
            Application.objects.filter(
                user_id__in=people, cohort=app.cohort, lead_provider_approval_status=ApprovalStatus.ACCEPTED
            )
            .exclude(pk=app.pk)
            .exclude(training_status=rules.Status.WITHDRAWN)
            .values_list("course__identifier", flat=True)
        )
        other_accepted = any(rules.same_family(c, app.course.identifier) for c in others)
        _fail(rules.accept_problem(app.lead_provider_approval_status, other_accepted), InvalidTransition)
        funding = rules.Funding(app.cohort.funding)
        _fail(rules.funded_place_problem(funding, funded_place, app.eligible_for_funding))
        if funded_place and not hooks.funded_place_available(app):
            raise ValidationFailed(
                f"{app.lead_provider.name} has no funded places left for {app.course.identifier} in cohort "
                f"{app.cohort.identifier}",
                field="funded_place",
            )
        available = {s.identifier: s for s in Schedule.objects.filter(cohort=app.cohort)}
        if schedule_identifier:
            schedule = available.get(schedule_identifier)
            if schedule is None or schedule.course_group != app.course.group:
                raise ValidationFailed(
                    f"The schedule {schedule_identifier} does not exist for {app.course.identifier} in cohort "
                    f"{app.cohort.identifier}",
                    field="schedule_identifier",
                )
        else:
            chosen = rules.auto_schedule(
                app.course.group, app.cohort.start_year, app.cohort.suffix, clock.today(), frozenset(available)
            )
            if chosen is None:
                raise ValidationFailed(
                    f"No schedule fits {app.course.identifier} in cohort {app.cohort.identifier}",
                    field="schedule_identifier",
                )
            schedule = available[chosen]
        app.lead_provider_approval_status = ApprovalStatus.ACCEPTED
        app.training_status = rules.Status.ACTIVE
        app.accepted_at = clock.now()
        app.schedule = schedule
        if funding is not rules.Funding.FULL:
            app.funded_place = funded_place
        _save(app, actor, "application.accepted", before)
        _state(app, rules.Status.ACTIVE, "", actor)
        siblings = (
            Application.objects.select_for_update()
            .filter(user=person, cohort=app.cohort, lead_provider_approval_status=ApprovalStatus.PENDING)
            .exclude(pk=app.pk)
            .select_related("course")
        )
        for other in siblings:
            if rules.same_family(other.course.identifier, app.course.identifier):
                other_before = audit.snapshot(other, FIELDS)
                other.lead_provider_approval_status = ApprovalStatus.REJECTED
                other.reason_for_rejection = RejectionReason.OTHER_APPLICATION_ACCEPTED
                _save(other, actor, "application.rejected", other_before)
    return app


def reject_application(application: Application, actor: audit.Actor) -> Application:
    with transaction.atomic():
        app = _locked(application)
        before = audit.snapshot(app, FIELDS)
        _fail(
            rules.reject_problem(app.lead_provider_approval_status, bool(hooks.live_declarations(app))),
            InvalidTransition,
        )
        app.lead_provider_approval_status = ApprovalStatus.REJECTED
        app.reason_for_rejection = RejectionReason.REJECTED_BY_PROVIDER
        _save(app, actor, "application.rejected", before)
    return app


def change_funded_place(application: Application, actor: audit.Actor, funded_place: bool) -> Application:
    with transaction.atomic():
        app = _locked(application)
        before = audit.snapshot(app, FIELDS)
        _fail(
            rules.change_funded_place_problem(
                app.lead_provider_approval_status,
                rules.Funding(app.cohort.funding),
                funded_place,
                app.eligible_for_funding,
                bool(hooks.live_declarations(app)),
            )
        )
        if funded_place and not app.funded_place and not hooks.funded_place_available(app):
            raise ValidationFailed(
                f"{app.lead_provider.name} has no funded places left for {app.course.identifier} "
                f"in cohort {app.cohort.identifier}",
                field="funded_place",
            )
        app.funded_place = funded_place
        _save(app, actor, "application.funded_place_changed", before)
    return app


def _training_action(
    application: Application, actor: audit.Actor, action: rules.Action, reason: str = ""
) -> Application:
    with transaction.atomic():
        app = _locked(application)
        before = audit.snapshot(app, FIELDS)
        if action is rules.Action.DEFER and reason not in rules.DEFER_REASONS:
            raise ValidationFailed(f"'#/reason' must be one of {', '.join(rules.DEFER_REASONS)}", field="reason")
        if action is rules.Action.WITHDRAW and reason not in rules.WITHDRAW_REASONS:
            raise ValidationFailed("'#/reason' is not a withdrawal reason of the API", field="reason")
        current = rules.Status(app.training_status or rules.Status.ACTIVE)
        types = frozenset(kind for kind, _when in hooks.live_declarations(app))
        _fail(rules.transition_problem(action, current, types), InvalidTransition)
        app.training_status = rules.TRANSITIONS[(action, current)]
        _save(app, actor, f"participant.{rules._past(action)}", before)
        _state(app, app.training_status, reason, actor)
    return app


def defer_participant(application: Application, actor: audit.Actor, reason: str) -> Application:
    return _training_action(application, actor, rules.Action.DEFER, reason)


def resume_participant(application: Application, actor: audit.Actor) -> Application:
    return _training_action(application, actor, rules.Action.RESUME)


def withdraw_participant(application: Application, actor: audit.Actor, reason: str) -> Application:
    return _training_action(application, actor, rules.Action.WITHDRAW, reason)


def change_schedule(
    application: Application, actor: audit.Actor, schedule_identifier: str, cohort_year: int | None = None
) -> Application:
    with transaction.atomic():
        app = _locked(application)
        before = audit.snapshot(app, FIELDS)
        # The cohort year asked for, else the current schedule's, else the application's. Within a
        # year, the application's own cohort first (a change of schedule alone never moves a
        # participant between cohorts a and b), then the latest suffix.
        year = cohort_year or (app.schedule.cohort.start_year if app.schedule else app.cohort.start_year)
        candidates = list(
            Schedule.objects.filter(identifier=schedule_identifier, cohort__start_year=year)
            .select_related("cohort")
            .order_by("-cohort__suffix")
        )
        schedule = next((s for s in candidates if s.cohort_id == app.cohort_id), None) or (
            candidates[0] if candidates else None
        )
        if schedule is None:
            raise ValidationFailed(
                f"The schedule {schedule_identifier} does not exist in cohort {year}", field="schedule_identifier"
            )
        live = tuple(hooks.live_declarations(app))
        change = rules.ScheduleChange(
            status=rules.Status(app.training_status or rules.Status.ACTIVE),
            current_schedule=app.schedule.identifier if app.schedule else None,
            new_schedule=schedule.identifier,
            new_group=schedule.course_group,
            course_group=app.course.group,
            cohort_changes=schedule.cohort_id != app.cohort_id,
            from_funding=rules.Funding(app.cohort.funding),
            to_funding=rules.Funding(schedule.cohort.funding),
            new_applies_from=schedule.applies_from,
            new_allowed_types=frozenset(schedule.allowed_declaration_types),
            live_declarations=live,
            has_contract=hooks.provider_has_contract(app, schedule.cohort_id),
        )
        problems = rules.change_schedule_problems(change)
        if problems:
            field, message = problems[0]
            raise ValidationFailed("; ".join(m for _f, m in problems), field=field)
        if change.cohort_changes:
            if change.from_funding is rules.Funding.FULL and change.to_funding is rules.Funding.CAPPED:
                app.funded_place = app.eligible_for_funding
            if change.to_funding is rules.Funding.ZERO:
                app.funded_place = False
            app.cohort = schedule.cohort
        app.schedule = schedule
        _save(app, actor, "participant.schedule_changed", before)
    return app


def grant_partner_access(
    actor: audit.Actor, lead_provider: LeadProvider, partner: DeliveryPartner, can_act: bool
) -> None:
    """A provider lets a delivery partner's staff act on the participants they see, or takes it back."""
    with transaction.atomic():
        access, _ = PartnerAccess.objects.select_for_update().get_or_create(
            lead_provider=lead_provider,
            delivery_partner=partner,
            defaults={"granted_at": clock.now(), "granted_by": actor.label[:200]},
        )
        before = access.can_act
        access.can_act, access.granted_at, access.granted_by = can_act, clock.now(), actor.label[:200]
        access.save()
        audit.record(actor, "partner_access.changed", access, before={"can_act": before}, after={"can_act": can_act})
