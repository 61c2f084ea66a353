from typing import Any

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "npq.surveys"
    label = "surveys"
    verbose_name = "Surveys: questionnaires, invitations, answers and results"

    def ready(self) -> None:
        from npq.core import dashboard
        from npq.core.roles import Role
        from npq.reference.hooks import reference_loaded
        from npq.surveys import jobs

        reference_loaded.register(_load_questionnaires)
        jobs.register()
        dashboard.register(
            [Role.DFE_ADMIN, Role.LEAD_PROVIDER],
            "Surveys and feedback",
            "surveys:list",
            "Send questionnaires to participants, facilitators, delivery partners and school staff; read results.",
        )
        dashboard.register(
            [Role.DELIVERY_PARTNER],
            "Feedback on your sessions",
            "surveys:list",
            "What participants said about the sessions you facilitate, for groups of 5 or more.",
        )


def _load_questionnaires(actor: Any, summary: Any) -> None:
    from npq.surveys.services.questionnaires import load_department_questionnaires

    before = {q.pk for q in _existing()}
    for questionnaire in load_department_questionnaires(actor):
        summary.count("Questionnaire", questionnaire.pk not in before, False)


def _existing() -> Any:
    from npq.surveys.models import Questionnaire

    return Questionnaire.objects.all()
