"""Demo declarations: started (and for some, retained-1) declarations on accepted demo applications,
made as if last month so that they sit on a statement whose deadline has now passed."""

import datetime as dt
from typing import Any

from npq.core import clock
from npq.core.audit import Actor
from npq.declarations.recording import DeclarationInput, record_declarations
from npq.reference.models import DeliveryPartnership, LeadProvider
from npq.registration.models import Application

ACTOR = Actor.command("demo")


def _when(today: dt.date) -> dt.datetime:
    """Four weeks ago at 10:00 UTC: before the last statement deadline."""
    day = today - dt.timedelta(days=28)
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)


def create_demo(out: Any) -> None:
    """Needs the contracts and statements of ``npq.finance.demo.ensure_contracts_and_statements`` (run first)."""
    real_today = clock.today()
    moment = _when(real_today)
    accepted = (
        Application.objects.filter(lead_provider_approval_status="accepted", schedule__isnull=False)
        .select_related("user", "course", "cohort", "schedule", "lead_provider")
        .order_by("id")
    )
    partners = {
        (p.lead_provider_id, p.cohort_id): str(p.delivery_partner.ecf_id)
        for p in DeliveryPartnership.objects.select_related("delivery_partner").order_by("-id")
    }
    # One batch per provider, in application order: an item sees those before it, as if sent one by one.
    batches: dict[int, tuple[LeadProvider, list[DeclarationInput]]] = {}
    for n, application in enumerate(accepted):
        schedule = application.schedule
        if n % 4 == 3 or schedule is None:  # leave some participants without declarations
            continue
        types = ["started", "retained-1"] if n % 3 == 0 else ["started"]
        for offset, kind in enumerate(types):
            if kind not in schedule.allowed_declaration_types:
                continue
            when = moment + dt.timedelta(minutes=offset)
            if when.date() < schedule.applies_from:
                continue
            items = batches.setdefault(application.lead_provider_id, (application.lead_provider, []))[1]
            items.append(
                DeclarationInput(
                    participant_id=str(application.user.ecf_id),
                    declaration_type=kind,
                    declaration_date=when,
                    course_identifier=application.course.identifier,
                    delivery_partner_id=partners.get((application.lead_provider_id, application.cohort_id)),
                )
            )
    made = refused = 0
    token = clock.move_to(moment + dt.timedelta(hours=2))
    try:
        for provider, items in batches.values():
            for recorded in record_declarations(provider, ACTOR, items):
                made += int(recorded.created)
                refused += int(recorded.error is not None)
    finally:
        clock.reset(token)
    out.write(f"Declarations: {made} added; {refused} refused by the rules (for example withdrawn before the date).\n")
