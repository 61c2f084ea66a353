import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from npq.assessment import services
from npq.assessment.models import Submission
from tests.assessment.documents import make_docx
from tests.conftest import error_summary, h1, html
from tests.factories import build_world, full_attendance
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


def _build():
    w = build_world(participants=1, sample_percent=100)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def upload(client, window, name, data):
    return client.post(f"/assessment/windows/{window.pk}/submit", {"document": SimpleUploadedFile(name, data)})


MARKS = {
    "band-8.1": "met",
    "evidence-8.1": "“appraisal cycle redesigned”",
    "band-2.1": "met",
    "evidence-2.1": "cites research",
    "band-3.1": "exceeded",
    "evidence-3.1": "gap analysis",
}


def test_participant_submits_and_word_limit_is_enforced_on_the_page(world, client_as):
    person = world.participants[0]
    client = client_as(person)
    page = client.get("/assessment")
    assert h1(page) == "Your assessment tasks" and "2,500 words" in page.content.decode()
    too_long = upload(client, world.window, "account.docx", make_docx("word " * 2600))
    assert too_long.status_code == 400
    assert error_summary(too_long)[0].startswith(
        "Your submission has 2,600 words, which is 100 over the limit of 2,500"
    )
    assert html(too_long).title.get_text().startswith("Error: ")
    wrong = upload(client, world.window, "account.pdf", make_docx("hello"))
    assert "named as a PDF but its contents are a Word document" in error_summary(wrong)[0]
    ok = upload(client, world.window, "account.docx", make_docx("word " * 1200))
    assert ok.status_code == 302 and ok["Location"] == f"/assessment/windows/{world.window.pk}/check"
    assert not Submission.objects.exists()  # checked, not yet submitted
    assert client.post(ok["Location"], {"own_work": "on"}).status_code == 302
    assert "1,200 words" in client.get("/assessment").content.decode()
    assert Submission.objects.get().word_count == 1200


def test_marking_screen_moderation_release_and_provider_pass_rates(world, client_as):
    person = world.participants[0]
    sub = services.submit(
        person, world.window, "a.txt", b"Our appraisal cycle redesigned with termly reviews", own_work=True
    )
    first = client_as(world.assessor)
    queue = first.get("/assessment/marking")
    assert sub.candidate_number in queue.content.decode() and person.full_name not in queue.content.decode()
    screen = first.get(f"/assessment/submissions/{sub.pk}/mark")
    assert "Our appraisal cycle redesigned" in screen.content.decode()
    bad = first.post(f"/assessment/submissions/{sub.pk}/mark", {**MARKS, "band-1.2.1": "met", "action": "save"})
    assert error_summary(bad) == ["Criterion 1.2.1 is not tested by this task"]
    check = first.post(f"/assessment/submissions/{sub.pk}/mark", {**MARKS, "action": "complete"})
    assert h1(check) == f"Complete marking of {sub.candidate_number}?"
    assert "cannot change them afterwards" in html(check).get_text(" ")
    # The confirmation posts the same marks again, so nothing typed is lost.
    reposted = {i["name"]: i["value"] for i in html(check).select("main form input[type=hidden]")}
    assert reposted["confirmed"] == "yes" and reposted["action"] == "complete"
    done = first.post(f"/assessment/submissions/{sub.pk}/mark", {**MARKS, "action": "complete", "confirmed": "yes"})
    assert done.status_code == 302
    second = client_as(world.assessor2)
    blind = second.get(f"/assessment/submissions/{sub.pk}/mark")
    assert "“appraisal cycle redesigned”" not in blind.content.decode()  # first marker's evidence is hidden
    second.post(f"/assessment/submissions/{sub.pk}/mark", {**MARKS, "action": "complete", "confirmed": "yes"})

    assert "Not passed" not in client_as(person).get("/assessment").content.decode()
    moderator = client_as(world.moderator)
    page = moderator.get(f"/assessment/windows/{world.window.pk}/moderation")
    assert "1 of 1 sampled" not in page.content.decode() and "Pass (7" in page.content.decode()
    moderator.post(f"/assessment/windows/{world.window.pk}/moderation", {"submission": sub.pk, "decision": "pass"})
    check = moderator.post(f"/assessment/windows/{world.window.pk}/moderation", {"action": "release"})
    assert h1(check) == "Release results to participants?"
    assert "1 result will be shown to participants at once" in html(check).get_text(" ")
    assert "Passed" not in client_as(person).get("/assessment").content.decode()
    released = moderator.post(
        f"/assessment/windows/{world.window.pk}/moderation", {"action": "release", "confirmed": "yes"}, follow=True
    )
    assert "Results released to participants" in html(released).get_text(" ")
    mine = client_as(person).get("/assessment").content.decode()
    assert "Passed" in mine and "gap analysis" in mine

    progress = client_as(world.provider_user).get("/assessment/progress")
    rows = [r.get_text(" ", strip=True) for r in html(progress).select("table")[1].select("tbody tr")]
    assert rows[0].startswith("2.1") and rows[0].endswith("1 of 1 100%")


def test_release_refused_until_moderation_complete(world, client_as):
    sub = services.submit(world.participants[0], world.window, "a.txt", b"words", own_work=True)
    moderator = client_as(world.moderator)
    nothing = moderator.post(
        f"/assessment/windows/{world.window.pk}/moderation", {"action": "release", "confirmed": "yes"}
    )
    assert nothing.status_code == 400
    assert error_summary(nothing)[0].startswith("There are no results to release")
    marks = {code: (band, "quoted") for code, band in [("8.1", "met"), ("2.1", "met"), ("3.1", "met")]}
    for assessor in (world.assessor, world.assessor2):
        services.save_marks(assessor, services.start_marking(assessor, sub), marks, complete=True)
    response = moderator.post(
        f"/assessment/windows/{world.window.pk}/moderation", {"action": "release", "confirmed": "yes"}
    )
    assert response.status_code == 400
    assert error_summary(response)[0].startswith("Moderation is not complete: 1 sampled result needs moderating")


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("participant", "/assessment/marking", 403),
        ("lead_provider", "/assessment/marking", 403),
        ("assessor", "/assessment/progress", 403),
        ("participant", "/assessment/progress", 403),
    ],
)
def test_pages_are_for_their_roles(world, client_as, make_user, role, path, status):
    user = make_user(role, provider=None if role == "participant" else "Ambition Institute")
    assert client_as(user).get(path).status_code == status


def test_other_providers_cannot_reach_submissions_or_moderation(world, client_as, make_user):
    sub = services.submit(world.participants[0], world.window, "a.txt", b"words", own_work=True)
    outsider = client_as(make_user("assessor", provider="Teach First"))
    assert outsider.get(f"/assessment/submissions/{sub.pk}/mark").status_code == 404
    assert outsider.get(f"/assessment/windows/{world.window.pk}/moderation").status_code == 404
    assert client_as(world.assessor).get(f"/assessment/windows/{world.window.pk}/moderation").status_code == 404


def test_page_refuses_other_file_types_and_damaged_documents_with_a_message(world, client_as):
    from tests.assessment.documents import docx_with_xml, entity_bomb_xml

    client = client_as(world.participants[0])
    html_file = upload(client, world.window, "evil.html", b"<html><script>alert(1)</script> words</html>")
    assert html_file.status_code == 400
    assert "a PDF (.pdf) or a text file (.txt)" in error_summary(html_file)[0]
    bomb = upload(client, world.window, "account.docx", docx_with_xml(entity_bomb_xml()))
    assert bomb.status_code == 400
    assert error_summary(bomb)[0].startswith("The file is damaged or is not a Word document")
    assert not Submission.objects.exists()
