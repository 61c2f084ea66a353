"""Deep page numbers start from a stored key (npq.api.anchors) and are always the pages counting gives.

Keys are stored every 3 records here (every 1,000 in the service), so a handful of records has deep
pages; every page of every size is checked against plain counting, before and after the changes
that move records: a new application, an acceptance, and an application committed late with a
smaller id than one already stored.
"""

import datetime as dt
import random
import time

import orjson
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from npq.api import anchors
from npq.api.models import PageIndex
from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.reference.models import LeadProvider
from npq.registration.models import Application
from npq.training import services
from tests import factories
from tests.api.conftest import ApiClient, Writers

pytestmark = pytest.mark.django_db
APPS = "/api/v3/npq-applications"
PEOPLE = "/api/v3/participants/npq"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(anchors, "EVERY", 3)
    monkeypatch.setattr(anchors, "REBUILD_AFTER", dt.timedelta(0))


def accepted(make_application, count: int, provider: str = "Ambition Institute") -> list[Application]:
    apps = []
    for _ in range(count):
        app = make_application(provider=provider)
        services.accept_application(app, Actor.command("test"), funded_place=True)
        apps.append(app)
    return apps


def ids(api, path: str, params: dict[str, str]) -> list[str]:
    response = api.get(path, params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["data"]]


def assert_pages_match_counting(api, path: str) -> list[str]:
    """Every page at 1, 2, 4 and 5 a page, joined, is the whole list in order, each id once."""
    everything = ids(api, path, {"page[per_page]": "100"})
    for per_page in (1, 2, 4, 5):
        paged: list[str] = []
        for page in range(1, len(everything) // per_page + 3):
            paged += ids(api, path, {"page[per_page]": str(per_page), "page[page]": str(page)})
        assert paged == everything, (path, per_page)
    return everything


def test_deep_pages_from_stored_keys_are_the_pages_counting_gives(api_as, make_application):
    accepted(make_application, 8)
    for _ in range(3):  # applied, not accepted: in applications, not participants
        make_application()
    accepted(make_application, 4, provider="Best Practice Network")
    api = api_as()
    assert len(assert_pages_match_counting(api, APPS)) == 11
    assert len(assert_pages_match_counting(api, PEOPLE)) == 8
    ambition = LeadProvider.objects.get(name="Ambition Institute")
    stored = {row.list_name: row for row in PageIndex.objects.all()}
    assert set(stored) == {"applications", "participants"}
    assert {row.lead_provider_id for row in stored.values()} == {ambition.pk}
    mine = list(Application.objects.filter(lead_provider=ambition).order_by("id").values_list("id", flat=True))
    assert orjson.loads(stored["applications"].keys) == mine[2::3]


def test_changes_after_the_keys_were_stored(api_as, make_application):
    accepted(make_application, 4)
    elsewhere = make_application(provider="Best Practice Network")
    accepted(make_application, 3)
    waiting = [make_application() for _ in range(2)]
    api = api_as()
    assert_pages_match_counting(api, APPS)
    assert_pages_match_counting(api, PEOPLE)
    # A new application and an acceptance: both append change events, so the stored keys are rebuilt.
    make_application()
    services.accept_application(waiting[0], Actor.command("test"), funded_place=True)
    assert len(assert_pages_match_counting(api, APPS)) == 10
    assert len(assert_pages_match_counting(api, PEOPLE)) == 8
    # A record that joins the list below a stored key, as an application whose writer took its id
    # first and committed last would: its change event makes the stored keys stale all the same.
    elsewhere.lead_provider = LeadProvider.objects.get(name="Ambition Institute")
    elsewhere.save()
    assert PageIndex.objects.get(list_name="applications").keys
    assert len(assert_pages_match_counting(api, APPS)) == 11


def test_stale_keys_are_rebuilt_at_most_once_in_a_while(api_as, make_application, monkeypatch):
    accepted(make_application, 7)
    api = api_as()
    deep = {"page[per_page]": "2", "page[page]": "3"}
    first = ids(api, APPS, deep)
    built = PageIndex.objects.get(list_name="applications")
    monkeypatch.setattr(anchors, "REBUILD_AFTER", dt.timedelta(minutes=5))
    make_application()  # the keys are now stale and were built moments ago: this page is counted
    assert ids(api, APPS, deep) == first
    assert PageIndex.objects.get(list_name="applications").version == built.version
    monkeypatch.setattr(anchors, "REBUILD_AFTER", dt.timedelta(0))
    assert ids(api, APPS, deep) == first
    assert PageIndex.objects.get(list_name="applications").version > built.version


def test_a_deep_page_with_stored_keys_reads_a_fixed_number_of_queries(api_as, make_application):
    accepted(make_application, 9)
    api = api_as()
    api.get(APPS)  # the token's first use records last_used_at
    shallow = {"page[per_page]": "2", "page[page]": "1"}
    deep = {"page[per_page]": "2", "page[page]": "4"}
    ids(api, APPS, deep)  # builds the keys
    with CaptureQueriesContext(connection) as base:
        ids(api, APPS, shallow)
    with CaptureQueriesContext(connection) as stored:
        ids(api, APPS, deep)
    assert len(stored.captured_queries) == len(base.captured_queries) + 1  # the stored keys, one read
    assert "api_pageindex" in stored.captured_queries[-2]["sql"]


def test_filtered_and_sorted_lists_are_counted(api_as, make_application):
    accepted(make_application, 7)
    api = api_as()
    for path, params in (
        (APPS, {"sort": "-created_at"}),
        (PEOPLE, {"sort": "-created_at"}),
        (APPS, {"filter[cohort]": "2025"}),
        (PEOPLE, {"filter[training_status]": "active"}),
        (PEOPLE, {"filter[updated_since]": "2020-01-01T00:00:00Z"}),
    ):
        everything = ids(api, path, {**params, "page[per_page]": "100"})
        paged = []
        for page in range(1, 6):
            paged += ids(api, path, {**params, "page[per_page]": "2", "page[page]": str(page)})
        assert paged == everything
    assert not PageIndex.objects.exists()


@pytest.mark.postgres
def test_keys_built_while_writers_commit_out_of_order_stay_right(transactional_db, reference):
    provider = LeadProvider.objects.get(name="Ambition Institute")
    _token, text = create_token(provider, Actor.command("test"))
    api = ApiClient(text)

    def write(seed: int) -> None:
        rnd = random.Random(seed)
        for _ in range(12):
            with transaction.atomic():
                factories.make_application(provider=provider)
                time.sleep(rnd.uniform(0, 0.03))  # commit late: later ids overtake this one

    writers = Writers(write, 4)
    builds = 0
    while writers.running():
        ids(api, APPS, {"page[per_page]": "2", "page[page]": "3"})  # builds keys from whatever has committed
        builds += 1
    assert not writers.join()
    assert builds > 3, "keys were built while the writers ran"
    assert len(assert_pages_match_counting(api, APPS)) == 48
