"""Issue 14, items 13 and 21: publishing a new framework version tells providers which curricula
need review and shows their coverage against it; placeholder statements say so; content areas
are numbered as the framework numbers them; where the data came from is for DfE staff only."""

import pytest

from npq.core.audit import Actor
from npq.frameworks import rules, services
from npq.frameworks.models import Curriculum, Framework
from npq.people.models import Role
from tests.conftest import html

pytestmark = pytest.mark.django_db


def _publish_draft():
    draft = Framework.objects.get(key="npq-reformed", version=2)
    services.publish_framework(draft.pk, Actor.command("test"))
    return draft


def test_publishing_a_new_version_flags_curricula_for_review_with_coverage_against_it(
    demo_data,
    make_user,
    client_as,
):
    cur = Curriculum.objects.get(lead_provider__name="Teach First")
    provider = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    before = html(provider.get(f"/curricula/{cur.pk}")).get_text(" ", strip=True)
    assert "Needs review" not in before
    draft = _publish_draft()
    listing = html(provider.get("/curricula")).get_text(" ", strip=True)
    assert "1 curriculum needs review" in listing and "Needs review" in listing
    page = provider.get(f"/curricula/{cur.pk}")
    text = html(page).get_text(" ", strip=True)
    assert f"Version {draft.version} of this framework was published" in text
    assert f"This curriculum is mapped to version {cur.framework.version}, which is retired" in text
    against = html(page).select_one("#coverage-published").get_text(" ", strip=True)
    assert against.startswith(f"Against version {draft.version}:") and "statements covered" in against


def test_review_rule():
    assert rules.needs_review("retired", [2], 1) == 2
    assert rules.needs_review("published", [2], 1) is None  # still the published one
    assert rules.needs_review("retired", [1], 1) is None
    assert rules.needs_review("retired", [], 1) is None


@pytest.mark.parametrize(
    ("numbers", "per_qualification", "shown"),
    [
        ([1, 2, 3, 4, 5, 6], False, {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}),  # 2017: shared numbers
        ([3, 4, 21, 22, 23, 25, 26], True, {3: 1, 4: 2, 21: 3, 22: 4, 23: 5, 25: 6, 26: 7}),  # NPQEYL: its own 1 to 7
        ([], True, {}),
    ],
)
def test_display_numbers(numbers, per_qualification, shown):
    assert rules.display_numbers(numbers, per_qualification) == shown


@pytest.mark.parametrize(("total", "official", "placeholders"), [(150, 0, True), (150, 3, False), (0, 0, False)])
def test_statements_are_placeholders(total, official, placeholders):
    assert rules.statements_are_placeholders(total, official) is placeholders


def test_reformed_framework_says_its_statements_are_placeholders_and_numbers_areas_per_course(
    demo_data,
    make_user,
    client_as,
):
    fw = Framework.objects.get(key="npq-reformed", version=1)
    client = client_as(make_user(Role.LEAD_PROVIDER, provider="Teach First"))
    page = html(client.get(f"/frameworks/{fw.pk}?qualification=NPQEYL"))
    assert "The statements below are placeholders" in page.select_one("#placeholders").get_text(" ", strip=True)
    assert "Placeholder" in [t.get_text(strip=True) for t in page.select(".govuk-tag")]
    headings = [h.get_text(" ", strip=True) for h in page.select("h3[id^=area-]")]
    assert [h.split(".")[0] for h in headings] == [str(n) for n in range(1, len(headings) + 1)]
    everything = html(client.get(f"/frameworks/{fw.pk}"))
    assert not any(h.get_text(strip=True)[0].isdigit() for h in everything.select("h3[id^=area-]"))
    old = html(client.get(f"/frameworks/{Framework.objects.get(key='npq-2017').pk}"))
    assert "6. Increasing capability" in old.get_text(" ", strip=True)  # 2017 keeps its shared numbers
    assert old.select_one("#placeholders") is None


@pytest.mark.parametrize("role", [Role.LEAD_PROVIDER, Role.INSPECTOR])
def test_notes_for_developers_are_for_dfe_staff_only(demo_data, make_user, client_as, role):
    fw = Framework.objects.get(key="npq-reformed", version=2)
    kwargs = {"provider": "Teach First"} if role == Role.LEAD_PROVIDER else {}
    text = html(client_as(make_user(role, **kwargs)).get(f"/frameworks/{fw.pk}")).get_text(" ", strip=True)
    for word in ("SHA-256", "medium confidence", "seed 001"):
        assert word not in text
    admin = html(client_as(make_user(Role.DFE_ADMIN)).get(f"/frameworks/{fw.pk}"))
    panel = admin.select_one("details.govuk-details")
    assert "SHA-256" in panel.get_text(" ") and "medium confidence" in panel.get_text(" ")
    assert "Where this data came from (DfE staff)" in panel.select_one("summary").get_text(" ", strip=True)
