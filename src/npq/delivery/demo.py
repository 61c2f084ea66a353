"""Demo delivery: Ambition Institute's NPQH group for the 2025 to 2026 cohort with the Pennine
Teaching School Hub. Sixteen headship candidates register and are accepted through the real
services; ten sessions over the year (self-study, face to face, live video, coaching) have
attendance that differs person by person, so engagement ranges from 70% to 100% and three are
below the 90% needed to sit the assessment. The provider declares started, retained-1 and
retained-2 as the year goes on, as it would through the API. A formative checkpoint has
responses and feedback, and one participant has a leadership-behaviours self-evaluation."""

import datetime as dt
from typing import Any

from npq.core import clock, mail
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.roles import Role
from npq.declarations.services import DeclarationInput, record_declaration
from npq.delivery import services
from npq.delivery.models import DeliveryCohort, Session
from npq.frameworks.models import Behaviour
from npq.people.models import User
from npq.people.services import create_user
from npq.reference.models import Cohort, Course, LeadProvider, School
from npq.registration import services as registration
from npq.registration.models import Application, ApprovalStatus
from npq.training import services as training

NAME = "NPQH Pennine 2025 to 2026 group"
COHORT = "2025a"
DOMAIN = "pennine-heads.example"
PEOPLE = [
    "Aisha Rahman",
    "Ben Castle",
    "Carys Lloyd",
    "Daniel Osei",
    "Eleanor Price",
    "Farid Haddad",
    "Gemma Walsh",
    "Hamza Iqbal",
    "Imogen Shaw",
    "Jonah Brooks",
    "Kavita Mehta",
    "Lewis Grant",
    "Megan Doyle",
    "Nathan Achterberg",
    "Orla Kennedy",
    "Piotr Nowak",
]
# title, mode, days before today, place or link
SESSIONS = [
    ("Induction: the NPQH and your projects", "face_to_face", 290, "Pennine TSH, Halifax"),
    ("Setting high expectations (self-study)", "self_study", 262, ""),
    ("Whole-school behaviour systems", "face_to_face", 234, "Pennine TSH, Halifax"),
    ("What great teaching looks like", "live_video", 206, "https://video.example/npqh-4"),
    ("Coaching: leading change in your school", "coaching", 178, "https://video.example/coach-1"),
    ("Curriculum and assessment across a school", "live_video", 150, "https://video.example/npqh-6"),
    ("Resourcing and capability", "face_to_face", 122, "Pennine TSH, Halifax"),
    ("Preparing the placement", "live_video", 94, "https://video.example/npqh-8"),
    ("Coaching: your placement action plan", "coaching", 66, "https://video.example/coach-2"),
    ("Governance and accountability", "face_to_face", 38, "Pennine TSH, Halifax"),
    ("Leading the school as an organisation", "live_video", -14, "https://video.example/npqh-11"),
]
# per participant: sessions missed (absent) and partly attended, by session number
MISSED: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {
    8: ((), (5,)),  # 95%
    9: ((), (2,)),  # 95%
    10: ((7,), ()),  # 90%
    11: ((3,), (8,)),  # 85%: below the threshold
    12: ((1, 6), ()),  # 80%: below
    13: ((), (9,)),  # 95%
    14: ((2, 5, 9), ()),  # 70%: below
}
REASONS = ["Ofsted inspection at school that week", "Illness", "Covering a long-term absence", "Family emergency"]
PARTIAL = "Left at the break for a safeguarding meeting"
# declaration type -> the session whose date it is declared on
DECLARED_AT = {"started": 0, "retained-1": 3, "retained-2": 7}


def email_of(n: int) -> str:
    return f"head{n + 1:02d}@{DOMAIN}"


def _participants(provider: LeadProvider, course: Course, cohort: Cohort, out: Any) -> list[User]:
    """The group's people: registered and accepted through the real services (idempotent)."""
    schools = list(School.objects.filter(is_open=True).exclude(establishment_type_code="30").order_by("urn")[:40])
    actor = Actor.command("demo")
    people = []
    with mail.not_sent():
        for n, name in enumerate(PEOPLE):
            user = User.objects.filter(email=email_of(n)).first()
            if user is None:
                user = create_user(actor, email=email_of(n), full_name=name, role=Role.PARTICIPANT)
            app = Application.objects.filter(user=user, course=course, cohort=cohort).first()
            if app is None:
                answers: dict[str, Any] = {
                    "cohort": cohort.identifier,
                    "provider_check": "yes",
                    "teacher_catchment": "england",
                    "work_setting": "a_school",
                    "course": course.identifier,
                    "lead_provider": str(provider.pk),
                    "consent": "yes",
                    "funding_choice": "school",
                    "full_name": name,
                    "trn": f"{4100000 + n * 41:07d}",
                    "date_of_birth": dt.date(1975 + n, 1 + n % 12, 3 + n).isoformat(),
                }
                if schools:
                    answers["school_urn"] = schools[(n * 3) % len(schools)].urn
                try:
                    app = registration.submit_registration(user, answers)
                except NPQError as exc:
                    out.write(f"Delivery demo: {name} could not register: {exc.message}")
                    continue
            if app.lead_provider_approval_status == ApprovalStatus.PENDING:
                funded = {"full": None, "zero": False}.get(cohort.funding, app.eligible_for_funding)
                try:
                    training.accept_application(app, actor, funded_place=funded)
                except NPQError as exc:
                    out.write(f"Delivery demo: {name} could not be accepted: {exc.message}")
                    continue
            people.append(user)
    return people


def _attendance(n: int, number: int) -> tuple[str, str]:
    absent, partial = MISSED.get(n, ((), ()))
    if number in absent:
        return "absent", REASONS[(n + number) % len(REASONS)]
    if number in partial:
        return "partial", PARTIAL
    return "attended", ""


def _declare(provider: LeadProvider, people: list[User], course: Course, sessions: list[Session], out: Any) -> None:
    """The provider's started and retained declarations, dated at the sessions they follow."""
    partner = sessions[0].delivery_cohort.delivery_partner
    made = refused = 0
    for person in people:
        for kind, number in DECLARED_AT.items():
            data = DeclarationInput(
                participant_id=str(person.ecf_id),
                declaration_type=kind,
                declaration_date=sessions[number].starts_at,
                course_identifier=course.identifier,
                delivery_partner_id=str(partner.ecf_id) if partner else None,
            )
            try:
                made += int(record_declaration(provider, Actor.command("demo"), data)[1])
            except NPQError:
                refused += 1
    out.write(f"Delivery: {made} started and retained declarations by the provider ({refused} refused by the rules)")


def demo_cohort(out: Any) -> DeliveryCohort | None:
    provider = LeadProvider.objects.filter(name="Ambition Institute").first()
    course = Course.objects.filter(identifier="npq-headship").first()
    cohort = Cohort.objects.filter(identifier=COHORT).first()
    facilitator = User.objects.filter(email="partner@ambition.example").first()
    if provider is None or course is None or cohort is None or facilitator is None:
        out.write(
            "Delivery demo skipped: Ambition Institute, npq-headship, 2025a or partner@ambition.example is missing"
        )
        return None
    existing = DeliveryCohort.objects.filter(lead_provider=provider, name=NAME).first()
    if existing:
        return existing
    people = _participants(provider, course, cohort, out)
    if len(people) < 4:
        out.write("Delivery demo skipped: too few participants could be accepted")
        return None
    actor = Actor.command("demo")
    dc = services.create_delivery_cohort(
        actor, provider, course, cohort, NAME, facilitator.delivery_partner, [facilitator]
    )
    services.add_participants(actor, dc, people)
    now = clock.now().replace(hour=9, minute=30, second=0, microsecond=0)
    sessions = []
    for number, (title, mode, days_ago, where) in enumerate(SESSIONS):
        session = services.schedule_session(
            facilitator,
            dc,
            title=title,
            mode=mode,
            place=where if mode == "face_to_face" else "",
            link=where if mode in ("live_video", "coaching") else "",
            starts_at=now - dt.timedelta(days=days_ago),
            duration_minutes=60 if mode == "coaching" else 120,
        )
        sessions.append(session)
        if days_ago > 0:
            services.record_attendance(
                facilitator, session, {p.pk: _attendance(n, number) for n, p in enumerate(people)}
            )
    for person in people[:6]:
        services.sign_up(person, sessions[-1])
    _declare(provider, people, course, sessions, out)
    cp = services.set_checkpoint(
        facilitator,
        dc,
        "Reflection: your capability challenge",
        "In 300 words, describe one capability challenge in your placement school and how you know.",
        (now - dt.timedelta(days=60)).date(),
    )
    replies = [
        "Middle leaders lack time to coach new staff; our lesson visits show inconsistent routines.",
        "Two subject leads retire next year and nobody is ready to step up: the succession plan is empty.",
        "Support staff appraisal is not linked to training, so the same gaps appear every year.",
    ]
    for person, text in zip(people, replies, strict=False):
        response = services.respond_to_checkpoint(person, cp, text)
        if person is not people[2]:
            services.give_feedback(
                facilitator, response, "Clear diagnosis. Add the data you would use to measure impact."
            )
    keys = list(Behaviour.objects.filter(framework__key="npq-2017").values_list("key", flat=True))
    if len(keys) > 4:
        ratings = dict.fromkeys(keys, 4) | {keys[3]: 2, keys[4]: 3}
        services.save_self_evaluation(people[0], dc, keys, ratings, {keys[3]: "Ask a mentor to debrief hard weeks"})
    held = sum(1 for s in SESSIONS if s[2] > 0)
    out.write(
        f"Delivery: {dc.name} with {len(people)} participants ({email_of(0)} ... {email_of(len(people) - 1)}), "
        f"{len(SESSIONS)} sessions ({held} held, with attendance), engagement from 70% to 100%"
    )
    return dc


def create_demo(out: Any) -> None:
    demo_cohort(out)
