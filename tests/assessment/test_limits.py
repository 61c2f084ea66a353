"""Files are kept in the database, so their sizes are limited; lists never load them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from npq.assessment import extraction, rules, services
from npq.assessment.models import Annex, Submission
from npq.core.errors import ValidationFailed
from tests.conftest import error_summary, html
from tests.factories import build_world, full_attendance
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("document", "annexes", "problem"),
    [
        (10 * MB, [], None),
        (10 * MB + 1, [], "The selected file must be smaller than 10MB"),
        (MB, [MB] * 5, None),
        (MB, [MB] * 6, "Upload up to 5 annexes or supporting documents"),
        (MB, [10 * MB + 1], "Each annex must be smaller than 10MB"),
        (9 * MB, [9 * MB, 7 * MB + 1], "Your submission and its annexes must be smaller than 25MB together"),
        (9 * MB, [9 * MB, 7 * MB], None),
    ],
)
def test_upload_size_limits(document, annexes, problem):
    assert rules.upload_problem(document, annexes, 10 * MB, 25 * MB, 5) == problem


def _build():
    w = build_world(participants=8, sample_percent=100)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def test_oversized_upload_is_refused_and_the_previous_submission_stays(world, monkeypatch):
    person = world.participants[0]
    first = services.submit(person, world.window, "a.txt", b"my first account", own_work=True)
    monkeypatch.setattr(extraction, "MAX_BYTES", 100)
    with pytest.raises(ValidationFailed, match="must be smaller than"):
        services.submit(person, world.window, "b.txt", b"word " * 30, own_work=True)
    with pytest.raises(ValidationFailed, match="Each annex must be smaller"):
        services.submit(person, world.window, "b.txt", b"short", [("annex.txt", b"x " * 60)], own_work=True)
    monkeypatch.setattr(extraction, "MAX_TOTAL_BYTES", 100)
    with pytest.raises(ValidationFailed, match="together"):
        services.submit(person, world.window, "b.txt", b"word " * 12, [("annex.txt", b"x " * 30)], own_work=True)
    assert list(Submission.objects.values_list("pk", "status")) == [(first.pk, "waiting")]
    assert not Annex.objects.exists()


def test_oversized_upload_on_the_page(world, client_as, monkeypatch):
    monkeypatch.setattr(extraction, "MAX_BYTES", 100)
    response = client_as(world.participants[0]).post(
        f"/assessment/windows/{world.window.pk}/submit",
        {"document": SimpleUploadedFile("account.txt", b"word " * 30)},
    )
    assert response.status_code == 400
    assert error_summary(response)[0].startswith("account.txt: the selected file must be smaller than")
    assert not Submission.objects.exists()


def _queue_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/assessment/marking").status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_marking_queue_queries_do_not_grow_and_never_load_files(world, client_as):
    client = client_as(world.assessor)
    for person in world.participants[:2]:
        services.submit(
            person, world.window, "a.txt", b"an account of the project", [("t.txt", b"timeline")], own_work=True
        )
    few = _queue_queries(client)
    for person in world.participants[2:]:
        services.submit(
            person, world.window, "a.txt", b"an account of the project", [("t.txt", b"timeline")], own_work=True
        )
    many = _queue_queries(client)
    assert client.get("/assessment/marking").content.decode().count("/mark") >= 8
    assert len(many) == len(few)
    submission_reads = [sql for sql in many if 'FROM "assessment_submission"' in sql]
    assert submission_reads and not any('"assessment_submission"."content"' in sql for sql in submission_reads)
    assert not any('"assessment_submission"."text"' in sql for sql in submission_reads)


def test_moderation_and_participant_pages_never_load_files(world, client_as):
    person = world.participants[0]
    services.submit(person, world.window, "a.txt", b"an account of the project", own_work=True)
    for client, path in [
        (client_as(world.moderator), f"/assessment/windows/{world.window.pk}/moderation"),
        (client_as(person), "/assessment"),
        (client_as(person), f"/assessment/windows/{world.window.pk}/submit"),
    ]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        assert not any('"assessment_submission"."content"' in q["sql"] for q in ctx.captured_queries), path


def _another_cohort(world, n):
    from npq.assessment.models import Window
    from npq.core import clock
    from npq.core.audit import Actor
    from npq.delivery import services as delivery

    dc = delivery.create_delivery_cohort(
        Actor.command("test"),
        world.provider,
        world.dc.course,
        world.dc.cohort,
        f"NPQH extra {n}",
        world.dc.delivery_partner,
        [world.facilitator],
    )
    delivery.add_participants(Actor.command("test"), dc, world.participants[:2])
    session = delivery.schedule_session(
        world.facilitator, dc, title="Seminar", mode="self_study", starts_at=clock.now() - dt.timedelta(days=1)
    )
    delivery.record_attendance(world.facilitator, session, {world.participants[0].pk: ("attended", "")})
    Window.objects.create(delivery_cohort=dc, scheme=world.scheme, deadline=world.window.deadline)


def _release_one(world, person):
    marks = dict.fromkeys(("8.1", "2.1", "3.1"), ("met", "quoted"))
    sub = services.submit(person, world.window, "a.txt", b"an account of the project", own_work=True)
    for assessor in (world.assessor, world.assessor2):
        services.save_marks(assessor, services.start_marking(assessor, sub), marks, complete=True)
    services.moderate(world.moderator, sub, passed=True)
    services.release_results(world.moderator, world.window)


def test_provider_progress_queries_do_not_grow_with_cohorts_and_never_load_files(world, client_as):
    _release_one(world, world.participants[0])
    client = client_as(world.provider_user)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/assessment/progress")
        assert response.status_code == 200
        return response, [q["sql"] for q in ctx.captured_queries]

    page, few = queries()
    cohort_row = html(page).select("table")[0].select("tbody tr")[0].get_text(" ", strip=True)
    assert cohort_row.startswith("NPQH North 1") and cohort_row.endswith("100% 1 1 of 1")
    for n in range(3):
        _another_cohort(world, n)
    page, many = queries()
    assert len(html(page).select("table")[0].select("tbody tr")) == 4
    assert len(many) == len(few)
    assert not any('"assessment_submission"."content"' in sql for sql in many)


def test_moderation_page_queries_do_not_grow_with_submissions(world, client_as):
    client = client_as(world.moderator)
    marks = dict.fromkeys(("8.1", "2.1", "3.1"), ("met", "quoted"))

    def add(people):
        for person in people:
            sub = services.submit(person, world.window, "a.txt", b"an account of the project", own_work=True)
            for assessor in (world.assessor, world.assessor2):
                services.save_marks(assessor, services.start_marking(assessor, sub), marks, complete=True)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/assessment/windows/{world.window.pk}/moderation").status_code == 200
        return len(ctx.captured_queries)

    add(world.participants[:2])
    few = count()
    add(world.participants[2:])
    assert count() == few
