"""Whether two phrases name the same voice: one rule for the gate, the eval and the groupings.

Who gives a figure is written many ways ("Ukraine's Defence Intelligence
Directorate", "the directorate", "Ukrainian intelligence"), and three places ask
whether two such phrases are one voice: the support gate (is the statement's
speaker the cited sentence's?), the doer check (``agents``: does the statement
give a cited act to someone else?) and the dispute grouping (does a voice repeat
across the points of a series?). They share this rule, so there is one ruler:

- the words that tell who are the phrase's words without articles, possessive
  pronouns and "of", lower-cased, with a possessive "'s" dropped;
- two words meet when they are equal or share a stem: a prefix of at least five
  letters, each adding at most three more ("korea" and "korean", "ukraine" and
  "ukrainian");
- two phrases are one voice when a word of one meets a word of the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STEM = 5  # letters a word and its variant must share ("korea", "ukrain")
ENDING = 3  # letters either may add beyond the shared prefix ("-n", "-ian")
# Words, with inner apostrophes kept ("o'clock") but hyphens splitting ("Russian-occupied" holds "Russian").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words of a voice's phrase that do not tell who it is.
FILLER = frozenset(
    {"the", "a", "an", "of", "its", "their", "his", "her", "this", "that", "these", "those", "s"}
)


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, a possessive "'s" dropped."""
    return _WORD.findall(re.sub(r"['’]s\b", "", text.lower()))


def voice_words(text: str) -> frozenset[str]:
    """The words of a voice's phrase that tell who it is."""
    return frozenset(w for w in words(text) if w not in FILLER)


def stem_match(a: str, b: str) -> bool:
    """Whether two different words share a stem (``STEM`` letters, each adding at most ``ENDING``)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= STEM and len(a) - n <= ENDING and len(b) - n <= ENDING


def meet(a: str, b: str) -> bool:
    """Whether two words tell the same who."""
    return a == b or stem_match(a, b)


def any_meet(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """Whether a word of one set meets a word of the other."""
    theirs = list(theirs)
    return any(meet(a, b) for a in mine for b in theirs)


def same_voice(a: str, b: str) -> bool:
    """Whether the phrases ``a`` and ``b`` name one voice."""
    return any_meet(voice_words(a), voice_words(b))


def a_voice_repeats(voices: Iterable[str]) -> bool:
    """Whether two of the phrases name one voice. Words are bucketed by their first ``STEM``
    letters, so many phrases cost a pass over their words, not a comparison of every pair."""
    buckets: dict[str, list[tuple[int, str]]] = {}
    for k, phrase in enumerate(voices):
        for w in voice_words(phrase):
            buckets.setdefault(w[:STEM], []).append((k, w))
    for members in buckets.values():
        for i, (ka, wa) in enumerate(members):
            if any(kb != ka and meet(wa, wb) for kb, wb in members[i + 1 :]):
                return True
    return False
