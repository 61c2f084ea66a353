"""Quality demo: a completed monitoring visit of Education Development Trust ("not taking effective
action", two areas for improvement as tracked actions, one overdue, the provider's response
published), and a full inspection of Ambition Institute half-way through, with Ambition's quality
lead's facilitator observations. Each step runs with the clock moved to when it happened."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from npq.core import clock
from npq.delivery.models import DeliveryCohort, Session
from npq.people.models import User
from npq.quality import rules
from npq.quality.models import Facilitator, Inspection
from npq.quality.services import improvement, inspections, reports
from npq.quality.services import observations as quality
from npq.reference.models import LeadProvider

T = TypeVar("T")
CRITERIA = [
    "Models the practice clearly and precisely",
    "Checks participants' understanding before moving on",
    "Gives deliberate practice with feedback",
    "Connects the content to participants' own schools",
]
EDT_AREAS = [
    "Leaders should make sure that delivery partners and schools can access the programme materials easily.",
    "Leaders should check the quality of training across all delivery partners, not only the largest.",
]
EDT_REPORT = (
    "Participants on the NPQ programme are generally happy with their experience of training and believe that it "
    "helps them to improve in their roles. This reflects the positive feedback on local facilitators recruited by "
    "delivery partners. However, the leadership and those responsible for governance are not taking effective "
    "action towards ensuring that the NPQ professional development is of a high standard."
)
EDT_RESPONSE = (
    "We recognise that improvements are required so that delivery partners and schools can do what they do best. "
    "A range of improvements was already under way before the visit and continues to be our highest priority; "
    "we are responding in full to the report's improvement actions and will be ready for the full inspection."
)

NOTES = {
    "strengths": "Precise modelling of the behaviour routine; participants rehearsed it twice with feedback.",
    "areas_to_develop": "Check understanding before moving on: two participants were unsure of the next step.",
    "agreed_actions": "Plan two hinge questions for the next seminar; the quality lead watches the recording.",
}
RATINGS = {
    "0": rules.Rating.STRENGTH,
    "1": rules.Rating.DEVELOP,
    "2": rules.Rating.STRENGTH,
    "3": rules.Rating.SECURE,
}


def _at(moment: dt.datetime, step: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``step(*args, **kwargs)`` with the clock moved to ``moment``."""
    token = clock.move_to(moment)
    try:
        return step(*args, **kwargs)
    finally:
        clock.reset(token)


def _users(*emails: str) -> list[User] | None:
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    return [found[e] for e in emails] if len(found) == len(emails) else None


def _monitoring_visit(out: Any, lead: User, second: User, now: dt.datetime) -> None:
    edt = LeadProvider.objects.filter(name="Education Development Trust").first()
    owner = User.objects.filter(email="quality@edt.example").first()
    if edt is None or owner is None or Inspection.objects.filter(lead_provider=edt).exists():
        return
    notified = now - dt.timedelta(days=150)
    visit = _at(
        notified,
        lambda: inspections.create_inspection(
            lead,
            edt,
            rules.Kind.MONITORING,
            notified,
            (notified + dt.timedelta(days=7)).date(),
            (notified + dt.timedelta(days=9)).date(),
            team=[second],
        ),
    )
    on_site = notified + dt.timedelta(days=8)
    _at(
        on_site,
        lambda: inspections.log_evidence(
            lead,
            visit,
            rules.Area.LEADERSHIP,
            rules.Source.PARTNER_LEADERS,
            "Delivery partner leaders could not say how the provider checks the quality of their sessions.",
            _key(1),
        ),
    )
    _at(on_site, lambda: reports.draft_report(lead, visit, EDT_REPORT, EDT_AREAS, rules.Action.NOT_EFFECTIVE))
    _at(on_site + dt.timedelta(days=10), lambda: reports.check_report(second, visit))
    published = on_site + dt.timedelta(days=20)
    _at(published, lambda: reports.publish_report(lead, visit))
    _at(published + dt.timedelta(days=5), lambda: reports.publish_response(owner, visit, EDT_RESPONSE))
    due = [(now - dt.timedelta(days=21)).date(), (now + dt.timedelta(days=60)).date()]
    actions = [
        "Move every programme resource to one platform that delivery partners and schools can reach with one sign-in.",
        "Observe at least one session of every delivery partner each term and report the themes to the board.",
    ]
    for area, action, due_on in zip(EDT_AREAS, actions, due, strict=True):
        _at(
            published + dt.timedelta(days=6),
            improvement.add_action,
            owner,
            visit,
            area,
            action,
            owner,
            due_on,
        )
    out.write(
        "Quality: Education Development Trust's monitoring visit published (not taking effective action), "
        "2 improvement actions (1 overdue), the provider's response published"
    )


def _key(n: int) -> uuid.UUID:
    """Fixed keys, so running the demo again finds the notes it saved before."""
    return uuid.UUID(int=n)


def _observations(out: Any, now: dt.datetime) -> None:
    """Ambition's quality lead approves the group's facilitator and observes two sessions."""
    lead = User.objects.filter(email="quality@ambition.example").first()
    group = (
        DeliveryCohort.objects.filter(lead_provider__name="Ambition Institute").prefetch_related("facilitators").first()
    )
    if lead is None or group is None or Facilitator.objects.filter(lead_provider=group.lead_provider).exists():
        return
    early = now - dt.timedelta(days=40)
    template = _at(early, lambda: quality.save_template(lead, "Ambition session observation", CRITERIA))
    sessions = list(Session.objects.filter(delivery_cohort=group, starts_at__lte=early).order_by("-starts_at"))
    for person in group.facilitators.all():
        facilitator = _at(
            early,
            quality.approve_facilitator,
            lead,
            person,
            person.delivery_partner,
            (early - dt.timedelta(days=90)).date(),
        )
        recorded = next((s for s in sessions if s.link), None)
        if recorded:
            _at(
                early,
                quality.record_observation,
                lead,
                template,
                facilitator,
                recorded.starts_at.date(),
                RATINGS,
                NOTES,
                session=recorded,
                recording_url=recorded.link,
                follow_up_on=(early + dt.timedelta(days=28)).date(),
            )
        live = next((s for s in sessions if s.place), None)
        if live:
            _at(
                early + dt.timedelta(days=1),
                quality.record_observation,
                lead,
                template,
                facilitator,
                min(live.starts_at.date(), (early + dt.timedelta(days=1)).date()),
                RATINGS | {"1": rules.Rating.SECURE},
                NOTES,
                session=live,
            )
    grades = {str(a): rules.Grade.GOOD for a in rules.Area}
    narrative = {
        str(a): "See curriculum coverage, survey results, observation themes and pass rates in the pack."
        for a in rules.Area
    }
    _at(early, lambda: quality.write_self_evaluation(lead, rules.Programme.NPQ, grades, narrative))
    out.write(
        "Quality: Ambition Institute's quality lead (quality@ambition.example) approved and observed facilitators"
    )


def _full_inspection(out: Any, lead: User, second: User, now: dt.datetime) -> None:
    ambition = LeadProvider.objects.filter(name="Ambition Institute").first()
    if ambition is None or Inspection.objects.filter(lead_provider=ambition).exists():
        return
    notified = now - dt.timedelta(days=7)
    visit = _at(
        notified,
        lambda: inspections.create_inspection(
            lead,
            ambition,
            rules.Kind.FULL,
            notified,
            (now - dt.timedelta(days=1)).date(),
            (now + dt.timedelta(days=2)).date(),
            team=[second],
        ),
    )
    # The demo's delivery data was made moments ago: count the pack as of now, as an inspector would.
    _at(now, lambda: inspections.recount_evidence(lead, visit))
    day1 = now
    _at(day1, lambda: inspections.draw_sample(lead, visit, 2, seed=20261130))
    for hour, who, where in [
        (9, rules.Source.LEADERS, "Video call"),
        (11, rules.Source.PARTNER_LEADERS, "Pennine Teaching School Hub, Halifax"),
        (14, rules.Source.PARTICIPANTS, "Video call"),
        (16, rules.Source.FACILITATORS, "Video call"),
    ]:
        _at(
            day1,
            inspections.schedule_meeting,
            lead,
            visit,
            who,
            day1.replace(hour=hour, minute=0),
            where,
        )
    for n, (area, source, text) in enumerate(
        [
            (
                rules.Area.QUALITY,
                rules.Source.RECORDED_SESSION,
                "Watched a recorded live video session: clear modelling, deliberate practice, applied in schools.",
            ),
            (
                rules.Area.QUALITY,
                rules.Source.PARTICIPANTS,
                "Participants describe the facilitators as expert and the self-study materials as accessible.",
            ),
            (
                rules.Area.LEADERSHIP,
                rules.Source.LEADERS,
                "Leaders have designed formative checkpoints but are in the early stages of implementing them.",
            ),
            (
                rules.Area.LEADERSHIP,
                rules.Source.DATA,
                "Checkpoint feedback is given on most responses; observation coverage this term is complete.",
            ),
        ],
        start=100,
    ):
        _at(day1, inspections.log_evidence, lead, visit, area, source, text, _key(n))
    _at(day1, lambda: inspections.draft_grade(lead, visit, rules.Area.QUALITY, rules.Grade.GOOD))
    _at(day1, lambda: inspections.draft_grade(lead, visit, rules.Area.LEADERSHIP, rules.Grade.REQUIRES_IMPROVEMENT))
    out.write(
        "Quality: full inspection of Ambition Institute half-way through (inspector@ofsted.example: "
        "evidence pack, sample, meetings, evidence log, draft grades)"
    )


def create_demo(out: Any) -> None:
    team = _users("inspector@ofsted.example", "inspector2@ofsted.example")
    if team is None:
        out.write("Quality demo skipped: the demo inspectors are missing")
        return
    now = clock.now()
    _monitoring_visit(out, team[0], team[1], now)
    _observations(out, now)
    _full_inspection(out, team[0], team[1], now)
