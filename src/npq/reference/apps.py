from django.apps import AppConfig

from npq.core import dashboard


class ReferenceConfig(AppConfig):
    name = "npq.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        # Jobs import models, which exist only once the app registry is ready.
        from npq.reference import jobs

        jobs.register()
        staff = ["dfe_admin", "lead_provider", "delivery_partner", "assessor", "inspector"]
        dashboard.register(
            staff,
            "Courses, cohorts and schedules",
            "reference:courses",
            "The 12 courses, each cohort's funding mode, schedules and milestone dates.",
        )
        dashboard.register(
            staff,
            "Lead providers and delivery partners",
            "reference:providers",
            "Who offers which course in which cohort, and through which delivery partners.",
        )
        dashboard.register(
            staff,
            "Find a school",
            "reference:schools",
            "Search Get Information About Schools data by name, URN, UKPRN, town or postcode.",
        )
        dashboard.register(
            ["dfe_admin"],
            "Imports and eligibility lists",
            "reference:imports",
            "School imports from GIAS and funding eligibility lists, with where each came from.",
        )
        from npq.reference import summaries

        dashboard.register_summary(["dfe_admin", "inspector"], summaries.for_department)
        dashboard.register_summary(["lead_provider"], summaries.for_provider)
