"""Reading the text out of a .docx or a PDF, run as its own bounded process.

``npq.assessment.extraction`` runs this file with ``python -I reading.py KIND``, the document on
stdin, and reads one JSON line from stdout: ``{"text": ...}`` or ``{"problem": "damaged" |
"encrypted" | "too_big"}``. The process sets its own memory and CPU limits before it touches the
bytes, so a document built to exhaust memory or time ends this process, never a web worker.

It imports only the standard library, ``defusedxml`` and ``pypdf`` (never Django), so it starts
quickly and runs the same whichever checkout imported it.
"""

import io
import json
import resource
import sys
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PARAGRAPH, TEXT, BREAKS, TAB = W + "p", W + "t", {W + "br", W + "cr"}, W + "tab"


class Unreadable(Exception):
    """The bytes are not a document of the kind claimed; ``problem`` says why, for the message."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _runs(element: Element) -> Iterator[str]:
    for child in element:
        # A nested paragraph (a text box) is read as its own paragraph; Fallback repeats a text box.
        if child.tag in (PARAGRAPH, FALLBACK):
            continue
        if child.tag == TEXT:
            yield child.text or ""
        elif child.tag == TAB:
            yield "\t"
        elif child.tag in BREAKS:
            yield "\n"
        else:
            yield from _runs(child)


def docx_text(data: bytes) -> str:
    """Every paragraph of word/document.xml (tables included), through a parser that refuses DTDs
    and entities, so an entity-expansion document is refused rather than expanded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        root = fromstring(xml, forbid_dtd=True)
    except (zipfile.BadZipFile, KeyError, ParseError, DefusedXmlException, ValueError, EOFError) as exc:
        raise Unreadable("damaged") from exc
    if root.tag != W + "document":
        raise Unreadable("damaged")
    return "\n".join("".join(_runs(p)) for p in root.iter(PARAGRAPH))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable("encrypted")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError, RecursionError) as exc:
        raise Unreadable("damaged") from exc


READERS = {"docx": docx_text, "pdf": pdf_text}


def main() -> int:
    memory, cpu_seconds = int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()
    try:
        answer = {"text": READERS[sys.argv[1]](data)}
    except Unreadable as exc:
        answer = {"problem": exc.problem}
    except MemoryError:
        answer = {"problem": "too_big"}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
