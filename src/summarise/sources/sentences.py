"""Sentence spans with exact character offsets.

Citations are sentence ids that the program turns into ``text[start:end]``, so
offsets must be exact by construction. pysbd finds the boundaries; we never
trust its offsets but find each returned sentence in the text ourselves,
scanning forward from a cursor, so that a quote is always a true slice.

A sentence never crosses a paragraph, so each paragraph is segmented on its own
(that also keeps pysbd fast on long input). What a paragraph is depends on how
the text was written:

- News text saved from a page is one paragraph per line: every line break ends
  a paragraph (today's seeds, and most copied articles).
- Hard-wrapped text (e-mail, terminals, ``fmt``) breaks lines at a fixed width
  inside a paragraph and separates paragraphs by blank lines. There a line
  break is only soft when the line is *full*: the next line's first word would
  not have fitted within the wrap width. A short line (a headline, a list item,
  a signature) still ends its paragraph, as its writer meant.

A file counts as hard-wrapped when most of its line breaks between two
non-blank lines are soft by that test and the width is one people wrap prose
at. A paragraph-per-line file never passes: its lines have very different
lengths, so only its longest lines look "full".

Text laid out by a PDF extractor is wrapped by construction, but in a
proportional font, so character counts of full lines vary: there a break is soft
when the line fills most of the width (``_LAID_OUT_FULL``), and a clearly short
line (a headline, a paragraph's last line) ends its paragraph.

Soft breaks are read as spaces when pysbd segments, but spans stay into the
raw text, so a quote of a wrapped sentence contains its line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

import pysbd

# A line of one word ("close", "COMMENTS") or without letters ("* * *") is page
# furniture, not a statement worth citing.
_MIN_WORDS = 2
# People wrap prose at 60-100 columns; a "width" past this is a file of long
# one-paragraph lines, which must keep today's line-per-paragraph reading.
_MAX_WRAP_WIDTH = 160
# Share of breaks between non-blank lines that must look soft for the file to
# count as wrapped.
_WRAPPED_SHARE = 0.6
# A line that starts a list item, heading or quote is never the tail of the
# paragraph above it.
# In laid-out text, a line at least this share of the width is a full line.
_LAID_OUT_FULL = 0.75
_BLOCK_START = re.compile(r"\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#|>)")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _lines(text: str) -> list[tuple[int, str, int]]:
    """``(offset, line without its break, length with its break)`` for each line."""
    out: list[tuple[int, str, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line.rstrip("\r\n"), len(line)))
        offset += len(line)
    return out


def _first_word_len(line: str) -> int:
    # Wrappers break only at ASCII spaces and tabs: "the\u00a0New York" moves as one word.
    words = line.lstrip(" \t").split(" ", 1)[0].split("\t", 1)
    return len(words[0])


def wrap_width(text: str) -> int | None:
    """The column ``text`` is hard-wrapped at, or ``None`` if it is not hard-wrapped.

    The width is a high percentile of the line lengths rather than the maximum,
    so one long URL in a wrapped file does not hide the wrapping.
    """
    lines = [line.rstrip() for _, line, _ in _lines(text)]
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 2:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if width > _MAX_WRAP_WIDTH:
        return None
    pairs = [(a, b) for a, b in pairwise(lines) if a.strip() and b.strip()]
    if not pairs:
        return None
    soft = sum(1 for a, b in pairs if _is_soft(a, b, width))
    return width if soft / len(pairs) >= _WRAPPED_SHARE else None


def _is_soft(line: str, following: str, width: int, laid_out: bool = False) -> bool:
    if _BLOCK_START.match(following):
        return False
    if laid_out:
        return len(line.rstrip()) >= _LAID_OUT_FULL * width
    return len(line.rstrip()) + 1 + _first_word_len(following) > width


def _laid_out_width(text: str) -> int | None:
    lengths = sorted(len(line.rstrip()) for _, line, _ in _lines(text) if line.strip())
    return lengths[int(0.95 * (len(lengths) - 1))] if lengths else None


def paragraphs(text: str, *, laid_out: bool = False) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each paragraph of plain ``text``, line breaks at its ends excluded.

    ``laid_out``: the text comes from a page layout (PDF), so it is wrapped however its lines look.
    """
    lines = _lines(text)
    width = _laid_out_width(text) if laid_out else wrap_width(text)
    start: int | None = None
    end = 0
    for i, (offset, line, _) in enumerate(lines):
        if not line.strip():
            if start is not None:
                yield start, end
                start = None
            continue
        if start is None:
            start = offset
        end = offset + len(line)
        following = lines[i + 1][1] if i + 1 < len(lines) else ""
        if width is None or not following.strip() or not _is_soft(line, following, width, laid_out):
            yield start, end
            start = None
    if start is not None:
        yield start, end


def _segment(text: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``, where line breaks are soft and read as spaces."""
    raw = text[start:end]
    if len(raw.split()) < _MIN_WORDS or not any(c.isalpha() for c in raw):
        return []
    # Same length as ``raw``, so offsets found in it are offsets into ``raw``.
    view = raw.replace("\r", " ").replace("\n", " ")
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(view):
        stripped = piece.strip()
        if not stripped:
            continue
        at = view.find(stripped, cursor)
        if at < 0:  # pysbd altered the text; skip rather than emit a wrong span
            continue
        cursor = at + len(stripped)
        spans.append((base + start + at, base + start + cursor))
    return spans


def split_sentences(text: str, base: int = 0, *, laid_out: bool = False) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in plain ``text``, shifted by ``base``.

    Every span is stripped of surrounding whitespace, so ``text[start:end]`` reads
    as a clean quote, and spans appear in document order without overlap.
    ``laid_out`` is for text extracted from a page layout (see ``paragraphs``).
    """
    spans: list[tuple[int, int]] = []
    for start, end in paragraphs(text, laid_out=laid_out):
        spans.extend(_segment(text, start, end, base))
    return spans


def split_block(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentences of ``text`` read as one paragraph: every line break in it is soft.

    For blocks of markup (an HTML ``<p>``), where the source's line breaks are
    only layout.
    """
    return _segment(text, 0, len(text), base)
