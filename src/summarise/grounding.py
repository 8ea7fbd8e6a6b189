"""Program-side repairs of a small model's notes, checked against the article text.

The model's answer is cached and replayed exactly as given; these repairs run
after validation, are deterministic, and only ever move a citation to a
sentence that really contains the figure, so they can make a briefing more
checkable but never less:

- a figure whose value is a whole clause ("more than 600,000 Russian soldiers
  have been killed…") is cut down to the figure itself ("more than 600,000"),
  and one whose number the model put in ``what`` instead of ``value`` gets it
  back; a "figure" with no number at all ("unknown", "many") is dropped;
- a figure or claim that states a number none of its cited sentences contains
  is re-pointed to the sentences of the same article that do contain it (small
  models often cite a neighbouring sentence). A number found nowhere in the
  article is left alone in a claim, for the numeric-fidelity metric to report;
- a figure whose number appears nowhere in the article is dropped: figures are
  extracted, never inferred, so such a figure can only be invented.
"""

from __future__ import annotations

import re
from typing import TypeVar

from summarise.notes import NoteActor, NoteClaim, NoteEvent, NoteFigure, SourceNotes
from summarise.sources import Source

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FIGURE = re.compile(
    r"(?:(?:more than|fewer than|less than|about|around|some|at least|nearly|over|up to|roughly)\s+)?"
    r"[€$£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|percent|million|billion|thousand))?",
    re.IGNORECASE,
)
N = TypeVar("N", NoteActor, NoteEvent)
_LONG_VALUE = 30  # characters; a figure longer than this is a clause, not a figure
_MAX_IDS = 3


def numbers(text: str) -> set[str]:
    """Digit-written numbers in ``text``, without thousands separators ("12,000" -> "12000")."""
    return {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def _sentences_with(source: Source, wanted: set[str]) -> list[int]:
    """1-based numbers of the sentences that contain every number in ``wanted``."""
    return [i + 1 for i in range(len(source.sentences)) if wanted <= numbers(source.sentence(i))]


def _repoint(source: Source, text: str, cited: list[int]) -> list[int]:
    wanted = numbers(text)
    if not wanted:
        return cited
    have: set[str] = set()
    for n in cited:
        have |= numbers(source.sentence(n - 1))
    if wanted <= have:
        return cited
    found = _sentences_with(source, wanted)
    return found[:_MAX_IDS] if found else cited


def _figure_in(text: str) -> str | None:
    """The figure written in ``text``: from its first number to its last, if that is short."""
    found = list(_FIGURE.finditer(text))
    if not found:
        return None
    span = text[found[0].start() : found[-1].end()].strip()
    return span if len(span) <= _LONG_VALUE else found[0].group().strip()


def _value(fig: NoteFigure) -> str | None:
    """The figure's value, cut to the figure itself; taken from ``what`` when the model swapped them."""
    if numbers(fig.value):
        return fig.value if len(fig.value) <= _LONG_VALUE else _figure_in(fig.value)
    return _figure_in(fig.what)  # e.g. value "believed to be in Russia", what "1,500 ... troops"


def _mentions(source: Source, phrase: str) -> list[int]:
    """1-based numbers of the sentences that contain ``phrase`` (case-insensitive), at most three."""
    needle = phrase.lower().strip()
    if not needle:
        return []
    return [i + 1 for i in range(len(source.sentences)) if needle in source.sentence(i).lower()][:_MAX_IDS]


def _located(items: list[N], phrases: list[str], source: Source) -> list[N]:
    """Items that cite sentences, the uncited ones pointed at the sentences naming their phrase."""
    out = []
    for item, phrase in zip(items, phrases, strict=True):
        cited = item.sentences or _mentions(source, phrase)
        if cited:
            out.append(item.model_copy(update={"sentences": cited}))
    return out


def repair(notes: SourceNotes, source: Source) -> SourceNotes:
    """Notes whose every item cites sentences that state it, as far as the text allows.

    Figures are shortened and re-pointed to the sentences stating their number;
    uncited actors and events are pointed at the sentences naming them; items
    that still cite nothing are dropped, because an uncited statement cannot be
    checked.
    """
    article_numbers = numbers(source.text)
    figures: list[NoteFigure] = []
    for fig in notes.figures:
        value = _value(fig)
        if value is None or not numbers(value) <= article_numbers:
            continue  # a figure the article never states is invented (e.g. copied from the prompt)
        cited = _repoint(source, value, fig.sentences)
        if cited:
            figures.append(fig.model_copy(update={"value": value, "sentences": cited}))
    claims: list[NoteClaim] = []
    for claim in notes.claims:
        cited = _repoint(source, claim.text, claim.sentences)
        if cited:
            claims.append(claim.model_copy(update={"sentences": cited}))
    actors = _located(notes.actors, [a.name for a in notes.actors], source)
    events = _located(notes.events, [e.date for e in notes.events], source)
    summary_cites = notes.summary_sentences or (claims[0].sentences if claims else [1])
    return notes.model_copy(
        update={
            "figures": figures,
            "claims": claims,
            "actors": actors,
            "events": events,
            "summary_sentences": summary_cites,
        }
    )
