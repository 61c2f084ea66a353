import re

import pytest

from npq.assessment import extraction
from npq.assessment.extraction import DocumentRejected
from tests.assessment.documents import (
    corrupt_docx,
    docx_with_xml,
    encrypted_pdf,
    entity_bomb_xml,
    make_docx,
    make_pdf,
    paragraphs_xml,
)


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


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.html", b"<script>alert(1)</script> words"),
        ("upload", make_pdf("Hello there")),
        ("notes.md", b"plain words"),
        ("account.docx.exe", make_docx("Words")),
    ],
)
def test_type_needs_an_allowed_extension_as_well_as_matching_contents(name, data):
    with pytest.raises(DocumentRejected, match=re.escape("a PDF (.pdf) or a text file (.txt)")):
        extraction.extract(name, data)


DAMAGED_WORD = "The file is damaged or is not a Word document"


@pytest.mark.parametrize(
    "xml",
    [
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>',
        entity_bomb_xml(),
        b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><d/>',
        b"<other>not a Word body</other>",
    ],
    ids=["unclosed", "entity-expansion", "external-dtd", "wrong-root"],
)
def test_broken_or_hostile_word_xml_is_damaged_never_an_error(xml):
    with pytest.raises(DocumentRejected, match=re.escape(DAMAGED_WORD)):
        extraction.extract("a.docx", docx_with_xml(xml))


def test_text_in_tables_tabs_and_breaks_is_read():
    xml = paragraphs_xml(3, "alpha").replace(
        b"</w:body>",
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t><w:tab/><w:t>two</w:t><w:br/><w:t>three</w:t>"
        b"</w:r></w:p></w:tc></w:tr></w:tbl></w:body>",
    )
    assert extraction.extract("a.docx", docx_with_xml(xml)).text.split() == ["alpha"] * 3 + ["cell", "two", "three"]


def _never_read(kind, data):
    raise AssertionError("a refused .docx must not be unpacked")


@pytest.mark.parametrize(
    ("limit", "value", "data", "message"),
    [
        ("MAX_UNPACKED_BYTES", 50_000, docx_with_xml(paragraphs_xml(3000)), "unpacks to more than"),
        ("MAX_RATIO", 200, docx_with_xml(b"<a>" + b"0" * 5_000_000 + b"</a>"), "compressed far more"),
        ("MAX_ENTRIES", 20, docx_with_xml(paragraphs_xml(1), extra_entries=30), "more than 20 parts"),
    ],
    ids=["unpacked-size", "ratio", "entries"],
)
def test_zip_bombs_are_refused_from_the_directory_before_anything_is_unpacked(monkeypatch, limit, value, data, message):
    monkeypatch.setattr(extraction, limit, value)
    monkeypatch.setattr(extraction, "read_text", _never_read)
    with pytest.raises(DocumentRejected, match=re.escape(message)):
        extraction.extract("a.docx", data)


def test_reading_runs_in_a_process_with_a_memory_limit(monkeypatch):
    """300,000 paragraphs need far more than 40 MB to parse: the child runs out, the worker does not."""
    monkeypatch.setattr(extraction, "MAX_RATIO", 10_000)
    monkeypatch.setattr(extraction, "READ_MEMORY_BYTES", 40 * 1024 * 1024)
    with pytest.raises(DocumentRejected, match="too large or complex to read"):
        extraction.extract("a.docx", docx_with_xml(paragraphs_xml(300_000)))


def test_reading_has_a_time_limit(monkeypatch):
    monkeypatch.setattr(extraction, "READ_WALL_SECONDS", 0.001)
    with pytest.raises(DocumentRejected, match="took too long to read"):
        extraction.extract("a.pdf", make_pdf("Placement school action plan"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", b"", "The selected file is empty"),
        ("a.docx", b"   \n", "The selected file is empty"),
        ("a.pdf", make_docx("Words"), "named as a PDF but its contents are a Word document"),
        ("a.docx", b"plain words only", "named as a Word document (.docx) but its contents are a plain text"),
        ("a.pdf", encrypted_pdf("Secret"), "password-protected"),
        ("a.docx", corrupt_docx(), "The file is damaged or is not a Word document"),
        ("a.pdf", b"%PDF-1.4\nnot really\n%%EOF", "The file is damaged or is not a PDF"),
        ("a.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "password-protected or an old Word format"),
        ("a.bin", bytes(range(256)) * 4, "must be a Word document (.docx), a PDF (.pdf) or a text file (.txt)"),
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
