"""Read articles from files and folders into ``Source`` objects with sentence spans.

A bad input never stops the good ones: ``load_sources`` returns the sources it
could read plus one ``SourceError`` per file it could not, and only raises when
nothing at all is readable. Offsets are always into the file's content decoded
as UTF-8 with no other normalisation (the citation contract).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from summarise.errors import SourceError
from summarise.sources.fetch import snapshot_url
from summarise.sources.pdf import extract_pdf
from summarise.sources.sentences import split_sentences
from summarise.sources.web import read_page

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
_TITLE_MAX = 200


@dataclass(frozen=True)
class Source:
    """One article: its text exactly as decoded, and its sentences as spans of that text."""

    id: str
    path: str
    sha256: str
    text: str
    title: str | None
    sentences: tuple[tuple[int, int], ...]
    # What the source says about itself, where it says it (page metadata, PDF info).
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    # Where a fetched page came from; ``path`` is then its saved snapshot.
    url: str | None = None
    # How ``text`` was obtained when it is not the file itself (HTML article choice, PDF).
    extractor: str | None = None
    extractor_version: str | None = None
    # sha256 of ``text`` when it is extracted rather than the file decoded (PDF).
    text_sha256: str | None = None

    def sentence(self, index: int) -> str:
        """The text of sentence ``index`` (0-based)."""
        start, end = self.sentences[index]
        return self.text[start:end]


def _title(text: str, suffix: str, html_title: str | None) -> str | None:
    if suffix in (".html", ".htm"):
        return html_title
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if suffix == ".md" and stripped.startswith("#"):
            return stripped.lstrip("#").strip() or None
        # A first line that is short and not a full paragraph reads as a headline.
        if len(stripped.split()) < 2:
            continue  # page furniture such as "close"
        if len(stripped) <= _TITLE_MAX:
            return stripped
        return None
    return None


def read_source(path: Path, source_id: str) -> Source:
    """Read one file, raising ``SourceError`` that names it when it cannot be used.

    A snapshot of a fetched page (``summarise.sources.fetch``) also gets its URL.
    """
    source = _read_file(path, source_id)
    url = snapshot_url(path)
    return replace(source, url=url) if url else source


def _read_file(path: Path, source_id: str) -> Source:
    shown = str(path)
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise SourceError(shown, "permission denied", hint="Make the file readable.") from exc
    except OSError as exc:
        raise SourceError(shown, f"cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise SourceError(shown, "is empty", hint="Remove it or give it some text.")
    if path.suffix.lower() == ".pdf":
        return _read_pdf(data, shown, source_id)
    if b"\x00" in data[:8192]:
        raise SourceError(shown, "is a binary file, not text", hint="Pass .txt, .md, .html or .pdf.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            shown,
            f"is not UTF-8 (bad byte at offset {exc.start})",
            hint=f"Convert it, e.g. `iconv -f latin1 -t utf-8 {shown} > fixed.txt`.",
        ) from exc
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        page = read_page(text)
        if not page.spans:
            raise SourceError(
                shown, "has no article text", hint="Save the article's page, not an index page."
            )
        return Source(
            id=source_id,
            path=shown,
            sha256=hashlib.sha256(data).hexdigest(),
            text=text,
            title=page.title,
            sentences=page.spans,
            outlet=page.outlet,
            author=page.author,
            published=page.published,
            extractor=page.extractor,
            extractor_version=page.extractor_version,
        )
    spans = split_sentences(text)
    if not spans:
        raise SourceError(shown, "has no readable sentences", hint="Check the file's content.")
    return Source(
        id=source_id,
        path=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        title=_title(text, suffix, None),
        sentences=tuple(spans),
    )


def _read_pdf(data: bytes, shown: str, source_id: str) -> Source:
    """A PDF: citations index the extracted text, which `summarise extract` prints."""
    pdf = extract_pdf(data, shown)
    spans = split_sentences(pdf.text, laid_out=True)
    if not spans:
        raise SourceError(shown, "has no readable sentences", hint="Check the PDF's content.")
    return Source(
        id=source_id,
        path=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        text=pdf.text,
        title=pdf.title or _title(pdf.text, ".pdf", None),
        sentences=tuple(spans),
        author=pdf.author,
        extractor=pdf.extractor,
        extractor_version=pdf.extractor_version,
        text_sha256=pdf.sha256,
    )


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[SourceError]]:
    files: list[Path] = []
    errors: list[SourceError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
            if not found:
                errors.append(
                    SourceError(
                        str(path),
                        "contains no .txt, .md, .html or .pdf files",
                        hint="Point at a folder of articles.",
                    )
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(SourceError(str(path), "does not exist", hint="Check the path."))
    return list(dict.fromkeys(files)), errors


def load_sources(paths: Iterable[Path]) -> tuple[list[Source], list[SourceError]]:
    """Read every article under ``paths``; return the good sources and the per-file errors.

    Ids are ``S1``, ``S2``, … in the order of the paths given (folders sorted), so
    the same inputs always give the same ids.
    """
    files, errors = _expand(paths)
    sources: list[Source] = []
    for path in files:
        try:
            sources.append(read_source(path, f"S{len(sources) + 1}"))
        except SourceError as exc:
            errors.append(exc)
    if not sources:
        first = errors[0] if errors else SourceError("(no paths)", "nothing to read")
        detail = "; ".join(e.message for e in errors[:5])
        raise SourceError(
            first.path,
            f"no readable articles ({detail})" if len(errors) > 1 else first.message.split(": ", 1)[-1],
            hint=first.hint or "Pass .txt, .md or .html files, or folders of them.",
        )
    return sources, errors
