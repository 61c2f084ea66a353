"""Text from an uploaded document. The type is decided by the bytes, never by the file name:
.docx (a zip holding word/document.xml), PDF (``%PDF-``) or UTF-8 text."""

import io
import zipfile
from dataclasses import dataclass

import docx

MAX_BYTES = 10 * 1024 * 1024  # one file
MAX_TOTAL_BYTES = 25 * 1024 * 1024  # a submission with its annexes
MAX_ANNEXES = 5
DOCX, PDF, TEXT = "docx", "pdf", "text"
LABELS = {DOCX: "Word document (.docx)", PDF: "PDF", TEXT: "plain text"}
EXTENSIONS = {".docx": DOCX, ".pdf": PDF, ".txt": TEXT}


class DocumentRejected(ValueError):
    """A file that cannot be used, with a message for the person who uploaded it."""


@dataclass(frozen=True)
class Document:
    kind: str
    text: str


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return DOCX if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: old .doc, or a password-protected .docx
        return "ole"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return TEXT if "\x00" not in text else None


def _claimed(name: str) -> str | None:
    lower = name.lower()
    return next((kind for ext, kind in EXTENSIONS.items() if lower.endswith(ext)), None)


def _docx_text(data: bytes) -> str:
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocumentRejected("The selected file is a damaged Word document. Save it again and upload it") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentRejected("The selected PDF is password-protected. Remove the password and upload it again")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentRejected("The selected file is a damaged PDF. Save it again and upload it") from exc


def extract(name: str, data: bytes, *, need_text: bool = True) -> Document:
    """The document's kind and text, or :class:`DocumentRejected` saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise DocumentRejected(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)}MB")
    if not data.strip():
        raise DocumentRejected("The selected file is empty")
    kind = sniff(data)
    claimed = _claimed(name)
    if kind == "ole":
        raise DocumentRejected(
            "The selected file is password-protected or an old Word format (.doc). "
            "Save it as .docx without a password and upload it again"
        )
    if kind is None:
        raise DocumentRejected("The selected file must be a Word document (.docx), a PDF or a text file")
    if claimed is not None and claimed != kind:
        raise DocumentRejected(
            f"The selected file is named as a {LABELS[claimed]} but its contents are a {LABELS[kind]}. "
            "Check you chose the right file"
        )
    if kind == DOCX:
        text = _docx_text(data)
    elif kind == PDF:
        text = _pdf_text(data)
    else:
        text = data.decode("utf-8-sig")
    if need_text and not text.strip():
        raise DocumentRejected("The selected file has no text in it. Upload the document with your written account")
    return Document(kind, text)
