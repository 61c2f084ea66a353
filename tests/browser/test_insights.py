"""Insight pages in a real browser with axe on each: the Department's, a provider's, the public release,
at desktop width and at 375px (no sideways scrolling; charts shrink with the page)."""

from typing import Any

import pytest

from npq.core.audit import Actor
from npq.core.roles import Role
from npq.insights import queries, rules, services, snapshots
from npq.people.models import User
from npq.reference.models import LeadProvider
from tests.browser.pages import assert_fits, signed_in, visit
from tests.insights.conftest import uptake_generator

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DEPARTMENT = ["/insights", "/insights/national/breakdowns", "/insights/national/evidence", "/insights/releases"]
PROVIDER = ["/insights/provider", "/insights/provider/breakdowns", "/insights/provider/evidence"]


@pytest.fixture
def built(db: Any) -> str:
    uptake_generator().generate(0.002)
    services.refresh(Actor.command("test"), full=True)
    figs = queries.figures(queries.Scope())
    release = services.publish_release(
        Actor.command("test"), "Test", "NPQ starts", rules.METHOD, figs.as_of, snapshots.release_figures(figs)
    )
    return release.slug


def test_every_insight_page_passes_axe_on_desktop_and_phone(
    browser_page: Any, phone_page: Any, server: Any, built: str
) -> None:
    dfe = User.objects.create(email="dfe@insights.example", full_name="Dana", role=Role.DFE_ADMIN)
    provider = User.objects.create(
        email="lp@insights.example",
        full_name="Aisha",
        role=Role.LEAD_PROVIDER,
        lead_provider=LeadProvider.objects.get(name="Ambition Institute"),
    )
    for page in (browser_page, phone_page):
        page.set_default_timeout(90_000)  # the machine is shared
    public = [f"/statistics/{built}", "/statistics", f"/insights/releases/{built}/compare"]
    for user, paths in ((dfe, DEPARTMENT + public), (provider, PROVIDER)):
        for page in (browser_page, phone_page):
            signed_in(page, user, server)
            for path in paths:
                text = visit(page, path)
                assert text
                assert_fits(page, path)
    text = visit(browser_page, f"/statistics/{built}")
    assert "NPQ starts" in text or "Method" in text
