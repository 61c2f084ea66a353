"""The API guidance's small markdown renderer (npq.api.guidance)."""

from npq.api.guidance import PAGES, page, render


def test_an_indented_line_carries_on_the_list_item_above():
    _title, body = render("# T\n\n- First item that goes on\n  to a second line.\n- Second item.\n\nAfter.\n")
    assert body.count("<li>") == 2
    assert "<li>First item that goes on to a second line.</li>" in body
    assert '<p class="govuk-body">After.</p>' in body


def test_no_guidance_page_breaks_a_list_item_into_a_paragraph():
    for slug in PAGES:
        found = page(slug)
        assert found is not None
        _title, body = found
        for paragraph in body.split('<p class="govuk-body">')[1:]:
            assert not paragraph[:1].islower(), (slug, paragraph[:80])  # a sentence cut from the item above
