"""How much of a statement's own wording its cited sentences contain.

The support check (``support.py``) looks at numbers, dates and names. A
statement can carry none of those and still say something its sentences do
not ("the war is over", cited to a sentence about a budget vote). The share of
the statement's content words (nouns, proper nouns, verbs, adjectives, by
lemma) that its cited sentences contain catches that drift without a model.
Words are compared by lemma, and by a shared stem of at least five letters, so
"deployment" meets "deployed" and "Korean" meets "Korea".

``worded_support`` applies this per sentence of the statement and strictly,
because an average hides the one word that changes the meaning: "Russia
deploys Russian women", cited to a headline saying Putin would rather send
North Koreans than Russian women, shares four of five words with it. A
sentence may add at most one content word its quotes do not have, and only in
a long sentence (one in ``NOVEL_SHARE``); a new proper noun is a new name and
is never allowed.
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
# A sentence of the statement may add one content word (a paraphrase: "troops" for "soldiers")
# only when that is at most this share of its content words. Measured on the 1.5B's briefings
# against the strict human readings in docs/reviews/: the sentences the readers marked false
# ("deploys Russian women", "for training and possibly combat purposes", "financing costs",
# "financial situation ... strained") all add a word beyond this; the paraphrases they marked
# supported add one word in ten or more.
NOVEL_SHARE = 0.1


@functools.lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Each sentence of ``text`` with its content words as (lemma, part of speech).

    Cached: the support gate asks this of the same sentences for every statement it re-cites.
    """
    with LOCK:
        doc = nlp()(text)
    return tuple(
        (
            sent.text,
            tuple(
                (t.lemma_.lower(), t.pos_)
                for t in sent
                if t.pos_ in _CONTENT and not t.is_stop and t.is_alpha and t.lemma_.lower() not in _DISCOURSE
            ),
        )
        for sent in doc.sents
    )


def content_words(text: str) -> frozenset[str]:
    """Lower-cased lemmas of the content words of ``text`` (stop words left out)."""
    return frozenset(lemma for _, words in _sentences(text) for lemma, _ in words)


def sentences(text: str) -> list[str]:
    """The sentences of a statement, as the parser splits them."""
    return [sent for sent, _ in _sentences(text)]


def novel_words(sentence: str, cited: Sequence[str]) -> list[tuple[str, str]]:
    """The content words of ``sentence`` (lemma, part of speech) that the cited sentences lack."""
    have = frozenset().union(*(content_words(c) for c in cited))
    words = dict.fromkeys(w for _, ws in _sentences(sentence) for w in ws)
    return [(lemma, pos) for lemma, pos in words if not _meets(lemma, have)]


def worded_support(statement: str, cited: Sequence[str]) -> list[str]:
    """The sentences of ``statement`` whose wording its cited sentences do not carry (see above).

    Empty when every sentence is carried.
    """
    failing = []
    for sent, words in _sentences(statement):
        novel = novel_words(sent, cited)
        total = len(dict.fromkeys(words))
        if any(pos == "PROPN" for _, pos in novel) or len(novel) > 1 or len(novel) > NOVEL_SHARE * total:
            failing.append(sent)
    return failing


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
