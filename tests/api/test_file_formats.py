"""The upload pages speak in words and point to the guidance, which names every column and mode the
code reads (so the two cannot drift apart)."""

import pytest

from npq.declarations.upload import OPTIONAL, REQUIRED
from npq.frameworks.curriculumformat import MODES
from npq.people.models import Role
from tests.conftest import html

pytestmark = pytest.mark.django_db
GUIDANCE = "/api/guidance/file-formats"


def test_the_guidance_names_every_column_and_mode_the_code_reads(client):
    page = client.get(GUIDANCE)
    assert page.status_code == 200
    text = html(page).get_text(" ")
    for name in [*REQUIRED, *OPTIONAL, *MODES]:
        assert name in text, name


@pytest.mark.parametrize("path", ["/declarations/upload", "/curricula/upload"])
def test_upload_pages_link_to_the_file_formats_in_words(path, reference, make_user, client_as):
    page = html(client_as(make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")).get(path))
    assert page.select_one(f"a[href='{GUIDANCE}']") is not None
    text = page.select_one("main").get_text(" ")
    assert not [name for name in [*REQUIRED, *OPTIONAL, *MODES] if "_" in name and name in text]
