"""PDFs for tests, made with reportlab: a text article, a scan without a text layer, an encrypted one."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def article_pdf(path: Path, paragraphs: list[str], *, title: str = "", author: str = "") -> Path:
    """A typeset article: the first paragraph as a headline, the others as body text."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, author=author, leftMargin=2.5 * cm)
    story: list[object] = [Paragraph(_escape(paragraphs[0]), styles["Heading1"])]
    for para in paragraphs[1:]:
        story += [Paragraph(_escape(para), styles["BodyText"]), Spacer(1, 6)]
    doc.build(story)
    return path


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages of 'scanned' print: grey bars where lines of text would be, and no text layer."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.setFillGray(0.3)
        for row in range(30):
            c.rect(2.5 * cm, A4[1] - 3 * cm - row * 0.8 * cm, 15 * cm, 0.35 * cm, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path, password: str = "secret") -> Path:
    """An article that opens only with a password."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=password)
    c.drawString(2.5 * cm, A4[1] - 3 * cm, "Council approves the budget after a long and difficult debate.")
    c.showPage()
    c.save()
    return path
