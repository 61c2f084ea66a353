"""Demo delivery: an Ambition Institute NPQH cohort of delivery with the Pennine Teaching School
Hub, past and future sessions with attendance, a formative checkpoint and a self-evaluation."""

import datetime as dt
from typing import Any

from npq.core import clock
from npq.core.audit import Actor
from npq.delivery import services
from npq.delivery.models import DeliveryCohort
from npq.frameworks.models import Behaviour
from npq.people.models import User
from npq.reference.models import Course, LeadProvider
from npq.registration.models import Application, ApprovalStatus

NAME = "NPQH Pennine autumn group"
SESSIONS = [
    ("Setting high expectations (self-study)", "self_study", 42, "", ""),
    ("Whole-school behaviour systems", "face_to_face", 35, "Pennine TSH, Halifax", ""),
    ("What great teaching looks like", "live_video", 28, "", "https://video.example/npqh-3"),
    ("Coaching: leading change", "coaching", 21, "", "https://video.example/coach"),
    ("Resourcing and capability", "face_to_face", 14, "Pennine TSH, Halifax", ""),
    ("Governance and accountability", "live_video", -7, "", "https://video.example/npqh-6"),
]


def demo_cohort(out: Any) -> DeliveryCohort | None:
    provider = LeadProvider.objects.filter(name="Ambition Institute").first()
    course = Course.objects.filter(identifier="npq-headship").first()
    facilitator = User.objects.filter(email="partner@ambition.example").first()
    if provider is None or course is None or facilitator is None:
        out.write("Delivery demo skipped: Ambition Institute, npq-headship or partner@ambition.example is missing")
        return None
    existing = DeliveryCohort.objects.filter(lead_provider=provider, name=NAME).first()
    if existing:
        return existing
    accepted = (
        Application.objects.filter(
            lead_provider=provider, course=course, lead_provider_approval_status=ApprovalStatus.ACCEPTED
        )
        .select_related("user", "cohort")
        .order_by("id")
    )
    first = accepted.first()
    if first is None:
        out.write("Delivery demo skipped: no accepted Ambition NPQH participants")
        return None
    people = [a.user for a in accepted.filter(cohort=first.cohort)[:8]]
    actor = Actor.command("demo")
    dc = services.create_delivery_cohort(
        actor, provider, course, first.cohort, NAME, facilitator.delivery_partner, [facilitator]
    )
    services.add_participants(actor, dc, people)
    now = clock.now()
    for number, (title, mode, days_ago, place, link) in enumerate(SESSIONS):
        session = services.schedule_session(
            facilitator,
            dc,
            title=title,
            mode=mode,
            place=place,
            link=link,
            starts_at=now - dt.timedelta(days=days_ago, hours=-number),
        )
        if days_ago <= 0:
            continue
        marks = {p.pk: ("attended", "") for p in people}
        if len(people) > 4 and number == 2:
            marks[people[-1].pk] = ("partial", "Left at the break for a safeguarding meeting")
        if len(people) > 3 and number in (1, 3):
            marks[people[-2].pk] = ("absent", "School inspection that week")
        services.record_attendance(facilitator, session, marks)
    cp = services.set_checkpoint(
        facilitator,
        dc,
        "Reflection: your capability challenge",
        "In 300 words, describe one capability challenge in your school and how you know.",
        clock.today(),
    )
    response = services.respond_to_checkpoint(
        people[0], cp, "Middle leaders lack time to coach new staff; our lesson visits show inconsistent routines."
    )
    services.give_feedback(facilitator, response, "Clear diagnosis. Add the data you would use to measure impact.")
    keys = list(Behaviour.objects.filter(framework__key="npq-2017").values_list("key", flat=True))
    if keys:
        ratings = {k: 4 for k in keys} | {keys[3]: 2, keys[4]: 3}
        services.save_self_evaluation(people[0], dc, keys, ratings, {keys[3]: "Ask a mentor to debrief hard weeks"})
    out.write(f"Delivery: {dc.name} with {len(people)} participants, {len(SESSIONS)} sessions and attendance")
    return dc


def create_demo(out: Any) -> None:
    demo_cohort(out)
