import datetime as dt

import pytest

from npq.assessment import services
from npq.assessment.models import Marking, Release, Result, Submission
from npq.core import clock
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.core.models import AuditEvent
from tests.assessment.documents import encrypted_pdf, make_docx
from tests.factories import build_world, full_attendance, hold_session

pytestmark = pytest.mark.django_db

ALL_MET = {
    "8.1": ("met", "“staff reviews now happen termly”"),
    "2.1": ("met", "cites coaching research"),
    "3.1": ("met", "capability gap analysis in section 2"),
}


@pytest.fixture
def world(reference, make_user):
    w = build_world(participants=2)
    full_attendance(w, sessions=1)
    return w


def words(n):
    return " ".join(["capability"] * n)


def test_submission_counts_words_and_keeps_annexes_out_of_the_count(world):
    person = world.participants[0]
    sub = services.submit(
        person,
        world.window,
        "project.docx",
        make_docx(words(2000), words(400)),
        annexes=[("data.txt", words(5000).encode())],
        own_work=True,
    )
    assert (sub.word_count, sub.kind, sub.attempt, sub.annexes.count()) == (2400, "docx", 1, 1)
    assert sub.candidate_number.startswith("C")


def test_submission_over_the_limit_is_refused_with_numbers_and_keeps_the_previous(world):
    person = world.participants[0]
    first = services.submit(person, world.window, "project.txt", words(100).encode(), own_work=True)
    with pytest.raises(ValidationFailed, match="2,501 words, which is 1 over the limit of 2,500"):
        services.submit(person, world.window, "project.txt", words(2501).encode(), own_work=True)
    with pytest.raises(ValidationFailed, match="password-protected"):
        services.submit(person, world.window, "project.pdf", encrypted_pdf("x"), own_work=True)
    with pytest.raises(ValidationFailed, match="empty"):
        services.submit(person, world.window, "project.txt", b"", own_work=True)
    assert services.latest_submission(world.window, person) == first
    assert Submission.objects.count() == 1


def test_resubmitting_before_marking_replaces_and_keeps_history(world):
    person = world.participants[0]
    first = services.submit(person, world.window, "a.txt", b"first draft", own_work=True)
    second = services.submit(person, world.window, "a.txt", b"second draft here", own_work=True)
    first.refresh_from_db()
    assert first.status == "superseded" and second.attempt == 2
    assert second.candidate_number == first.candidate_number


def test_deadline_and_extension(world):
    person = world.participants[0]
    token = clock.move_to(clock.now() + dt.timedelta(days=8))
    try:
        with pytest.raises(ValidationFailed, match="deadline .* has passed"):
            services.submit(person, world.window, "a.txt", b"late work", own_work=True)
        with pytest.raises(ValidationFailed, match="Enter the reason"):
            services.grant_extension(world.provider_user, world.window, person, clock.now() + dt.timedelta(days=3), "")
        services.grant_extension(
            world.provider_user, world.window, person, clock.now() + dt.timedelta(days=3), "Bereavement"
        )
        assert services.submit(person, world.window, "a.txt", b"late work", own_work=True).attempt == 1
    finally:
        clock.reset(token)


def test_engagement_below_threshold_blocks_submission(reference, make_user):
    w = build_world(participants=1)

    hold_session(w)  # held, no attendance recorded
    with pytest.raises(ValidationFailed, match="You need 90% engagement to submit; yours is 0%"):
        services.submit(w.participants[0], w.window, "a.txt", b"my work", own_work=True)


def mark(assessor, submission, marks, complete=True):
    marking = services.start_marking(assessor, submission)
    return services.save_marks(assessor, marking, marks, complete=complete)


def test_second_marking_agreement_moderation_and_release_to_outcome(world):
    a, b = world.participants
    sub_a = services.submit(a, world.window, "a.txt", b"my project account", own_work=True)
    sub_b = services.submit(b, world.window, "b.txt", b"another project account", own_work=True)
    mark(world.assessor, sub_a, ALL_MET)
    with pytest.raises(PermissionDenied):
        services.start_marking(world.assessor, sub_a)  # cannot second-mark own first marking
    mark(world.assessor2, sub_a, ALL_MET)
    assert services.current_result(sub_a).passed is True

    mark(world.assessor, sub_b, ALL_MET)
    mark(world.assessor2, sub_b, {**ALL_MET, "8.1": ("not_met", "no performance system described")})
    assert services.current_result(sub_b) is None and services.needs_agreement(sub_b)
    with pytest.raises(ValidationFailed, match="Moderation is not complete"):
        services.release_results(world.moderator, world.window)
    services.record_agreement(
        world.moderator,
        sub_b,
        {**ALL_MET, "8.1": ("not_met", "no system")},
        "Agreed with both markers: 8.1 not evidenced",
    )
    assert services.current_result(sub_b).passed is False

    services.moderate(world.moderator, sub_a, passed=True)
    with pytest.raises(ValidationFailed, match="reason for changing"):
        services.moderate(world.moderator, sub_b, passed=True)
    services.moderate(world.moderator, sub_b, passed=True, reason="Evidence for 8.1 in the annex table")
    assert [r.source for r in sub_b.results.order_by("id")] == ["agreement", "moderation"]

    releases = services.release_results(world.moderator, world.window)
    assert {r.result.submission_id: r.result.passed for r in releases} == {sub_a.pk: True, sub_b.pk: True}
    assert all("no completed declaration" in r.outcome_note for r in releases)
    assert services.released_result(sub_a).passed is True
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"criterion.marked", "marking.disagreement", "result.changed", "result.released"} <= actions


def test_mark_for_criterion_not_tested_is_refused(world):
    sub = services.submit(world.participants[0], world.window, "a.txt", b"words here", own_work=True)
    marking = services.start_marking(world.assessor, sub)
    with pytest.raises(ValidationFailed, match="Criterion 1.2.1 is not tested by this task"):
        services.save_marks(world.assessor, marking, {"1.2.1": ("met", "x")})
    with pytest.raises(ValidationFailed, match="Enter evidence"):
        services.save_marks(world.assessor, marking, {**ALL_MET, "3.1": ("met", " ")}, complete=True)
    assert not marking.marks.exists()


def test_result_released_only_to_participant_after_release_and_then_resubmission(reference, make_user):
    w = build_world(participants=1, second_marking=False, sample_percent=0)
    full_attendance(w)
    person = w.participants[0]
    sub = services.submit(person, w.window, "a.txt", b"thin account", own_work=True)
    mark(w.assessor, sub, {**ALL_MET, "2.1": ("not_met", "no research")})
    assert services.current_result(sub).passed is False and services.released_result(sub) is None
    with pytest.raises(ValidationFailed, match="being marked"):
        services.submit(person, w.window, "a.txt", b"new try", own_work=True)
    services.release_results(w.moderator, w.window)
    assert Release.objects.get().result.passed is False
    resubmission = services.submit(person, w.window, "a.txt", b"improved account", own_work=True)
    assert resubmission.attempt == 2


def test_outcome_recorded_on_completed_declaration(reference, make_user):
    from npq.declarations.models import Declaration, ParticipantOutcome

    w = build_world(participants=1, second_marking=False, sample_percent=0)
    full_attendance(w)
    person = w.participants[0]
    application = person.applications.get()
    Declaration.objects.create(
        application=application,
        participant=person,
        lead_provider=w.provider,
        cohort=application.cohort,
        course=application.course,
        declaration_type="completed",
        declaration_date=clock.now(),
        state="submitted",
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    sub = services.submit(person, w.window, "a.txt", b"good account", own_work=True)
    mark(w.assessor, sub, ALL_MET)
    release = services.release_results(w.moderator, w.window)[0]
    assert release.outcome_recorded is True
    assert ParticipantOutcome.objects.get().state == "passed"


def test_assessor_of_another_provider_cannot_mark(world, make_user):
    sub = services.submit(world.participants[0], world.window, "a.txt", b"words", own_work=True)
    outsider = make_user("assessor", provider="Teach First")
    with pytest.raises(PermissionDenied):
        services.start_marking(outsider, sub)
    with pytest.raises(PermissionDenied):
        services.release_results(world.assessor, world.window)  # not a moderator
    assert Marking.objects.count() == 0 and Result.objects.count() == 0


def test_a_late_upload_is_refused_before_the_document_is_opened(world, monkeypatch):
    """The deadline and permission checks come first: a refused person's file is never parsed."""
    from npq.assessment import extraction

    opened = []
    monkeypatch.setattr(extraction, "extract", lambda *a, **k: opened.append(a) or extraction.Document("text", "x"))
    token = clock.move_to(clock.now() + dt.timedelta(days=8))
    try:
        with pytest.raises(ValidationFailed, match="deadline .* has passed"):
            services.submit(world.participants[0], world.window, "a.docx", make_docx("late work"), own_work=True)
    finally:
        clock.reset(token)
    assert opened == []
