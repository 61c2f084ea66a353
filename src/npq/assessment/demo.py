"""Demo assessment: the demo group's cohort follows the reformed framework, which sets no task, so
Ambition designs its own NPQH placement project (criteria written against the reformed headship
content areas) and a mark scheme for it, and sets it to the group, whose members with enough
engagement submit. Two assessors mark each submission first and blind second; the
moderator agrees differences, moderates a sample and has released a first batch of results (passes
and fails, one changed in moderation), after which one failed candidate resubmitted. A second batch
is in every state on the way: submitted, first-marked, second-marked and in disagreement, agreed,
moderated. The provider then declares completed for the released candidates, and each released
result becomes that participant's NPQ outcome."""

import datetime as dt
from typing import Any

from npq.assessment import services
from npq.assessment.models import ModeratorAssignment, Submission, Window
from npq.core import clock
from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.declarations.services import DeclarationInput, record_declaration
from npq.delivery import queries as delivery_queries
from npq.delivery.demo import NAME
from npq.delivery.models import DeliveryCohort
from npq.frameworks import services as framework_services
from npq.frameworks import versions
from npq.frameworks.models import AssessmentTask, ContentArea, Qualification
from npq.people.models import User

STAFF = [
    "provider@ambition.example",
    "assessor@ambition.example",
    "assessor2@ambition.example",
    "moderator@ambition.example",
]
ACCOUNT = (
    "Placement school action plan. {school} The placement school's staff survey and appraisal records "
    "show that performance reviews happened once a year and rarely linked to professional development. "
    "{extra} I analysed the projected capability gap for the next two years, reviewed research on "
    "instructional coaching and designed a termly review cycle with coaching for middle leaders. The "
    "governing board heard the plan and asked for a costed timeline, which is in the annex."
)
EXTRA = [
    "Staff interviews confirmed this. ",
    "Two of five middle leaders had no development goal on record. ",
    "The school's budget forecast shows a deficit in year two, so release time has to be found. ",
    "Exit interviews named workload and a lack of progression. ",
]
# The provider's own task: criteria against the reformed NPQH content areas (by key), numbered
# after them as the framework numbers the headship areas (8 organisational management, 2
# professional development, 3 implementation).
PROJECT_TITLE = "Placement project: leading staff development"
PROJECT_AIM = (
    "In a placement school, diagnose a weakness in how staff are reviewed and developed, and plan, "
    "cost and begin an improvement, using evidence about what works."
)
PROJECT_WORDS = 2500
PROJECT_CRITERIA = [
    (
        "organisational_management",
        "Designs a review cycle that links each member of staff's performance to their development",
    ),
    ("professional_development", "Draws on evidence about effective professional development to choose the approach"),
    ("implementation", "Diagnoses the problem from the school's own evidence before planning the change"),
]
EVIDENCE = {
    "8.1": "“designed a termly review cycle”",
    "2.1": "“reviewed research on instructional coaching”",
    "3.1": "“analysed the projected capability gap”",
}
GOOD = {"8.1": "met", "2.1": "met", "3.1": "met"}
STRONG = {"8.1": "exceeded", "2.1": "exceeded", "3.1": "met"}
WEAK = {"8.1": "not_met", "2.1": "met", "3.1": "not_met"}
SPLIT = {"8.1": "not_met", "2.1": "met", "3.1": "met"}
# First batch, released: (first marking, second marking or None when they agree, moderator's change)
RELEASED = [
    (GOOD, None, None),
    (STRONG, None, None),
    (WEAK, None, None),
    (GOOD, SPLIT, None),  # disagreement, agreed as GOOD
    (STRONG, {**STRONG, "2.1": "met"}, None),
    (GOOD, None, "The evidence for 8.1 is the placement school's existing plan, not the candidate's own"),
]
AGREED = "Agreed at the marking meeting: the review cycle is the candidate's own design (section 2)"


def design_project(designer: User, qualification: Qualification) -> AssessmentTask:
    """The provider's own placement project for ``qualification`` (reformed NPQH), designed as a
    provider would on the task design page; the existing one when it is there already."""
    found = AssessmentTask.objects.filter(
        qualification=qualification, lead_provider_id=designer.lead_provider_id, title=PROJECT_TITLE
    ).first()
    if found:
        return found
    areas = {a.key: a for _, a in versions.numbered_areas(qualification)}
    criteria: list[tuple[ContentArea | None, str]] = [(areas[key], text) for key, text in PROJECT_CRITERIA]
    return framework_services.design_task(designer, qualification, PROJECT_TITLE, PROJECT_AIM, PROJECT_WORDS, criteria)


def _marks(bands: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {code: (band, EVIDENCE[code]) for code, band in bands.items()}


def _submit(person: User, window: Window, n: int) -> Submission:
    text = ACCOUNT.format(school=f"Candidate {n + 1}.", extra=EXTRA[n % len(EXTRA)] * (1 + n % 3))
    return services.submit(
        person,
        window,
        f"placement-project-{n + 1}.txt",
        text.encode(),
        [("costed-timeline.txt", b"Term 1: 4,000 pounds coaching release time; term 2: 2,500 pounds")],
        own_work=True,
    )


def _mark(assessor: User, sub: Submission, bands: dict[str, str]) -> None:
    services.save_marks(assessor, services.start_marking(assessor, sub), _marks(bands), complete=True)


def _declare_completed(dc: DeliveryCohort, people: list[User], out: Any) -> None:
    """The provider declares completed with has_passed from the released result, after the release."""
    partner = dc.delivery_partner
    made = 0
    for person in people:
        sub = services.latest_submission(dc.windows.get(), person)
        released = services.released_result(sub) if sub else None
        if released is None:
            continue
        data = DeclarationInput(
            participant_id=str(person.ecf_id),
            declaration_type="completed",
            declaration_date=clock.now() - dt.timedelta(minutes=5),
            course_identifier=dc.course.identifier,
            has_passed=released.passed,
            delivery_partner_id=str(partner.ecf_id) if partner else None,
        )
        try:
            made += int(record_declaration(dc.lead_provider, Actor.command("demo"), data)[1])
        except NPQError as exc:
            out.write(f"Assessment: no completed declaration for {person.email}: {exc.message}")
    out.write(f"Assessment: {made} completed declarations by the provider, each taking the released result")


def create_demo(out: Any) -> None:
    dc = DeliveryCohort.objects.filter(name=NAME).select_related("lead_provider", "course", "delivery_partner").first()
    staff = {u.email: u for u in User.objects.filter(email__in=STAFF)}
    if dc is None or len(staff) < len(STAFF):
        out.write("Assessment demo skipped: needs the delivery demo and the Ambition provider staff and assessors")
        return
    if Window.objects.filter(delivery_cohort=dc).exists():
        return
    choice = services.version_of(dc)
    qualification = (
        Qualification.objects.filter(framework_id=choice.version.id, course=dc.course).first()
        if choice.version
        else None
    )
    if qualification is None:
        out.write(f"Assessment demo skipped: {choice.reason}")
        return
    provider_user, one, two, moderator = (staff[email] for email in STAFF)
    now = clock.now()
    ModeratorAssignment.objects.get_or_create(
        user=moderator, lead_provider=dc.lead_provider, defaults={"granted_at": now}
    )
    task = design_project(provider_user, qualification)
    out.write(
        f"Assessment: {choice.reason}, which sets no {qualification.name} task: {dc.lead_provider.name} designed "
        f"its own, {task.title} (criteria {', '.join(task.criteria.values_list('code', flat=True))})"
    )
    scheme = services.create_mark_scheme(
        provider_user, task, "Placement project (demo scheme)", 6, ["8.1"], True, 50, 1
    )
    window = services.set_window(provider_user, dc, scheme, now + dt.timedelta(days=10), now + dt.timedelta(days=70))
    members = [m.participant for m in dc.memberships.select_related("participant").order_by("participant_id")]
    engagement = delivery_queries.engagement_by_participant(dc, now)
    threshold = delivery_queries.threshold_for(dc.course_id)
    eligible = [p for p in members if engagement[p.pk].meets(threshold)]
    if len(eligible) < 12:
        out.write(f"Assessment demo skipped: only {len(eligible)} participants meet the engagement threshold")
        return

    first_batch = []
    for n, (person, (first, second, change)) in enumerate(zip(eligible, RELEASED, strict=False)):
        sub = _submit(person, window, n)
        a, b = (one, two) if n % 2 == 0 else (two, one)
        _mark(a, sub, first)
        _mark(b, sub, second or first)
        if services.needs_agreement(sub):
            services.record_agreement(moderator, sub, _marks(first), AGREED)
        first_batch.append((sub, change))
    sampled = services.sample_ids(window)
    for sub, change in first_batch:
        if change:
            services.moderate(moderator, sub, passed=False, reason=change)
        elif sub.pk in sampled:
            result = services.current_result(sub)
            services.moderate(moderator, sub, passed=bool(result and result.passed))
    releases = services.release_results(moderator, window)
    failed = [r.result.submission.participant for r in releases if not r.result.passed]
    _submit(failed[0], window, 20)  # a resubmission within the provider's policy, waiting for marking

    second_batch = eligible[len(RELEASED) : len(RELEASED) + 6]
    subs = [_submit(person, window, len(RELEASED) + n) for n, person in enumerate(second_batch)]
    _mark(one, subs[2], GOOD)  # first-marked, waiting for the blind second marking
    _mark(two, subs[3], STRONG)  # second-marked, in disagreement: waiting for agreement
    _mark(one, subs[3], WEAK)
    _mark(one, subs[4], GOOD)  # markers agree: a result waiting for moderation and release
    _mark(two, subs[4], GOOD)
    _mark(two, subs[5], GOOD)  # agreed by the moderator after a disagreement
    _mark(one, subs[5], SPLIT)
    services.record_agreement(moderator, subs[5], _marks(GOOD), AGREED)
    for sub in subs[4:]:
        if sub.pk in services.sample_ids(window):
            services.moderate(moderator, sub, passed=True)

    _declare_completed(dc, members, out)
    passed = sorted((r for r in releases if r.result.passed), key=lambda r: r.result.submission.participant.email)
    waiting = len(eligible) - len(RELEASED) - len(second_batch)
    out.write(
        f"Assessment: {len(releases)} results released ({len(passed)} passed, {len(releases) - len(passed)} not), "
        f"1 resubmission and {len(subs)} more in marking; {waiting} eligible not yet submitted; "
        f"{len(members) - len(eligible)} below the engagement threshold"
    )
    if passed:
        out.write(
            f"Assessment: sign in as {passed[0].result.submission.participant.email} to see a released pass "
            "and the NPQ outcome on the registration status page"
        )
