"""A provider's group of participants with a facilitator and a session, and surveys to send them.

Speed: the reference data and the group are built once per test module (``world``), inside a
transaction that is rolled back when the module ends; each test runs in its own savepoint within it
(pytest-django's ``db``), so what a test writes is undone before the next one, and nothing built here
outlives the module. Users are made without a password (pages sign in with ``force_login``), so no
password is hashed. A test that needs real commits (``transaction=True``) builds its own group with
:func:`build_group` instead.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from npq.core.audit import Actor
from npq.delivery.models import Attendance, DeliveryCohort, Membership, Session
from npq.people.models import Role, User
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
from npq.surveys.models import Questionnaire
from npq.surveys.services import sending
from tests.factories import ensure_reference
from tests.modulewide import built_once

ACTOR = Actor.command("test")
PROVIDER = "Ambition Institute"
PARTNER = "Pennine Teaching School Hub"


def person(role: str, email: str, provider: Any = None, partner: Any = None) -> User:
    return User.objects.create_user(
        email, None, full_name=email.split("@")[0], role=role, lead_provider=provider, delivery_partner=partner
    )


def build_group(prefix: str = "world") -> dict[str, Any]:
    """The Pennine group of Ambition Institute: 7 participants who attended one session, a facilitator."""
    ensure_reference()
    provider = LeadProvider.objects.get(name=PROVIDER)
    partner = DeliveryPartner.objects.get(name=PARTNER)
    facilitator = person(Role.DELIVERY_PARTNER, f"{prefix}-facilitator@example.org", provider, partner)
    now = timezone.now()
    dc = DeliveryCohort.objects.create(
        lead_provider=provider,
        course=Course.objects.get(identifier="npq-headship"),
        cohort=Cohort.objects.order_by("identifier").first(),
        delivery_partner=partner,
        name="Test group",
        created_at=now,
    )
    dc.facilitators.add(facilitator)
    session = Session.objects.create(
        delivery_cohort=dc,
        title="Induction",
        mode="face_to_face",
        starts_at=now - dt.timedelta(days=1),
        facilitator=facilitator,
    )
    people = [person(Role.PARTICIPANT, f"{prefix}-participant{n}@example.org") for n in range(7)]
    Membership.objects.bulk_create(Membership(delivery_cohort=dc, participant=p, joined_at=now) for p in people)
    Attendance.objects.bulk_create(
        Attendance(session=session, participant=p, status="attended", recorded_by=facilitator, recorded_at=now)
        for p in people
    )
    return {
        "provider": provider,
        "partner": partner,
        "facilitator": facilitator,
        "dc": dc,
        "session": session,
        "people": people,
        "admin": person(Role.DFE_ADMIN, f"{prefix}-admin@example.org"),
        "inspector": person(Role.INSPECTOR, f"{prefix}-inspector@example.org"),
        "provider_user": person(Role.LEAD_PROVIDER, f"{prefix}-provider@example.org", provider),
        "other_provider_user": person(
            Role.LEAD_PROVIDER, f"{prefix}-other@example.org", LeadProvider.objects.get(name="Teach First")
        ),
    }


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The group, built once per module in a transaction rolled back when the module ends."""
    with built_once(django_db_blocker, build_group) as built:
        yield built


@pytest.fixture
def group(world: dict[str, Any], db: Any) -> dict[str, Any]:
    """The module's group, inside this test's own savepoint (rolled back when the test ends)."""
    return world


def questionnaire(key: str) -> Questionnaire:
    return Questionnaire.objects.filter(key=key).order_by("-version").first()  # type: ignore[return-value]


def open_survey(key: str = "dfe-after-session", **kwargs: Any) -> Any:
    now = timezone.now()
    kwargs.setdefault("audience", "participants")
    return sending.open_survey(
        ACTOR,
        questionnaire(key),
        title=kwargs.pop("title", "Feedback"),
        opens_at=kwargs.pop("opens_at", now - dt.timedelta(days=1)),
        closes_at=kwargs.pop("closes_at", now + dt.timedelta(days=14)),
        **kwargs,
    )


def token_of(invitation: Any) -> str:
    return sending.token_for(invitation)
