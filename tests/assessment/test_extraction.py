import re

import pytest

from npq.assessment import extraction
from npq.assessment.extraction import DocumentRejected
from tests.assessment.documents import corrupt_docx, encrypted_pdf, make_docx, make_pdf


def test_docx_text_is_extracted():
    found = extraction.extract("project.docx", make_docx("Leading change", "Staff capability rose"))
    assert found.kind == "docx"
    assert found.text.split() == ["Leading", "change", "Staff", "capability", "rose"]


def test_pdf_text_is_extracted():
    found = extraction.extract("project.pdf", make_pdf("Placement school action plan"))
    assert (found.kind, found.text.strip()) == ("pdf", "Placement school action plan")


def test_text_file_with_byte_order_mark():
    found = extraction.extract("notes.txt", "\ufeffThree short words".encode())
    assert (found.kind, found.text) == ("text", "Three short words")


def test_type_comes_from_contents_when_the_name_has_no_extension():
    assert extraction.extract("upload", make_pdf("Hello there")).kind == "pdf"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", b"", "The selected file is empty"),
        ("a.docx", b"   \n", "The selected file is empty"),
        ("a.pdf", make_docx("Words"), "named as a PDF but its contents are a Word document"),
        ("a.docx", b"plain words only", "named as a Word document (.docx) but its contents are a plain text"),
        ("a.pdf", encrypted_pdf("Secret"), "password-protected"),
        ("a.docx", corrupt_docx(), "damaged Word document"),
        ("a.pdf", b"%PDF-1.4\nnot really\n%%EOF", "damaged PDF"),
        ("a.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "password-protected or an old Word format"),
        ("a.bin", bytes(range(256)) * 4, "must be a Word document (.docx), a PDF or a text file"),
        ("a.docx", make_docx("", ""), "has no text in it"),
    ],
)
def test_bad_documents_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(DocumentRejected, match=re.escape(message)):
        extraction.extract(name, data)


def test_upload_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_BYTES", 100)
    with pytest.raises(DocumentRejected, match="must be smaller than"):
        extraction.extract("a.txt", b"word " * 50)


def test_annex_may_have_no_text():
    assert extraction.extract("chart.pdf", make_pdf(""), need_text=False).kind == "pdf"
