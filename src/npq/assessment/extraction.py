"""Text from an uploaded document. The type is decided by the name and the bytes together: only
.docx (a zip holding word/document.xml), .pdf (``%PDF-``) and .txt (UTF-8 text) are taken.

A .docx is checked from its zip directory before anything is unpacked (total size, number of
entries, compression ratio), and the text of a .docx or PDF is read in a separate process with
memory and CPU limits (``npq.assessment.reading``), so no single upload can hold a web worker.
"""

import io
import json
import subprocess  # noqa: S404 - running our own reading module with fixed arguments
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # one file
MAX_TOTAL_BYTES = 25 * 1024 * 1024  # a submission with its annexes
MAX_ANNEXES = 5
# A .docx, judged from its zip directory before unpacking. A 2,500-word account is about 1 MB
# unpacked; pictures are stored compressed already (ratio near 1); XML rarely exceeds 30:1.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_RATIO = 200
# The reading process: address space (Python with pypdf needs about 150 MB), CPU and wall time.
READ_MEMORY_BYTES = 768 * 1024 * 1024
READ_CPU_SECONDS = 20
READ_WALL_SECONDS = 30
DOCX, PDF, TEXT = "docx", "pdf", "text"
LABELS = {DOCX: "Word document (.docx)", PDF: "PDF", TEXT: "plain text"}
EXTENSIONS = {".docx": DOCX, ".pdf": PDF, ".txt": TEXT}
DAMAGED = {
    DOCX: "The file is damaged or is not a Word document. Save it again as .docx and upload it",
    PDF: "The file is damaged or is not a PDF. Save it again as a PDF and upload it",
}
READER = Path(__file__).with_name("reading.py")


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


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the directory alone: nothing is inflated here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise DocumentRejected(DAMAGED[DOCX]) from exc
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if len(entries) > MAX_ENTRIES:
        raise DocumentRejected(
            f"The selected Word document holds more than {MAX_ENTRIES:,} parts. Save it again and upload it"
        )
    too_dense = any(e.file_size > MAX_RATIO * max(e.compress_size, 1) for e in entries)
    if unpacked > MAX_UNPACKED_BYTES or too_dense or unpacked > MAX_RATIO * max(packed, 1):
        raise DocumentRejected(
            f"The selected Word document unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)}MB or is "
            "compressed far more than a real document. Save it again without embedded files and upload it"
        )


def read_text(kind: str, data: bytes) -> str:
    """The text of a .docx or PDF, read by ``reading.py`` in a child process with resource limits."""
    command = [sys.executable, "-I", str(READER), kind, str(READ_MEMORY_BYTES), str(READ_CPU_SECONDS)]
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, our own module
            command, input=data, capture_output=True, timeout=READ_WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise DocumentRejected("The selected file took too long to read. Save it again and upload it") from exc
    try:
        answer = json.loads(done.stdout) if done.returncode == 0 else {"problem": "too_big"}
    except ValueError:
        answer = {"problem": "too_big"}  # killed mid-write by its memory or CPU limit
    problem = answer.get("problem")
    if problem == "encrypted":
        raise DocumentRejected("The selected PDF is password-protected. Remove the password and upload it again")
    if problem == "damaged":
        raise DocumentRejected(DAMAGED[kind])
    if problem is not None:
        raise DocumentRejected(
            "The selected file is too large or complex to read. Save it again, smaller, and upload it"
        )
    return str(answer["text"])


def extract(name: str, data: bytes, *, need_text: bool = True) -> Document:
    """The document's kind and text, or :class:`DocumentRejected` saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise DocumentRejected(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)}MB")
    if not data.strip():
        raise DocumentRejected("The selected file is empty")
    claimed = _claimed(name)
    if claimed is None:
        raise DocumentRejected("The selected file must be a Word document (.docx), a PDF (.pdf) or a text file (.txt)")
    kind = sniff(data)
    if kind == "ole":
        raise DocumentRejected(
            "The selected file is password-protected or an old Word format (.doc). "
            "Save it as .docx without a password and upload it again"
        )
    if kind is None:
        raise DocumentRejected(
            DAMAGED.get(claimed, "The selected file is not plain text. Save it as .txt and upload it")
        )
    if claimed != kind:
        raise DocumentRejected(
            f"The selected file is named as a {LABELS[claimed]} but its contents are a {LABELS[kind]}. "
            "Check you chose the right file"
        )
    if kind == DOCX:
        check_zip(data)
    text = data.decode("utf-8-sig") if kind == TEXT else read_text(kind, data)
    if need_text and not text.strip():
        raise DocumentRejected("The selected file has no text in it. Upload the document with your written account")
    return Document(kind, text)
