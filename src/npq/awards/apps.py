from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "npq.awards"
    label = "awards"
    verbose_name = "Awards: qualifications awarded, certificates, credentials and verification"

    def ready(self) -> None:
        from npq.awards import queries, services
        from npq.core import dashboard
        from npq.core.roles import Role
        from npq.declarations import hooks

        hooks.outcome_changed.register(services.on_outcome_changed)
        hooks.outcome_awards.answer(queries.outcome_awards)
        dashboard.register(
            [Role.PARTICIPANT],
            "Your certificates",
            "awards:mine",
            "Download the certificate and the digital credential of each NPQ you have been awarded.",
        )
        dashboard.register(
            [Role.DFE_ADMIN],
            "Record of awards",
            "awards:record",
            "Every NPQ awarded or revoked, by cohort, course and lead provider, with a CSV download.",
        )
