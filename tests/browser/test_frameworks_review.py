"""Issue 14, item 13, in a real browser at 375 pixels with axe: after the review draft is
published, a provider sees which curricula need review and the coverage against the published
version, and the reformed framework's placeholder statements say what they are."""

from typing import Any

import pytest

from npq.core.audit import Actor
from npq.frameworks import services
from npq.frameworks.models import Curriculum, Framework
from tests.browser.pages import assert_fits, signed_in
from tests.browser.test_frameworks import demo_data, people, visit  # noqa: F401 - fixtures and a helper

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_provider_sees_curricula_to_review_on_a_phone(phone_page: Any, server: Any, people: Any) -> None:  # noqa: F811
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
