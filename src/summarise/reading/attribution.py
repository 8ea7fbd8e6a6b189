"""Who a sentence says gives a figure: "the Pentagon said ... 10,000", "according to X".

Small models often write "the article" as the source of a figure that the
article itself attributes ("the Pentagon said North Korea had sent about
10,000 troops"). Which voice gives a number is exactly what a reader of a
disputed figure needs, and the sentence usually says it in one of a few fixed
shapes, so the program reads it there instead of trusting the model:

- ``X said/says/told/estimated/claimed/reported/announced ... N`` (the verb
  before the number, nearest one wins): X is the words before the verb back to
  the last clause boundary ("when", "that", "which", a comma...);
- ``N ... reported by X`` shortly after the number (this wins: it is the
  closest statement of who gives that number);
- ``according to X`` anywhere in the sentence: X runs to the next comma;
- ``"... N ...," X said``: a quotation holding the number, followed by a name.

A speaker is accepted only if it looks like one: one to seven words, not a
pronoun, and either capitalised ("South Korea's presidential office") or an
agent noun ("observers", "intelligence officials"). Anything else gives None,
and the caller keeps what it had: a missed speaker costs nothing, a wrong one
would misattribute a claim.
"""

from __future__ import annotations

import re

# Attributions that name no one: the model's way of saying "the article says so".
GENERIC = {
    "", "article", "the article", "this article", "unattributed", "unknown", "none", "n/a", "null",
    "not stated", "unspecified", "the author", "author", "the text", "the report", "the story",
}  # fmt: skip

_VERB = re.compile(
    # Only forms that are rarely nouns: "there are reports that ..." names no speaker.
    r"\b(?:said|says|say|told|tells|estimated|estimate|claimed|reported|announced|stated|believes|believe"
    r"|confirmed|warned)\b"
)
_BY = re.compile(r"\b(?:reported|estimated|given|claimed|cited|announced|quoted)\s+by\s+([^,;:.()“”\"]+)")
_NEAR = 60  # characters: how far after the number a passive "reported by X" can be
_ACCORDING = re.compile(r"\baccording to\s+([^,;:.()“”\"]+)", re.IGNORECASE)
_QUOTED = re.compile(r"“([^”]*)”\s*,?\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
# Where the subject of a "said" starts: after the last of these before the verb.
_BOUNDARY = re.compile(
    r"(?:[,;:()“”\"—–]|\b(?:when|that|which|who|while|after|before|because|since|and|but|as|if|where)\b)",
    re.IGNORECASE,
)
_ADVERBS = {
    "reportedly",
    "also",
    "previously",
    "recently",
    "has",
    "have",
    "had",
    "officially",
    "publicly",
    "later",
}
_PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "who",
    "which",
    "there",
}
_JOINERS = {"the", "a", "an", "of", "for", "and", "in", "at", "on"}
_AGENTS = {
    "observers", "analysts", "experts", "officials", "official", "intelligence", "sources", "figures",
    "estimates", "researchers", "diplomats", "government", "ministry", "office", "military", "agency",
    "police", "authorities", "spokesperson", "spokesman", "spokeswoman", "data", "statistics", "union",
    "organisers", "organizers", "management", "company", "authority", "defectors", "survey", "study",
    "association", "federation", "council", "employers", "unions", "committee", "institute", "report",
}  # fmt: skip
_MAX_WORDS = 7


def is_generic(attributed_to: str) -> bool:
    """Whether an attribution names no one ("the article", "unknown", "")."""
    return " ".join(attributed_to.lower().split()).strip(" .") in GENERIC


def _plausible(phrase: str) -> str | None:
    words = phrase.strip(" \t’'\"“”-—–.").split()
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    # A heading run into the sentence ("... economic recovery Defectors say") ends
    # where a capitalised word follows a lowercase one that cannot join a name.
    for k in range(len(words) - 1, 0, -1):
        if words[k][0].isupper() and words[k - 1].islower() and words[k - 1] not in _JOINERS:
            words = words[k:]
            break
    if not 1 <= len(words) <= _MAX_WORDS or words[0].lower() in _PRONOUNS:
        return None
    if any(w[0].isupper() for w in words) or any(w.lower().strip(".,'’") in _AGENTS for w in words):
        return " ".join(words)
    return None


def _subject_before(sentence: str, verb_start: int) -> str | None:
    before = sentence[:verb_start]
    cut = 0
    for match in _BOUNDARY.finditer(before):
        cut = match.end()
    return _plausible(before[cut:])


def speaker(sentence: str, number_at: int) -> str | None:
    """Who ``sentence`` says gives the number found at offset ``number_at``, if it says so plainly."""
    for match in _BY.finditer(sentence, number_at, number_at + _NEAR):
        same_clause = not re.search(r"[,;:]", sentence[number_at : match.start()])
        if (
            same_clause and (who := _plausible(match.group(1))) is not None
        ):  # "the 3.5 percent reported by the union"
            return who
    verbs = [m for m in _VERB.finditer(sentence) if m.start() < number_at]
    for verb in reversed(verbs):  # the nearest "X said" before the number
        if (who := _subject_before(sentence, verb.start())) is not None:
            return who
    for match in _ACCORDING.finditer(sentence):
        if (who := _plausible(match.group(1))) is not None:
            return who
    for match in _QUOTED.finditer(sentence):
        if match.start(1) <= number_at < match.end(1) and (who := _plausible(match.group(2))) is not None:
            return who
    return None
