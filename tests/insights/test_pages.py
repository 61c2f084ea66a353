"""Insight pages: who sees what, every chart with its table and CSV, releases published and public."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from npq.core.audit import Actor
from npq.core.roles import Role
from npq.insights import services
from npq.insights.models import Release, Target
from tests.conftest import html
from tests.insights.conftest import uptake_generator
from tests.modulewide import built_once

uptake = uptake_generator()
pytestmark = pytest.mark.django_db


def _figures() -> None:
    uptake.generate(0.002)
    services.refresh(Actor.command("test"), full=True)


@pytest.fixture(scope="module")
def generated(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with built_once(django_db_blocker, _figures):
        yield


@pytest.fixture
def figures(generated: None, db: Any) -> None:
    """Seed 003 at a small scale and a full refresh, made once for this module."""


def test_targets_ship_in_the_reference_data_with_who_set_them(reference: None) -> None:
    target = Target.objects.get(key="starts-2021")
    assert (target.starts, target.by_date, target.version) == (150000, dt.date(2024, 8, 31), 1)
    assert "Department for Education" in target.set_by
    services.set_target(Actor.command("test"), "A minister", "npq", "starts-2021", 160000, dt.date(2024, 8, 31))
    assert list(Target.objects.filter(key="starts-2021").values_list("version", "starts")) == [(2, 160000), (1, 150000)]


def test_the_national_pages_show_each_chart_with_its_table_and_csv(
    figures: None, make_user: Any, client_as: Any
) -> None:
    client = client_as(make_user(Role.DFE_ADMIN))
    for path in ("/insights", "/insights/national/breakdowns", "/insights/national/evidence"):
        page = html(client.get(path))
        for section in page.select("main section"):
            if section.select("svg"):
                assert section.select("table"), section.h2
                assert section.select_one("svg")["role"] == "img"
            assert section.select_one("a[download]")["href"].endswith(".csv")
    page = html(client.get("/insights"))
    assert "more needed by 31 August 2024" in page.get_text()
    response = client.get("/insights/national/funnel.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "Step,People,Fewer than the step before"
    assert client.get("/insights/national/nothing.csv").status_code == 404
    assert client.get("/insights/national/nothing").status_code == 404


def test_a_provider_sees_only_its_own_participants(figures: None, make_user: Any, client_as: Any) -> None:
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute"))
    page = html(client.get("/insights/provider/breakdowns"))
    assert "Ambition Institute" in page.select_one("main").get_text()
    assert "Starts by lead provider" not in page.get_text()
    rows = client.get("/insights/provider/course.csv").content.decode().splitlines()
    national = client_as(make_user(Role.DFE_ADMIN)).get("/insights/national/course.csv").content.decode().splitlines()
    assert rows[0] == national[0] and rows != national


def test_an_inspector_sees_a_provider_only_while_inspecting(figures: None, make_user: Any, client_as: Any) -> None:
    from npq.core import clock
    from npq.quality import rules as quality_rules
    from npq.quality.models import Read
    from npq.quality.services.inspections import create_inspection
    from npq.reference.models import LeadProvider

    inspector = make_user(Role.INSPECTOR)
    client = client_as(inspector)
    assert client.get("/insights/inspected").status_code == 403
    provider = LeadProvider.objects.get(name="Ambition Institute")
    today = clock.today()
    create_inspection(inspector, provider, quality_rules.Kind.FULL, clock.now(), today, today + dt.timedelta(days=2))
    assert "Ambition Institute" in html(client.get("/insights/inspected")).get_text()
    assert client.get("/insights/inspected/funnel.csv").status_code == 200
    assert Read.objects.filter(grant__inspector=inspector).count() == 2  # each read logged for the provider


def test_a_release_is_frozen_public_and_compared_with_live(figures: None, make_user: Any, client_as: Any) -> None:
    client = client_as(make_user(Role.DFE_ADMIN))
    refused = client.post("/insights/releases", {"title": "", "method_notes": ""})
    assert "Enter a title for the release" in html(refused).select_one(".govuk-error-summary").get_text()
    response = client.post("/insights/releases", {"title": "NPQ starts", "method_notes": "Counted from declarations."})
    release = Release.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(release.slug)
    public = html(client.__class__().get(f"/statistics/{release.slug}"))
    assert "Counted from declarations." in public.get_text()
    assert public.select("table")
    assert client.__class__().get(f"/statistics/{release.slug}/funnel.csv").status_code == 200
    assert release.title in html(client.__class__().get("/statistics")).get_text()
    assert "Live" in html(client.get(f"/insights/releases/{release.slug}/compare")).get_text()
