"""A returning person on a shared mailbox: the date-of-birth check, its limit of wrong tries, and
the audit of every wrong one."""

import datetime as dt

import pytest

from npq.core import clock
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.registration.models import DateOfBirthFailure
from tests.conftest import error_summary, h1, html

pytestmark = pytest.mark.django_db
CONFIRM = "/registration/confirm-date-of-birth?next=/registration/applications"


def typed(day, month, year):
    return {"date_of_birth-day": str(day), "date_of_birth-month": str(month), "date_of_birth-year": str(year)}


RIGHT = typed(2, 1, 1980)
WRONG = typed(2, 1, 1981)


@pytest.fixture
def returning(make_user, client_as, reference):
    user = make_user(Role.PARTICIPANT, date_of_birth=dt.date(1980, 1, 2), trn="7654321")
    return user, client_as(user)


def refused(user):
    return AuditEvent.objects.filter(action="user.date_of_birth_refused", object_id=str(user.pk))


def test_stored_details_wait_for_the_date_of_birth(returning):
    user, client = returning
    assert client.get("/registration/applications")["Location"].startswith("/registration/confirm-date-of-birth")
    response = client.post(CONFIRM, RIGHT)
    assert response["Location"] == "/registration/applications"
    assert h1(client.get("/registration/applications")) == "Your NPQ registrations"
    assert not refused(user).exists()


def test_each_wrong_date_is_recorded_audited_and_says_how_many_tries_are_left(returning):
    user, client = returning
    first = client.post(CONFIRM, WRONG)
    assert first.status_code == 400
    assert "You can try 4 more times" in error_summary(first)[0]
    second = client.post(CONFIRM, typed(1, 2, 1980))
    assert "You can try 3 more times" in error_summary(second)[0]
    assert DateOfBirthFailure.objects.filter(user=user).count() == 2
    assert [e.after["wrong_in_the_last_hour"] for e in refused(user).order_by("id")] == [1, 2]
    assert "7654321" not in second.content.decode()


@pytest.mark.parametrize("data", [typed("", "", ""), typed(31, 2, 1980), typed("x", 1, 1980)])
def test_a_blank_or_impossible_date_is_not_a_wrong_try(returning, data):
    user, client = returning
    assert client.post(CONFIRM, data).status_code == 400
    assert not DateOfBirthFailure.objects.filter(user=user).exists()


def test_after_five_wrong_dates_nothing_is_shown_even_for_the_right_date(returning):
    user, client = returning
    for _ in range(4):
        assert client.post(CONFIRM, WRONG).status_code == 400
    fifth = client.post(CONFIRM, WRONG)
    assert fifth.status_code == 429 and h1(fifth) == "You cannot see these details now"
    assert html(fifth).select("form input[name^=date_of_birth]") == []
    right = client.post(CONFIRM, RIGHT)
    assert right.status_code == 429 and "Location" not in right
    assert client.get("/registration/applications")["Location"].startswith("/registration/confirm-date-of-birth")
    page = client.get(CONFIRM)
    assert page.status_code == 429 and "You can try again after" in html(page).get_text()
    assert refused(user).count() == 5
    locked = AuditEvent.objects.filter(action="user.date_of_birth_check_locked", object_id=str(user.pk))
    assert locked.count() == 1


def test_the_check_opens_again_when_the_wrong_dates_are_an_hour_old(returning):
    user, client = returning
    for _ in range(5):
        client.post(CONFIRM, WRONG)
    token = clock.move_to(clock.now() + dt.timedelta(hours=1, minutes=1))
    try:
        assert client.post(CONFIRM, RIGHT)["Location"] == "/registration/applications"
    finally:
        clock.reset(token)


def test_the_limit_is_per_person(returning, make_user, client_as):
    user, client = returning
    for _ in range(5):
        client.post(CONFIRM, WRONG)
    colleague = make_user(Role.PARTICIPANT, date_of_birth=dt.date(1975, 6, 30))
    assert client_as(colleague).post(CONFIRM, typed(30, 6, 1975))["Location"] == "/registration/applications"


def test_nothing_to_confirm_without_a_stored_date_of_birth(make_user, client_as, reference):
    newcomer = make_user(Role.PARTICIPANT)
    assert client_as(newcomer).get(CONFIRM)["Location"] == "/registration/applications"
