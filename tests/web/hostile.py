"""Hypothesis strategies for what an attacker posts into a form, and the bytes that carry it.

Values are built as text and sent as the bytes a client could send: a lone surrogate goes out as
its three UTF-8-like bytes (invalid UTF-8 on the wire), NUL as ``%00``. Each field may be left out,
sent twice (repeated keys), given the wrong kind of value (a file for a text field, text for a
number, a date part of twenty digits) or a value the page offered; extra fields may be added.
"""

import secrets
from typing import Any
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

from tests.web.crawl import Field, Form

MISSING = object()

ODD = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202eevil",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",
    "e\u0301",  # combining accent
    "\U0001d518\U0001f600",
    "\uff11\uff12\uff13",  # full-width digits: int() reads them
    "\u0663\u0660",  # Arabic-Indic digits
    "\u2028\u2029",
    "\r\n\t",
    " ",
    "",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%s%n{0}{{x}}",
    "\\N{NULL}",
]
NUMBERS = [
    "9" * 25,
    "-" + "9" * 25,
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "1_000",
    "10000",
    "99999",
    "32",
    "13",
    "2147483648",
]

DATES = [
    "2026-02-30",
    "0000-00-00",
    "99999-12-31",
    "+002026-01-01",
    "31/02/2026",
    "2026-13-01",
    "1-1-1",
    "25:61",
    "24:00",
    "23:59:60",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01",
]

text = st.one_of(
    st.sampled_from(ODD),
    st.sampled_from(DATES),
    st.sampled_from(NUMBERS),
    st.text(st.characters(codec=None), max_size=40),  # any code point, surrogates included
    st.integers().map(str),
    st.integers(min_value=1_000, max_value=120_000).map(lambda n: "long " * (n // 5)),
    st.uuids().map(str),
    st.dates().map(lambda d: d.isoformat()),
)


class Upload:
    """A file value (multipart only)."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self.content = name, content


uploads = st.builds(
    Upload,
    st.sampled_from(["a.docx", "a.pdf", "a.txt", "evil.html", "a", "\u202egpj.exe", "x" * 300 + ".txt", "a.csv"]),
    st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"PK\x03\x04junk", b"%PDF-1.4\n%%EOF", b"\xff\xfe\x00\x00", b"a,b\n\x00,\xff\n", b""]),
    ),
)


def _value(spec: Field) -> st.SearchStrategy[Any]:
    offered = [v for v in spec.values if v]
    choices = [text, uploads] if spec.kind != "file" else [uploads, text]
    if offered:
        choices.insert(0, st.sampled_from(offered))
    return st.one_of(*choices)


def _field(spec: Field) -> st.SearchStrategy[Any]:
    one = _value(spec)
    return st.one_of(st.just(MISSING), one, st.lists(one, min_size=2, max_size=3))


def submission(form: Form) -> st.SearchStrategy[list[tuple[str, Any]]]:
    """The pairs posted: each known field (or not), then any extra ones."""
    known = st.fixed_dictionaries({name: _field(spec) for name, spec in form.fields.items()})
    extra = st.dictionaries(st.one_of(text, st.sampled_from(list(form.fields) or ["x"])), text, max_size=2)

    def pairs(values: dict[str, Any], more: dict[str, Any]) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        for name, value in [*values.items(), *more.items()]:
            if value is MISSING:
                continue
            found.extend((name, v) for v in (value if isinstance(value, list) else [value]))
        return found

    return st.builds(pairs, known, extra)


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def encode(pairs: list[tuple[str, Any]], multipart: bool) -> tuple[bytes, str]:
    """The body and its content type: urlencoded unless the form is multipart or a file is sent."""
    if not multipart and not any(isinstance(v, Upload) for _, v in pairs):
        body = "&".join(f"{quote_from_bytes(_bytes(k))}={quote_from_bytes(_bytes(v))}" for k, v in pairs)
        return body.encode(), "application/x-www-form-urlencoded"
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in pairs:
        disposition = b'form-data; name="' + _bytes(name).replace(b'"', b"%22") + b'"'
        if isinstance(value, Upload):
            disposition += b'; filename="' + _bytes(value.name).replace(b'"', b"%22") + b'"'
            content = b"Content-Type: application/octet-stream\r\n\r\n" + value.content
        else:
            content = b"\r\n" + _bytes(value)
        parts.append(b"--" + boundary.encode() + b"\r\nContent-Disposition: " + disposition + b"\r\n" + content)
    body = b"\r\n".join(parts) + b"\r\n--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"
