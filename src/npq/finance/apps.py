from typing import Any

from django.apps import AppConfig

from npq.core import dashboard


class FinanceConfig(AppConfig):
    name = "npq.finance"
    label = "finance"

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready, hence imports here.
        from npq.declarations import hooks as declaration_hooks
        from npq.finance import jobs, ledger
        from npq.finance.models import Contract
        from npq.training import hooks as training_hooks

        declaration_hooks.ledger.answer(lambda: ledger)

        def has_contract(application: Any, cohort_id: int) -> bool:
            return Contract.objects.filter(
                lead_provider_id=application.lead_provider_id, course_id=application.course_id, cohort_id=cohort_id
            ).exists()

        training_hooks.has_contract.answer(has_contract)
        jobs.register()

        dashboard.register(
            ["dfe_admin"],
            "Payment statements",
            "finance:statements",
            "Every lead provider's monthly statements: lines, adjustments, clawbacks and payment authorisation.",
        )
        dashboard.register(
            ["finance_officer", "finance_approver"],
            "Payment statements",
            "finance:statements",
            "Adjust (officer), authorise (approver) and mark paid each provider's monthly statements.",
        )
        dashboard.register(
            ["finance_officer"],
            "Advance statements",
            "finance:advance",
            "Make the statements whose output-fee deadline has passed payable.",
        )
        dashboard.register(
            ["lead_provider"],
            "Your payment statements",
            "finance:provider_statements",
            "What the Department will pay you each month, line by line, with the assurance report.",
        )
