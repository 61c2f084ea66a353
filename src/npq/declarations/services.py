"""Use cases for declarations: record (idempotent, never twice), void, change delivery partner."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from npq.core import audit, clock
from npq.core.errors import NotFound, PermissionDenied, ValidationFailed
from npq.declarations import rules
from npq.declarations.lookups import find_application, resolve_participant, withdrawn_on
from npq.declarations.models import Declaration, OutcomeState, ParticipantOutcome
from npq.declarations.states import change_state
from npq.finance import ledger
from npq.reference.models import DeliveryPartner, DeliveryPartnership, LeadProvider, Milestone
from npq.registration.models import Application


class DeclarationRefused(ValidationFailed):
    """A declaration failed one or more rules; ``problems`` lists them all as (field, message)."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        super().__init__("; ".join(m for _, m in problems), field=problems[0][0])
        self.problems = problems


@dataclass(frozen=True)
class DeclarationInput:
    participant_id: str
    declaration_type: str
    declaration_date: dt.datetime
    course_identifier: str
    has_passed: bool | None = None
    delivery_partner_id: str | None = None
    secondary_delivery_partner_id: str | None = None


IN_ENGLAND = ("", "england")


def _partner_ids(provider: LeadProvider, application: Application) -> tuple[frozenset[str], frozenset[str]]:
    known = {str(u) for u in DeliveryPartner.objects.values_list("ecf_id", flat=True)}
    partnered = {
        str(u)
        for u in DeliveryPartnership.objects.filter(lead_provider=provider, cohort=application.cohort).values_list(
            "delivery_partner__ecf_id", flat=True
        )
    }
    return frozenset(known), frozenset(partnered)


def _same_request(d: Declaration, data: DeclarationInput) -> bool:
    return (
        d.declaration_date == data.declaration_date
        and str(d.delivery_partner.ecf_id if d.delivery_partner else None) == str(data.delivery_partner_id)
        and str(d.secondary_delivery_partner.ecf_id if d.secondary_delivery_partner else None)
        == str(data.secondary_delivery_partner_id)
    )


def _identical_existing(application: Application, data: DeclarationInput) -> Declaration | None:
    """The first record made by this same request, if it was already made (an idempotent retry)."""
    candidates = Declaration.objects.select_related("delivery_partner", "secondary_delivery_partner").filter(
        application=application,
        declaration_type=data.declaration_type,
        state__in=[*rules.LIVE, rules.State.INELIGIBLE],
    )
    return next((d for d in candidates if _same_request(d, data)), None)


def _duplicate_elsewhere(application: Application, declaration_type: str) -> Declaration | None:
    """A live declaration of the same type and course by another identity of the same person (same TRN)."""
    trn = application.user.trn
    if not trn:
        return None
    return (
        Declaration.objects.filter(
            participant__trn=trn,
            course=application.course,
            declaration_type=declaration_type,
            state__in=rules.LIVE,
            superseded_by__isnull=True,
        )
        .exclude(participant=application.user)
        .order_by("created_at", "id")
        .first()
    )


def _partner(ecf_id: str | None) -> DeliveryPartner | None:
    return DeliveryPartner.objects.filter(ecf_id=ecf_id).first() if ecf_id else None


def record_declaration(
    provider: LeadProvider, actor: audit.Actor, data: DeclarationInput, today: dt.date | None = None
) -> tuple[Declaration, bool]:
    """Record a declaration, or return the one an identical earlier request made (created=False)."""
    today = today or clock.today()
    now = clock.now()
    user = resolve_participant(data.participant_id)
    with transaction.atomic():
        application = find_application(provider, user, data.course_identifier, lock=True)
        first = _identical_existing(application, data)
        if first is not None:
            return first, False
        return _create(provider, actor, application, data, today, now), True


def _create(
    provider: LeadProvider,
    actor: audit.Actor,
    application: Application,
    data: DeclarationInput,
    today: dt.date,
    now: dt.datetime,
) -> Declaration:
    schedule = application.schedule
    live = Declaration.objects.filter(application=application, state__in=rules.LIVE)
    known, partnered = _partner_ids(provider, application)
    milestones = Milestone.objects.filter(schedule=schedule, start_date__isnull=False) if schedule else []
    request = rules.DeclarationRequest(
        declaration_type=data.declaration_type,
        declaration_date=data.declaration_date.date(),
        today=today,
        course_group=application.course.group,
        cohort_start_year=application.cohort.start_year,
        schedule_applies_from=schedule.applies_from if schedule else None,
        allowed_types=tuple(schedule.allowed_declaration_types) if schedule else (),
        has_passed=data.has_passed,
        withdrawn_on=withdrawn_on(application, provider),
        existing=tuple(rules.Existing(d.declaration_type, d.declaration_date.date()) for d in live),
        milestone_starts={m.declaration_type: m.start_date for m in milestones if m.start_date},
        in_england=application.teacher_catchment in IN_ENGLAND,
        delivery_partner_id=data.delivery_partner_id,
        secondary_delivery_partner_id=data.secondary_delivery_partner_id,
        partners_in_partnership=partnered,
        partner_ids_known=known,
    )
    problems = rules.assess_declaration(request)
    contract = ledger.contract_for(provider, application.cohort, application.course)
    if contract is None:
        problems.append(
            (
                "base",
                f"You do not have a contract for {application.course.identifier} in cohort "
                f"{application.cohort.identifier}",
            )
        )
    fundable = rules.is_fundable(application.cohort.funding, application.eligible_for_funding, application.funded_place)
    statement = ledger.next_open_statement(provider, application.cohort, today) if fundable else None
    if fundable and statement is None:
        problems.append(
            (
                "base",
                f"The funding contract for cohort {application.cohort.identifier} has ended: "
                "there is no open output statement",
            )
        )
    if problems:
        raise DeclarationRefused(problems)
    original = _duplicate_elsewhere(application, data.declaration_type)
    state = rules.initial_state(fundable, original is not None)
    try:
        with transaction.atomic():
            declaration = Declaration.objects.create(
                application=application,
                participant=application.user,
                lead_provider=provider,
                cohort=application.cohort,
                course=application.course,
                declaration_type=data.declaration_type,
                declaration_date=data.declaration_date,
                state=rules.State.SUBMITTED,
                delivery_partner=_partner(data.delivery_partner_id),
                secondary_delivery_partner=_partner(data.secondary_delivery_partner_id),
                created_at=now,
                updated_at=now,
            )
    except IntegrityError as error:  # a concurrent request won the race: the unique index stopped a second one
        raise DeclarationRefused(
            [("base", f"A {data.declaration_type} declaration has already been submitted")]
        ) from error
    if state != rules.State.SUBMITTED:
        declaration.superseded_by = original
        declaration.state_reason = "duplicate_declaration" if original else ""
        declaration.save(update_fields=["superseded_by", "state_reason"])
        change_state(declaration, state, "duplicate declaration" if original else "fundable", now)
    if state == rules.State.ELIGIBLE and statement is not None and contract is not None:
        ledger.add_output_line(declaration, statement, contract, now)
    if data.declaration_type == rules.DeclarationType.COMPLETED and data.has_passed is not None:
        ParticipantOutcome.objects.create(
            declaration=declaration,
            state=OutcomeState.PASSED if data.has_passed else OutcomeState.FAILED,
            completion_date=data.declaration_date.date(),
            created_at=now,
        )
    audit.record(actor, "declaration.created", declaration, after=audit.snapshot(declaration))
    return declaration


def _own_declaration(provider: LeadProvider, declaration_id: str, lock: bool = False) -> Declaration:
    query = Declaration.objects.select_for_update() if lock else Declaration.objects
    visible = query.filter(Q(lead_provider=provider) | Q(application__lead_provider=provider))
    declaration = visible.filter(ecf_id=declaration_id).first()
    if declaration is None:
        raise NotFound(f"Declaration {declaration_id} not found")
    if declaration.lead_provider_id != provider.pk:
        raise PermissionDenied(f"Declaration {declaration_id} was made by another lead provider")
    return declaration


def void_declaration(provider: LeadProvider, actor: audit.Actor, declaration_id: str) -> Declaration:
    """Unpaid → voided; paid → awaiting clawback with a clawback line on the next open statement."""
    today, now = clock.today(), clock.now()
    with transaction.atomic():
        declaration = _own_declaration(provider, declaration_id, lock=True)
        before = declaration.state
        target = rules.void_target(rules.State(before))
        if target is None:
            raise ValidationFailed(f"Declaration {declaration.ecf_id} is {before} and cannot be voided", field="id")
        ledger.take_back(declaration, today, now, reason=f"declaration voided by {actor.label}")
        change_state(declaration, target, "voided by provider", now)
        if declaration.declaration_type == rules.DeclarationType.COMPLETED:
            latest = declaration.outcomes.order_by("-created_at", "-id").first()
            if latest is not None and latest.state != OutcomeState.VOIDED:
                ParticipantOutcome.objects.create(
                    declaration=declaration,
                    state=OutcomeState.VOIDED,
                    completion_date=latest.completion_date,
                    created_at=now,
                )
        audit.record(actor, "declaration.voided", declaration, before={"state": before}, after={"state": target})
    return declaration


def change_delivery_partner(
    provider: LeadProvider, actor: audit.Actor, declaration_id: str, primary: str | None, secondary: str | None
) -> Declaration:
    with transaction.atomic():
        declaration = _own_declaration(provider, declaration_id, lock=True)
        application = declaration.application
        known, partnered = _partner_ids(provider, application)
        problems = rules.assess_delivery_partners(
            declaration.cohort.start_year,
            application.teacher_catchment in IN_ENGLAND,
            primary,
            secondary,
            known,
            partnered,
        )
        if not primary:
            problems.insert(0, ("delivery_partner_id", "Enter a delivery partner"))
        if problems:
            raise DeclarationRefused(problems)
        before = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        declaration.delivery_partner = _partner(primary)
        declaration.secondary_delivery_partner = _partner(secondary)
        declaration.updated_at = clock.now()
        declaration.save(update_fields=["delivery_partner", "secondary_delivery_partner", "updated_at"])
        after = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        audit.record(actor, "declaration.delivery_partner_changed", declaration, before=before, after=after)
    return declaration
