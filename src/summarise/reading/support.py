"""Whether a statement's numbers, dates and names are in the sentences it cites: one ruler.

The briefing's support gate and the eval both call ``check_support``, so what
the pipeline lets through and what the eval counts as supported cannot drift.
It is a deterministic gate, not an entailment model: words that are not
numbers, dates or names are not checked. Every comparison is made on what the
reading layer reads from both sides, so notation does not matter:

- numbers: each figure of the statement must equal one of the cited figures by
  value ("10,000" = "10 000" = "ten thousand", "€300" = "300 euros"). A currency
  on both sides must be the same currency; a currency on one side only is fine
  ("$2,000" against "2,000"). A percent matches only a percent. A range in the
  statement needs the same range in the cited text: "1,500 to 8,500" is not
  supported by 1,500 and 8,500 given as two separate figures, because joining
  two figures into one range is itself a claim. A single figure may be one end
  of a cited range (the text does write it). Qualifiers are not compared.
- dates: each date expression must be given by the cited text: the same resolved
  value, a coarser one the cited date contains ("October 2024" in "Oct. 3,
  2024"), or the same words written in the cited text. "February 2015" is not supported by "In February"
  of a 2022 article; "2019" is not supported by text without 2019. A year is a
  date here, never a number.
- clock times ("4:45 a.m.", "midnight"): written in the cited text, word for word.
- doers: an act the cited sentences give to someone is not given to someone else
  ("the group posted a sample" against "Blackreed ... posted a sample"; ``agents.py``).
- speakers: a figure the statement gives to someone ("Russia reports 14,000") must be
  given to them by the cited sentences that state it, when all of those name who gives it
  (``_speaker_given``).
- names: each PERSON, ORG, GPE or NORP name must appear in the cited text as a
  run of words, ignoring case, a leading "the" and possessive "'s". A person's
  surname alone passes against the full name (it is one of its words); a full
  name does not pass against a surname alone (the first name would be new).
  Places and groups also match by stem, so "North Korean" passes against "North
  Korea": two words match when they share a prefix of at least five letters and
  differ only by a short ending.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarise.reading.agents import misattributed
from summarise.reading.dates import YEAR
from summarise.reading.numbers import currency
from summarise.reading.readings import DateMention, Quantity, SentenceReading
from summarise.reading.text import read_sentences
from summarise.reading.voices import same_voice, stem_match, words

CHECKED_NAMES = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass(frozen=True)
class Support:
    """The verdict, and what the cited sentences do not give, for a person to read."""

    supported: bool
    missing: tuple[str, ...]  # e.g. ("number 12,000", "date February 2015", "name Putin")


def _same(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def figure_given(q: Quantity, cited: Sequence[Quantity]) -> bool:
    """Whether a cited figure gives ``q``, by the rules of the module docstring (the eval's
    number metrics compare figures with this same test)."""
    for c in cited:
        if (q.kind == "percent") != (c.kind == "percent"):
            continue
        mine, theirs = currency(q.unit), currency(c.unit)
        if mine and theirs and mine != theirs:
            continue
        if q.high is not None:
            if _same(q.value, c.value) and _same(q.high, c.high):
                return True
        elif _same(q.value, c.value) or _same(q.value, c.high):
            return True
    return False


def _date_words(text: str) -> str:
    return re.sub(r"^(?:the|on|in|at|since|by|from|until|during)\s+", "", " ".join(text.lower().split()))


def _written(text: str, cited_words: list[str]) -> bool:
    """Whether the words of ``text`` occur as one run in the cited text."""
    wanted = words(_date_words(text))
    n = len(wanted)
    return bool(wanted) and any(cited_words[i : i + n] == wanted for i in range(len(cited_words) - n + 1))


def _date_given(d: DateMention, cited: Sequence[DateMention], cited_words: list[str]) -> bool:
    # The cited text writes the same words, whether or not its parse tagged them as a date
    # ("weeks" in "within the next few weeks").
    if _written(d.text, cited_words):
        return True
    for c in cited:
        # A year is given by any cited date that writes it ("2019" in "from 2019 to 2022").
        if d.resolved is not None and len(d.resolved) == len("2019") and d.resolved in YEAR.findall(c.text):
            return True
        if d.resolved is not None and c.resolved is not None and c.resolved.startswith(d.resolved):
            return True
        # Same words, unless both resolve and differ: a relative date read against another day.
        if _date_words(d.text) == _date_words(c.text) and (d.resolved is None or c.resolved is None):
            return True
    return False


def _name_given(name: str, label: str, cited_words: list[str]) -> bool:
    wanted = words(name)
    if wanted and wanted[0] == "the":
        wanted = wanted[1:]
    if not wanted:
        return True
    loose = label in ("GPE", "NORP")
    for i in range(len(cited_words) - len(wanted) + 1):
        window = cited_words[i : i + len(wanted)]
        if all(w == c or (loose and stem_match(w, c)) for w, c in zip(wanted, window, strict=True)):
            return True
    return False


def _speaker_given(q: Quantity, cited: Sequence[Quantity]) -> bool:
    """Whether the cited sentences give the figure to the speaker the statement gives it to.

    "... with Russia reporting 14,000 troops", cited to "Some 14,000 troops remain, a senior
    NATO official said", names Russia and 14,000, both in the text, and is false. Only checked
    where every cited sentence giving that value names who gives it; a figure some cited
    sentence states in its own voice may be credited to anyone the statement names (its names
    are checked as names). Speakers match when they are one voice (``voices.same_voice``: "the
    directorate" and "Ukraine's Defence Intelligence Directorate").
    """
    same = [c for c in cited if figure_given(q, [c])]
    if not same or any(c.speaker is None for c in same):
        return True
    return any(same_voice(q.speaker or "", c.speaker or "") for c in same)


def _swapped(q: Quantity, cited: Sequence[Quantity]) -> bool:
    """Whether the statement hangs its number on what the cited sentences say of another number.

    "three were treated in hospital", cited to "Nine children have been treated in hospital ...,
    three of whom were admitted overnight": the nine were treated, the three admitted. Only this
    swap is caught (the statement's verb belongs to another value there, and this value's own
    verb differs), so a paraphrase ("sent" for "deployed") is left alone.
    """

    def what(x: Quantity) -> str | None:  # a harm names what happened, whatever the verb
        return x.harm or x.event

    if what(q) is None:
        return False
    same = [c for c in cited if figure_given(q, [c])]
    others = [c for c in cited if not figure_given(q, [c])]
    if not same or any(what(c) in (None, what(q)) for c in same):
        return False
    return any(what(c) == what(q) for c in others)


def _missing(statement: SentenceReading, cited: Sequence[SentenceReading]) -> list[str]:
    figures = [q for r in cited for q in r.quantities]
    when = [d for r in cited for d in r.dates]
    cited_words = [w for r in cited for w in words(r.text)]
    missing = [f"number {q.text}" for q in statement.quantities if not figure_given(q, figures)]
    missing += [f"date {d.text}" for d in statement.dates if not _date_given(d, when, cited_words)]
    missing += [
        f"name {e.text}"
        for e in statement.entities
        if e.label in CHECKED_NAMES and not _name_given(e.text, e.label, cited_words)
    ]
    missing += [
        f"speaker {q.speaker} for {q.text}"
        for q in statement.quantities
        if q.speaker is not None and not _speaker_given(q, figures)
    ]
    missing += [f"what happened to {q.text}" for q in statement.quantities if _swapped(q, figures)]
    # A clock time is no date the cited sentences can resolve, but a statement that gives one
    # ("at 4:45 a.m.") asserts it: its words must be written there.
    missing += [f"time {t}" for t in statement.times if not _written(t, cited_words)]
    return missing


def check_support(statement: str, cited: Sequence[str], anchor: datetime.date | None = None) -> Support:
    """Whether every number, date and name the statement asserts is in its cited sentences, as the
    reading layer normalises them."""
    readings = read_sentences([statement, *cited], anchor)
    missing = _missing(readings[0], readings[1:])
    missing += [f"doer {act}" for act in misattributed(statement, cited)]
    return Support(not missing, tuple(dict.fromkeys(missing)))


def invented_dates(
    statement: str, cited: Sequence[str], anchor: datetime.date | None = None
) -> tuple[str, ...]:
    """Date expressions (and years) in the statement that none of the cited sentences gives."""
    readings = read_sentences([statement, *cited], anchor)
    when = [d for r in readings[1:] for d in r.dates]
    cited_words = [w for r in readings[1:] for w in words(r.text)]
    return tuple(dict.fromkeys(d.text for d in readings[0].dates if not _date_given(d, when, cited_words)))
