"""Build real documents for tests: .docx with python-docx, PDFs by hand and with pypdf."""

import io
import zipfile

import docx
from pypdf import PdfReader, PdfWriter


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(text: str) -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(text))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not really a document")
    return buffer.getvalue()


WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_xml(xml: bytes, *, extra_entries: int = 0) -> bytes:
    """A real .docx whose word/document.xml is replaced by ``xml`` (and ``extra_entries`` small parts)."""
    source = zipfile.ZipFile(io.BytesIO(make_docx("placeholder")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, xml if item.filename == "word/document.xml" else source.read(item))
        for n in range(extra_entries):
            archive.writestr(f"extra/part{n}.xml", b"<a/>")
    return buffer.getvalue()


def paragraphs_xml(count: int, word: str = "word") -> bytes:
    body = f"<w:p><w:r><w:t>{word}</w:t></w:r></w:p>".encode() * count
    return f'<w:document xmlns:w="{WORD}"><w:body>'.encode() + body + b"</w:body></w:document>"


def entity_bomb_xml() -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", '<!ENTITY lol "lol">']
    lines += [f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)]
    lines += [
        "]>",
        f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>',
    ]
    return "\n".join(lines).encode()
