"""Numbers in article text, and what each one counts.

Shared by grounding.py (which repairs notes against the article) and
disputes.py (which groups figures that count the same thing). Everything here
reads the article's own words, so it is deterministic and cheap, and it is
deliberately narrow: a reading it is unsure of gives None, and the caller
falls back to what the model wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> set[str]:
    """Digit-written numbers in ``text``, without thousands separators ("12,000" -> "12000")."""
    return {m.group().replace(",", "").rstrip(".") for m in NUMBER.finditer(text)}


def first_number(text: str) -> str | None:
    """The first digit-written number in ``text``, as ``numbers`` writes it."""
    match = NUMBER.search(text)
    return match.group().replace(",", "").rstrip(".") if match else None


SAME = {
    "soldiers": "troops",
    "soldier": "troops",
    "troop": "troops",
    "forces": "troops",
    "volunteers": "troops",
    "personnel": "troops",
    "fighters": "troops",
    "koreans": "korean",
}
STOP = {
    "a", "an", "the", "of", "in", "to", "and", "or", "for", "on", "at", "by", "with", "from", "as",
    "be", "been", "being", "is", "are", "was", "were", "that", "this", "these", "those", "about",
    "more", "than", "some", "around", "over", "up", "into", "its", "their", "his", "her", "it",
    "they", "another", "other", "thousands", "hundreds", "dozens", "many", "several", "number",
}  # fmt: skip
KINDS = {
    "casualties": {
        "killed",
        "wounded",
        "captured",
        "dead",
        "died",
        "deaths",
        "casualties",
        "losses",
        "injured",
        "lost",
    },
    "money": {
        "paid",
        "pay",
        "salary",
        "salaries",
        "wage",
        "wages",
        "income",
        "euros",
        "dollars",
        "cost",
        "budget",
        "month",
        "currency",
    },
}
# Between a number and the word it counts: units, and adjectives that do not change what is counted.
_SKIP = {"per", "million", "billion", "thousand", "percent", "other", "more", "additional", "extra", "new",
         "young", "elite", "regular", "active", "armed", "military", "enlisted"}  # fmt: skip
# A verb right after the number means it counts nothing named ("8,500 are about to be sent").
_VERBISH = {"is", "are", "was", "were", "be", "been", "have", "has", "had", "will", "would", "about",
            "said", "says", "say", "told", "reported", "estimated", "claimed", "believed"}  # fmt: skip
_LOOKAHEAD = 3  # words after the number in which the counted word must appear
# Words around the number that make it a casualty count: "wounded 20 other soldiers",
# "600,000 Russian soldiers have been killed".
_WINDOW_BEFORE, _WINDOW_AFTER = 3, 5
_CURRENCIES = {"euros", "euro", "dollars", "dollar", "pounds", "yen", "won", "rubles", "roubles", "yuan"}
# A number as the article writes it, not the start of "20s", "11th" or "40-year-old".
_STATED = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?![\w-])")
YEAR = re.compile(r"(?:1[89]|20)\d\d")


def words(what: str) -> list[str]:
    out: list[str] = []
    for word in re.findall(r"[a-z]+", what.lower()):
        word = SAME.get(word, word)
        if word not in STOP and word not in out:
            out.append(word)
    return out


def kind_of(words: set[str]) -> str:
    return next((kind for kind, marks in KINDS.items() if words & marks), "count")


@dataclass(frozen=True)
class Counted:
    """What a figure's number counts, read from its cited sentence."""

    nouns: frozenset[str]  # the counted word, and the next one when they run together ("dock workers")
    names: frozenset[str]
    kind: str
    span: tuple[int, int] = (0, 0)  # where the number stands in the text read


def counted(value: str, context: str) -> Counted | None:
    """What the first number of ``value`` counts where ``context`` (its cited sentences) states it.

    None when the number is not there, is a year, or no counted word follows it closely.
    """
    wanted = first_number(value)
    at = next((m for m in _STATED.finditer(context) if m.group().replace(",", "") == wanted), None)
    if at is None or YEAR.fullmatch(at.group()):
        return None
    names: set[str] = set()
    nouns: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z’'-]*|[^\sA-Za-z]", context[at.end() :])[: _LOOKAHEAD + 4]:
        lower = SAME.get(word.lower(), word.lower())
        if word == "%":
            continue
        if not word[0].isalpha() or lower in _VERBISH or (nouns and (word[0].isupper() or lower in STOP)):
            break
        if word[0].isupper():
            names.add(lower.removesuffix("’s").removesuffix("'s"))
        elif lower not in STOP and lower not in _SKIP:
            nouns.append(lower)
            if len(nouns) == 2:
                break
    if not nouns:
        return None
    before = re.findall(r"[a-z]+", context[: at.start()].lower())[-_WINDOW_BEFORE:]
    after = re.findall(r"[a-z]+", context[at.end() :].lower())[:_WINDOW_AFTER]
    kind = "casualties" if set(before + after) & KINDS["casualties"] else "count"
    if "%" in value or "percent" in value.lower() or context[at.end() : at.end() + 1] == "%":
        kind = "share"
    elif (
        re.search(r"[€$£]", value + context[max(0, at.start() - 1) : at.start()]) or set(nouns) & _CURRENCIES
    ):
        kind = "money"
    return Counted(frozenset(nouns), frozenset(names), kind, at.span())


def same_counted(a: Counted, b: Counted, *, strict: bool = False) -> bool:
    """Whether two readings count the same thing: a shared counted word, the same kind, and no
    different named group.

    ``strict`` (the program's own grouping) also wants casualty counts to name the same group:
    losses differ wildly in scope (a unit, a battle, a whole war), so "600,000 Russian soldiers
    killed" and "6,000 soldiers killed" are no evidence of one disputed number.
    """
    if not (a.nouns & b.nouns) or a.kind != b.kind:
        return False
    if strict and a.kind == "casualties":
        return bool(a.names & b.names)
    return not (a.names and b.names and not a.names & b.names)
