import datetime as dt
from typing import Any

from django.apps import AppConfig

from npq.core import dashboard
from npq.core.roles import Role


class DeclarationsConfig(AppConfig):
    name = "npq.declarations"
    label = "declarations"

    def ready(self) -> None:
        from npq.declarations import announce
        from npq.declarations import hooks as declaration_hooks
        from npq.training import hooks  # models are loaded only once the app registry is ready

        hooks.live_declarations_of.answer(live_declarations_of)
        hooks.partner_application_ids.answer(partner_application_ids)
        hooks.record_sections.register(declarations_section)
        declaration_hooks.declaration_changed.register(announce.declaration_changed)
        declaration_hooks.declarations_created.register(announce.declarations_created)
        dashboard.register(
            [Role.LEAD_PROVIDER],
            "Upload declarations",
            "declarations:upload",
            "Declare milestones for many participants from a CSV file, with the API's checks.",
        )

        from npq.declarations.outcome_views import record_actions

        hooks.record_actions.register(record_actions)


def live_declarations_of(application: Any) -> list[tuple[str, dt.date]]:
    """For training's rules (defer needs a declaration, withdraw needs a started one)."""
    from npq.declarations import rules  # called after ready(), when models can be imported
    from npq.declarations.models import Declaration

    rows = Declaration.objects.filter(application=application, state__in=[s.value for s in rules.LIVE])
    return [(kind, when.date()) for kind, when in rows.values_list("declaration_type", "declaration_date")]


def partner_application_ids(lead_provider: Any, delivery_partner: Any) -> Any:
    """For training's pages: a delivery partner sees the applications it has declarations on."""
    from npq.declarations.models import Declaration

    mine = Declaration.objects.filter(lead_provider=lead_provider, delivery_partner=delivery_partner)
    return mine.values("application_id")


def declarations_section(application: Any) -> tuple[str, list[str]]:
    """The declarations and outcomes on an application, in words, for its record page."""
    from npq.declarations.models import Declaration, ParticipantOutcome

    lines = [
        f"{d.declaration_type.capitalize()} on {d.declaration_date:%-d %B %Y}: {d.get_state_display()} ({d.ecf_id})"
        for d in Declaration.objects.filter(application=application).order_by("declaration_date", "id")
    ]
    lines += [
        f"Outcome {o.state} on {o.completion_date:%-d %B %Y}"
        for o in ParticipantOutcome.objects.filter(declaration__application=application).order_by("created_at", "id")
    ]
    return "Declarations and outcomes", lines or ["None yet"]
