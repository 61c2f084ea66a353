"""Issue 14, item 19: each page in the words of the person reading it: a participant never reads
"cohort of delivery", headings are not repeated as table captions, counts are written out rather
than "behaviour(s)"."""

import pytest

from tests.conftest import error_summary, h1, html
from tests.factories import build_world, full_attendance
from tests.modulewide import module_fixtures

pytestmark = pytest.mark.django_db


def _build():
    w = build_world(participants=2)
    full_attendance(w)
    return w


built, world = module_fixtures(_build, "world")


def _repeated_captions(doc):
    """Captions that repeat the heading just before their table."""
    found = []
    for caption in doc.select("table caption"):
        heading = caption.find_parent("table").find_previous(["h1", "h2", "h3"])
        if heading and heading.get_text(" ", strip=True) == caption.get_text(" ", strip=True):
            found.append(caption.get_text(" ", strip=True))
    return found


def test_a_participant_reads_their_own_words(world, client_as):
    client = client_as(world.participants[0])
    listing = client.get("/delivery")
    assert h1(listing) == "Your NPQ groups"
    for page in (listing, client.get(f"/delivery/{world.dc.pk}")):
        text = (
            html(page).select_one("main").get_text(" ", strip=True)
            + html(page).select_one(".govuk-back-link").get_text()
        )
        assert "ohort of delivery" not in text and "ohorts of delivery" not in text
    assert h1(client_as(world.provider_user).get("/delivery")) == "Cohorts of delivery"  # staff keep their term


def test_headings_are_not_repeated_as_captions(world, client_as):
    for user, path in [
        (world.participants[0], f"/delivery/{world.dc.pk}"),
        (world.facilitator, f"/delivery/{world.dc.pk}"),
        (world.provider_user, "/assessment/progress"),
        (world.assessor, "/assessment/marking"),
    ]:
        page = client_as(user).get(path)
        assert page.status_code == 200, path
        assert _repeated_captions(html(page)) == [], path


def test_counts_are_written_out(world, client_as):
    client = client_as(world.participants[0])
    missing = client.post(f"/delivery/{world.dc.pk}/self-evaluation", {"rating-commitment": "4"})
    assert error_summary(missing) == ["Rate yourself from 1 to 5 on the 6 behaviours not rated yet"]
    moderation = client_as(world.moderator).get(f"/assessment/windows/{world.window.pk}/moderation")
    assert "(s)" not in html(moderation).select_one("main").get_text(" ", strip=True)
