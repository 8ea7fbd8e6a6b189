"""Sentence spans with exact character offsets.

Citations are sentence ids that the program turns into ``text[start:end]``, so
offsets must be exact by construction. pysbd finds the boundaries; we never
trust its offsets but find each returned sentence in the text ourselves,
scanning forward from a cursor, so that a quote is always a true slice.

News text is one paragraph per line, and a sentence never crosses a paragraph,
so each line is segmented on its own. That also keeps pysbd fast on long input.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pysbd

# A line of one word ("close", "COMMENTS") or without letters ("* * *") is page
# furniture, not a statement worth citing.
_MIN_WORDS = 2


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for each line, without its line break."""
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``, shifted by ``base``.

    Every span is stripped of surrounding whitespace, so ``text[start:end]`` reads
    as a clean quote, and spans appear in document order without overlap.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        if len(line.split()) < _MIN_WORDS or not any(c.isalpha() for c in line):
            continue
        cursor = 0
        for piece in _segmenter().segment(line):
            stripped = piece.strip()
            if not stripped:
                continue
            at = line.find(stripped, cursor)
            if at < 0:  # pysbd altered the text; skip rather than emit a wrong span
                continue
            cursor = at + len(stripped)
            spans.append((base + line_start + at, base + line_start + cursor))
    return spans
