"""Saved web pages: the extractor chooses the article, our own mapping keeps the spans.

A news page is mostly not the article: menus, cookie banners, ads, related
links, newsletter boxes and reader comments. Telling them apart is a solved,
maintained problem, so we do not write our own rules: trafilatura (with
htmldate for the date) decides which text is the article and reads the page's
metadata. It returns cleaned text without positions, though, and the citation
contract measures offsets in the raw file, markup included.

So the work is split in two:

1. ``summarise.sources.html_text`` tokenizes the raw page with the standard
   library's parser and keeps, for every decoded character, its raw offset.
   Its blocks are split into sentences (a block is one paragraph: line breaks
   in markup are only layout).
2. The words of those sentences are aligned, in document order, with the words
   of trafilatura's article text (``difflib.SequenceMatcher``). A sentence is
   article text only when nearly all of its words fall in aligned runs of
   several words; anything the extractor left out (including a pull quote or a
   teaser that repeats article words elsewhere on the page) is never cited.

When the extractor finds no article at all (a tiny page, a fragment), the
reader falls back to the structural reading of ``html_text``, which still skips
navigation, headers, footers, asides and forms.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib.metadata import version

import trafilatura

from summarise.sources.html_text import TextBlock, extract_blocks
from summarise.sources.sentences import split_block

# A word counts as article text only inside an aligned run of at least this many
# words: single common words ("the", "said") match by chance anywhere.
_MIN_RUN = 3
# Share of a sentence's words that must be aligned for it to be article text.
# Below 1 so that the extractor's small rewrites (a dropped inline caption, a
# joined hyphen) do not drop a real sentence.
_MIN_ALIGNED = 0.8

EXTRACTOR = "trafilatura"


@dataclass(frozen=True)
class WebPage:
    """The article sentences of a page, as spans of the raw file, and what its metadata says."""

    spans: tuple[tuple[int, int], ...]
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    extractor: str
    extractor_version: str | None


def _article_text(raw: str, url: str | None) -> tuple[str, trafilatura.settings.Document | None]:
    # trafilatura logs every page it cannot read at ERROR; our fallback says it better.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            raw,
            url=url,
            include_comments=False,  # reader comments are never the article
            include_tables=True,
            include_images=False,
            with_metadata=True,
        )
    except ValueError:  # trafilatura's own "cannot extract" signal
        return "", None
    if not isinstance(doc, trafilatura.settings.Document):
        return "", None
    return doc.text or "", doc


def _sentences(blocks: list[TextBlock]) -> list[tuple[TextBlock, int, int]]:
    return [(block, s, e) for block in blocks for s, e in split_block(block.text)]


def _aligned(sentences: list[tuple[TextBlock, int, int]], article: str) -> list[bool]:
    """For each sentence, whether it is article text by the word alignment."""
    words: list[str] = []
    owner: list[int] = []
    for i, (block, s, e) in enumerate(sentences):
        for word in block.text[s:e].split():
            words.append(word)
            owner.append(i)
    theirs = article.split()
    hit = [0] * len(sentences)
    matcher = SequenceMatcher(None, words, theirs, autojunk=False)
    for match in matcher.get_matching_blocks():
        if match.size < _MIN_RUN:
            continue
        for k in range(match.a, match.a + match.size):
            hit[owner[k]] += 1
    totals = [0] * len(sentences)
    for i in owner:
        totals[i] += 1
    return [t > 0 and h / t >= _MIN_ALIGNED for h, t in zip(hit, totals, strict=True)]


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def read_page(raw: str, url: str | None = None) -> WebPage:
    """Read a saved page: spans of its article sentences in ``raw`` and its metadata.

    ``url`` is where the page came from, when known; it helps the date finder.
    """
    blocks, structural_title = extract_blocks(raw)
    sentences = _sentences(blocks)
    article, doc = _article_text(raw, url)
    if article.strip():
        keep = _aligned(sentences, article)
        chosen = [sent for sent, ok in zip(sentences, keep, strict=True) if ok]
        extractor, extractor_version = EXTRACTOR, version("trafilatura")
    else:
        chosen = sentences
        # No article found: the structural reading, which still skips nav, header, footer, aside, form.
        extractor, extractor_version = "html.parser", None
    spans = tuple(block.raw_span(s, e) for block, s, e in chosen)
    return WebPage(
        spans=spans,
        title=_clean(doc.title if doc else None) or structural_title,
        outlet=_clean(doc.sitename if doc else None),
        author=_clean(doc.author if doc else None),
        published=_clean(doc.date if doc else None),
        extractor=extractor,
        extractor_version=extractor_version,
    )
