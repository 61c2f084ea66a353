"""The PDF certificate of an award, made the same byte for byte every time from the award's facts.

Nothing in the file depends on when or where it is made: the creation date is the award's issue
time (fpdf2 derives the file id from the content and that date), the fonts are the PDF standard
fonts (no font file from the machine is embedded), and the QR code is drawn as squares from
segno's module matrix rather than through an image encoder.
"""

import unicodedata

import segno
from fpdf import FPDF

from npq.awards import credentials, rules
from npq.awards.models import Award

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, millimetres
GREEN = (0, 112, 60)
BLACK = (11, 12, 12)


# Letters with a stroke do not decompose into a base letter and an accent.
_STROKES = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "ı": "i"})


def _latin1(text: str) -> str:
    """The standard PDF fonts cover Latin-1 only: keep what they can draw, strip accents from the
    rest (Ł -> L) and mark anything left with '?' rather than fail."""
    out = []
    for char in text.translate(_STROKES):
        if ord(char) < 256:
            out.append(char)
            continue
        plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(plain or "?")
    return "".join(out)


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    qr = segno.make(url, error="m")
    matrix = [list(row) for row in qr.matrix]
    module = size / len(matrix)
    pdf.set_fill_color(*BLACK)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * module, y + r * module, module, module, style="F")


def certificate_pdf(award: Award) -> bytes:
    number = rules.display_certificate_number(award.certificate_number)
    url = credentials.verification_url(award.certificate_number)
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_creation_date(award.issued_at)
    pdf.set_title(_latin1(f"Certificate {number}: {award.course.name}"))
    pdf.set_author("Department for Education")
    pdf.set_creator("NPQ Platform")
    pdf.set_producer("NPQ Platform")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(2)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)

    pdf.set_text_color(*BLACK)
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 24)
    pdf.cell(PAGE_W - 40, 8, "National Professional Qualification", align="C")
    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(20, 44)
    pdf.cell(PAGE_W - 40, 8, "This is to certify that", align="C")
    pdf.set_font("Helvetica", "B", 28)
    pdf.set_xy(20, 56)
    pdf.cell(PAGE_W - 40, 14, _latin1(award.name), align="C")
    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(20, 76)
    pdf.cell(PAGE_W - 40, 8, "has been awarded the", align="C")
    pdf.set_font("Helvetica", "B", 20)
    pdf.set_xy(20, 88)
    pdf.multi_cell(PAGE_W - 40, 10, _latin1(award.course.name), align="C")

    pdf.set_font("Helvetica", "", 12)
    facts = [
        ("Awarded on", f"{award.awarded_on.day} {award.awarded_on:%B %Y}"),
        ("Lead provider", award.lead_provider.name),
        ("Certificate number", number),
    ]
    y = 128.0
    for label, value in facts:
        pdf.set_xy(30, y)
        pdf.set_font("Helvetica", "", 12)
        pdf.cell(50, 8, label)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(140, 8, _latin1(value))
        y += 10

    _qr(pdf, url, PAGE_W - 30 - 42, 122, 42)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(30, 172)
    pdf.multi_cell(
        PAGE_W - 60 - 50,
        5,
        _latin1(
            "Check this certificate at "
            f"{url.split('?')[0]} with its number, or scan the code. The holder can also download a "
            "signed digital credential (Open Badges 3.0) that anyone can verify."
        ),
    )
    return bytes(pdf.output())
