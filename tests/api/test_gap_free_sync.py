"""A client syncing with page[cursor] while other transactions commit out of order misses nothing.

Writers hold their transactions open for random times after writing, so later changes often commit
before earlier ones. The reader pages through the feed all the while; once the writers stop and the
reader drains the feed, it must hold every application in its final committed state."""

import random
import time

import pytest
from django.db import transaction

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.people.models import Role, User
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import Application
from tests.api.conftest import ApiClient, Writers

WRITERS = 4
CHANGES_PER_WRITER = 25


def _writer(seed: int, provider: LeadProvider, course: Course, cohort: Cohort) -> None:
    rnd = random.Random(seed)
    mine: list[int] = []
    for n in range(CHANGES_PER_WRITER):
        with transaction.atomic():
            if mine and rnd.random() < 0.4:
                app = Application.objects.select_for_update().get(pk=rnd.choice(mine))
                app.employment_role = f"changed {seed}-{n}"
                app.save()
            else:
                user = User.objects.create_user(
                    f"w{seed}-{n}@school.example", full_name=f"W {seed} {n}", role=Role.PARTICIPANT
                )
                app = Application.objects.create(user=user, lead_provider=provider, course=course, cohort=cohort)
                mine.append(app.pk)
            time.sleep(rnd.uniform(0, 0.03))  # commit late: others overtake this transaction


@pytest.mark.postgres
def test_cursor_sync_misses_nothing_while_writers_commit(transactional_db, reference):
    provider = LeadProvider.objects.get(name="Ambition Institute")
    course = Course.objects.get(identifier="npq-headship")
    cohort = Cohort.objects.get(identifier="2025a")
    _token, text = create_token(provider, Actor.command("test"))
    api = ApiClient(text)
    writers = Writers(lambda seed: _writer(seed, provider, course, cohort), WRITERS)

    seen: dict[str, str] = {}
    cursor = "0"
    pages = 0

    def sync_once() -> None:
        nonlocal cursor, pages
        while True:
            body = api.get("/api/v3/npq-applications", {"page[cursor]": cursor, "page[per_page]": "7"}).json()
            pages += 1
            for item in body["data"]:
                seen[item["id"]] = item["attributes"]["updated_at"]
            cursor = body["meta"]["next_cursor"]
            if not body["meta"]["has_more"]:
                return

    while writers.running():
        sync_once()
        time.sleep(0.005)
    errors = writers.join()
    assert not errors, errors
    sync_once()

    final = {str(a.ecf_id): a for a in Application.objects.select_related("user")}
    assert len(final) > WRITERS * CHANGES_PER_WRITER / 2
    assert set(seen) == set(final), "every application reached the client"
    from npq.api.scoping import iso

    stale = [i for i, a in final.items() if seen[i] != iso(max(a.updated_at, a.user.updated_at))]
    assert not stale, f"{len(stale)} applications were last seen in an older state"
    assert pages > 3, "the reader synced while writers were running"
