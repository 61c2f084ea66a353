"""Demo surveys, answered through the real services:

* the Pennine group's end-of-module survey (the Department's questionnaire): 12 of 16 answer;
* session feedback on a session Paul Pennine facilitated, which he reads on his dashboard;
* Ambition Institute's delivery partner satisfaction survey with its 100% target (seed 000: its
  partners' satisfaction was below the bar it set): Pennine 7 staff, Fenland 6, Eastwick 4, so
  Eastwick is suppressed, and Fenland with it (or the total would give Eastwick away);
* the Department's school staff survey (seed 003) answered by 40 school staff, close to the
  published shares: time outside working hours, no barrier, chose an NPQ because it was funded.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.mail import get_connection

from npq.core import clock, mail
from npq.core.audit import Actor
from npq.core.roles import Role
from npq.delivery.demo import NAME
from npq.delivery.models import DeliveryCohort
from npq.people.demo import demo_password_hash
from npq.people.models import User
from npq.people.services import create_user
from npq.reference.models import DeliveryPartner, LeadProvider
from npq.surveys.models import Questionnaire, Survey, SurveySchedule
from npq.surveys.services import answering, scheduling, sending

ACTOR = Actor.command("demo")
PARTNER_STAFF = {"Pennine Teaching School Hub": 7, "Fenland Learning Trust": 6, "Eastwick Maths Hub": 4}
AGREE = ["strongly_agree", "agree", "agree", "neither", "agree", "disagree", "strongly_agree", "agree"]


def _questionnaire(key: str) -> Questionnaire | None:
    return Questionnaire.objects.filter(key=key).order_by("-version").first()


def _open(key: str, title: str, **kwargs: Any) -> Survey | None:
    existing = Survey.objects.filter(title=title).first()
    questionnaire = _questionnaire(key)
    if existing is not None or questionnaire is None:
        return None
    now = clock.now()
    return sending.open_survey(
        ACTOR,
        questionnaire,
        title=title,
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=21),
        **kwargs,
    )


def _answer(survey: Survey, answers: Sequence[dict[str, list[str]]]) -> int:
    """Each of the first len(answers) invitations answers, page by page, as a person would."""
    done = 0
    for invitation, posted in zip(survey.invitations.order_by("id"), answers, strict=False):
        link = answering.open_link(sending.token_for(invitation))
        for number, page in enumerate(link.pages, start=1):
            answering.save_page(link, page, posted, submit=number == len(link.pages))
        done += 1
    return done


def _end_of_module(dc: DeliveryCohort, out: Any) -> None:
    survey = _open(
        "dfe-end-of-module",
        f"{dc.name}: end of module 1",
        audience="participants",
        delivery_cohort=dc,
        module_title="Module 1: school culture and behaviour",
        trigger="end_of_module",
        target_question_key="satisfied",
        target_percent=90,
    )
    if survey is None:
        return
    answers = [
        {
            "satisfied": [AGREE[n % 8]],
            "relevant": [AGREE[(n + 3) % 8]],
            "facilitation": [str(3 + n % 3)],
            "hours": [str(6 + n)],
            "recommend": ["yes" if n % 4 else "not_sure"],
            "why_not": ["More time on the placement project"] if not n % 4 else [],
            "improve": ["Send the reading a week earlier"] if n % 3 == 0 else [],
        }
        for n in range(12)
    ]
    out.write(f"Surveys: end of module 1 for {dc.name}: {_answer(survey, answers)} of 16 answered")


def _session_feedback(dc: DeliveryCohort, out: Any) -> None:
    session = dc.sessions.filter(facilitator__isnull=False, starts_at__lt=clock.now()).order_by("-starts_at").first()
    if session is None:
        return
    survey = _open(
        "dfe-after-session",
        f"Session feedback: {session.title}",
        audience="participants",
        session=session,
        trigger="after_session",
    )
    if survey is None:
        return
    comments = ["The governance case studies were excellent", "More time for questions, please", ""]
    answers = [
        {"useful": [AGREE[n % 5]], "facilitator": [str(4 + n % 2)], "comment": [comments[n % 3]]} for n in range(9)
    ]
    out.write(f"Surveys: feedback on '{session.title}' ({session.facilitator}): {_answer(survey, answers)} answered")


def _partner_satisfaction(out: Any) -> None:
    provider = LeadProvider.objects.filter(name="Ambition Institute").first()
    if provider is None or Survey.objects.filter(title="Delivery partner satisfaction 2025").exists():
        return
    with mail.not_sent():
        for partner_name, count in PARTNER_STAFF.items():
            partner = DeliveryPartner.objects.filter(name=partner_name).first()
            for n in range(count):
                email = f"staff{n + 1}@{partner_name.split()[0].lower()}-partner.example"
                if partner and not User.objects.filter(email=email).exists():
                    create_user(
                        ACTOR,
                        email=email,
                        full_name=f"{partner_name} staff {n + 1}",
                        role=Role.DELIVERY_PARTNER,
                        password_hash=demo_password_hash(),
                        lead_provider=provider,
                        delivery_partner=partner,
                    )
    survey = _open(
        "dfe-delivery-partner-satisfaction",
        "Delivery partner satisfaction 2025",
        audience="partner_staff",
        owner=provider,
        trigger="annual",
        target_question_key="satisfied",
        target_percent=100,
    )
    if survey is None:
        return
    said = ["agree", "strongly_agree", "agree", "disagree", "agree", "neither", "agree"]
    answers = [
        {"satisfied": [said[n % 7]], "enabled": [said[(n + 2) % 7]], "improve": ["Share the session plans earlier"]}
        for n in range(survey.invitations.count())
    ]
    out.write(f"Surveys: {_answer(survey, answers)} delivery partner staff answered Ambition's satisfaction survey")


def _school_staff(out: Any) -> None:
    emails = [f"teacher{n + 1:02d}@staffroom.example" for n in range(40)]
    survey = _open(
        "dfe-school-staff-barriers",
        "School staff survey on NPQs 2025",
        audience="school_staff",
        emails=emails,
        trigger="annual",
    )
    if survey is None:
        return
    answers = []
    for n in range(40):
        barriers = ["none"] if n % 7 in (0, 3, 5) else ["time"] + (["workload"] if n % 2 else [])
        if n % 9 == 1:
            barriers = ["funding", "unclear_audience"]
        if n % 10 == 4:
            barriers = ["ecf_overlap", "time"]
        considered = ["taken", "considered", "not_considered"][n % 3]
        reasons = (["funded"] if n % 2 == 0 else ["skills"]) + (["career"] if n % 5 == 0 else [])
        answers.append(
            {
                "considered": [considered],
                "barriers": barriers,
                "reasons": reasons if considered != "not_considered" else [],
                "comments": [],
            }
        )
    out.write(f"Surveys: {_answer(survey, answers)} school staff answered the Department's survey")


def _schedule(dc: DeliveryCohort, out: Any) -> None:
    """Ambition asks the Pennine group after every session this year: the hourly job opens each survey."""
    title = f"{dc.name}: after each session"
    questionnaire = _questionnaire("dfe-after-session")
    if questionnaire is None or SurveySchedule.objects.filter(title=title).exists():
        return
    now = clock.now()
    scheduling.create_schedule(
        ACTOR,
        questionnaire,
        title=title,
        audience="participants",
        trigger="after_session",
        starts_at=now,
        ends_at=now + dt.timedelta(days=365),
        owner=dc.lead_provider,
        delivery_cohort=dc,
    )
    out.write(f"Surveys: {title} scheduled for a year")


def create_demo(out: Any) -> None:
    dc = DeliveryCohort.objects.filter(name=NAME).first()
    with mail.not_sent():
        if dc is not None:
            _end_of_module(dc, out)
            _session_feedback(dc, out)
            _schedule(dc, out)
        _partner_satisfaction(out)
        _school_staff(out)
    # The demo's invitations go to a mail connection held in memory, not to the people named in them.
    held = get_connection("django.core.mail.backends.locmem.EmailBackend")
    sent = sending.send_due_invitations(limit=500, connection=held)
    out.write(f"Surveys: {sent['sent']} invitations sent (held in memory: demo addresses), {sent['skipped']} skipped")
