"""One article read once: every sentence's reading, the article's own date, its byline.

The briefing stages and the eval ask the same questions of the same sentences
many times (which figures, which dates, who speaks), so each source is read
once per process and the result is kept by content hash.

The article's date anchors relative dates ("Wednesday", "last week"). When the
text states no date of its own, the latest full date it mentions gives a
lower bound ("not before"), which is labelled as inferred and never used to
resolve a relative date: resolving against a guess would invent a date.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from summarise.reading.text import SentenceReading, publication_date, read, read_sentences
from summarise.sources.files import Source

_lock = threading.Lock()
_read: dict[str, ArticleReading] = {}


@dataclass(frozen=True)
class ArticleReading:
    """What the program read from one source."""

    sentences: tuple[SentenceReading, ...]
    published: datetime.date | None  # stated by the text (or page metadata)
    not_before: str | None  # ISO: the latest full date the text mentions, when none is stated

    @property
    def anchor(self) -> datetime.date | None:
        """The date relative expressions are resolved against: only a stated one."""
        return self.published


def _latest_full_date(sentences: tuple[SentenceReading, ...]) -> str | None:
    dates = [d.resolved for s in sentences for d in s.dates if d.resolved and d.anchor is None]
    return max(dates) if dates else None


def read_article(source: Source) -> ArticleReading:
    """The reading of ``source``, computed once per process and content."""
    key = source.sha256
    with _lock:
        cached = _read.get(key)
    if cached is not None:
        return cached
    published = _stated_date(source)
    texts = [source.sentence(i) for i in range(len(source.sentences))]
    sentences = tuple(read_sentences(texts, anchor=published))
    result = ArticleReading(
        sentences=sentences,
        published=published,
        not_before=None if published else _latest_full_date(sentences),
    )
    with _lock:
        _read[key] = result
    return result


def _stated_date(source: Source) -> datetime.date | None:
    if source.published:  # page or PDF metadata, where the reader found it
        try:
            return datetime.date.fromisoformat(source.published[:10])
        except ValueError:
            pass
    return publication_date(source.text)


_BYLINE_LINES = 12  # bylines sit near the top; sign-offs and "About the author" near the end
_CREDIT_PREFIXES = ("by ", "written by ", "reporting by ", "about the author", "author:")


def byline(source: Source) -> str | None:
    """The outlet or author the source credits: page metadata, a byline, a sign-off or an author note.

    Only a line that starts like a credit ("By ...", "Reporting by ...",
    "About the author ...", "Author: ...") and names a person or an
    organisation counts; anything else gives None rather than a guess (an
    image credit is not an outlet).
    """
    for value in (source.outlet, source.author):
        if value and value.strip():
            return value.strip()
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    for line in [*lines[:_BYLINE_LINES], *lines[-_BYLINE_LINES:]]:
        lowered = line.lower()
        prefix = next((p for p in _CREDIT_PREFIXES if lowered.startswith(p)), None)
        if prefix is None or len(line.split()) > 25:
            continue
        names = [e.text for e in read(line).entities if e.label in ("PERSON", "ORG")]
        if names:
            return ", ".join(dict.fromkeys(names))
    return None
