from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "npq.finance"
    label = "finance"

    def ready(self) -> None:
        from npq.core import dashboard

        dashboard.register(
            ["dfe_admin"],
            "Payment statements",
            "finance:statements",
            "Every lead provider's monthly statements: lines, adjustments, clawbacks and payment authorisation.",
        )
        dashboard.register(
            ["lead_provider"],
            "Your payment statements",
            "finance:provider_statements",
            "What the Department will pay you each month, line by line, with the assurance report.",
        )
