"""Issue 14, items 15 and 16: the work beside the marks on every marking, agreement and
moderation page, annexes that open, and moderation that covers agreed results, lets a moderator
choose an unsampled one, names each attempt and says honestly where a task's results stand."""

import pytest

from npq.assessment import rules, services
from npq.assessment.models import Moderation, Release
from tests.conftest import h1, html
from tests.factories import build_world, full_attendance
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db

AGREE = dict.fromkeys(("8.1", "2.1", "3.1"), ("met", "quoted"))
DIFFER = {"8.1": ("not_met", "missing"), "2.1": ("not_met", "missing"), "3.1": ("met", "quoted")}
TEXT = b"Our appraisal cycle was redesigned with termly reviews"


def _build():
    w = build_world(participants=2, sample_percent=0)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def _marked(world, person, second=AGREE):
    sub = services.submit(
        person, world.window, "a.txt", TEXT, annexes=[("action plan.txt", b"Plan: step one")], own_work=True
    )
    services.save_marks(world.assessor, services.start_marking(world.assessor, sub), AGREE, complete=True)
    services.save_marks(world.assessor2, services.start_marking(world.assessor2, sub), second, complete=True)
    return sub


def test_annexes_open_from_the_marking_page(world, client_as, make_user):
    sub = services.submit(
        world.participants[0], world.window, "a.txt", TEXT, annexes=[("plan.txt", b"Plan A")], own_work=True
    )
    client = client_as(world.assessor)
    page = html(client.get(f"/assessment/submissions/{sub.pk}/mark"))
    link = page.select_one("a[href*='/annexes/']")
    assert link.get_text(strip=True) == "plan.txt"
    got = client.get(link["href"])
    assert got.status_code == 200 and got.content == b"Plan A"
    assert got["Content-Disposition"] == 'attachment; filename="plan.txt"'
    assert got["X-Content-Type-Options"] == "nosniff"
    outsider = client_as(make_user("assessor", provider="Teach First"))
    assert outsider.get(link["href"]).status_code == 404


def test_the_agreement_page_shows_the_work_and_criteria_in_words(world, client_as):
    sub = _marked(world, world.participants[0], second=DIFFER)
    page = client_as(world.moderator).get(f"/assessment/submissions/{sub.pk}/agree")
    doc = html(page)
    text = doc.get_text(" ", strip=True)
    assert TEXT.decode() in text
    assert doc.select_one("a[href*='/annexes/']").get_text(strip=True) == "action plan.txt"
    rows = [r.get_text(" ", strip=True) for r in doc.select("table tbody tr")]
    assert rows[0].startswith("8.1 ") and len(rows[0].split(" – ")[0]) > len("8.1 ")  # the criterion's words
    cells = [c.get_text(strip=True) for c in doc.select("table tbody td")]
    assert not any(c in ("met", "not_met") or c.startswith(("met ", "not_met ")) for c in cells)
    assert "Not met – missing" in rows[0]


def test_a_moderator_reviews_one_submission_with_its_work_and_marks(world, client_as):
    sub = _marked(world, world.participants[0])
    client = client_as(world.moderator)
    listing = html(client.get(f"/assessment/windows/{world.window.pk}/moderation"))
    link = listing.select_one(f"a[href$='/submissions/{sub.pk}/review']")
    assert link.get_text(strip=True) == f"{sub.candidate_number}, attempt 1"
    page = client.get(link["href"])
    assert h1(page) == f"{sub.candidate_number}, attempt 1"
    text = html(page).get_text(" ", strip=True)
    assert TEXT.decode() in text and "First marking" in text and "Second marking" in text
    assert "8.1" in text and "Met: quoted" in text
    assert "not in the sample; you can still moderate it" in text


def test_an_agreed_result_is_never_released_unmoderated(world):
    sub = _marked(world, world.participants[0], second=DIFFER)
    services.record_agreement(world.moderator, sub, AGREE, "Discussed the evidence")
    assert services.sample_ids(world.window) == {sub.pk}  # 0% sample, but agreed marks must be moderated
    with pytest.raises(Exception, match="1 sampled result needs moderating"):
        services.release_results(world.moderator, world.window)
    services.moderate(world.moderator, sub, True)
    assert len(services.release_results(world.moderator, world.window)) == 1


def test_a_moderator_may_moderate_an_unsampled_result_on_the_page(world, client_as):
    sub = _marked(world, world.participants[0])
    assert sub.pk not in services.sample_ids(world.window)
    client = client_as(world.moderator)
    listing = html(client.get(f"/assessment/windows/{world.window.pk}/moderation"))
    assert listing.select_one(f"input[name=submission][value='{sub.pk}']") is not None
    client.post(f"/assessment/windows/{world.window.pk}/moderation", {"submission": sub.pk, "decision": "pass"})
    assert Moderation.objects.filter(submission=sub).exists()


def test_the_queue_says_released_only_when_every_result_is_out(world, client_as):
    first = _marked(world, world.participants[0])
    services.submit(world.participants[1], world.window, "b.txt", b"Words of the second participant", own_work=True)
    services.release_results(world.moderator, world.window)
    assert Release.objects.filter(result__submission=first).exists()
    queue = html(client_as(world.moderator).get("/assessment/marking")).get_text(" ", strip=True)
    assert "(released)" not in queue
    assert "Still being marked (1 of 2 released)" in queue


@pytest.mark.parametrize(
    ("submissions", "without_result", "waiting", "progress"),
    [
        (0, 0, 0, rules.WindowProgress.NOTHING_SUBMITTED),
        (6, 5, 0, rules.WindowProgress.MARKING),  # one released, five still being marked: not "released"
        (6, 0, 2, rules.WindowProgress.READY),
        (6, 0, 0, rules.WindowProgress.RELEASED),
    ],
)
def test_window_progress(submissions, without_result, waiting, progress):
    assert rules.window_progress(submissions, without_result, waiting) == progress


@pytest.mark.parametrize(
    ("sampled", "agreed", "chosen", "must"),
    [
        (set(), set(), set(), set()),
        ({"1"}, set(), set(), {"1"}),
        (set(), {"2"}, set(), {"2"}),  # agreed but not sampled: still moderated
        ({"1"}, {"2"}, {"3"}, {"1", "2", "3"}),
    ],
)
def test_must_moderate(sampled, agreed, chosen, must):
    assert rules.must_moderate(sampled, agreed, chosen) == must


# -- Item 17: a check page and an own-work declaration before anything is submitted.


def test_a_four_word_upload_is_checked_and_declared_before_it_is_submitted(world, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from npq.assessment.models import Draft, Submission
    from npq.core.models import AuditEvent
    from tests.conftest import error_summary

    person = world.participants[0]
    client = client_as(person)
    uploaded = client.post(
        f"/assessment/windows/{world.window.pk}/submit",
        {"document": SimpleUploadedFile("notes.txt", b"four words only here")},
    )
    assert uploaded.status_code == 302 and uploaded["Location"].endswith("/check")
    assert not Submission.objects.exists() and Draft.objects.filter(participant=person).exists()
    check = client.get(uploaded["Location"])
    assert h1(check) == "Check your submission before you submit it"
    text = html(check).get_text(" ", strip=True)
    assert "Your submission has 4 words, far below the limit of 2,500" in text
    assert "four words only here" in text and rules.OWN_WORK in text
    undeclared = client.post(uploaded["Location"], {})
    assert undeclared.status_code == 400 and error_summary(undeclared) == [
        "Confirm that the submission is your own work"
    ]
    assert not Submission.objects.exists()
    assert "have not submitted it" in html(client.get("/assessment")).get_text(" ", strip=True)
    assert client.post(uploaded["Location"], {"own_work": "on"}).status_code == 302
    sub = Submission.objects.get()
    assert sub.word_count == 4 and sub.own_work_declared_at is not None
    assert not Draft.objects.exists()
    assert AuditEvent.objects.get(action="submission.made").after["own_work_declared"] is True


def test_the_service_refuses_a_submission_not_declared_own_work(world):
    from npq.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="Confirm that the submission is your own work"):
        services.submit(world.participants[0], world.window, "a.txt", TEXT, own_work=False)


@pytest.mark.parametrize(
    ("count", "limit", "warned"),
    [(4, 2500, True), (499, 2500, True), (500, 2500, False), (2400, 2500, False), (0, 10, True)],
)
def test_check_warnings(count, limit, warned):
    assert bool(rules.check_warnings(count, limit)) is warned
