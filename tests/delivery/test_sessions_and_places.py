"""Issue 14, items 10 to 12: sessions stay inside the cohort's schedule and can be cancelled or
moved; engagement counts only the sessions that were due; a place booked means a session still
to come and attendance means a session held; participants book and give up places; a provider
takes a participant out of a group and the group keeps the record."""

import datetime as dt

import pytest

from npq.assessment.services import submit_check
from npq.core import clock
from npq.core.errors import ValidationFailed
from npq.core.models import AuditEvent
from npq.delivery import queries, services
from npq.delivery.models import Attendance, Membership, PastMembership, Session, SignUp
from tests.conftest import error_summary, h1, html
from tests.factories import build_world, full_attendance, hold_session
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


built, world = module_fixtures(lambda: build_world(participants=2), "world")


def _later(world, days=7, title="Live seminar"):
    return services.schedule_session(
        world.facilitator,
        world.dc,
        title=title,
        mode="live_video",
        starts_at=clock.now() + dt.timedelta(days=days),
        link="https://meet.example/a",
    )


# -- Item 10


def test_a_session_dated_2019_is_refused_on_the_page(world, client_as):
    client = client_as(world.facilitator)
    data = {"title": "Seminar", "mode": "face_to_face", "date": "2019-09-12", "time": "16:00", "place": "Leeds"}
    page = client.post(f"/delivery/{world.dc.pk}/sessions/new", data)
    assert page.status_code == 400
    assert error_summary(page) == [
        "Choose a date between 1 October 2026 and 24 December 2028, when the cohort's schedule runs"
    ]
    assert not Session.objects.exists()


def test_moving_a_session_outside_the_schedule_is_refused_and_a_move_inside_is_recorded(world):
    session = _later(world)
    with pytest.raises(ValidationFailed, match="when the cohort's schedule runs"):
        services.update_session(
            world.facilitator,
            session,
            title=session.title,
            mode=session.mode,
            starts_at=dt.datetime(2019, 9, 12, 16, tzinfo=dt.UTC),
            duration_minutes=90,
            link=session.link,
        )
    moved_to = session.starts_at + dt.timedelta(days=2)
    services.update_session(
        world.facilitator,
        session,
        title=session.title,
        mode=session.mode,
        starts_at=moved_to,
        duration_minutes=90,
        link=session.link,
    )
    event = AuditEvent.objects.get(action="session.moved")
    assert event.after["starts_at"] != event.before["starts_at"]


def test_a_session_from_outside_the_schedule_does_not_lower_engagement_or_the_gate(world):
    full_attendance(world, sessions=3)
    # A session stored before dates were checked, dated 2019 and attended by nobody.
    Session.objects.create(
        delivery_cohort=world.dc,
        title="Old import",
        mode="face_to_face",
        starts_at=dt.datetime(2019, 9, 12, 16, tzinfo=dt.UTC),
        place="Leeds",
    )
    found = queries.engagement_by_participant(world.dc, clock.now())
    assert {e.percent for e in found.values()} == {100}
    assert {e.sessions_held for e in found.values()} == {3}
    check = submit_check(world.window, world.participants[0])
    assert check.engagement_percent == 100


def test_a_cancelled_session_is_kept_with_its_reason_and_not_counted(world, client_as):
    full_attendance(world, sessions=2)
    missed = hold_session(world, "Nobody came", days_ago=5)
    person = world.participants[0]
    assert queries.engagement_of(world.dc, person.pk, clock.now()).percent == 67
    client = client_as(world.facilitator)
    empty = client.post(f"/delivery/sessions/{missed.pk}/cancel", {"reason": ""})
    assert empty.status_code == 400 and error_summary(empty) == ["Enter why the session is cancelled"]
    ok = client.post(f"/delivery/sessions/{missed.pk}/cancel", {"reason": "Venue flooded"})
    assert ok.status_code == 302
    missed.refresh_from_db()
    assert missed.cancelled_at is not None and missed.cancel_reason == "Venue flooded"
    assert AuditEvent.objects.get(action="session.cancelled").after["reason"] == "Venue flooded"
    assert queries.engagement_of(world.dc, person.pk, clock.now()).percent == 100
    seen = client_as(person).get(f"/delivery/sessions/{missed.pk}")
    text = html(seen).get_text(" ", strip=True)
    assert "cancelled" in text and "Venue flooded" in text and "does not count towards engagement" in text
    with pytest.raises(ValidationFailed, match="cancelled"):
        services.record_attendance(world.facilitator, missed, {person.pk: ("attended", "")})


# -- Item 11


def test_a_session_everyone_attended_reads_attendance_not_sign_ups(world, client_as):
    full_attendance(world, sessions=1)
    session = Session.objects.get()
    staff = html(client_as(world.facilitator).get(f"/delivery/sessions/{session.pk}")).get_text(" ", strip=True)
    assert "Signed up" not in staff
    assert "Attendance 2 attended, 0 partly attended, 0 absent, 0 not recorded yet" in staff
    person = world.participants[0]
    page = client_as(person).get(f"/delivery/{world.dc.pk}")
    text = html(page).get_text(" ", strip=True)
    assert "Signed up" not in text and "No place booked" not in text
    card = html(page).select_one(".govuk-summary-card").get_text(" ", strip=True)
    assert "Your attendance Attended" in card
    assert "Your engagement 100% of the 1 session held so far" in text


def test_a_session_to_come_reads_places_booked(world, client_as):
    later = _later(world)
    services.sign_up(world.participants[0], later)
    staff = html(client_as(world.facilitator).get(f"/delivery/sessions/{later.pk}")).get_text(" ", strip=True)
    assert "Places booked 1 of 2 participants: Pat Participant 0" in staff
    cohort = html(client_as(world.facilitator).get(f"/delivery/{world.dc.pk}"))
    assert "Coming up: 1 of 2 places booked" in cohort.select_one(".govuk-summary-card").get_text(" ", strip=True)


# -- Item 12


def test_a_participant_books_and_cancels_a_place_and_the_record_stays(world, client_as):
    later = _later(world)
    person = world.participants[0]
    client = client_as(person)
    page = client.get(f"/delivery/sessions/{later.pk}")
    assert [b.get_text(strip=True) for b in html(page).select("main form button")] == ["Book a place"]
    assert client.post(f"/delivery/sessions/{later.pk}", {"action": "book"}).status_code == 302
    page = client.get(f"/delivery/sessions/{later.pk}")
    assert "Your place Place booked" in html(page).get_text(" ", strip=True)
    assert [b.get_text(strip=True) for b in html(page).select("main form button")] == ["Cancel my place"]
    assert client.post(f"/delivery/sessions/{later.pk}", {"action": "give_up"}).status_code == 302
    row = SignUp.objects.get(session=later, participant=person)
    assert row.cancelled_at is not None  # given up, not deleted
    actions = list(AuditEvent.objects.filter(object_id=str(later.pk)).values_list("action", flat=True))
    assert "session.signed_up" in actions and "session.place_cancelled" in actions
    assert "No place booked" in html(client.get(f"/delivery/sessions/{later.pk}")).get_text(" ", strip=True)
    assert client.post(f"/delivery/sessions/{later.pk}", {"action": "book"}).status_code == 302
    row.refresh_from_db()
    assert row.cancelled_at is None


def test_places_on_a_session_held_cannot_change(world):
    held = hold_session(world)
    with pytest.raises(ValidationFailed, match="already started"):
        services.sign_up(world.participants[0], held)


def test_a_provider_removes_a_participant_and_the_group_keeps_the_record(world, client_as):
    full_attendance(world, sessions=1)
    later = _later(world)
    leaving = world.participants[1]
    services.sign_up(leaving, later)
    client = client_as(world.provider_user)
    cohort = html(client.get(f"/delivery/{world.dc.pk}"))
    link = cohort.select_one(f'a[href$="/participants/{leaving.pk}/remove"]')
    assert link.get_text(" ", strip=True) == f"Remove {leaving.full_name} from the group"
    form = client.get(link["href"])
    assert h1(form) == f"Remove {leaving.full_name} from {world.dc.name}"
    empty = client.post(link["href"], {"participant": leaving.pk, "reason": " "})
    assert empty.status_code == 400 and error_summary(empty) == ["Enter why the participant is leaving the group"]
    ok = client.post(link["href"], {"participant": leaving.pk, "reason": "Moved to the Leeds group"})
    assert ok.status_code == 302
    assert not Membership.objects.filter(delivery_cohort=world.dc, participant=leaving).exists()
    past = PastMembership.objects.get(delivery_cohort=world.dc, participant=leaving)
    assert past.reason == "Moved to the Leeds group" and past.removed_by == world.provider_user
    assert Attendance.objects.filter(participant=leaving).exists()  # attendance history stays
    assert SignUp.objects.get(session=later, participant=leaving).cancelled_at is not None
    event = AuditEvent.objects.get(action="delivery_cohort.participant_removed")
    assert event.after == {"participant": leaving.pk, "reason": "Moved to the Leeds group", "places_given_up": 1}
    listed = html(client.get(f"/delivery/{world.dc.pk}/participants")).get_text(" ", strip=True)
    assert "People who have left this group" in listed and "Moved to the Leeds group" in listed
    # The group's pages no longer open for them.
    assert client_as(leaving).get(f"/delivery/{world.dc.pk}").status_code == 404


def test_only_the_provider_removes_participants(world, client_as):
    person = world.participants[0]
    url = f"/delivery/{world.dc.pk}/participants/{person.pk}/remove"
    assert client_as(world.facilitator).get(url).status_code == 403
    with pytest.raises(Exception, match="cannot change"):
        services.remove_participant(world.facilitator, world.dc, person, "No reason")
