"""PDF articles: citations point into the text we extract, which anyone can print again.

A PDF has no text in the sense of the citation contract, so the contract's
``text`` for a PDF is what ``extract_text`` returns, byte for byte: `summarise
extract FILE` prints it, and the briefing's source entry records the extractor,
its version and the sha256 of that text, so a reader can tell whether their
extraction is the one the offsets refer to.

Why pypdf rather than pdfminer.six: it is pure Python with no dependencies of
its own (pdfminer.six pulls in cryptography and charset-normalizer), it is
actively maintained, its ``extract_text`` gives reading-order text per page,
and it reports an encrypted file and its metadata (title, author, dates)
directly. pdfminer.six's finer layout analysis matters for columns and tables,
which news articles saved as PDF rarely need; what matters here is that the
same file always gives the same text, which both do.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from importlib.metadata import version

import pypdf
from pypdf.errors import PdfReadError

from summarise.errors import SourceError

EXTRACTOR = "pypdf"
# Pages are joined by a plain line break, so that a paragraph running onto the next
# page stays one paragraph when the page's last line is full (sentences.paragraphs).
# A form feed would be truer to the page, but str.splitlines treats it as a line
# break too, and tools that show it do so differently.
PAGE_BREAK = "\n"
# Below this many letters per page on average, the "text layer" is page furniture
# (page numbers, a scanner's stamp) and the article is an image.
_MIN_LETTERS_PER_PAGE = 20


@dataclass(frozen=True)
class PdfText:
    """The text citations index, and what the PDF's own metadata says."""

    text: str
    title: str | None
    author: str | None
    extractor: str
    extractor_version: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _meta(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def extract_pdf(data: bytes, shown: str) -> PdfText:
    """Extract the text of the PDF ``data`` (from the file ``shown``), or raise ``SourceError``."""
    # pypdf logs recoverable structure problems at WARNING; the text is what we judge.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(
                shown,
                "is an encrypted PDF that needs a password",
                hint="Save an unprotected copy (e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`).",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        # NotImplementedError: an encryption method pypdf cannot undo without extras.
        raise SourceError(
            shown, f"cannot be read as a PDF ({exc})", hint="Check that the file is a PDF."
        ) from exc
    text = PAGE_BREAK.join(page.strip("\n") for page in pages).strip()
    letters = sum(c.isalpha() for c in text)
    if letters < _MIN_LETTERS_PER_PAGE * max(1, len(pages)):
        raise SourceError(
            shown,
            "is a PDF with no text layer (a scan?)",
            hint="Run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then pass the result.",
        )
    # No "published": a PDF's creation date is when the file was made, not when the article ran.
    return PdfText(
        text=text,
        title=_meta(info.title) if info is not None else None,
        author=_meta(info.author) if info is not None else None,
        extractor=EXTRACTOR,
        extractor_version=version("pypdf"),
    )
