"""A participant downloads their certificate and credential, and anyone checks them, in a real
browser with axe on every page (including at 375px)."""

from pathlib import Path
from typing import Any

import pytest

from npq.awards.models import Award
from tests.awards.conftest import complete
from tests.browser.axe import assert_no_axe_violations
from tests.browser.pages import assert_fits, signed_in, visit
from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - fixtures used below

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def award(world: Any) -> Award:  # noqa: F811 - the imported fixture
    application = world.new_participant()
    application.user.full_name = "Zoë Evans"
    application.user.save()
    return Award.objects.get(participant=complete(world, application).participant)


def test_download_and_verify(browser_page: Any, phone_page: Any, server: Any, award: Award, tmp_path: Any) -> None:
    page = browser_page
    signed_in(page, award.participant, server)
    assert award.display_number in visit(page, "/awards/mine")
    with page.expect_download() as pdf:
        page.click("a:has-text('Download the certificate (PDF)')")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as credential:
        page.click("a:has-text('Download the digital credential')")
    saved = tmp_path / "credential.json"
    credential.value.save_as(saved)

    page.context.clear_cookies()
    visit(page, "/awards/verify")
    page.fill("#number", award.display_number)
    page.click("button:has-text('Check the number')")
    assert "Valid certificate" in page.locator("#result").inner_text()
    page.set_input_files("#credential", str(saved))
    page.click("button:has-text('Check the credential')")
    assert "Valid certificate" in page.locator("#result").inner_text()
    tampered = tmp_path / "tampered.json"
    tampered.write_text(saved.read_text().replace("Zoë", "Zoe"))
    page.set_input_files("#credential", str(tampered))
    page.click("button:has-text('Check the credential')")
    assert "Not valid" in page.locator("#result").inner_text()
    assert_no_axe_violations(page)
    text = visit(phone_page, f"/awards/verify?number={award.display_number}")
    assert "Valid certificate" in text
    assert_fits(phone_page, "/awards/verify")
