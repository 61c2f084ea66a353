"""Where a person works, as the funding rules see it: the work settings, kinds of early years
setting and employment they can answer, the eligibility lists a workplace can be on, and the GIAS
establishment types that get scholarship funding."""

from enum import StrEnum


class WorkSetting(StrEnum):
    EARLY_YEARS_OR_CHILDCARE = "early_years_or_childcare"
    A_SCHOOL = "a_school"
    AN_ACADEMY_TRUST = "an_academy_trust"
    A_16_TO_19_EDUCATIONAL_SETTING = "a_16_to_19_educational_setting"
    ANOTHER_SETTING = "another_setting"
    OTHER = "other"


SCHOOL_SETTINGS = frozenset(
    {WorkSetting.A_SCHOOL, WorkSetting.AN_ACADEMY_TRUST, WorkSetting.A_16_TO_19_EDUCATIONAL_SETTING}
)


class Nursery(StrEnum):
    LOCAL_AUTHORITY_MAINTAINED = "local_authority_maintained_nursery"
    PRESCHOOL_CLASS_IN_SCHOOL = "preschool_class_as_part_of_school"
    PRIVATE = "private_nursery"
    CHILDMINDER = "childminder"
    ANOTHER = "another_early_years_setting"


PUBLIC_NURSERIES = frozenset({Nursery.LOCAL_AUTHORITY_MAINTAINED, Nursery.PRESCHOOL_CLASS_IN_SCHOOL})


class Employment(StrEnum):
    LEAD_MENTOR = "lead_mentor_for_accredited_itt_provider"
    LOCAL_AUTHORITY_VIRTUAL_SCHOOL = "local_authority_virtual_school"
    HOSPITAL_SCHOOL = "hospital_school"
    YOUNG_OFFENDER_INSTITUTION = "young_offender_institution"
    LOCAL_AUTHORITY_SUPPLY_TEACHER = "local_authority_supply_teacher"


REVIEWABLE_EMPLOYMENT = frozenset(
    {
        Employment.LOCAL_AUTHORITY_VIRTUAL_SCHOOL,
        Employment.HOSPITAL_SCHOOL,
        Employment.YOUNG_OFFENDER_INSTITUTION,
        Employment.LOCAL_AUTHORITY_SUPPLY_TEACHER,
    }
)

# Eligibility list kinds, by the values used in npq.reference.models.EligibilityListKind.
PP50_SCHOOL = "pp50-school"
PP50_FURTHER_EDUCATION = "pp50-further-education"
CHILDMINDER_LIST = "childminder"
DISADVANTAGED_EARLY_YEARS = "disadvantaged-early-years"
LOCAL_AUTHORITY_NURSERY_LIST = "local-authority-nursery"
RISE_SCHOOL = "rise-school"
LA_NURSERY_TYPE = "15"

# GIAS "TypeOfEstablishment (code)" values whose staff can be funded (community, voluntary,
# foundation, special, PRU, LA nursery, FE, secure units, academies, free schools, 16-19 ...).
ELIGIBLE_ESTABLISHMENT_TYPES = frozenset(
    str(code)
    for code in (
        1,
        2,
        3,
        5,
        6,
        7,
        8,
        10,
        12,
        14,
        15,
        18,
        24,
        26,
        28,
        31,
        32,
        33,
        34,
        35,
        36,
        38,
        39,
        40,
        41,
        42,
        43,
        44,
        45,
        46,
    )
)
