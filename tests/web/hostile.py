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

# Each example takes one theme for all its fields, and every form is tried with every theme, so even
# one example a theme tries every field with huge numbers, then every field with long text, and so
# on; a field may still keep a value the page offered (so the hostile one gets past the others'
# checks), be left out or be sent twice.
THEMES: dict[str, st.SearchStrategy[str]] = {
    "odd": st.sampled_from(ODD),
    "numbers": st.one_of(st.sampled_from(NUMBERS), st.integers().map(str)),
    "dates": st.sampled_from(DATES),
    "long": st.integers(min_value=1_000, max_value=120_000).map(lambda n: "long " * (n // 5)),
    "unicode": st.text(st.characters(codec=None), max_size=40),  # any code point, surrogates included
    "ids": st.one_of(st.uuids().map(str), st.integers(min_value=-1, max_value=10**6).map(str)),
    "dates-valid": st.dates().map(lambda d: d.isoformat()),
}
text = st.one_of(*THEMES.values())


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


def _field(spec: Field, theme: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    offered = [v for v in spec.values if v]
    one = st.one_of(uploads, theme) if spec.kind == "file" else theme
    kept = st.sampled_from(offered) if offered else one
    return st.one_of(one, one, kept, st.just(MISSING), st.lists(one, min_size=2, max_size=3))


def _themed(form: Form, theme: st.SearchStrategy[Any]) -> st.SearchStrategy[list[tuple[str, Any]]]:
    known = st.fixed_dictionaries({name: _field(spec, theme) for name, spec in form.fields.items()})
    extra = st.dictionaries(st.one_of(text, st.sampled_from(list(form.fields) or ["x"])), text, max_size=2)
    return st.builds(_pairs, known, extra)


def _pairs(values: dict[str, Any], more: dict[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name, value in [*values.items(), *more.items()]:
        if value is MISSING:
            continue
        found.extend((name, v) for v in (value if isinstance(value, list) else [value]))
    return found


def submissions(form: Form) -> list[st.SearchStrategy[list[tuple[str, Any]]]]:
    """The pairs posted, one strategy per theme: each known field (or not), then any extra ones; the
    last theme mixes them, with text where a file belongs and a file where text belongs."""
    return [_themed(form, theme) for theme in [*THEMES.values(), st.one_of(text, uploads)]]


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
