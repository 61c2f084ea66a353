"""Frameworks and curricula in a real browser, with axe on every page: a DfE admin browsing the
2017 framework and the review draft's diff and impact, a lead provider uploading a curriculum
through the page (a plain form, no JavaScript) and reading its coverage, an inspector reading
but not publishing, and a provider's curricula to review once the draft is published (at 375px)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from npq.core.audit import Actor
from npq.frameworks import demo, services
from npq.frameworks.models import Curriculum, Framework
from npq.people.models import Role, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in
from tests.factories import make_user
from tests.modulewide import built_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


class Quiet:
    def write(self, text: str) -> None:
        pass


def _frameworks_and_people() -> dict[str, User]:
    demo.create_demo(Quiet())
    return {
        "admin": make_user(Role.DFE_ADMIN, email="admin@education.gov.uk"),
        "provider": make_user(Role.LEAD_PROVIDER, email="lp@example.org", provider="Ambition Institute"),
        "inspector": make_user(Role.INSPECTOR, email="inspector@example.org"),
        "teach_first": make_user(Role.LEAD_PROVIDER, email="curricula@teachfirst.example", provider="Teach First"),
    }


@pytest.fixture(scope="module")
def demo_data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, User]]:
    """Reference data, the shipped frameworks (2017, reformed v1, the review draft v2), two providers'
    demonstration curricula on reformed v1, and the people who sign in: built once for the module in a
    transaction rolled back when it ends (each test runs in its own savepoint inside it, and the live
    server answers in the test's transaction)."""
    with built_once(django_db_blocker, _frameworks_and_people) as people:
        yield people


@pytest.fixture
def people(demo_data: dict[str, User], db: Any) -> dict[str, User]:
    """The module's data, inside this test's savepoint."""
    return demo_data


def visit(page: Any, path: str) -> str:
    """Go to ``path``, check it with axe and return the main content's text."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert_no_axe_violations(page)
    return str(page.locator("main").inner_text())


def test_dfe_admin_browses_the_2017_framework_and_the_review_draft(browser_page, server, people):
    page = browser_page
    signed_in(page, people["admin"], server)
    visit(page, "/dashboard")  # the dashboard, with its Frameworks link
    page.click("a:has-text('Frameworks')")
    page.wait_for_url("**/frameworks")
    assert_no_axe_violations(page)
    assert page.locator("h1").inner_text() == "Frameworks"
    assert page.locator("label:has-text('Framework file (YAML)')").is_visible()

    fw = Framework.objects.get(key="npq-2017")
    page.click(f"a[href='/frameworks/{fw.pk}']")
    page.wait_for_url(f"**/frameworks/{fw.pk}")
    assert_no_axe_violations(page)
    main = page.locator("main").inner_text()
    for level in ["NPQML", "NPQSL", "NPQH", "NPQEL"]:  # levels
        assert level in main, level
    assert "6. Increasing capability" in main  # content areas
    assert page.locator("dt", has_text="Respect").count() == 1  # behaviours
    assert "4,500 words" in main and "2,500 words" in main  # tasks with word limits
    criteria = page.locator("table", has=page.locator("caption", has_text="Assessment criteria"))
    assert criteria.count() >= 1 and criteria.first.locator("th", has_text="Tested in").is_visible()
    row = criteria.locator("tr", has_text="6.3.1")
    assert "Project 2 (placement school)" in row.inner_text()  # the criterion says where it is tested

    # The qualification filter is a plain GET form.
    page.select_option("#qualification", "NPQML")
    page.click("button:has-text('Show')")
    page.wait_for_url("**qualification=NPQML")
    assert_no_axe_violations(page)
    assert "6.3.1" not in page.locator("main").inner_text()
    assert "for NPQML" in page.locator("h2", has_text="Content areas").inner_text()

    draft = Framework.objects.get(key="npq-reformed", version=2)
    page.goto(f"/frameworks/{draft.pk}")
    assert_no_axe_violations(page)
    page.click("a:has-text('Changes since version 1')")
    page.wait_for_url(f"**/frameworks/{draft.pk}/diff")
    assert_no_axe_violations(page)
    heading = page.locator("h2", has_text="Statements:").inner_text()
    assert "added" in heading and not heading.startswith("Statements: 0 added")
    assert page.locator("strong.govuk-tag", has_text="Added").count() > 0
    struck = page.locator("del").all_inner_texts()  # struck-through text is named for screen readers
    assert struck and all(text.startswith("Old text: ") for text in struck)
    assert all(text.startswith("New text: ") for text in page.locator("ins").all_inner_texts())

    page.goto(f"/frameworks/{draft.pk}")
    page.click("a:has-text('Impact of this draft')")
    page.wait_for_url(f"**/frameworks/{draft.pk}/impact")
    assert_no_axe_violations(page)
    impact = page.locator("main").inner_text()
    assert "Ambition Institute" in impact and "Teach First" in impact
    assert page.locator("strong.govuk-tag", has_text="New").count() > 0  # gaps the review creates

    page.goto(f"/frameworks/{draft.pk}")
    page.click("a:has-text('Publish this version')")
    page.wait_for_url(f"**/frameworks/{draft.pk}/publish")
    assert_no_axe_violations(page)
    assert page.locator("button:has-text('Publish version 2')").is_visible()
    assert "will be retired" in page.locator("main").inner_text()

    assert "Cannot be checked" not in visit(page, "/curricula")


def test_dfe_admin_sees_every_problem_in_a_bad_framework_file(browser_page, server, people, tmp_path):
    page = browser_page
    signed_in(page, people["admin"], server)
    bad = tmp_path / "bad.yaml"
    bad.write_text("framework:\n  key: Not A Key\n  version: 0\n")
    page.goto("/frameworks")
    page.set_input_files("#file", str(bad))
    page.click("button:has-text('Load framework')")
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and summary.locator("li").count() >= 2
    assert page.locator("#file-error").is_visible()
    assert_no_axe_violations(page)
    assert Framework.objects.count() == 3


UPLOAD = """\
framework: npq-reformed
version: 1
qualification: NPQH
name: Browser NPQH
modules:
  - title: Culture and teaching
    sessions:
      - title: Setting high expectations
        mode: face_to_face
        teaches: [npqh-school-culture-that, npqh-school-culture-how]
      - title: Checking understanding
        mode: coaching
        assesses: [npqh-teaching-how]
      - title: Great teaching
        mode: live_video
        teaches: [npqh-teaching-that, npqh-teaching-how]
"""


def test_lead_provider_uploads_a_curriculum_and_reads_its_coverage(browser_page, server, people, tmp_path):
    page = browser_page
    signed_in(page, people["provider"], server)
    page.goto("/dashboard")
    page.click("a:has-text('Curricula and coverage')")
    page.wait_for_url("**/curricula")
    assert_no_axe_violations(page)
    assert "Teach First" not in page.locator("main").inner_text()  # their own curricula only

    page.click("a:has-text('Upload a curriculum')")
    page.wait_for_url("**/curricula/upload")
    assert_no_axe_violations(page)

    # A file naming statements that do not exist: every problem listed, nothing stored.
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(UPLOAD.replace("npqh-school-culture-how", "npqh-nope").replace("coaching", "radio"))
    page.set_input_files("#file", str(wrong))
    page.click("button:has-text('Upload curriculum')")
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    problems = page.locator(".govuk-error-summary li").all_inner_texts()
    assert any("npqh-nope" in p for p in problems) and any("radio" in p or "mode" in p for p in problems)
    assert_no_axe_violations(page)
    assert not Curriculum.objects.filter(name="Browser NPQH").exists()

    good = tmp_path / "browser-npqh.yaml"
    good.write_text(UPLOAD)
    page.set_input_files("#file", str(good))
    page.click("button:has-text('Upload curriculum')")
    page.wait_for_url(re.compile(r".*/curricula/[0-9]+$"))
    cur = Curriculum.objects.get(name="Browser NPQH")
    assert page.url.endswith(f"/curricula/{cur.pk}")
    assert_no_axe_violations(page)
    assert cur.revision == 2  # the demo data already holds Ambition Institute's NPQH design
    assert (
        page.locator(".govuk-notification-banner--success").inner_text().endswith("Uploaded Browser NPQH, revision 2")
    )
    assert page.locator("#coverage-total").inner_text() == "4 of 20 statements covered (20%)"
    assert page.locator("strong.govuk-tag", has_text="Not covered").count() == 16  # the gaps
    assert page.locator("tr", has_text="npqh-teaching-how").locator("td").last.inner_text().startswith("3. Culture")
    assert "npqh-teaching-how is assessed in session 2" in page.locator("#sequencing").inner_text()
    href = page.locator("a:has-text('Download the coverage report (CSV)')").get_attribute("href")
    assert href == f"/curricula/{cur.pk}/coverage.csv"

    assert "4 of 20 (20%)" in visit(page, "/curricula")
    # The wide table scrolls inside a named region a keyboard user can reach and scroll.
    region = page.locator(".npq-table-scroll")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label") == "Curricula"
    assert page.request.get("/assets/frameworks/frameworks.css").status == 200


def test_inspector_reads_but_cannot_publish(browser_page, server, people):
    page = browser_page
    signed_in(page, people["inspector"], server)
    draft = Framework.objects.get(key="npq-reformed", version=2)
    visit(page, "/frameworks")
    assert page.locator("#file").count() == 0  # no load form
    text = visit(page, f"/frameworks/{draft.pk}")
    assert "Publish this version" not in text
    assert "Impact of this draft" in text
    visit(page, f"/frameworks/{draft.pk}/diff")
    visit(page, f"/frameworks/{draft.pk}/impact")
    listing = visit(page, "/curricula")
    assert "Ambition Institute" in listing and "Teach First" in listing
    assert page.locator("a:has-text('Upload a curriculum')").count() == 0
    cur = Curriculum.objects.get(lead_provider__name="Teach First")
    visit(page, f"/curricula/{cur.pk}")

    response = page.goto(f"/frameworks/{draft.pk}/publish")
    assert response is not None and response.status == 403
    assert_no_axe_violations(page)
    csrf = page.context.cookies()
    token = next((c["value"] for c in csrf if c["name"] == "csrftoken"), "")
    posted = page.request.post(
        f"/frameworks/{draft.pk}/publish", form={"csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token}
    )
    assert posted.status == 403
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize("which", ["framework", "diff", "impact", "coverage", "curricula"])
def test_pages_fit_a_phone_screen(phone_page, server, people, which):
    """WCAG 1.4.10 reflow: no sideways scrolling of the page at 375px, even with long statement ids."""
    page = phone_page
    signed_in(page, people["admin"], server)
    draft = Framework.objects.get(key="npq-reformed", version=2)
    cur = Curriculum.objects.get(lead_provider__name="Teach First")
    path = {
        "framework": f"/frameworks/{draft.pk}?qualification=NPQSL",
        "diff": f"/frameworks/{draft.pk}/diff",
        "impact": f"/frameworks/{draft.pk}/impact",
        "coverage": f"/curricula/{cur.pk}",
        "curricula": "/curricula",
    }[which]
    visit(page, path)
    assert_fits(page, path)


def test_provider_sees_curricula_to_review_on_a_phone(phone_page: Any, server: Any, people: Any) -> None:
    """Issue 14, item 13: after the review draft is published, a provider sees which curricula need
    review and the coverage against the published version, and the reformed framework's placeholder
    statements say what they are."""
    page = phone_page
    draft = Framework.objects.get(key="npq-reformed", version=2)
    services.publish_framework(draft.pk, Actor.command("test"))
    cur = Curriculum.objects.get(lead_provider__name="Teach First")
    signed_in(page, people["teach_first"], server)
    for path in ("/curricula", f"/curricula/{cur.pk}", f"/frameworks/{cur.framework.pk}?qualification=NPQH"):
        text = visit(page, path)
        assert_fits(page, path)
        if path == "/curricula":
            assert "Needs review" in text
        elif path.startswith("/curricula/"):
            assert f"Against version {draft.version}:" in text
        else:
            assert "The statements below are placeholders" in text
