"""A small world for quality tests, made directly in the database (no reference data load): two
providers, two courses, a delivery group per provider, participants accepted, some deferred or
withdrawn, attendance and completed declarations, all dated before or after one moment ``T``."""

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from npq.core.roles import Role
from npq.declarations.models import Declaration, DeclarationStateChange
from npq.delivery.models import Attendance, DeliveryCohort, Membership, Session
from npq.people.models import User
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
from npq.registration.models import Application
from npq.training.models import ApplicationState

T = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
_n = itertools.count()


@dataclass
class World:
    provider: LeadProvider
    other: LeadProvider
    courses: list[Course]
    cohort: Cohort
    partners: list[DeliveryPartner]
    groups: list[DeliveryCohort]
    users: dict[str, User]


def user(role: Role, provider: LeadProvider | None = None, **fields: Any) -> User:
    n = next(_n)
    return User.objects.create(
        email=fields.pop("email", f"{role.value}{n}@quality.example"),
        full_name=fields.pop("full_name", f"{role.label} {n}"),
        role=role,
        lead_provider=provider,
        password="!",
        **fields,
    )


def participants(
    w: World, provider: LeadProvider, course: Course, group: DeliveryCohort, count: int, at: dt.datetime
) -> list[Application]:
    made = []
    for _ in range(count):
        person = user(Role.PARTICIPANT)
        app = Application.objects.create(
            user=person,
            course=course,
            lead_provider=provider,
            cohort=w.cohort,
            lead_provider_approval_status="accepted",
            training_status="active",
            accepted_at=at,
        )
        ApplicationState.objects.create(application=app, lead_provider=provider, state="active", created_at=at)
        Membership.objects.create(delivery_cohort=group, participant=person, joined_at=at)
        made.append(app)
    return made


def change(app: Application, state: str, at: dt.datetime) -> None:
    ApplicationState.objects.create(application=app, lead_provider=app.lead_provider, state=state, created_at=at)


def complete(
    app: Application, at: dt.datetime, partner: DeliveryPartner | None, voided_at: dt.datetime | None = None
) -> None:
    d = Declaration.objects.create(
        application=app,
        participant=app.user,
        lead_provider=app.lead_provider,
        cohort=app.cohort,
        course=app.course,
        declaration_type="completed",
        declaration_date=at,
        state="voided" if voided_at else "eligible",
        delivery_partner=partner,
        created_at=at,
        updated_at=voided_at or at,
    )
    if voided_at:
        DeclarationStateChange.objects.create(
            declaration=d, from_state="eligible", to_state="voided", changed_at=voided_at
        )


def build() -> World:
    provider = LeadProvider.objects.create(name="Alpha Provider")
    other = LeadProvider.objects.create(name="Beta Provider")
    courses = [
        Course.objects.create(
            identifier="npq-test-headship", short_code="TH", name="Test headship", group="leadership"
        ),
        Course.objects.create(
            identifier="npq-test-senior", short_code="TS", name="Test senior leadership", group="leadership"
        ),
    ]
    cohort = Cohort.objects.create(
        start_year=2026,
        identifier="2026t",
        suffix="t",
        description="Test cohort",
        funding="full",
        registration_start=dt.date(2026, 1, 1),
    )
    partners = [DeliveryPartner.objects.create(name="North hub"), DeliveryPartner.objects.create(name="South hub")]
    facilitator = user(Role.DELIVERY_PARTNER, provider, delivery_partner=partners[0], full_name="Fay Facilitator")
    groups = []
    for n, (p, course, partner) in enumerate(
        [(provider, courses[0], partners[0]), (provider, courses[1], partners[1]), (other, courses[0], partners[0])]
    ):
        g = DeliveryCohort.objects.create(
            lead_provider=p,
            course=course,
            cohort=cohort,
            delivery_partner=partner,
            name=f"Group {n}",
            created_at=T - 60 * DAY,
        )
        groups.append(g)
    g0 = groups[0]
    g0.facilitators.add(facilitator)
    w = World(provider, other, courses, cohort, partners, groups, {"facilitator": facilitator})
    apps = participants(w, provider, courses[0], g0, 12, T - 50 * DAY)
    apps += participants(w, provider, courses[1], groups[1], 7, T - 50 * DAY)
    participants(w, other, courses[0], groups[2], 9, T - 50 * DAY)
    change(apps[0], "withdrawn", T - 10 * DAY)
    change(apps[1], "deferred", T - 10 * DAY)
    change(apps[1], "active", T - 5 * DAY)  # resumed before T: active at T
    change(apps[2], "deferred", T - 3 * DAY)
    for a in apps[3:9]:
        complete(a, T - 2 * DAY, partners[0])
    complete(apps[9], T - 2 * DAY, partners[0], voided_at=T - DAY)  # voided before T: not completed
    complete(apps[10], T - 2 * DAY, partners[0], voided_at=T + DAY)  # voided after T: completed at T
    recorder = user(Role.LEAD_PROVIDER, provider)
    for k, mode in enumerate(["face_to_face", "live_video"]):
        s = Session.objects.create(
            delivery_cohort=g0,
            title=f"Session {k}",
            mode=mode,
            starts_at=T - (20 - k) * DAY,
            place="Leeds" if k == 0 else "",
            link="https://video.example/1" if k else "",
            facilitator=facilitator,
        )
        for m, a in enumerate(apps[:12]):
            status = "absent" if m % 4 == 0 else "attended"
            Attendance.objects.create(
                session=s,
                participant=a.user,
                status=status,
                reason="Ill" if status == "absent" else "",
                recorded_by=recorder,
                recorded_at=s.starts_at,
            )
    w.users.update(
        provider_user=recorder,
        quality_lead=user(Role.QUALITY_LEAD, provider),
        other_provider_user=user(Role.LEAD_PROVIDER, other),
        inspector=user(Role.INSPECTOR),
        second=user(Role.INSPECTOR),
        other_inspector=user(Role.INSPECTOR),
        no_grant=user(Role.INSPECTOR),
        admin=user(Role.DFE_ADMIN),
    )
    return w


def later_changes(w: World) -> None:
    """Data that arrives after ``T``: a pack counted as of ``T`` must not move."""
    apps = participants(w, w.provider, w.courses[0], w.groups[0], 6, T + DAY)
    change(
        Application.objects.filter(lead_provider=w.provider, accepted_at__lte=T).order_by("id")[5], "withdrawn", T + DAY
    )
    complete(apps[0], T + 2 * DAY, w.partners[0])
