"""Dashboard figures about reference data, per role."""

from typing import Any

from npq.core import clock
from npq.reference.models import Cohort, CourseOffering, DeliveryPartnership, LeadProvider, School


def _current_cohort() -> Cohort | None:
    return Cohort.objects.filter(registration_start__lte=clock.today()).order_by("-start_year", "-suffix").first()


def for_department(user: Any) -> list[tuple[str, str]]:
    cohort = _current_cohort()
    return [
        ("open schools", f"{School.objects.filter(is_open=True).count():,}"),
        ("active lead providers", str(LeadProvider.objects.filter(status="active").count())),
        ("current cohort", cohort.identifier if cohort else "none"),
    ]


def for_provider(user: Any) -> list[tuple[str, str]]:
    cohort = _current_cohort()
    partners = DeliveryPartnership.objects.filter(lead_provider_id=user.lead_provider_id, cohort=cohort).count()
    courses = CourseOffering.objects.filter(lead_provider_id=user.lead_provider_id, cohort=cohort).count()
    return [
        (f"delivery partners in {cohort.identifier if cohort else 'the current cohort'}", str(partners)),
        ("courses offered", str(courses)),
    ]
