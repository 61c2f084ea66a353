import pytest

from npq.core import clock
from npq.delivery import services
from npq.delivery.models import Attendance
from tests.conftest import error_summary, h1, html
from tests.factories import build_world, framework_2017, hold_session
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


def _build():
    framework_2017()
    return build_world(participants=2)


built, world = module_fixtures(_build, "world")


def test_facilitator_records_attendance_on_the_page(world, client_as):
    a, b = world.participants
    session = hold_session(world)
    client = client_as(world.facilitator)
    bad = client.post(f"/delivery/sessions/{session.pk}", {f"status-{a.pk}": "attended", f"status-{b.pk}": "absent"})
    assert bad.status_code == 400 and error_summary(bad) == ["Enter the reason for the absence"]
    assert not Attendance.objects.exists()
    ok = client.post(
        f"/delivery/sessions/{session.pk}",
        {f"status-{a.pk}": "attended", f"status-{b.pk}": "absent", f"reason-{b.pk}": "Illness"},
    )
    assert ok.status_code == 302
    page = client.get(f"/delivery/{world.dc.pk}")
    cells = [r.get_text(" ", strip=True) for r in html(page).select(".govuk-summary-list__row") if r.find("dt")]
    assert any(c.startswith(a.full_name) and "100%" in c for c in cells)
    assert any(c.startswith(b.full_name) and "0%" in c for c in cells)


def test_participant_sees_engagement_and_signs_up(world, client_as):
    person = world.participants[0]
    later = services.schedule_session(
        world.facilitator,
        world.dc,
        title="Live",
        mode="live_video",
        starts_at=clock.now().replace(year=clock.now().year + 1),
        link="https://meet.example/a",
    )
    client = client_as(person)
    assert client.post(f"/delivery/sessions/{later.pk}").status_code == 302
    assert later.sign_ups.filter(participant=person).exists()
    page = client.get(f"/delivery/{world.dc.pk}")
    assert h1(page) == world.dc.name and "Your engagement" in page.content.decode()


def test_self_evaluation_page_and_development_plan(world, client_as):
    person = world.participants[0]
    client = client_as(person)
    keys = ["commitment", "collaboration", "personal_drive", "resilience", "awareness", "integrity", "respect"]
    missing = client.post(f"/delivery/{world.dc.pk}/self-evaluation", {"rating-commitment": "4"})
    assert missing.status_code == 400 and "the 6 behaviours not rated yet" in error_summary(missing)[0]
    data = {f"rating-{k}": "4" for k in keys} | {"rating-resilience": "1", "plan-resilience": "Find a mentor"}
    assert client.post(f"/delivery/{world.dc.pk}/self-evaluation", data).status_code == 302
    page = client.get(f"/delivery/{world.dc.pk}/self-evaluation")
    first_row = html(page).select("table tbody tr")[0].get_text(" ", strip=True)
    assert first_row.startswith("Resilience 1") and "Find a mentor" in first_row
    facilitator_view = client_as(world.facilitator).get(f"/delivery/{world.dc.pk}/self-evaluation/{person.pk}")
    assert facilitator_view.status_code == 200 and "Resilience" in facilitator_view.content.decode()


def test_other_provider_cannot_see_the_cohort(world, client_as, make_user):
    outsider = client_as(make_user("lead_provider", provider="Teach First"))
    assert outsider.get(f"/delivery/{world.dc.pk}").status_code == 404
    assert outsider.post(f"/delivery/{world.dc.pk}/sessions/new", {"title": "x"}).status_code == 404


def test_colleagues_ratings_show_only_as_an_average_from_three_responses(world, client_as):
    from npq.core import clock
    from npq.delivery.models import FeedbackInvitation, SelfEvaluation

    person = world.participants[0]
    client = client_as(person)
    keys = ["commitment", "collaboration", "personal_drive", "resilience", "awareness", "integrity", "respect"]
    data = {f"rating-{k}": "4" for k in keys} | {"rating-resilience": "1"}
    assert client.post(f"/delivery/{world.dc.pk}/self-evaluation", data).status_code == 302
    se = SelfEvaluation.objects.get(participant=person)

    def colleague_answers(n, resilience):
        FeedbackInvitation.objects.create(
            self_evaluation=se,
            name=f"Colleague {n}",
            email=f"c{n}@school.example",
            token_hash=f"{n:064d}",
            sent_at=clock.now(),
            ratings=dict.fromkeys(keys, 5) | {"resilience": resilience},
            responded_at=clock.now(),
        )

    def resilience_row():
        page = client.get(f"/delivery/{world.dc.pk}/self-evaluation")
        return html(page).select("table tbody tr")[0].get_text(" ", strip=True)

    colleague_answers(1, 2)
    assert resilience_row() == "Resilience 1 Shown when 3 colleagues have answered Not planned yet"
    colleague_answers(2, 3)
    assert "Shown when 3 colleagues have answered" in resilience_row()
    colleague_answers(3, 3)
    assert resilience_row().startswith("Resilience 1 2.7")
