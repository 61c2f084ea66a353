import datetime as dt
from typing import Any

from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "npq.declarations"
    label = "declarations"

    def ready(self) -> None:
        from npq.training import hooks

        hooks.register_declarations(declarations_of)


def declarations_of(application: Any) -> list[tuple[str, str, dt.date]]:
    """For training's rules (defer needs a declaration, withdraw needs a started one)."""
    from npq.declarations.models import Declaration

    rows = Declaration.objects.filter(application=application).values_list(
        "declaration_type", "state", "declaration_date"
    )
    return [(kind, state, when.date()) for kind, state, when in rows]
