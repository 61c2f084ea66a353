"""Funded-place caps per provider, course and cohort, set by DfE and enforced on acceptance."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from npq.core import audit
from npq.core.errors import Conflict, ValidationFailed
from npq.people.models import User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import Application, ApprovalStatus, FundedPlaceCap


class FundedPlaceCapReached(Conflict):
    code = "funded_place_cap_reached"


@dataclass(frozen=True)
class CapCount:
    cap: FundedPlaceCap
    used: int

    @property
    def remaining(self) -> int:
        return max(0, self.cap.places - self.used)


def _funded(provider_id: int, course_id: int, cohort_id: int):  # type: ignore[no-untyped-def]
    return Application.objects.filter(
        lead_provider_id=provider_id,
        course_id=course_id,
        cohort_id=cohort_id,
        lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        funded_place=True,
    )


def set_funded_place_cap(
    admin: User, lead_provider: LeadProvider, course: Course, cohort: Cohort, places: int
) -> FundedPlaceCap:
    if places < 0:
        raise ValidationFailed("The number of funded places must be 0 or more", field="places")
    with transaction.atomic():
        cap = (
            FundedPlaceCap.objects.select_for_update()
            .filter(lead_provider=lead_provider, course=course, cohort=cohort)
            .first()
        )
        before = {"places": cap.places} if cap else None
        used = _funded(lead_provider.pk, course.pk, cohort.pk).count()
        if places < used:
            raise ValidationFailed(
                f"{lead_provider.name} already has {used} funded places on {course.short_code} in {cohort.identifier}: "
                f"the cap cannot be lower",
                field="places",
            )
        if cap is None:
            cap = FundedPlaceCap.objects.create(
                lead_provider=lead_provider, course=course, cohort=cohort, places=places
            )
        else:
            cap.places = places
            cap.save()
        audit.record(audit.Actor.person(admin), "funded_place_cap.set", cap, before=before, after={"places": places})
    return cap


def funded_place_counts(lead_provider: LeadProvider | None = None, cohort: Cohort | None = None) -> list[CapCount]:
    caps = FundedPlaceCap.objects.select_related("lead_provider", "course", "cohort")
    if lead_provider is not None:
        caps = caps.filter(lead_provider=lead_provider)
    if cohort is not None:
        caps = caps.filter(cohort=cohort)
    used = {
        (row["lead_provider_id"], row["course_id"], row["cohort_id"]): row["n"]
        for row in Application.objects.filter(lead_provider_approval_status=ApprovalStatus.ACCEPTED, funded_place=True)
        .values("lead_provider_id", "course_id", "cohort_id")
        .annotate(n=Count("id", filter=Q(funded_place=True)))
    }
    return [CapCount(cap, used.get((cap.lead_provider_id, cap.course_id, cap.cohort_id), 0)) for cap in caps]


def check_funded_place_available(application: Application) -> None:
    """Raise FundedPlaceCapReached unless the application's provider can give it a funded place.

    Call inside the transaction that accepts with ``funded_place=True``: it locks the cap row so two
    acceptances cannot both take the last place. Cohorts with no funding have no funded places;
    where the Department has set no cap for a capped cohort, places are not limited.
    """
    cohort = application.cohort
    if cohort.funding == Cohort.Funding.ZERO:
        raise FundedPlaceCapReached(f"The {cohort.description} has no funded places (application {application.ecf_id})")
    cap = (
        FundedPlaceCap.objects.select_for_update()
        .filter(lead_provider_id=application.lead_provider_id, course_id=application.course_id, cohort=cohort)
        .first()
    )
    if cap is None:
        return
    used = _funded(application.lead_provider_id, application.course_id, cohort.pk).exclude(pk=application.pk).count()
    if used >= cap.places:
        raise FundedPlaceCapReached(
            f"{application.lead_provider.name} has used all {cap.places} funded places on "
            f"{application.course.short_code} in {cohort.identifier} (application {application.ecf_id})"
        )
