"""Sandbox test participants for one provider, in every state the API can show.

Made through the same services as real traffic (registration rows, then accept, reject, and — where
the declarations app accepts a ``started`` declaration — defer and withdraw, and a duplicate record
merged into an accepted participant), so what a provider sees in the sandbox is what the rules produce."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.roles import Role
from npq.declarations.services import DeclarationInput, record_declaration
from npq.identity.services import merge_participants
from npq.people.models import User
from npq.reference.models import CourseOffering, LeadProvider, School
from npq.registration.models import Application
from npq.training import services

FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Farah", "George", "Hana", "Idris", "Jess", "Kofi", "Lena"]
LAST = ["Okafor", "Patel", "Nowak", "Hughes", "Singh", "Evans", "Khan", "Murphy", "Walsh", "Ahmed"]
PLAN = ["pending"] * 4 + ["accepted"] * 4 + ["rejected"] * 2 + ["deferred"] * 2 + ["withdrawn"] * 2


@dataclass
class SeedResult:
    made: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _declare_started(app: Application, actor: Actor) -> bool:
    start = app.schedule.applies_from if app.schedule else clock.today()
    moment = dt.datetime.combine(max(start, clock.today() - dt.timedelta(days=1)), dt.time(10), dt.UTC)
    try:
        record_declaration(
            app.lead_provider,
            actor,
            DeclarationInput(
                participant_id=str(app.user.ecf_id),
                declaration_type="started",
                declaration_date=moment,
                course_identifier=app.course.identifier,
            ),
        )
    except NPQError:
        return False
    return True


def seed(provider: LeadProvider, *, seed_value: int = 0) -> SeedResult:
    rnd = random.Random(f"{provider.pk}-{seed_value}")
    actor = Actor.command("sandbox seed")
    offerings = list(CourseOffering.objects.filter(lead_provider=provider).select_related("course", "cohort"))
    if not offerings:
        raise NPQError(f"{provider.name} offers no courses, so no sandbox participants can be made")
    schools = list(School.objects.filter(is_open=True)[:50])
    result = SeedResult()
    stamp = clock.now().strftime("%Y%m%d%H%M%S")
    for n, target in enumerate(PLAN):
        offering = rnd.choice(offerings)
        with transaction.atomic():
            user = User.objects.create_user(
                f"sandbox-{provider.pk}-{stamp}-{n}@sandbox.example",
                full_name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                role=Role.PARTICIPANT,
                trn=f"{rnd.randint(1000000, 9999999)}",
            )
            app = Application.objects.create(
                user=user,
                lead_provider=provider,
                course=offering.course,
                cohort=offering.cohort,
                school=rnd.choice(schools) if schools else None,
                eligible_for_funding=rnd.random() < 0.8,
                headteacher_status="no",
                works_in_school=True,
                teacher_catchment="england",
                funding_choice="",
                employment_role="Teacher",
            )
        state = target
        try:
            if target == "rejected":
                services.reject_application(app, actor)
            elif target != "pending":
                funded = {"full": None, "zero": False}.get(offering.cohort.funding, app.eligible_for_funding)
                services.accept_application(app, actor, funded_place=funded)
                if target in ("deferred", "withdrawn"):
                    app.refresh_from_db()
                    if _declare_started(app, actor):
                        if target == "deferred":
                            services.defer_participant(app, actor, "parental-leave")
                        else:
                            services.withdraw_participant(app, actor, "change-in-career")
                    else:
                        state = "accepted"
                        result.notes.append(f"{user.email}: no started declaration possible, left active")
        except NPQError as exc:
            result.notes.append(f"{user.email}: {exc.message}")
            state = "pending"
        result.made[state] = result.made.get(state, 0) + 1
    _merged_duplicate(provider, actor, stamp, result)
    return result


def _merged_duplicate(provider: LeadProvider, actor: Actor, stamp: str, result: SeedResult) -> None:
    """A duplicate record of one accepted participant, with its own pending application, merged into
    them: its participant id answers 410 and the kept participant lists the change."""
    kept = (
        Application.objects.filter(
            lead_provider=provider, lead_provider_approval_status="accepted", user__email__contains=f"-{stamp}-"
        )
        .select_related("user", "course", "cohort")
        .order_by("id")
        .first()
    )
    if kept is None:
        result.notes.append("no accepted participant to show a merged duplicate")
        return
    with transaction.atomic():
        duplicate = User.objects.create_user(
            f"sandbox-{provider.pk}-{stamp}-duplicate@sandbox.example",
            full_name=kept.user.full_name,
            role=Role.PARTICIPANT,
        )
        Application.objects.create(
            user=duplicate,
            lead_provider=provider,
            course=kept.course,
            cohort=kept.cohort,
            eligible_for_funding=kept.eligible_for_funding,
            headteacher_status="no",
            works_in_school=True,
            teacher_catchment="england",
            employment_role="Teacher",
        )
    try:
        merge_participants(duplicate.ecf_id, kept.user.ecf_id, actor)
    except NPQError as exc:
        result.notes.append(f"{duplicate.email}: {exc.message}")
        return
    result.made["merged"] = result.made.get("merged", 0) + 1
    result.notes.append(f"participant id {duplicate.ecf_id} was merged into {kept.user.ecf_id} (answers 410)")
