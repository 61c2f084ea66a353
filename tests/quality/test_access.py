"""Inspector access is a grant: one provider, from notification until the report is published.

Generated over every page: each quality page about an inspection is requested by the inspector
with an open grant (let in), by an inspector whose grant is for another provider, by one with no
grant, and by the first inspector after publication (all refused); and every page of the platform
that shows a provider's data refuses inspectors outright unless it is one of the few read-only
pages about frameworks, curricula and reference data that inspectors read for everyone.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from npq.core import clock
from npq.core.roles import Role
from npq.quality import rules
from npq.quality.models import Read
from npq.quality.services import inspections, reports
from tests.modulewide import module_fixtures
from tests.quality import world

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Pages about no one provider: the inspector's own list, notifying, and published (public) reports.
NOT_ABOUT_A_PROVIDER = {"inspections", "new_inspection", "report", "report_pdf"}
# Read-only pages inspectors read for every provider, kept by decision: frameworks, curricula, reference data.
OPEN_TO_INSPECTORS = ("/frameworks", "/curricula", "/reference")


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, str, Any]]:
    out = []
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            out += _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            out.append((entry.name or "", "/" + route, entry.callback))
    return out


PAGES = _walk(get_resolver().url_patterns)
QUALITY = sorted(
    (name, route)
    for name, route, view in PAGES
    if route.startswith("/quality/")
    and name not in NOT_ABOUT_A_PROVIDER
    and Role.INSPECTOR in getattr(view, "allowed_roles", ())
)
# Pages for every signed-in person show only the reader's own things or public ones. A new page
# here must be looked at: the walk test fails until it is added.
FOR_EVERYONE = {"/dashboard", "/reference/schools", "/quality/reports/<int:pk>", "/quality/reports/<int:pk>/report.pdf"}
PROVIDER_PAGES = sorted(
    (name, route, view)
    for name, route, view in PAGES
    if {Role.LEAD_PROVIDER, Role.QUALITY_LEAD, Role.DELIVERY_PARTNER} & set(getattr(view, "allowed_roles", ()))
    and not route.startswith("/quality/")
    and route not in FOR_EVERYONE
)


def test_the_walk_finds_the_pages():
    assert {"pack", "sample", "note", "grade", "draft", "inspection", "check", "publish", "meeting", "recount"} <= {
        n for n, _ in QUALITY
    }
    assert len(PROVIDER_PAGES) > 20
    everyone = {route for _, route, view in PAGES if getattr(view, "allowed_roles", None) == frozenset(Role)}
    assert everyone == FOR_EVERYONE


@pytest.mark.parametrize(("name", "route", "view"), PROVIDER_PAGES, ids=[r for _, r, _ in PROVIDER_PAGES])
def test_provider_pages_refuse_inspectors_unless_read_only_for_everyone(name, route, view):
    if route.startswith(OPEN_TO_INSPECTORS):
        return
    assert Role.INSPECTOR not in view.allowed_roles, f"{route} lets inspectors read a provider's data without a grant"


def _build():
    w = world.build()
    now = clock.now()
    mine = inspections.create_inspection(
        w.users["inspector"],
        w.provider,
        rules.Kind.FULL,
        now - dt.timedelta(days=1),
        now.date(),
        now.date(),
        team=[w.users["second"]],
    )
    theirs = inspections.create_inspection(
        w.users["other_inspector"], w.other, rules.Kind.MONITORING, now, now.date(), now.date()
    )
    return w, mine, theirs


built, visit = module_fixtures(_build, "visit")


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    return client


def _hit(client: Client, route: str, pk: int) -> int:
    path = PARAMETER.sub(str(pk), route)
    status = client.get(path).status_code
    return client.post(path).status_code if status == 405 else status


@pytest.mark.parametrize(("name", "route"), QUALITY, ids=[n for n, _ in QUALITY])
def test_every_inspection_page_needs_an_open_grant_for_that_provider(name, route, visit):
    w, mine, theirs = visit
    assert _hit(_as(w.users["inspector"]), route, mine.pk) not in (403, 404), (
        f"{name}: the granted inspector is refused"
    )
    assert _hit(_as(w.users["other_inspector"]), route, mine.pk) in (403, 404), (
        f"{name}: another provider's inspector let in"
    )
    assert _hit(_as(w.users["no_grant"]), route, mine.pk) in (403, 404), f"{name}: an inspector with no grant let in"
    assert _hit(_as(w.users["inspector"]), route, theirs.pk) in (403, 404), f"{name}: reached another provider"


@pytest.mark.parametrize(("name", "route"), QUALITY, ids=[n for n, _ in QUALITY])
def test_access_ends_when_the_report_is_published(name, route, visit):
    w, mine, _ = visit
    _publish(w, mine)
    for who in ("inspector", "second"):
        assert _hit(_as(w.users[who]), route, mine.pk) in (403, 404), f"{name}: {who} still let in after publication"
    assert _as(w.users["inspector"]).get(f"/quality/reports/{mine.pk}").status_code == 200  # the report is public


def _publish(w: world.World, found: Any) -> None:
    for area in rules.Area:
        inspections.draft_grade(w.users["inspector"], found, area, rules.Grade.GOOD)
    reports.draft_report(w.users["inspector"], found, "Report text", ["Improve checkpoints"], None)
    reports.check_report(w.users["second"], found)
    reports.publish_report(w.users["inspector"], found)


def test_every_read_is_logged_for_the_provider_to_see(visit):
    w, mine, _ = visit
    _as(w.users["inspector"]).get(f"/quality/inspections/{mine.pk}/pack")
    assert list(Read.objects.values_list("what", flat=True)) == ["Evidence pack"]
    page = _as(w.users["quality_lead"]).get("/quality/provider").content.decode()
    assert "read evidence pack" in page
    assert "read evidence pack" not in _as(w.users["other_provider_user"]).get("/quality/provider").content.decode()


def test_a_grant_opens_at_notification_not_before(visit):
    w, _, _ = visit
    now = clock.now()
    later = inspections.create_inspection(
        w.users["no_grant"],
        w.provider,
        rules.Kind.MONITORING,
        now + dt.timedelta(days=5),
        now.date() + dt.timedelta(days=5),
        now.date() + dt.timedelta(days=6),
    )
    assert _as(w.users["no_grant"]).get(f"/quality/inspections/{later.pk}/pack").status_code == 403
