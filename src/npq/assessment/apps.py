from django.apps import AppConfig

from npq.core import dashboard


class AssessmentConfig(AppConfig):
    name = "npq.assessment"
    label = "assessment"
    verbose_name = "Assessment: submissions, marking, moderation and results"

    def ready(self) -> None:
        # Services import models, which can be imported only once the app registry is ready.
        from npq.assessment.record import assessment_section
        from npq.assessment.services.outcomes import link_completed_declaration, link_completed_declarations
        from npq.declarations import hooks as declaration_hooks
        from npq.training import hooks as training_hooks

        declaration_hooks.declaration_changed.register(link_completed_declaration)
        declaration_hooks.declarations_created.register(link_completed_declarations)

        training_hooks.record_sections.register(assessment_section)
        dashboard.register(
            ["participant"],
            "Your assessment tasks",
            "assessment:mine",
            "Upload your written account, see the word count, your deadline, feedback and result.",
        )
        dashboard.register(
            ["assessor"],
            "Marking and moderation",
            "assessment:queue",
            "Your marking queue, criterion by criterion; moderation samples, disagreements and release.",
        )
        dashboard.register(
            ["lead_provider"],
            "Assessment progress",
            "assessment:progress",
            "Attendance, submissions and pass rates per criterion, by cohort and delivery partner.",
        )
