"""A small world for declaration and finance tests: a provider with a contract, statements and accepted
participants on the 2025 leadership spring schedule, with the clock fixed in March 2026."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from npq.core import clock
from npq.core.audit import Actor
from npq.declarations.services import DeclarationInput
from npq.finance import services as finance
from npq.finance.models import Contract, Statement
from npq.people.models import Role, User
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider, Schedule
from npq.registration.models import Application

TODAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
PRICE = 250_000  # £2,500.00 per participant


@dataclass
class World:
    provider: LeadProvider
    other_provider: LeadProvider
    cohort: Cohort
    course: Course
    schedule: Schedule
    partner: DeliveryPartner
    contract: Contract
    statements: list[Statement]
    actor: Actor
    admin: User
    new_participant: Callable[..., Application]

    def declare(self, application: Application, declaration_type: str = "started", **extra: Any) -> DeclarationInput:
        fields: dict[str, Any] = {
            "participant_id": str(application.user.ecf_id),
            "declaration_type": declaration_type,
            "declaration_date": dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC),
            "course_identifier": application.course.identifier,
            "delivery_partner_id": str(self.partner.ecf_id),
        }
        fields.update(extra)
        return DeclarationInput(**fields)


@pytest.fixture
def frozen_clock() -> Iterator[dt.datetime]:
    token = clock.move_to(TODAY)
    yield TODAY
    clock.reset(token)


@pytest.fixture
def world(reference: None, make_user: Callable[..., User], frozen_clock: dt.datetime) -> World:
    provider = LeadProvider.objects.get(name="Ambition Institute")
    cohort = Cohort.objects.get(identifier="2025a")
    course = Course.objects.get(identifier="npq-headship")
    schedule = Schedule.objects.get(cohort=cohort, identifier="npq-leadership-spring")
    partner = DeliveryPartner.objects.get(name="Pennine Teaching School Hub")
    actor = Actor.command("test")
    contract = finance.create_contract(actor, provider, cohort, course, PRICE, 100, 4)
    statements = [finance.create_statement(actor, provider, cohort, 2026, m) for m in (3, 4, 5, 6)]
    counter = {"n": 0}

    def new_participant(trn: str = "", **fields: Any) -> Application:
        counter["n"] += 1
        user = make_user(Role.PARTICIPANT, trn=trn)
        values: dict[str, Any] = {
            "user": user,
            "course": course,
            "lead_provider": provider,
            "cohort": cohort,
            "schedule": schedule,
            "lead_provider_approval_status": "accepted",
            "training_status": "active",
            "accepted_at": TODAY,
            "eligible_for_funding": True,
            "funded_place": True,
            "teacher_catchment": "england",
        }
        values.update(fields)
        return Application.objects.create(**values)

    return World(
        provider=provider,
        other_provider=LeadProvider.objects.get(name="Teach First"),
        cohort=cohort,
        course=course,
        schedule=schedule,
        partner=partner,
        contract=contract,
        statements=statements,
        actor=actor,
        admin=make_user(Role.DFE_ADMIN),
        new_participant=new_participant,
    )
