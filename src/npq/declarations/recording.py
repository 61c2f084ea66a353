"""Recording declarations, one or many, with every check: the single endpoint is a batch of one.

1. Read what the batch needs in a fixed number of queries, whatever its size: the applications
   (locked, one order), their declarations, withdrawals, the named delivery partners, milestones,
   contracts, open statements (share-locked) and other identities' declarations (``facts``, ``lookups``).
2. Check each item in order, in Python, with the rules (``rules.assess_declaration``): an item sees
   the declarations accepted before it in the same batch, so a repeat or a second declaration of a
   type is answered exactly as if it had been sent after the first.
3. Write every new declaration, state change, payment line, outcome and audit event with one insert
   each, and tell the listeners once, all in one transaction.

Exactly once: the application rows are locked before their declarations are read, so a concurrent
request for the same participant waits and then sees what this one wrote; the partial unique index
(one live declaration per application and type) stops anything that slips past.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import IntegrityError, transaction

from npq.core import audit, clock
from npq.core.errors import Conflict, NPQError, ValidationFailed
from npq.declarations import facts, hooks, lookups, rules, states
from npq.declarations.models import Declaration, DeclarationStateChange, OutcomeState, ParticipantOutcome
from npq.declarations.serializers import hold_related
from npq.reference.models import LeadProvider
from npq.registration.models import Application

IN_ENGLAND = ("", "england")


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


@dataclass(frozen=True)
class Recorded:
    """One item's result: a new declaration, the one an identical earlier request made, or why not."""

    declaration: Declaration | None
    created: bool
    error: NPQError | None = None


def same_request(d: Declaration, data: DeclarationInput) -> bool:
    return (
        d.declaration_date == data.declaration_date
        and str(d.delivery_partner.ecf_id if d.delivery_partner else None) == str(data.delivery_partner_id)
        and str(d.secondary_delivery_partner.ecf_id if d.secondary_delivery_partner else None)
        == str(data.secondary_delivery_partner_id)
    )


def record_declarations(
    provider: LeadProvider, actor: audit.Actor, items: Sequence[DeclarationInput], today: dt.date | None = None
) -> list[Recorded]:
    """Record each item, or say why not; one transaction for all. Never raises for a refused item.

    If the unique index refuses a row (a writer that did not lock the application won a race), nothing
    is recorded: a batch of one is refused as the single endpoint always has, a larger one raises
    :class:`Conflict` so that the whole batch can be sent again."""
    today = today or clock.today()
    now = clock.now()
    try:
        with transaction.atomic():
            batch = _Batch(provider, items, today, now)
            results = [batch.take(item) for item in items]
            batch.write(actor)
    except IntegrityError as error:
        if len(items) == 1:
            refused = DeclarationRefused(
                [("base", f"A {items[0].declaration_type} declaration has already been submitted")]
            )
            return [Recorded(None, False, refused)]
        raise Conflict(
            "Another request recorded one of these declarations at the same moment; send the batch again"
        ) from error
    return results


class _Batch:
    """The facts one batch needs, the checks per item, and the rows to write."""

    def __init__(self, provider: LeadProvider, items: Sequence[DeclarationInput], today: dt.date, now: dt.datetime):
        self.provider, self.today, self.now = provider, today, now
        self.applications = lookups.find_declared_applications(
            provider, {(i.participant_id, i.course_identifier) for i in items}
        )
        self.found = [a for a in self.applications.values() if isinstance(a, Application)]
        self.items = items
        self.withdrawals = lookups.withdrawals(provider, self.found)
        self.declarations = facts.declarations_on(self.found)
        self.ledger = hooks.ledger.ask()
        self.new: list[Declaration] = []
        self.second_wave: set[int] = set()  # positions in ``new`` of duplicates of a declaration in this batch
        self.histories: list[DeclarationStateChange] = []
        self.payments: list[tuple[Declaration, Any, Any]] = []
        self.outcomes: list[ParticipantOutcome] = []

    # Read only when some item is not an identical repeat (a batch sent again reads none of these).

    @cached_property
    def partners(self) -> facts.Partners:
        named = [p for i in self.items for p in (i.delivery_partner_id, i.secondary_delivery_partner_id)]
        return facts.partners(self.provider, {a.cohort_id for a in self.found}, named)

    @cached_property
    def milestones(self) -> dict[int, dict[str, dt.date]]:
        return facts.milestone_starts({a.schedule_id for a in self.found if a.schedule_id})

    @cached_property
    def contracts(self) -> dict[tuple[int, int], Any]:
        return self.ledger.contracts_for(self.provider, {(a.cohort_id, a.course_id) for a in self.found})

    @cached_property
    def statements(self) -> dict[int, Any]:
        fundable = {a.cohort_id for a in self.found if _fundable(a)}
        return self.ledger.claim_open_statements(self.provider, fundable, self.today)

    @cached_property
    def originals(self) -> facts.Originals:
        return facts.originals(self.found, {i.declaration_type for i in self.items})

    def take(self, data: DeclarationInput) -> Recorded:
        application = self.applications[(data.participant_id, data.course_identifier)]
        if isinstance(application, NPQError):
            return Recorded(None, False, application)
        withdrawn_on = self.withdrawals.get(application.pk)
        if isinstance(withdrawn_on, NPQError):
            return Recorded(None, False, withdrawn_on)
        declarations = self.declarations[application.pk]
        first = next(
            (d for d in declarations if d.declaration_type == data.declaration_type and same_request(d, data)), None
        )
        if first is not None:
            return Recorded(first, False)
        live = [d for d in declarations if d.state in rules.LIVE]
        problems = self.problems(application, live, data, withdrawn_on)
        if problems:
            return Recorded(None, False, DeclarationRefused(problems))
        declaration = self.prepare(application, data)
        declarations.append(declaration)
        return Recorded(declaration, True)

    def problems(
        self, application: Application, live: list[Declaration], data: DeclarationInput, withdrawn_on: dt.date | None
    ) -> list[rules.Problem]:
        """Every check on one new declaration, in the order a provider would fix them."""
        schedule = application.schedule
        request = rules.DeclarationRequest(
            declaration_type=data.declaration_type,
            declaration_date=data.declaration_date.date(),
            today=self.today,
            course_group=application.course.group,
            cohort_start_year=application.cohort.start_year,
            schedule_applies_from=schedule.applies_from if schedule else None,
            allowed_types=tuple(schedule.allowed_declaration_types) if schedule else (),
            has_passed=data.has_passed,
            withdrawn_on=withdrawn_on,
            existing=tuple(rules.Existing(d.declaration_type, d.declaration_date.date()) for d in live),
            milestone_starts=self.milestones.get(schedule.pk, {}) if schedule else {},
            in_england=application.teacher_catchment in IN_ENGLAND,
            delivery_partner_id=data.delivery_partner_id,
            secondary_delivery_partner_id=data.secondary_delivery_partner_id,
            partners_in_partnership=self.partners.in_partnership(application.cohort_id),
            partner_ids_known=self.partners.known,
        )
        problems = rules.assess_declaration(request)
        if (application.cohort_id, application.course_id) not in self.contracts:
            problems.append(
                (
                    "base",
                    f"You do not have a contract for {application.course.identifier} in cohort "
                    f"{application.cohort.identifier}",
                )
            )
        if _fundable(application) and application.cohort_id not in self.statements:
            problems.append(
                (
                    "base",
                    f"The funding contract for cohort {application.cohort.identifier} has ended: "
                    "there is no open output statement",
                )
            )
        return problems

    def prepare(self, application: Application, data: DeclarationInput) -> Declaration:
        """The new declaration in its first state, with its history, payment and outcome, not yet written."""
        user = application.user
        original = self.originals.first_elsewhere(user.trn, application.course_id, data.declaration_type, user.pk)
        fundable = _fundable(application)
        state = rules.initial_state(fundable, original is not None)
        history = states.opening_change(state, "duplicate declaration" if original else "fundable", self.now)
        declaration = Declaration(
            application=application,
            participant=user,
            lead_provider=self.provider,
            cohort=application.cohort,
            course=application.course,
            declaration_type=data.declaration_type,
            declaration_date=data.declaration_date,
            state=state,
            state_reason="duplicate_declaration" if original else "",
            delivery_partner=self.partners.found.get(data.delivery_partner_id or ""),
            secondary_delivery_partner=self.partners.found.get(data.secondary_delivery_partner_id or ""),
            created_at=self.now,
            updated_at=self.now,
        )
        if isinstance(original, Declaration):  # made earlier in this batch: inserted after it
            declaration.superseded_by = original
            self.second_wave.add(len(self.new))
        elif original is not None:
            declaration.superseded_by_id = original
        self.new.append(declaration)
        if history is not None:
            history.declaration = declaration
            self.histories.append(history)
        statement = self.statements.get(application.cohort_id)
        contract = self.contracts.get((application.cohort_id, application.course_id))
        if state == rules.State.ELIGIBLE and statement is not None and contract is not None:
            self.payments.append((declaration, statement, contract))
        if data.declaration_type == rules.DeclarationType.COMPLETED and data.has_passed is not None:
            self.outcomes.append(
                ParticipantOutcome(
                    declaration=declaration,
                    state=OutcomeState.PASSED if data.has_passed else OutcomeState.FAILED,
                    completion_date=data.declaration_date.date(),
                    created_at=self.now,
                )
            )
        self.originals.add(user.trn, declaration)
        return declaration

    def write(self, actor: audit.Actor) -> None:
        """One insert per kind of row; then the listeners, told once for the batch."""
        if not self.new:
            return
        for wave in (False, True):
            rows = [d for n, d in enumerate(self.new) if (n in self.second_wave) == wave]
            if rows:
                Declaration.objects.bulk_create(rows)
        DeclarationStateChange.objects.bulk_create(self.histories)
        lines = self.ledger.add_output_lines(self.payments, self.now)
        ParticipantOutcome.objects.bulk_create(self.outcomes)
        audit.record_many(actor, "declaration.created", list(self.new), [audit.snapshot(d) for d in self.new])
        lines_of: dict[int, list[object]] = defaultdict(list)
        for line in lines:
            lines_of[line.declaration_id].append(line)
        outcomes_of: dict[int, list[ParticipantOutcome]] = defaultdict(list)
        for outcome in self.outcomes:
            outcomes_of[outcome.declaration_id].append(outcome)
        for d in self.new:
            hold_related(d, lines_of[d.pk], outcomes_of[d.pk])
        hooks.declarations_created.tell(list(self.new), actor)  # webhooks; released assessment results
        for d in self.new:
            if outcomes_of[d.pk]:
                hooks.outcome_changed.tell(d, actor)  # awards


def _fundable(application: Application) -> bool:
    return rules.is_fundable(application.cohort.funding, application.eligible_for_funding, application.funded_place)
