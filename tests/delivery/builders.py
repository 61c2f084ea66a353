"""A small world for delivery and assessment tests: an Ambition NPQH cohort of delivery with
accepted participants, a facilitator, assessors, a moderator and a task window."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from npq.assessment.models import MarkScheme, ModeratorAssignment, Window
from npq.core import clock
from npq.core.audit import Actor
from npq.delivery import services
from npq.delivery.models import DeliveryCohort
from npq.frameworks import services as framework_services
from npq.frameworks.models import AssessmentTask, Framework
from npq.people.models import Role, User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import Application, ApprovalStatus, TrainingStatus

FRAMEWORK_FILE = Path(framework_services.__file__).parent / "data" / "npq-2017-v1.yaml"
BANDS = [
    {"key": "not_met", "label": "Not met", "score": 0, "meets": False},
    {"key": "met", "label": "Met", "score": 2, "meets": True},
    {"key": "exceeded", "label": "Exceeded", "score": 3, "meets": True},
]


def framework_2017() -> Framework:
    found = Framework.objects.filter(key="npq-2017", version=1).first()
    if found:
        return found
    return framework_services.load_framework(FRAMEWORK_FILE.read_text(), FRAMEWORK_FILE.name, Actor.command("test"))


def accept(user: User, provider: LeadProvider, course: Course, cohort: Cohort) -> Application:
    return Application.objects.create(
        user=user,
        course=course,
        lead_provider=provider,
        cohort=cohort,
        lead_provider_approval_status=ApprovalStatus.ACCEPTED,
        training_status=TrainingStatus.ACTIVE,
        accepted_at=clock.now(),
    )


@dataclass
class World:
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


def build_world(make_user: Any, participants: int = 2, second_marking: bool = True, sample_percent: int = 100) -> World:
    provider = LeadProvider.objects.get(name="Ambition Institute")
    course = Course.objects.get(identifier="npq-headship")
    cohort = Cohort.objects.order_by("start_year").last()
    assert cohort is not None
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    facilitator = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub")
    people = [make_user(Role.PARTICIPANT, full_name=f"Pat Participant {i}") for i in range(participants)]
    for person in people:
        accept(person, provider, course, cohort)
    dc = services.create_delivery_cohort(
        Actor.command("test"), provider, course, cohort, "NPQH North 1", facilitator.delivery_partner, [facilitator]
    )
    services.add_participants(Actor.command("test"), dc, people)
    framework_2017()
    task = AssessmentTask.objects.get(key="npqh-project-2")
    scheme = MarkScheme.objects.create(
        lead_provider=provider,
        task=task,
        name="NPQH project 2 scheme",
        bands=BANDS,
        pass_mark=6,
        anonymous=True,
        second_marking=second_marking,
        tolerance=0,
        sample_percent=sample_percent,
    )
    scheme.must_meet.set(task.criteria.filter(code="6.3.1"))
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
    return World(provider, dc, provider_user, facilitator, people, assessor, assessor2, moderator, window, scheme)


def hold_session(world: World, title: str = "Seminar", days_ago: int = 1) -> Any:
    return services.schedule_session(
        world.facilitator,
        world.dc,
        title=title,
        mode="face_to_face",
        starts_at=clock.now() - dt.timedelta(days=days_ago),
        place="Leeds",
    )


def full_attendance(world: World, sessions: int = 1) -> None:
    for n in range(sessions):
        session = hold_session(world, f"Seminar {n + 1}", days_ago=n + 1)
        services.record_attendance(world.facilitator, session, {p.pk: ("attended", "") for p in world.participants})
