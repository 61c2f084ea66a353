"""Demo declarations: started (and for some, retained-1) declarations on accepted demo applications,
made as if last month so that they sit on a statement whose deadline has now passed."""

import datetime as dt
from typing import Any

from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.declarations.services import DeclarationInput, record_declaration
from npq.reference.models import DeliveryPartnership
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
    made = refused = 0
    token = clock.move_to(moment + dt.timedelta(hours=2))
    try:
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
                data = DeclarationInput(
                    participant_id=str(application.user.ecf_id),
                    declaration_type=kind,
                    declaration_date=when,
                    course_identifier=application.course.identifier,
                    delivery_partner_id=partners.get((application.lead_provider_id, application.cohort_id)),
                )
                try:
                    _, created = record_declaration(application.lead_provider, ACTOR, data)
                    made += int(created)
                except NPQError:
                    refused += 1
    finally:
        clock.reset(token)
    out.write(f"Declarations: {made} added; {refused} refused by the rules (for example withdrawn before the date).\n")
