from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "npq.assessment"
    label = "assessment"
    verbose_name = "Assessment: submissions, marking, moderation and results"

    def ready(self) -> None:
        from npq.core import dashboard

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
