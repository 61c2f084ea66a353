"""Use cases for declarations: record (idempotent, never twice), void, change delivery partner."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from npq.core import audit, clock
from npq.core.errors import NotFound, PermissionDenied, ValidationFailed
from npq.core.identifiers import is_uuid
from npq.declarations import hooks, rules, states
from npq.declarations.lookups import find_declared_application, withdrawn_on
from npq.declarations.models import Declaration, OutcomeState, ParticipantOutcome
from npq.declarations.serializers import hold_related
from npq.declarations.states import change_state
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


@dataclass(frozen=True)
class Partners:
    """The delivery partners a request names: those that exist, and those working with the provider in the
    cohort. Only the named ids are looked up; the rules ask no more than whether each is in these sets."""

    found: dict[str, DeliveryPartner]
    in_partnership: frozenset[str]

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.found)


def _partners(provider: LeadProvider, cohort_id: int, *ids: str | None) -> Partners:
    wanted = {i for i in ids if i and is_uuid(i)}
    if not wanted:
        return Partners({}, frozenset())
    partnership = DeliveryPartnership.objects.filter(
        delivery_partner=OuterRef("pk"), lead_provider=provider, cohort_id=cohort_id
    )
    rows = list(DeliveryPartner.objects.filter(ecf_id__in=wanted).annotate(partnered=Exists(partnership)).order_by())
    found: dict[str, DeliveryPartner] = {str(p.ecf_id): p for p in rows}
    return Partners(found, frozenset(str(p.ecf_id) for p in rows if p.partnered))


def _same_request(d: Declaration, data: DeclarationInput) -> bool:
    return (
        d.declaration_date == data.declaration_date
        and str(d.delivery_partner.ecf_id if d.delivery_partner else None) == str(data.delivery_partner_id)
        and str(d.secondary_delivery_partner.ecf_id if d.secondary_delivery_partner else None)
        == str(data.secondary_delivery_partner_id)
    )


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


def record_declaration(
    provider: LeadProvider, actor: audit.Actor, data: DeclarationInput, today: dt.date | None = None
) -> tuple[Declaration, bool]:
    """Record a declaration, or return the one an identical earlier request made (created=False).

    The application row is locked first, so concurrent requests for one participant queue one
    behind the other; then the idempotency check, every rule, the contract and the open statement,
    and the writes: declaration, its state history, the output line and the audit event."""
    today = today or clock.today()
    now = clock.now()
    with transaction.atomic():
        application = find_declared_application(provider, data.participant_id, data.course_identifier)
        declarations = list(
            Declaration.objects.select_related("delivery_partner", "secondary_delivery_partner").filter(
                application=application, state__in=[*rules.LIVE, rules.State.INELIGIBLE]
            )
        )
        first = next(
            (d for d in declarations if d.declaration_type == data.declaration_type and _same_request(d, data)),
            None,
        )
        if first is not None:
            return first, False
        live = [d for d in declarations if d.state in rules.LIVE]
        return _create(provider, actor, application, live, data, today, now), True


def _create(
    provider: LeadProvider,
    actor: audit.Actor,
    application: Application,
    live: list[Declaration],
    data: DeclarationInput,
    today: dt.date,
    now: dt.datetime,
) -> Declaration:
    schedule = application.schedule
    partners = _partners(provider, application.cohort_id, data.delivery_partner_id, data.secondary_delivery_partner_id)
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
        partners_in_partnership=partners.in_partnership,
        partner_ids_known=partners.known,
    )
    problems = rules.assess_declaration(request)
    ledger = hooks.ledger.ask()
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
    statement = ledger.claim_open_statement(provider, application.cohort, today) if fundable else None
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
    history = states.opening_change(state, "duplicate declaration" if original else "fundable", now)
    primary = partners.found.get(data.delivery_partner_id or "")
    secondary = partners.found.get(data.secondary_delivery_partner_id or "")
    try:
        # No savepoint: if the unique index refuses the row, the whole transaction rolls back.
        declaration = Declaration.objects.create(
            application=application,
            participant=application.user,
            lead_provider=provider,
            cohort=application.cohort,
            course=application.course,
            declaration_type=data.declaration_type,
            declaration_date=data.declaration_date,
            state=state,
            state_reason="duplicate_declaration" if original else "",
            superseded_by=original,
            delivery_partner=primary,
            secondary_delivery_partner=secondary,
            created_at=now,
            updated_at=now,
        )
    except IntegrityError as error:  # a concurrent request won the race: the unique index stopped a second one
        raise DeclarationRefused(
            [("base", f"A {data.declaration_type} declaration has already been submitted")]
        ) from error
    if history is not None:
        history.declaration = declaration
        history.save()
    lines = []
    if state == rules.State.ELIGIBLE and statement is not None and contract is not None:
        lines.append(ledger.add_output_line(declaration, statement, contract, now, claimed=True))
    outcomes = []
    if data.declaration_type == rules.DeclarationType.COMPLETED and data.has_passed is not None:
        outcomes.append(
            ParticipantOutcome.objects.create(
                declaration=declaration,
                state=OutcomeState.PASSED if data.has_passed else OutcomeState.FAILED,
                completion_date=data.declaration_date.date(),
                created_at=now,
            )
        )
    audit.record(actor, "declaration.created", declaration, after=audit.snapshot(declaration))
    hold_related(declaration, lines, outcomes)
    hooks.declaration_changed.tell(declaration, actor)  # e.g. released assessment results become its outcome
    if outcomes:
        hooks.outcome_changed.tell(declaration, actor)
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
        hooks.ledger.ask().take_back(declaration, today, now, reason=f"declaration voided by {actor.label}")
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
            hooks.declaration_changed.tell(declaration, actor)  # released results note they lost their declaration
            hooks.outcome_changed.tell(declaration, actor)
        audit.record(actor, "declaration.voided", declaration, before={"state": before}, after={"state": target})
    return declaration


def change_delivery_partner(
    provider: LeadProvider, actor: audit.Actor, declaration_id: str, primary: str | None, secondary: str | None
) -> Declaration:
    with transaction.atomic():
        declaration = _own_declaration(provider, declaration_id, lock=True)
        application = declaration.application
        partners = _partners(provider, application.cohort_id, primary, secondary)
        problems = rules.assess_delivery_partners(
            declaration.cohort.start_year,
            application.teacher_catchment in IN_ENGLAND,
            primary,
            secondary,
            partners.known,
            partners.in_partnership,
        )
        if not primary:
            problems.insert(0, ("delivery_partner_id", "Enter a delivery partner"))
        if problems:
            raise DeclarationRefused(problems)
        before = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        declaration.delivery_partner = partners.found.get(primary or "")
        declaration.secondary_delivery_partner = partners.found.get(secondary or "")
        declaration.updated_at = clock.now()
        declaration.save(update_fields=["delivery_partner", "secondary_delivery_partner", "updated_at"])
        after = audit.snapshot(declaration, ["delivery_partner_id", "secondary_delivery_partner_id"])
        audit.record(actor, "declaration.delivery_partner_changed", declaration, before=before, after=after)
    return declaration
