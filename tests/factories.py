"""Test data in one place: plain functions that build rows, and the two small worlds most tests start from.

Everything here expects the shipped reference data (the `reference` fixture) and a database. Providers,
partners, courses and cohorts are named as people know them ("Ambition Institute", "npq-headship", "2025a").
"""

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from npq.api.tokens import create_token
from npq.assessment import demo as assessment_demo
from npq.assessment import services as assessment
from npq.assessment.models import MarkScheme, ModeratorAssignment, Window
from npq.core import clock
from npq.core.audit import Actor
from npq.declarations.services import DeclarationInput
from npq.delivery import services as delivery
from npq.delivery.models import DeliveryCohort
from npq.finance import services as finance
from npq.finance.models import Contract, Statement
from npq.frameworks import services as framework_services
from npq.frameworks import versions
from npq.frameworks.models import AssessmentTask, Framework, Qualification
from npq.people.models import Role, User
from npq.quality import rules as quality_rules
from npq.quality.services.inspections import create_inspection
from npq.reference import search
from npq.reference.loading import load_reference
from npq.reference.models import (
    ChildcareProvider,
    Cohort,
    Course,
    DeliveryPartner,
    EligibilityList,
    EligibilityListEntry,
    LeadProvider,
    School,
)
from npq.registration.models import Application, ApprovalStatus, TrainingStatus
from npq.surveys.models import Questionnaire
from npq.surveys.services import sending
from npq.webhooks import rules as webhook_rules
from npq.webhooks.services import register_endpoint

PASSWORD = "correct-horse-battery-staple"
ACTOR = Actor.command("test")


def ensure_reference() -> None:
    """The shipped reference data, loaded if the tables are empty. ``tests/conftest.py`` loads it at
    the start of the session and again after each transactional test's flush, so here it is found."""
    if not Course.objects.exists():
        load_reference(ACTOR)


# Unique numbers for emails and names across the session (rows of one test roll back, committed ones don't).
_serial = itertools.count(1)


def make_user(
    role: str = Role.PARTICIPANT, provider: str | None = None, partner: str | None = None, **fields: Any
) -> User:
    """A user of a role; staff get PASSWORD (hashed with MD5 in tests), participants sign in by email."""
    n = next(_serial)
    return User.objects.create_user(
        fields.pop("email", f"{role}{n}@example.org"),
        None if role == Role.PARTICIPANT else PASSWORD,
        full_name=fields.pop("full_name", f"Test {role} {n}"),
        role=role,
        lead_provider=LeadProvider.objects.get(name=provider) if provider else None,
        delivery_partner=DeliveryPartner.objects.get(name=partner) if partner else None,
        **fields,
    )


def make_application(
    user: User | None = None,
    provider: str | LeadProvider = "Ambition Institute",
    course: str | Course = "npq-headship",
    cohort: str | Cohort = "2025a",
    **fields: Any,
) -> Application:
    """An application as the API sees it: funded, from a teacher in a school (a new participant if no user)."""
    if user is None:
        n = next(_serial)
        user = User.objects.create_user(f"person{n}@school.example", full_name=f"Person {n}", role=Role.PARTICIPANT)
    fields.setdefault("eligible_for_funding", True)
    fields.setdefault("headteacher_status", "no")
    fields.setdefault("works_in_school", True)
    return Application.objects.create(
        user=user,
        lead_provider=provider if isinstance(provider, LeadProvider) else LeadProvider.objects.get(name=provider),
        course=course if isinstance(course, Course) else Course.objects.get(identifier=course),
        cohort=cohort if isinstance(cohort, Cohort) else Cohort.objects.get(identifier=cohort),
        **fields,
    )


def accept(user: User, provider: LeadProvider, course: Course, cohort: Cohort) -> Application:
    """An application the provider has accepted and the participant is training on."""
    return Application.objects.create(
        user=user,
        course=course,
        lead_provider=provider,
        cohort=cohort,
        lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        training_status=TrainingStatus.ACTIVE,
        accepted_at=clock.now(),
    )


def make_school(
    urn: str,
    name: str,
    type_code: str = "1",
    *,
    town: str = "Leeds",
    postcode: str = "LS1 1AA",
    ukprn: str = "",
    la_code: str = "383",
    is_open: bool = True,
) -> School:
    school = School(urn=urn, name=name, establishment_type_code=type_code, town=town, postcode=postcode)
    school.ukprn, school.la_code, school.is_open = ukprn, la_code, is_open
    school.search_text = search.search_text_for(school)
    school.save()
    return school


def make_childcare_provider(
    urn: str, name: str, *, town: str = "Leeds", local_authority: str = "Leeds", is_active: bool = True,
    provider_type: str = "Childminder",
) -> ChildcareProvider:  # fmt: skip
    provider = ChildcareProvider(ofsted_urn=urn, name=name, town=town, local_authority=local_authority)
    provider.provider_type, provider.is_active = provider_type, is_active
    provider.search_text = search.search_text_for_childcare(provider)
    provider.save()
    return provider


def make_list(kind: str, *identifiers: str) -> EligibilityList:
    """An imported eligibility list of school URNs."""
    found = EligibilityList.objects.create(
        kind=kind, file_name=f"{kind}.csv", imported_at=clock.now(), row_count=len(identifiers)
    )
    for identifier in identifiers:
        EligibilityListEntry.objects.create(eligibility_list=found, identifier=identifier, identifier_type="urn")
    return found


FRAMEWORK_FILE = Path(framework_services.__file__).parent / "data" / "npq-2017-v1.yaml"
REFORMED_FILE = FRAMEWORK_FILE.with_name("npq-reformed-v1.yaml")


def framework_2017() -> Framework:
    """The shipped 2017 framework (its assessment tasks and criteria), loaded once per test."""
    found = Framework.objects.filter(key="npq-2017", version=1).first()
    if found:
        return found
    return framework_services.load_framework(FRAMEWORK_FILE.read_text(), FRAMEWORK_FILE.name, ACTOR)


def framework_reformed() -> Framework:
    """The shipped reformed framework (in force now; it sets no assessment tasks), loaded once per test."""
    found = Framework.objects.filter(key="npq-reformed", version=1).first()
    if found:
        return found
    return framework_services.load_framework(REFORMED_FILE.read_text(), REFORMED_FILE.name, ACTOR)


def provider_task(designer: User) -> AssessmentTask:
    """The designer's provider's own reformed NPQH placement project (the demo's), with criteria
    8.1, 2.1 and 3.1 written against the headship content areas."""
    qualification = Qualification.objects.get(framework=framework_reformed(), code="NPQH")
    return assessment_demo.design_project(designer, qualification)


def reflection_task(designer: User) -> AssessmentTask:
    """A second task of the designer's provider for reformed NPQH: a short reflective account with
    one criterion, 1.1, against school culture."""
    qualification = Qualification.objects.get(framework=framework_reformed(), code="NPQH")
    area = next(a for _, a in versions.numbered_areas(qualification) if a.key == "school_culture")
    return framework_services.design_task(
        designer,
        qualification,
        "Reflective account",
        "Reflect on how you shaped the culture of your team this year.",
        1000,
        [(area, "Explains how the culture was shaped, with examples")],
    )


# -- Delivery and assessment: an Ambition NPQH cohort of delivery with accepted participants, a facilitator,
# assessors, a moderator and a task window.

BANDS = [
    {"key": "not_met", "label": "Not met", "score": 0, "meets": False},
    {"key": "met", "label": "Met", "score": 2, "meets": True},
    {"key": "exceeded", "label": "Exceeded", "score": 3, "meets": True},
]


@dataclass
class DeliveryWorld:
    provider: LeadProvider
    dc: DeliveryCohort
    provider_user: User
    facilitator: User
    participants: list[User]
    assessor: User
    assessor2: User
    moderator: User
    window: Window
    scheme: MarkScheme


def build_world(participants: int = 2, second_marking: bool = True, sample_percent: int = 100) -> DeliveryWorld:
    provider = LeadProvider.objects.get(name="Ambition Institute")
    course = Course.objects.get(identifier="npq-headship")
    cohort = Cohort.objects.order_by("start_year", "suffix").last()  # 2026b: two cohorts start in 2026
    assert cohort is not None
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    facilitator = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    people = [make_user(Role.PARTICIPANT, full_name=f"Pat Participant {i}") for i in range(participants)]
    for person in people:
        accept(person, provider, course, cohort)
    dc = delivery.create_delivery_cohort(
        ACTOR, provider, course, cohort, "NPQH North 1", facilitator.delivery_partner, [facilitator]
    )
    delivery.add_participants(ACTOR, dc, people)
    framework_2017()  # kept as history; its leadership behaviours are the self-evaluation's
    task = provider_task(provider_user)
    scheme = MarkScheme.objects.create(
        lead_provider=provider,
        task=task,
        name="Placement project scheme",
        bands=BANDS,
        pass_mark=6,
        anonymous=True,
        second_marking=second_marking,
        tolerance=0,
        sample_percent=sample_percent,
    )
    scheme.must_meet.set(task.criteria.filter(code="8.1"))
    now = clock.now()
    window = Window.objects.create(
        delivery_cohort=dc,
        scheme=scheme,
        deadline=now + dt.timedelta(days=7),
        resubmission_deadline=now + dt.timedelta(days=60),
    )
    assessor = make_user(Role.ASSESSOR, provider="Ambition Institute", full_name="Arun Assessor")
    assessor2 = make_user(Role.ASSESSOR, provider="Ambition Institute", full_name="Beth Second")
    moderator = make_user(Role.ASSESSOR, provider="Ambition Institute", full_name="Mo Moderator")
    ModeratorAssignment.objects.create(user=moderator, lead_provider=provider, granted_at=now)
    return DeliveryWorld(
        provider, dc, provider_user, facilitator, people, assessor, assessor2, moderator, window, scheme
    )


def hold_session(world: DeliveryWorld, title: str = "Seminar", days_ago: int = 1) -> Any:
    return delivery.schedule_session(
        world.facilitator,
        world.dc,
        title=title,
        mode="face_to_face",
        starts_at=clock.now() - dt.timedelta(days=days_ago),
        place="Leeds",
    )


def full_attendance(world: DeliveryWorld, sessions: int = 1) -> None:
    for n in range(sessions):
        session = hold_session(world, f"Seminar {n + 1}", days_ago=n + 1)
        delivery.record_attendance(world.facilitator, session, {p.pk: ("attended", "") for p in world.participants})


# -- Declarations and finance: a provider with a contract, statements and accepted participants on the 2025
# leadership spring schedule; the `world` fixture (tests/declarations/conftest.py) fixes the clock at MARCH_2026.

MARCH_2026 = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
PRICE = 250_000  # £2,500.00 per participant


@dataclass
class FinanceWorld:
    provider: LeadProvider
    other_provider: LeadProvider
    cohort: Cohort
    course: Course
    schedule: Any
    partner: DeliveryPartner
    contract: Contract
    statements: list[Statement]
    actor: Actor
    admin: User

    def new_participant(self, trn: str = "", **fields: Any) -> Application:
        values: dict[str, Any] = {
            "user": make_user(Role.PARTICIPANT, trn=trn),
            "course": self.course,
            "lead_provider": self.provider,
            "cohort": self.cohort,
            "schedule": self.schedule,
            "lead_provider_approval_status": "accepted",
            "training_status": "active",
            "accepted_at": MARCH_2026,
            "eligible_for_funding": True,
            "funded_place": True,
            "teacher_catchment": "england",
        }
        values.update(fields)
        return Application.objects.create(**values)

    def declare(self, application: Application, declaration_type: str = "started", **extra: Any) -> DeclarationInput:
        fields: dict[str, Any] = {
            "participant_id": str(application.user.ecf_id),
            "declaration_type": declaration_type,
            "declaration_date": dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC),
            "course_identifier": application.course.identifier,
            "delivery_partner_id": str(self.partner.ecf_id),
        }
        fields.update(extra)
        return DeclarationInput(**fields)


def finance_world() -> FinanceWorld:
    provider = LeadProvider.objects.get(name="Ambition Institute")
    cohort = Cohort.objects.get(identifier="2025a")
    course = Course.objects.get(identifier="npq-headship")
    return FinanceWorld(
        provider=provider,
        other_provider=LeadProvider.objects.get(name="Teach First"),
        cohort=cohort,
        course=course,
        schedule=cohort.schedules.get(identifier="npq-leadership-spring"),
        partner=DeliveryPartner.objects.get(name="Pennine Teaching School Hub"),
        contract=finance.create_contract(ACTOR, provider, cohort, course, PRICE, 100, 4),
        statements=[finance.create_statement(ACTOR, provider, cohort, 2026, m) for m in (3, 4, 5, 6)],
        actor=ACTOR,
        admin=make_user(Role.DFE_ADMIN),
    )


# -- Every role at once: the form fuzzing (tests/web/test_form_fuzz.py) signs in as each and follows the links.


def staff(role: str, provider: str | None = None, partner: str | None = None) -> User:
    """A user of ``role`` with no password (pages sign in with ``force_login``): nothing is hashed."""
    n = next(_serial)
    return User.objects.create_user(
        f"{role}-staff{n}@example.org",
        None,
        full_name=f"Test {role} {n}",
        role=role,
        lead_provider=LeadProvider.objects.get(name=provider) if provider else None,
        delivery_partner=DeliveryPartner.objects.get(name=partner) if partner else None,
    )


def every_role_world() -> tuple[dict[str, User], list[str]]:
    """The delivery and finance worlds, a submission, a survey, an inspection, a webhook endpoint and
    an API token; a user of each role who can reach them (keyed by role), and the links only an
    email gives (a survey's answer link)."""
    ensure_reference()
    delivery_world = build_world(participants=2)
    money = finance_world()
    full_attendance(delivery_world)
    provider = delivery_world.provider
    inspector = staff(Role.INSPECTOR)
    today = clock.today()
    create_inspection(inspector, provider, quality_rules.Kind.FULL, clock.now(), today, today + dt.timedelta(days=3))
    assessment.submit(delivery_world.participants[1], delivery_world.window, "a.txt", b"Our cycle", own_work=True)
    questionnaire = Questionnaire.objects.filter(owner=None).order_by("key", "-version").first()
    assert questionnaire is not None
    survey = sending.open_survey(
        ACTOR,
        questionnaire,
        title="Feedback",
        audience="participants",
        opens_at=clock.now() - dt.timedelta(days=1),
        closes_at=clock.now() + dt.timedelta(days=14),
        owner=delivery_world.provider_user.lead_provider,
    )
    register_endpoint(provider, ACTOR, "https://hooks.example.org/npq", [e.value for e in webhook_rules.EventType][:1])
    create_token(provider, ACTOR, label="Fuzz")
    invitation = survey.invitations.order_by("pk").first()
    links = [f"/surveys/answer/{sending.token_for(invitation)}"] if invitation else []
    users = {
        Role.PARTICIPANT: delivery_world.participants[0],
        Role.LEAD_PROVIDER: delivery_world.provider_user,
        Role.DELIVERY_PARTNER: delivery_world.facilitator,
        Role.ASSESSOR: delivery_world.assessor,
        Role.DFE_ADMIN: money.admin,
        Role.FINANCE_OFFICER: staff(Role.FINANCE_OFFICER),
        Role.FINANCE_APPROVER: staff(Role.FINANCE_APPROVER),
        Role.QUALITY_LEAD: staff(Role.QUALITY_LEAD, provider="Ambition Institute"),
        Role.INSPECTOR: inspector,
    }
    return users, links
