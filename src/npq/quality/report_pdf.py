"""The published report as a PDF, made from the report's stored facts (the same bytes each time:
the creation date is the publication time and the fonts are the PDF standard fonts)."""

import unicodedata
from collections.abc import Mapping

from fpdf import FPDF

from npq.core.labels import label
from npq.quality import rules
from npq.quality.models import Inspection


def _latin1(text: str) -> str:
    """The standard fonts draw Latin-1 only: strip accents from the rest, '?' for what is left."""
    out = []
    for char in text:
        plain = char if ord(char) < 256 else unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
        out.append(plain or "?")
    return "".join(out)


def report_pdf(inspection: Inspection, grades: Mapping[rules.Area, rules.Grade]) -> bytes:
    pdf = FPDF(unit="mm", format="A4")
    if inspection.published_at:
        pdf.set_creation_date(inspection.published_at)
    pdf.set_title(_latin1(str(inspection)))
    pdf.set_author("Ofsted")
    pdf.set_creator("NPQ Platform")
    pdf.set_producer("NPQ Platform")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def body(text: str) -> None:
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(width, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    heading(str(inspection), 18)
    published = f"{inspection.published_at:%-d %B %Y}" if inspection.published_at else ""
    body(f"Visit {inspection.starts_on:%-d %B %Y} to {inspection.ends_on:%-d %B %Y}. Published {published}.")
    body(label("quality_programme", inspection.programme))
    if inspection.action:
        heading("Judgement")
        body(label("action_judgement", inspection.action))
    for area in rules.Area:
        if area in grades:
            body(f"{label('judgement_area', area)}: {label('grade', grades[area])}")
    heading("Report")
    body(inspection.report)
    if inspection.areas_for_improvement:
        heading("What the provider should do to improve")
        for area_text in inspection.areas_for_improvement:
            body(f"- {area_text}")
    if inspection.next_due_on:
        body(f"Next inspection due by {inspection.next_due_on:%-d %B %Y}.")
    if inspection.response_published_at:
        heading("The provider's response")
        body(inspection.response)
    return bytes(pdf.output())
