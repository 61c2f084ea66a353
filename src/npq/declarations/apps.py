import datetime as dt
from typing import Any

from django.apps import AppConfig

from npq.core import dashboard


class DeclarationsConfig(AppConfig):
    name = "npq.declarations"
    label = "declarations"

    def ready(self) -> None:
        from npq.declarations import announce
        from npq.declarations import hooks as declaration_hooks
        from npq.training import hooks  # models are loaded only once the app registry is ready

        hooks.live_declarations_of.answer(live_declarations_of)
        declaration_hooks.declaration_changed.register(announce.declaration_changed)
        dashboard.register(
            ["lead_provider"],
            "Upload declarations",
            "declarations:upload",
            "Declare milestones for many participants from a CSV file, with the API's checks.",
        )


def live_declarations_of(application: Any) -> list[tuple[str, dt.date]]:
    """For training's rules (defer needs a declaration, withdraw needs a started one)."""
    from npq.declarations import rules  # called after ready(), when models can be imported
    from npq.declarations.models import Declaration

    rows = Declaration.objects.filter(application=application, state__in=[s.value for s in rules.LIVE])
    return [(kind, when.date()) for kind, when in rows.values_list("declaration_type", "declaration_date")]
