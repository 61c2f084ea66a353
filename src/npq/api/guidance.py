"""API guidance pages: markdown files in ``guidance/`` rendered to GOV.UK-styled HTML.

A deliberately small markdown subset (headings, paragraphs, lists, code blocks, inline code,
bold and links) so content designers can edit the files without new dependencies."""

import html
import re
from pathlib import Path

from markupsafe import Markup

FOLDER = Path(__file__).resolve().parent / "guidance"
PAGES = [
    "get-started",
    "sync",
    "webhooks",
    "bulk-declarations",
    "file-formats",
    "errors",
    "decisions",
    "release-notes",
]


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a class="govuk-link" href="\2">\1</a>', text)


def _continues(line: str) -> bool:
    return line.startswith("  ") and bool(line.strip()) and not re.match(r"^\s*[-*] ", line)


def render(markdown: str) -> tuple[str, Markup]:
    """(title from the first heading, HTML body)."""
    out: list[str] = []
    title = ""
    lines = markdown.splitlines()
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(f'<p class="govuk-body">{_inline(" ".join(paragraph))}</p>')
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            out.append(f'<pre class="app-code"><code>{html.escape(chr(10).join(block))}</code></pre>')
        elif m := re.match(r"^(#{1,3}) (.*)$", line):
            flush()
            level = len(m.group(1))
            if level == 1 and not title:
                title = m.group(2)
                i += 1
                continue
            size = {1: "l", 2: "m", 3: "s"}[level]
            out.append(f'<h{level} class="govuk-heading-{size}">{_inline(m.group(2))}</h{level}>')
        elif re.match(r"^[-*] ", line):
            flush()
            items: list[str] = []
            while i < len(lines) and (re.match(r"^[-*] ", lines[i]) or (items and _continues(lines[i]))):
                if _continues(lines[i]):  # an indented line carries on the item above
                    items[-1] += " " + lines[i].strip()
                else:
                    items.append(lines[i][2:])
                i += 1
            listed = "".join(f"<li>{_inline(item)}</li>" for item in items)
            out.append(f'<ul class="govuk-list govuk-list--bullet">{listed}</ul>')
            continue
        elif line.strip() == "":
            flush()
        else:
            paragraph.append(line.strip())
        i += 1
    flush()
    return title, Markup("\n".join(out))  # noqa: S704 - every text fragment is escaped above


def page(slug: str) -> tuple[str, Markup] | None:
    if slug not in PAGES:
        return None
    return render((FOLDER / f"{slug}.md").read_text(encoding="utf-8"))
