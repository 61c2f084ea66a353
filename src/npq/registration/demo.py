"""Demo registrations: about 300 participants with pending applications, decided by the real rules.

Participants are participant001@school.example ... participant300@school.example. Their answers
vary (setting, course, cohort, provider) in a fixed pattern, so the demo is the same every run;
each application goes through ``submit_registration``, so its reason code comes from the rules.
A few hospital-school teachers land in the DfE review queue. Idempotent: existing people are skipped.
"""

import datetime as dt
from typing import Any

from npq.core import mail
from npq.core.audit import Actor
from npq.core.roles import Role
from npq.people.models import User
from npq.people.services import NewUser, create_users
from npq.reference import search
from npq.reference.models import CourseOffering, School
from npq.reference.rules import Region
from npq.registration import services

COUNT = 300
COHORTS = ["2025a", "2026a", "2026b", "2026b"]
FIRST = [
    "Asha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tom",
    "Uma",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
]
LAST = [
    "Patel",
    "Smith",
    "Jones",
    "Khan",
    "Williams",
    "Brown",
    "Taylor",
    "Davies",
    "Evans",
    "Okafor",
    "Wilson",
    "Thomas",
    "Roberts",
    "Hughes",
    "Ahmed",
    "Clarke",
]


def _schools() -> list[School]:
    schools = list(School.objects.filter(is_open=True).exclude(establishment_type_code="30").order_by("urn")[:60])
    if schools:
        return schools
    for urn, name, town in [
        ("190001", "Oakfield Primary School", "Leeds"),
        ("190002", "St Anne's Academy", "York"),
        ("190003", "Riverside College", "Hull"),
    ]:
        school = School(urn=urn, name=name, town=town, establishment_type_code="1" if urn != "190003" else "18")
        school.region = Region.YORKSHIRE_AND_THE_HUMBER
        school.search_text = search.search_text_for(school)
        school.save()
    return list(School.objects.filter(urn__startswith="1900"))


def _answers(n: int, school: School, offering: CourseOffering) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "cohort": offering.cohort.identifier,
        "provider_check": "yes",
        "teacher_catchment": "england",
        "work_setting": "a_16_to_19_educational_setting" if school.establishment_type_code == "18" else "a_school",
        "school_urn": school.urn,
        "course": offering.course.identifier,
        "lead_provider": str(offering.lead_provider_id),
        "consent": "yes",
    }
    if n % 29 == 0:  # hospital-school teachers: the DfE reviews their funding
        answers.update(
            work_setting="another_setting", employment_type="hospital_school", employer_name="City Hospital School"
        )
        answers.pop("school_urn")
    course = offering.course.identifier
    if course == "npq-early-headship-coaching-offer":
        answers.update(npqh_status="completed", ehco_headteacher="yes", ehco_new_headteacher="yes" if n % 3 else "no")
    if course == "npq-leading-primary-mathematics":
        answers.update(maths_mastery="yes")
    if course == "npq-senco":
        answers.update(senco_in_role="yes", senco_start_date="2022-09-01")
    answers["funding_choice"] = ["school", "self", "trust"][n % 3]
    return answers


def create_demo(out: Any) -> None:
    schools = _schools()
    offerings_by_cohort = {
        cohort: list(
            CourseOffering.objects.filter(cohort__identifier=cohort, course__display=True)
            .select_related("course", "cohort")
            .order_by("course__position", "lead_provider__name")
        )
        for cohort in set(COHORTS)
    }
    existing = set(User.objects.filter(email__endswith="@school.example").values_list("email", flat=True))
    # (number, offering, person) of each person still to register, in order
    wanted = []
    for n in range(1, COUNT + 1):
        email = f"participant{n:03d}@school.example"
        offerings = offerings_by_cohort[COHORTS[n % len(COHORTS)]]
        if email in existing or not offerings:
            continue
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 5) % len(LAST)]}"
        person = NewUser(email=email, full_name=name, role=Role.PARTICIPANT)
        wanted.append((n, offerings[(n * 7) % len(offerings)], person))
    users = create_users(Actor.command("demo"), [person for _, _, person in wanted])
    # Demo confirmation emails are not queued, printed or sent.
    with mail.not_sent():
        for user, (n, offering, person) in zip(users, wanted, strict=True):
            answers = _answers(n, schools[n % len(schools)], offering)
            born = dt.date(1965 + n % 30, 1 + n % 12, 1 + n % 28)
            answers.update(full_name=person.full_name, trn=f"{3000000 + n * 37:07d}", date_of_birth=born.isoformat())
            services.submit_registration(user, answers)
    created = len(users)
    total = User.objects.filter(email__endswith="@school.example", role=Role.PARTICIPANT).count()
    out.write(f"Registrations: {created} participants added ({total} in all), each with a pending application")
