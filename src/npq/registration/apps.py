from django.apps import AppConfig

from npq.core import dashboard


class RegistrationConfig(AppConfig):
    name = "npq.registration"
    label = "registration"

    def ready(self) -> None:
        dashboard.register(
            ["participant"],
            "Register for an NPQ",
            "registration:start",
            "Answer the questions one at a time; your answers are saved as you go.",
        )
        dashboard.register(
            ["participant"],
            "Your registrations",
            "registration:applications",
            "See where your registration has got to and what happens next.",
        )
        dashboard.register(
            ["dfe_admin"],
            "Funding review queue",
            "registration:review_queue",
            "Decide on registrations whose funding needs a person to check.",
        )
        dashboard.register(
            ["dfe_admin", "lead_provider"],
            "Funded places",
            "registration:funded_places",
            "Funded-place caps per provider, course and cohort, and how many are used.",
        )
        dashboard.register_summary(["dfe_admin"], _review_figures)


def _review_figures(user: object) -> list[tuple[str, str]]:
    from npq.registration.models import Application, ReviewStatus

    waiting = Application.objects.filter(review_status=ReviewStatus.NEEDS_REVIEW).count()
    return [("Registrations needing a funding review", f"{waiting:,}")]
