"""Read side: which framework version a training cohort follows, and the assessment tasks a
provider may set from it (the version's official tasks and the provider's own, never another
provider's)."""

import datetime as dt

from django.db.models import Min, Q, QuerySet

from npq.frameworks import queries, rules
from npq.frameworks.models import AssessmentTask, ContentArea, Framework, FrameworkStatus, Qualification
from npq.reference.models import Cohort, Course, Schedule


def name_of(fw: Framework) -> str:
    """A version as a person reads it."""
    return f"{fw.name}, version {fw.version}"


def for_course(course: Course) -> Q:
    """Qualifications of ``course``: by its link, or (the 2017 levels, which have none) by its short code."""
    return Q(course=course) | Q(course__isnull=True, code=course.short_code)


def version_facts(course: Course) -> list[rules.VersionFact]:
    """Every framework version with a qualification for ``course``, in one query."""
    covering = Qualification.objects.filter(for_course(course)).values("framework_id")
    return [
        rules.VersionFact(
            name_of(fw), fw.status, fw.effective_from, fw.effective_to, frozenset({course.identifier}), fw.pk
        )
        for fw in Framework.objects.filter(pk__in=covering)
    ]


def cohort_start(cohort: Cohort, course: Course) -> dt.date | None:
    """The first day of the cohort's schedules for the course's group (any of its schedules when
    none is for that group); None when the cohort has no schedule."""
    schedules = Schedule.objects.filter(cohort=cohort)
    own = schedules.filter(course_group=course.group)
    first: dt.date | None = (own if own.exists() else schedules).aggregate(first=Min("applies_from"))["first"]
    return first


def version_followed(cohort: Cohort, course: Course) -> rules.VersionChoice:
    """The framework version a training cohort follows for ``course``, with the reason."""
    return rules.assess_framework_version(
        cohort_start(cohort, course), course.identifier, version_facts(course), cohort=f"The {cohort.description}"
    )


def version_in_effect(course: Course, day: dt.date) -> rules.VersionChoice:
    """The framework version in effect for ``course`` on ``day`` (for designing a task now)."""
    return rules.assess_framework_version(day, course.identifier, version_facts(course), cohort="Today")


def tasks_for(framework_id: int, course: Course, provider_id: int) -> QuerySet[AssessmentTask]:
    """Tasks of one framework version for ``course`` that ``provider_id`` may set: official ones
    and its own."""
    return AssessmentTask.objects.filter(
        Q(lead_provider__isnull=True) | Q(lead_provider_id=provider_id),
        framework_id=framework_id,
        qualification__in=Qualification.objects.filter(for_course(course)),
    )


def visible_tasks(provider_id: int | None) -> QuerySet[AssessmentTask]:
    """Tasks a person may read: official ones and, for a provider's staff, their provider's own."""
    mine = Q(lead_provider_id=provider_id) if provider_id is not None else Q(pk__in=[])
    return AssessmentTask.objects.filter(Q(lead_provider__isnull=True) | mine)


def designable_qualifications(day: dt.date) -> list[Qualification]:
    """Qualifications a provider may design a task for on ``day``: those of a published version in
    effect that day, for a course, where the version sets no task of its own."""
    in_effect = Framework.objects.filter(status=FrameworkStatus.PUBLISHED, effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    return list(
        Qualification.objects.filter(framework__in=in_effect, course__isnull=False)
        .exclude(pk__in=AssessmentTask.objects.filter(lead_provider__isnull=True).values("qualification_id"))
        .select_related("framework", "course")
        .order_by("framework__key", "position", "code")
    )


def numbered_areas(qualification: Qualification) -> list[tuple[int, ContentArea]]:
    """The qualification's content areas with the numbers the framework gives them for it."""
    areas = list(ContentArea.objects.filter(qualifications=qualification).order_by("number"))
    numbers = rules.display_numbers(
        [a.number for a in areas], queries.numbers_per_qualification(qualification.framework)
    )
    return [(numbers[a.number], a) for a in areas]
