"""The insight pages are drawn by the refresh and only read by a page view; uptake by region."""

import datetime as dt
from typing import Any

import pytest

from npq.core import clock
from npq.core.audit import Actor
from npq.core.labels import LABELS
from npq.core.models import AuditEvent
from npq.core.roles import Role
from npq.insights import charts, rules, services, tables
from npq.insights.models import Drawing, Snapshot, Tally
from npq.insights.queries import Figures, Scope
from npq.reference.models import LeadProvider
from tests.conftest import html, rolled_back
from tests.insights.conftest import uptake_generator

uptake = uptake_generator()
pytestmark = pytest.mark.django_db
NATIONAL = ["/insights", "/insights/national/breakdowns", "/insights/national/evidence"]
#: Session and user, the refresh state, target and budget, the snapshot and its drawings:
#: the same whatever the data size.
PAGE_QUERIES = 7


@pytest.fixture(scope="module", autouse=True)
def refreshed(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            uptake.generate(0.002)
            services.refresh(Actor.command("test"), full=True)
        yield


@pytest.fixture
def no_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(chart: charts.Chart) -> str:
        raise AssertionError(f"a page view drew a chart: {chart.summary}")

    monkeypatch.setattr(charts, "draw", refuse)


def test_after_a_refresh_each_page_reads_its_charts_and_draws_none(
    no_drawing: None, make_user: Any, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(make_user(Role.DFE_ADMIN))
    for path in NATIONAL:
        with django_assert_max_num_queries(PAGE_QUERIES):
            page = html(client.get(path))
        charted = [s for s in page.select("main section") if s.select("svg")]
        assert charted or "No survey results yet" in page.get_text(), path
        for section in charted:
            assert section.select_one("svg")["aria-label"] and section.select("table")
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get("/insights/national/region.csv").status_code == 200


def test_every_scope_with_figures_is_drawn_by_the_refresh(no_drawing: None, make_user: Any, client_as: Any) -> None:
    scopes = set(Tally.objects.values_list("scope", flat=True))
    assert scopes == set(Snapshot.objects.filter(section="overview").values_list("scope", flat=True))
    provider = LeadProvider.objects.get(pk=max(scopes))
    client = client_as(make_user(Role.LEAD_PROVIDER, provider=provider.name))
    page = html(client.get("/insights/provider/breakdowns"))
    assert provider.name in page.select_one("main").get_text() and page.select("svg")


def test_a_refresh_draws_only_the_charts_whose_figures_changed() -> None:
    used = {t["chart"] for tables_ in Snapshot.objects.values_list("tables", flat=True) for t in tables_ if t["chart"]}
    assert set(Drawing.objects.values_list("key", flat=True)) == used
    services.refresh(Actor.command("test"))
    event = AuditEvent.objects.filter(action="insights.refreshed").latest("pk")
    assert event.after["charts_drawn"] == 0


def test_a_new_target_is_drawn_when_it_is_set(no_drawing: None, make_user: Any, client_as: Any) -> None:
    with pytest.raises(AssertionError, match="drew a chart"):  # the national progress chart has a target line
        services.set_target(Actor.command("test"), "A minister", "npq", "starts-2021", 160000, dt.date(2024, 8, 31))


def test_a_new_target_reaches_the_page_without_a_refresh(make_user: Any, client_as: Any) -> None:
    services.set_target(Actor.command("test"), "A minister", "npq", "starts-2021", 160000, dt.date(2024, 8, 31))
    page = html(client_as(make_user(Role.DFE_ADMIN)).get("/insights")).get_text()
    assert "of 160,000" in page and "Target: 160,000 starts" in page


def test_a_provider_without_figures_is_drawn_once_then_read(
    monkeypatch: pytest.MonkeyPatch, make_user: Any, client_as: Any
) -> None:
    known = set(Tally.objects.values_list("scope", flat=True))
    quiet = LeadProvider.objects.exclude(pk__in=known).first()
    assert quiet is not None
    client = client_as(make_user(Role.LEAD_PROVIDER, provider=quiet.name))
    assert "No figures yet" in html(client.get("/insights/provider")).get_text()
    monkeypatch.setattr(charts, "draw", lambda chart: pytest.fail("drawn twice"))
    assert client.get("/insights/provider").status_code == 200


def test_uptake_by_region_names_each_region_and_hides_small_groups(make_user: Any, client_as: Any) -> None:
    client = client_as(make_user(Role.DFE_ADMIN))
    page = html(client.get("/insights/national/breakdowns"))
    section = page.find(id="region-heading").find_parent("section")
    names = [th.get_text() for th in section.select("tbody th")]
    assert names and set(names) <= {*LABELS["region"].values(), rules.NOT_KNOWN}
    rows = client.get("/insights/national/region.csv").content.decode().splitlines()
    assert rows[0] == "Region,Starts,Share" and len(rows) == len(names) + 1
    counts = {k: v.get("started", 0) for k, v in _national("region").items()}
    assert sum(counts.values()) == Tally.objects.get(scope=0, dimension="all", measure="started").value


def _national(dimension: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, measure, value in Tally.objects.filter(scope=0, dimension=dimension).values_list(
        "key", "measure", "value"
    ):
        out.setdefault(key, {})[measure] = value
    return out


REGION_CELLS = [
    # (starts by region, expected rows) with a total of every start: a small region is hidden, and so
    # is the next smallest, else the total would give it back.
    (
        {"london": 12, "south-west": 7, "north-east": 3},
        [("London", "12"), ("South West", "Not shown"), ("North East", "Not shown")],
    ),
    ({"london": 12, "south-west": 7}, [("London", "12"), ("South West", "7")]),
    ({"london": 3}, [("London", "Not shown")]),
    ({"london": 9, "": 6}, [("London", "9"), ("Not known", "6")]),
]


@pytest.mark.parametrize(("starts", "expected"), REGION_CELLS)
def test_region_breakdown_suppresses_as_every_breakdown_does(
    starts: dict[str, int], expected: list[tuple[str, str]]
) -> None:
    cells = {("region", key or rules.NOT_KNOWN, "started"): n for key, n in starts.items()}
    cells[("all", "all", "started")] = sum(starts.values())
    figs = Figures(Scope(), cells, clock.today(), None, None, None)
    table = tables.breakdown(figs, "region", "Starts by region of the school", "Region")
    assert [(row[0], row[1]) for row in table.rows] == expected
    assert table.chart is not None
    hidden = [value is None for value in table.chart.series[0][1]]
    assert hidden == [shown == "Not shown" for _, shown in expected]  # the chart hides what the table hides


def test_a_drawing_forgotten_under_a_page_is_drawn_again(make_user: Any, client_as: Any) -> None:
    Drawing.objects.all().delete()  # as a refresh that ran between reading the snapshot and its drawings
    page = html(client_as(make_user(Role.DFE_ADMIN)).get("/insights/national/breakdowns"))
    assert all(section.select("svg") for section in page.select("main section"))
