"""Demo assessment: the NPQH placement-project task set to the demo cohort of delivery, three
submissions, first and blind second marking by two assessors, an agreement and moderation by the
moderator, and released results."""

import datetime as dt
from typing import Any

from npq.assessment import services
from npq.assessment.models import MarkScheme, ModeratorAssignment, Window
from npq.core import clock
from npq.delivery.demo import NAME
from npq.delivery.models import DeliveryCohort
from npq.frameworks.models import AssessmentTask
from npq.people.models import User

BANDS = [
    {"key": "not_met", "label": "Not met", "score": 0, "meets": False},
    {"key": "met", "label": "Met", "score": 2, "meets": True},
    {"key": "exceeded", "label": "Exceeded", "score": 3, "meets": True},
]
ACCOUNT = (
    "Placement school action plan. The placement school's staff survey and appraisal records show that "
    "performance reviews happened once a year and rarely linked to professional development. {extra} "
    "I analysed the projected capability gap for the next two years, reviewed research on instructional "
    "coaching and designed a termly review cycle with coaching for middle leaders. The governing board "
    "heard the plan and asked for a costed timeline, which is in the annex."
)
# criterion -> (band, evidence) for each marker, per demo participant
MARKING = [
    ({"6.3.1": "met", "6.3.2": "exceeded", "6.3.3": "met"}, {"6.3.1": "met", "6.3.2": "exceeded", "6.3.3": "met"}),
    ({"6.3.1": "met", "6.3.2": "met", "6.3.3": "met"}, {"6.3.1": "not_met", "6.3.2": "met", "6.3.3": "met"}),
    (
        {"6.3.1": "not_met", "6.3.2": "met", "6.3.3": "not_met"},
        {"6.3.1": "not_met", "6.3.2": "met", "6.3.3": "not_met"},
    ),
]
EVIDENCE = {
    "6.3.1": "“designed a termly review cycle”",
    "6.3.2": "“reviewed research on instructional coaching”",
    "6.3.3": "“analysed the projected capability gap”",
}


def _marks(bands: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {code: (band, EVIDENCE[code]) for code, band in bands.items()}


def create_demo(out: Any) -> None:
    dc = DeliveryCohort.objects.filter(name=NAME).select_related("lead_provider").first()
    task = AssessmentTask.objects.filter(framework__key="npq-2017", key="npqh-project-2").first()
    staff = {
        u.email: u
        for u in User.objects.filter(
            email__in=["assessor@ambition.example", "assessor2@ambition.example", "moderator@ambition.example"]
        )
    }
    if dc is None or task is None or len(staff) < 3:
        out.write("Assessment demo skipped: needs the delivery demo, the 2017 framework and the Ambition assessors")
        return
    if Window.objects.filter(delivery_cohort=dc).exists():
        return
    first, second, moderator = (
        staff["assessor@ambition.example"],
        staff["assessor2@ambition.example"],
        staff["moderator@ambition.example"],
    )
    now = clock.now()
    ModeratorAssignment.objects.get_or_create(
        user=moderator, lead_provider=dc.lead_provider, defaults={"granted_at": now}
    )
    scheme = MarkScheme.objects.create(
        lead_provider=dc.lead_provider,
        task=task,
        name="NPQH project 2 (demo scheme)",
        bands=BANDS,
        pass_mark=6,
        tolerance=0,
        sample_percent=50,
    )
    scheme.must_meet.set(task.criteria.filter(code="6.3.1"))
    window = Window.objects.create(
        delivery_cohort=dc,
        scheme=scheme,
        deadline=now + dt.timedelta(days=21),
        resubmission_deadline=now + dt.timedelta(days=90),
    )
    people = [m.participant for m in dc.memberships.select_related("participant").order_by("participant_id")][:3]
    subs = []
    for n, person in enumerate(people):
        extra = "Staff interviews confirmed this. " * (n + 1)
        subs.append(
            services.submit(
                person,
                window,
                f"project-{n + 1}.txt",
                ACCOUNT.format(extra=extra).encode(),
                [("costed-timeline.txt", b"Term 1: 4,000 pounds coaching release time")],
            )
        )
    for sub, (one, two) in zip(subs, MARKING, strict=False):
        services.save_marks(first, services.start_marking(first, sub), _marks(one), complete=True)
        services.save_marks(second, services.start_marking(second, sub), _marks(two), complete=True)
        if services.needs_agreement(sub):
            services.record_agreement(
                moderator, sub, _marks(one), "Agreed at a marking meeting: the review cycle is evidenced in section 2"
            )
    for sub in subs:
        if sub.pk in services.sample_ids(window):
            result = services.current_result(sub)
            services.moderate(moderator, sub, passed=bool(result and result.passed))
    releases = services.release_results(moderator, window)
    passed = sum(1 for r in releases if r.result.passed)
    out.write(f"Assessment: {len(subs)} submissions marked twice, moderated and released ({passed} passed)")
