"""Gather the facts for the funding rules from a person's answers and the reference data."""

from typing import Any

from django.db.models import Q

from npq.reference.models import ChildcareProvider, Cohort, Course, EligibilityListEntry, School
from npq.registration import rules
from npq.registration.models import Application, ApprovalStatus

# GIAS codes for schools outside England: Welsh establishments and non-English local authorities.
WELSH_ESTABLISHMENT_TYPE = "30"
NON_ENGLISH_LA_CODES = frozenset({"673", "702", "000", "704", "708"})


def school_outside_england(school: School) -> bool:
    return school.establishment_type_code == WELSH_ESTABLISHMENT_TYPE or school.la_code in NON_ENGLISH_LA_CODES


def lists_containing(identifiers: dict[str, str]) -> frozenset[str]:
    """Which current eligibility lists hold each identifier: {list kind: identifier}, in one query."""
    wanted = {(kind, identifier) for kind, identifier in identifiers.items() if identifier}
    if not wanted:
        return frozenset()
    matches = Q()
    for kind, identifier in wanted:
        matches |= Q(eligibility_list__kind=kind, identifier=identifier)
    found = EligibilityListEntry.objects.filter(matches, eligibility_list__is_current=True)
    return frozenset(found.values_list("eligibility_list__kind", flat=True).distinct())


def previously_funded(user: Any, course: Course, exclude_id: int | None = None) -> bool:
    """An accepted, funded application for the same course (EHCO and ASO as one), any cohort."""
    if user is None or not getattr(user, "pk", None):
        return False
    family = [c for c in (course.identifier,) if c] + (
        [rules.ASO, rules.EHCO] if rules.course_family(course.identifier) == rules.EHCO else []
    )
    found = Application.objects.filter(
        user=user,
        course__identifier__in=family,
        lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        eligible_for_funding=True,
    ).exclude(funded_place=False)
    if exclude_id:
        found = found.exclude(pk=exclude_id)
    return found.exists()


def workplace(answers: dict[str, Any]) -> School | None:
    urn = answers.get("school_urn")
    return School.objects.filter(urn=urn).first() if urn else None


def childcare_provider(answers: dict[str, Any]) -> ChildcareProvider | None:
    urn = answers.get("ofsted_urn")
    return ChildcareProvider.objects.filter(ofsted_urn=urn).first() if urn else None


def circumstances(answers: dict[str, Any], cohort: Cohort, course: Course, user: Any = None) -> rules.Circumstances:
    school = workplace(answers)
    identifiers = {}
    if school is not None:
        identifiers = {
            rules.RISE_SCHOOL: school.urn,
            rules.PP50_SCHOOL: school.urn,
            rules.PP50_FURTHER_EDUCATION: school.ukprn,
            rules.LOCAL_AUTHORITY_NURSERY_LIST: school.urn,
            rules.DISADVANTAGED_EARLY_YEARS: school.urn,
        }
    if answers.get("ofsted_urn"):
        identifiers[rules.CHILDMINDER_LIST] = answers["ofsted_urn"]
        identifiers.setdefault(rules.DISADVANTAGED_EARLY_YEARS, answers["ofsted_urn"])
    return rules.Circumstances(
        cohort_funding=rules.CohortFunding(cohort.funding),
        in_england=answers.get("teacher_catchment") == "england",
        work_setting=rules.WorkSetting(answers.get("work_setting") or rules.WorkSetting.OTHER),
        course=course.identifier,
        previously_funded=previously_funded(user, course, exclude_id=answers.get("_application_id")),
        kind_of_nursery=answers.get("kind_of_nursery", ""),
        establishment_type_code=school.establishment_type_code if school else "",
        on_lists=lists_containing(identifiers),
        employment_type=answers.get("employment_type", ""),
        itt_provider_approved=answers.get("itt_provider_accredited") == "yes",
        referred_by_return_to_teaching_adviser=answers.get("referred_by_rtta") == "yes",
        headteacher=answers.get("ehco_headteacher") == "yes",
        new_headteacher=answers.get("ehco_new_headteacher") == "yes",
    )


def assess(
    answers: dict[str, Any], user: Any = None, *, cohort: Cohort | None = None, course: Course | None = None
) -> rules.Decision:
    """``cohort``, ``course``: the answers' own, when the caller has read them already."""
    if cohort is None or cohort.identifier != answers["cohort"]:
        cohort = Cohort.objects.get(identifier=answers["cohort"])
    if course is None or course.identifier != answers["course"]:
        course = Course.objects.get(identifier=answers["course"])
    return rules.assess_funding(cohort.start_year, circumstances(answers, cohort, course, user))
