"""Program-side repairs of a small model's notes, checked against the article text.

The model's answer is cached and replayed exactly as given; these repairs run
after validation, are deterministic, and only ever move a citation to a
sentence that really contains the figure, so they can make a briefing more
checkable but never less:

- a figure whose value is a whole clause ("more than 600,000 Russian soldiers
  have been killed…") is cut down to the figure itself ("more than 600,000"),
  and one whose number the model put in ``what`` instead of ``value`` gets it
  back; a "figure" with no number at all ("unknown", "many") is dropped;
- a figure, claim or event that states a number none of its cited sentences contains
  is re-pointed to the sentences of the same article that do contain it (small
  models often cite a neighbouring sentence). A number found nowhere in the
  article is left alone in a claim, for the numeric-fidelity metric to report;
- a figure whose ``what`` contradicts its sentence (another counted word, or
  no casualty word for a casualty count) is described with the sentence's own
  clause instead (see ``_described``);
- a figure whose number appears nowhere in the article is dropped: figures are
  extracted, never inferred, so such a figure can only be invented;
- a figure attributed to no one ("the article"), or to someone its cited
  sentences never mention, is attributed to whoever its cited sentence says
  gives the number ("the Pentagon said ... 10,000"; see
  attribution.py), because who claims a number is what a reader of a
  disputed figure must know;
- a number the model put only in an event or a claim ("More than 3,000 North
  Korean soldiers have been deployed...", cited) becomes a figure too, with
  the event's date as its date: a small model often files a source's count
  there, and a count missing from the figures can never show up in a dispute.
  The event's date goes with it only when the sentence stating the number
  gives that date too.
"""

from __future__ import annotations

import re
from typing import TypeVar

from summarise.reading.attribution import is_generic, speaker
from summarise.reading.counting import KINDS, NUMBER, YEAR, counted, first_number, kind_of, numbers, words
from summarise.briefing.notes import NoteActor, NoteClaim, NoteEvent, NoteFigure, SourceNotes
from summarise.sources.files import Source

_FIGURE = re.compile(
    r"(?:(?:more than|fewer than|less than|about|around|some|at least|nearly|over|up to|roughly)\s+)?"
    r"[€$£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|percent|million|billion|thousand))?",
    re.IGNORECASE,
)
N = TypeVar("N", NoteActor, NoteEvent)
# Where a figure's clause ends. A comma does, except inside a list of casualty words: cutting
# "killed, injured, or captured" after "killed" would turn casualties into deaths.
_CLAUSE_END = re.compile(
    r"[;:]|\s(?:and that|while|but|which)\s|,(?!\s*(?:(?:and|or)\s+)?(?:"
    + "|".join(sorted(KINDS["casualties"]))
    + r")\b)"
)
_LONG_VALUE = 30  # characters; a figure longer than this is a clause, not a figure
_MAX_IDS = 3


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


def _speaker_of(source: Source, value: str, cited: list[int]) -> str | None:
    """Who the first cited sentence stating ``value``'s first number says gives it."""
    wanted = first_number(value)
    for n in cited:
        sentence = source.sentence(n - 1)
        for match in NUMBER.finditer(sentence):
            if match.group().replace(",", "").rstrip(".") == wanted:
                return speaker(sentence, match.start())
    return None


def _named_in(name: str, source: Source, cited: list[int]) -> bool:
    """Whether a word of ``name`` (four letters or more) occurs in the cited sentences."""
    text = " ".join(source.sentence(n - 1) for n in cited).lower()
    return any(w in text for w in re.findall(r"[a-z]{4,}", name.lower()))


def _attributed(fig: NoteFigure, source: Source) -> NoteFigure:
    """``fig`` attributed to the speaker its sentence names, when the model named no one or
    someone the cited sentences never mention (the model's own reading is kept otherwise)."""
    if not is_generic(fig.attributed_to) and _named_in(fig.attributed_to, source, fig.sentences):
        return fig
    who = _speaker_of(source, fig.value, fig.sentences)
    return fig.model_copy(update={"attributed_to": who}) if who else fig


def _described(fig: NoteFigure, source: Source) -> NoteFigure:
    """``fig`` with the article's own words as ``what`` when the model's contradict them.

    That is when the word the number counts in its sentence is missing from
    ``what`` ("50,000 women served" described as "North Korean troops"), or the
    sentence counts casualties and ``what`` does not say so ("600,000 Russian
    soldiers have been killed" described as "Russian soldiers"), or the other
    way round ("12,000 North Korean soldiers are supporting Russia" described
    as "troops killed").
    """
    for n in fig.sentences:
        sentence = source.sentence(n - 1)
        reading = counted(fig.value, sentence)
        if reading is None:
            continue
        said = words(fig.what)
        wrong_kind = (reading.kind == "casualties") != (kind_of(set(said)) == "casualties")
        if reading.nouns & set(said) and not wrong_kind:
            return fig
        start, end = reading.span
        # Cut the whole figure ("more than 600,000"), not only its digits, out of the clause.
        figure = next(
            (m.span() for m in _FIGURE.finditer(sentence) if m.start() <= start < m.end()), (start, end)
        )
        what = _clause(sentence, *figure)
        return fig.model_copy(update={"what": what}) if what else fig
    return fig


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around the figure ``text[start:end]``: what the figure counts.

    A figure that opens its clause is left out ("More than 3,000 North Korean soldiers have
    been deployed" -> "North Korean soldiers have been deployed"); one inside it stays, since
    cutting it would leave a gap ("the cost at 25 million euros a day").
    """
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    opens = not text[left:start].strip()
    return " ".join((text[end:right] if opens else text[left:right]).split()).strip(" .")


def _recovered(
    events: list[NoteEvent], claims: list[NoteClaim], have: set[str], source: Source
) -> list[NoteFigure]:
    """Figures for the numbers that cited events and claims state but no figure in ``have`` does."""
    items: list[tuple[str, list[int], str | None]] = [(e.event, e.sentences, e.date) for e in events]
    items += [(c.text, c.sentences, None) for c in claims]
    out: list[NoteFigure] = []
    have = set(have)
    for text, cited, as_of in items:
        for match in _FIGURE.finditer(text):
            wanted = numbers(match.group())
            if wanted & have or any(YEAR.fullmatch(n) for n in wanted):
                continue
            stating = [n for n in cited if wanted <= numbers(source.sentence(n - 1))]
            what = _clause(text, match.start(), match.end())
            if not stating or not what:
                continue
            have |= wanted
            value = match.group().strip()
            # The event's date only if the sentence stating the number gives it too.
            dated = as_of if as_of and any(as_of in source.sentence(n - 1) for n in stating) else None
            out.append(
                _described(
                    NoteFigure(
                        value=value,
                        what=what,
                        attributed_to=_speaker_of(source, value, stating) or "the article",
                        as_of=dated,
                        sentences=stating,
                    ),
                    source,
                )
            )
    return out


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

    Figures are shortened, re-pointed to the sentences stating their number and
    attributed to the speaker those sentences name; numbers stated only in
    events and claims are added as figures; uncited actors and events are
    pointed at the sentences naming them; items that still cite nothing are
    dropped, because an uncited statement cannot be checked.
    """
    article_numbers = numbers(source.text)
    figures: list[NoteFigure] = []
    for fig in notes.figures:
        value = _value(fig)
        if value is None or not numbers(value) <= article_numbers:
            continue  # a figure the article never states is invented (e.g. copied from the prompt)
        cited = _repoint(source, value, fig.sentences)
        if cited:
            fig = fig.model_copy(update={"value": value, "sentences": cited})
            figures.append(_described(_attributed(fig, source), source))
    claims: list[NoteClaim] = []
    for claim in notes.claims:
        cited = _repoint(source, claim.text, claim.sentences)
        if cited:
            claims.append(claim.model_copy(update={"sentences": cited}))
    actors = _located(notes.actors, [a.name for a in notes.actors], source)
    events = [
        e.model_copy(update={"sentences": _repoint(source, e.event, e.sentences)})
        for e in _located(notes.events, [e.date for e in notes.events], source)
    ]
    figures += _recovered(events, claims, set().union(*(numbers(f.value) for f in figures)), source)
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
