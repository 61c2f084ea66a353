"""A released result becomes the participant's NPQ outcome on the completed declaration, whether
the result or the declaration comes first, and only once every task set to them is decided."""

import datetime as dt

import pytest

from npq.api.tokens import create_token
from npq.assessment import services
from npq.assessment.models import MarkScheme, ModeratorAssignment, Release, Window
from npq.assessment.services.outcomes import LINKED
from npq.core import clock
from npq.core.models import AuditEvent
from npq.declarations.models import ParticipantOutcome
from npq.declarations.services import record_declaration
from npq.delivery import services as delivery
from npq.people.models import Role
from npq.registration.status import stages_for
from tests.api.conftest import ApiClient
from tests.declarations import conftest as declarations
from tests.factories import BANDS, provider_task, reflection_task

frozen_clock, world = declarations.frozen_clock, declarations.world  # the declarations world, clock fixed in 2026

pytestmark = pytest.mark.django_db

PASS = {"8.1": ("met", "quoted"), "2.1": ("met", "quoted"), "3.1": ("met", "quoted")}
FAIL = {**PASS, "8.1": ("not_met", "no appraisal system described")}


class Setting:
    """The declarations world with a cohort of delivery, a held session and task windows."""

    def __init__(self, world, make_user, tasks=("project",)):
        designer = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
        designs = {"project": provider_task, "reflection": reflection_task}
        self.world = world
        self.assessor = make_user(Role.ASSESSOR, provider="Ambition Institute")
        self.moderator = make_user(Role.ASSESSOR, provider="Ambition Institute")
        ModeratorAssignment.objects.create(user=self.moderator, lead_provider=world.provider, granted_at=clock.now())
        self.facilitator = make_user(
            Role.DELIVERY_PARTNER, provider="Ambition Institute", partner="Pennine Teaching School Hub"
        )
        self.application = world.new_participant()
        self.person = self.application.user
        self.dc = delivery.create_delivery_cohort(
            world.actor, world.provider, world.course, world.cohort, "NPQH spring", world.partner, [self.facilitator]
        )
        delivery.add_participants(world.actor, self.dc, [self.person])
        session = delivery.schedule_session(
            self.facilitator,
            self.dc,
            title="Seminar",
            mode="face_to_face",
            place="Halifax",
            starts_at=clock.now() - dt.timedelta(days=3),
        )
        delivery.record_attendance(self.facilitator, session, {self.person.pk: ("attended", "")})
        self.windows = []
        for key in tasks:
            task = designs[key](designer)
            scheme = MarkScheme.objects.create(
                lead_provider=world.provider,
                task=task,
                name=f"{key} scheme",
                bands=BANDS,
                pass_mark=1 if key == "reflection" else 6,
                second_marking=False,
                sample_percent=0,
            )
            self.windows.append(
                Window.objects.create(
                    delivery_cohort=self.dc, scheme=scheme, deadline=clock.now() + dt.timedelta(days=5)
                )
            )

    def result(self, marks, window=None):
        window = window or self.windows[0]
        if window.scheme.task.title == "Reflective account":
            codes = list(window.scheme.task.criteria.values_list("code", flat=True))
            marks = dict.fromkeys(codes, ("met" if marks is PASS else "not_met", "quoted"))
        sub = services.submit(self.person, window, "account.txt", b"My account of the project", own_work=True)
        services.save_marks(self.assessor, services.start_marking(self.assessor, sub), marks, complete=True)
        return services.release_results(self.moderator, window)

    def declare(self, has_passed, through=("started", "retained-1", "retained-2")):
        for n, kind in enumerate(through):
            record_declaration(
                self.world.provider,
                self.world.actor,
                self.world.declare(self.application, kind, declaration_date=dt.datetime(2026, 2, n + 1, tzinfo=dt.UTC)),
            )
        declaration, _ = record_declaration(
            self.world.provider,
            self.world.actor,
            self.world.declare(
                self.application,
                "completed",
                declaration_date=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                has_passed=has_passed,
            ),
        )
        return declaration

    def outcomes(self):
        return list(ParticipantOutcome.objects.order_by("created_at", "id").values_list("state", flat=True))


def test_result_first_then_the_completed_declaration_links_it(world, make_user):
    s = Setting(world, make_user)
    [release] = s.result(PASS)
    assert release.outcome_recorded is False
    assert "no completed declaration" in release.outcome_note
    s.declare(has_passed=True)
    release.refresh_from_db()
    assert (release.outcome_recorded, release.outcome_note, s.outcomes()) == (True, LINKED, ["passed"])
    assert AuditEvent.objects.filter(action="release.outcome_linked").exists()
    assert stages_for(s.application)[-1].detail == "Your result: passed."


def test_a_declared_has_passed_that_contradicts_the_released_result_is_corrected(world, make_user):
    s = Setting(world, make_user)
    s.result(FAIL)
    s.declare(has_passed=True)
    assert s.outcomes() == ["passed", "failed"]  # the provider's claim, then the marked result
    assert Release.objects.get().outcome_recorded is True
    event = AuditEvent.objects.filter(action="outcome.recorded").latest("id")
    assert event.before == {"state": "passed"} and event.after["state"] == "failed"


def test_declaration_first_then_the_release_records_the_outcome(world, make_user):
    s = Setting(world, make_user)
    s.declare(has_passed=False)
    assert s.outcomes() == ["failed"]
    [release] = s.result(PASS)
    assert release.outcome_recorded is True
    assert s.outcomes() == ["failed", "passed"]
    assert ParticipantOutcome.objects.latest("id").completion_date == clock.today()


def test_the_same_result_declared_and_released_adds_no_second_outcome(world, make_user):
    s = Setting(world, make_user)
    s.declare(has_passed=True)
    [release] = s.result(PASS)
    assert release.outcome_recorded is True and s.outcomes() == ["passed"]


def test_no_outcome_until_every_task_set_has_a_released_result(world, make_user):
    s = Setting(world, make_user, tasks=("reflection", "project"))
    s.declare(has_passed=True)
    [first] = s.result(PASS, s.windows[0])
    assert first.outcome_recorded is False
    assert first.outcome_note == "Not yet an outcome: no result has been released for " + s.windows[1].scheme.task.title
    [second] = s.result(FAIL, s.windows[1])
    assert second.outcome_recorded is True
    first.refresh_from_db()
    assert first.outcome_recorded is True
    assert s.outcomes() == ["passed", "failed"]


def test_outcome_from_marking_shows_in_the_api(world, make_user):
    s = Setting(world, make_user)
    s.result(PASS)
    s.declare(has_passed=True)
    _, token = create_token(world.provider, world.actor)
    pid = str(s.person.ecf_id)
    data = ApiClient(token).get(f"/api/v3/participants/npq/{pid}/outcomes").json()["data"]
    assert [o["attributes"]["state"] for o in data] == ["passed"]
    _, other = create_token(world.other_provider, world.actor)
    assert ApiClient(other).get("/api/v3/participants/npq/outcomes").json()["data"] == []


def test_a_resubmission_after_a_released_fail_is_marked_and_released(world, make_user):
    s = Setting(world, make_user)
    s.windows[0].resubmission_deadline = clock.now() + dt.timedelta(days=30)
    s.windows[0].save()
    s.declare(has_passed=False)
    s.result(FAIL)
    assert s.outcomes() == ["failed"]
    [again] = s.result(PASS)
    assert again.result.submission.attempt == 2 and again.outcome_recorded is True
    assert s.outcomes() == ["failed", "passed"]


def test_api_completed_declaration_answers_with_the_marked_result(world, make_user):
    s = Setting(world, make_user)
    s.result(FAIL)
    for n, kind in enumerate(("started", "retained-1", "retained-2")):
        record_declaration(
            world.provider,
            world.actor,
            world.declare(s.application, kind, declaration_date=dt.datetime(2026, 2, n + 1, tzinfo=dt.UTC)),
        )
    _, token = create_token(world.provider, world.actor)
    attributes = {
        "participant_id": str(s.person.ecf_id),
        "declaration_type": "completed",
        "declaration_date": "2026-03-01T09:00:00Z",
        "course_identifier": "npq-headship",
        "delivery_partner_id": str(world.partner.ecf_id),
        "has_passed": True,
    }
    response = ApiClient(token).post(
        "/api/v3/participant-declarations", {"data": {"type": "participant-declaration", "attributes": attributes}}
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["attributes"]["has_passed"] is False


def test_voiding_the_completed_declaration_unlinks_the_release_and_a_new_one_links_again(world, make_user):
    from npq.declarations.services import void_declaration

    s = Setting(world, make_user)
    [release] = s.result(PASS)
    declaration = s.declare(has_passed=True)
    void_declaration(world.provider, world.actor, str(declaration.ecf_id))
    release.refresh_from_db()
    assert release.outcome_recorded is False
    assert "no completed declaration" in release.outcome_note
    assert s.outcomes() == ["passed", "voided"]
    s.declare(has_passed=True, through=())
    release.refresh_from_db()
    assert (release.outcome_recorded, release.outcome_note, s.outcomes()) == (
        True,
        LINKED,
        ["passed", "voided", "passed"],
    )
