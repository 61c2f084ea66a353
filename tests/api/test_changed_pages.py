"""``filter[updated_since]`` pages are the same whichever way the statement finds them (npq.api.changed_pages):
walking the list with a changed flag, or reading the set of changed records. Both lists, every page at
several sizes, for a date before every change, dates between them, and a date after them all."""

import datetime as dt

import pytest

from npq.api import changed_pages
from npq.core.audit import Actor
from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application
from npq.training import services

pytestmark = pytest.mark.django_db
APPS = "/api/v3/npq-applications"
PEOPLE = "/api/v3/participants/npq"
BASE = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def world(make_application) -> None:
    """Twelve applications at Ambition (nine accepted), changed on different days: the application,
    its person, or a participant-id change."""
    apps = []
    for n in range(12):
        app = make_application()
        if n % 4:
            services.accept_application(app, Actor.command("test"), funded_place=True)
        apps.append(app)
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(updated_at=BASE)
    User.objects.filter(pk__in=[a.user_id for a in apps]).update(updated_at=BASE)
    for n, app in enumerate(apps):
        day = BASE + dt.timedelta(days=1 + n % 5)
        if n % 3 == 0:
            Application.objects.filter(pk=app.pk).update(updated_at=day)
        elif n % 3 == 1:
            User.objects.filter(pk=app.user_id).update(updated_at=day)
    ParticipantIdChange.objects.create(
        user=apps[5].user,
        from_participant_id=apps[2].user.ecf_id,
        to_participant_id=apps[5].user.ecf_id,
        changed_at=BASE + dt.timedelta(days=3),
    )


def pages(api, path: str, since: dt.datetime, per_page: int) -> list[list[str]]:
    found = []
    for page in range(1, 14 // per_page + 3):
        params = {"filter[updated_since]": since.isoformat(), "page[per_page]": str(per_page), "page[page]": str(page)}
        response = api.get(path, params)
        assert response.status_code == 200, response.content
        found.append([row["id"] for row in response.json()["data"]])
    return found


@pytest.mark.parametrize("path", [APPS, PEOPLE])
def test_the_walk_and_the_set_give_the_same_pages(api_as, make_application, monkeypatch, path):
    world(make_application)
    api = api_as()
    moments = [BASE - dt.timedelta(days=1), *(BASE + dt.timedelta(days=d, hours=12) for d in range(6))]
    for per_page in (1, 2, 5):
        for since in moments:
            monkeypatch.setattr(changed_pages, "SET_CHEAP", 10**9)  # the probes never allow a walk
            monkeypatch.setattr(changed_pages, "WALK", 1.25)
            from_set = pages(api, path, since, per_page)
            monkeypatch.setattr(changed_pages, "SET_CHEAP", 0)  # a walk whenever it could find the page,
            monkeypatch.setattr(changed_pages, "WALK", 100)  # through the whole list if need be
            walked = pages(api, path, since, per_page)
            assert walked == from_set, (since, per_page)
    everything = sum(pages(api, path, moments[0], 100), [])
    assert len(everything) == (12 if path == APPS else 9)  # before every change: the whole list
    assert sum(pages(api, path, moments[-1], 100), []) == []  # after them all: nothing
