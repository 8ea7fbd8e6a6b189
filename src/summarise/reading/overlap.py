"""How much of a statement's own wording its cited sentences contain.

The support check (``support.py``) looks at numbers, dates and names. A
statement can carry none of those and still say something its sentences do
not ("the war is over", cited to a sentence about a budget vote). The share of
the statement's content words (nouns, proper nouns, verbs, adjectives, by
lemma) that its cited sentences contain catches that drift without a model.
Words are compared by lemma, and by a shared stem of at least five letters, so
"deployment" meets "deployed" and "Korean" meets "Korea".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from summarise.reading.language import LOCK, nlp

_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}
# Words about the text rather than what it reports ("the article discusses", "according to"):
# a summary may use them freely, so they neither count for nor against it.
_DISCOURSE = frozenset(
    {
        "article",
        "report",
        "discuss",
        "say",
        "state",
        "suggest",
        "highlight",
        "mention",
        "describe",
        "note",
        "accord",
    }
)
_STEM = 5


@functools.lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased lemmas of the content words of ``text`` (stop words left out).

    Cached: the support gate asks this of the same sentences for every statement it re-cites.
    """
    with LOCK:
        doc = nlp()(text)
    return frozenset(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in _CONTENT and not t.is_stop and t.is_alpha and t.lemma_.lower() not in _DISCOURSE
    )


def _meets(word: str, words: Iterable[str]) -> bool:
    return any(
        word == other or (len(word) >= _STEM and len(other) >= _STEM and word[:_STEM] == other[:_STEM])
        for other in words
    )


def overlap(statement: str, cited: Sequence[str]) -> float:
    """Share of the statement's content words found in the cited sentences (1.0 when it has none)."""
    words = content_words(statement)
    if not words:
        return 1.0
    have = frozenset().union(*(content_words(c) for c in cited))
    return sum(_meets(w, have) for w in words) / len(words)
