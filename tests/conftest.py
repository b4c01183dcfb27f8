"""Shared fixtures: small Norwegian minutes rendered to PDF with reportlab, written by the tests themselves."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "vestregionen-radmannsgruppen-2018-02-22.pdf"


def render_pdf(path: Path, pages: list[list[str]], header: str | None = None, footer: bool = True,
               font_size: float = 10.5) -> Path:
    """Each page is a list of lines; a running header and a 'Side X av Y' footer like case systems print."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(dejavu)))
        font = "DejaVu"
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, lines in enumerate(pages, 1):
        if header:
            c.setFont(font, 8)
            c.drawString(62, height - 40, header)
        if footer:
            c.setFont(font, 8)
            c.drawRightString(width - 56, 36, f"Side {n} av {len(pages)}")
        c.setFont(font, font_size)
        y = height - 80
        for line in lines:
            c.drawString(62, y, line)
            y -= font_size * 1.35
        c.showPage()
    c.save()
    return path


@pytest.fixture
def make_pdf(tmp_path):
    def make(pages: list[list[str]], name: str = "doc.pdf", **kw) -> Path:
        return render_pdf(tmp_path / name, pages, **kw)
    return make
