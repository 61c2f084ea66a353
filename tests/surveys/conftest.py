"""A provider's group of participants with a facilitator and a session, and surveys to send them."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from npq.core.audit import Actor
from npq.delivery.models import Attendance, DeliveryCohort, Membership, Session
from npq.people.models import Role
from npq.reference.models import Cohort, Course, DeliveryPartner, LeadProvider
from npq.surveys.models import Questionnaire
from npq.surveys.services import sending

ACTOR = Actor.command("test")


@pytest.fixture
def group(reference: Any, make_user: Any) -> dict[str, Any]:
    provider = LeadProvider.objects.get(name="Ambition Institute")
    partner = DeliveryPartner.objects.get(name="Pennine Teaching School Hub")
    facilitator = make_user(Role.DELIVERY_PARTNER, provider="Ambition Institute", partner=partner.name)
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
    people = [make_user(Role.PARTICIPANT) for _ in range(7)]
    for person in people:
        Membership.objects.create(delivery_cohort=dc, participant=person, joined_at=now)
        Attendance.objects.create(
            session=session, participant=person, status="attended", recorded_by=facilitator, recorded_at=now
        )
    return {
        "provider": provider,
        "partner": partner,
        "facilitator": facilitator,
        "dc": dc,
        "session": session,
        "people": people,
    }


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
