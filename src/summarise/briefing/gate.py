"""The support gate: no statement reaches the reader unless its own cited sentences state it.

Every statement a reader sees (bottom line, key points, dispute and series
claims, figures, actors, timeline entries, source summaries) is checked with
``summarise.reading.support``, the same ruler the eval's ``statement_support``
metric uses:

- every number, date and name it asserts must be in its cited sentences, as
  the reading layer normalises them;
- a statement in the model's own words must also share most of its content
  words with them (``support.overlap``), so that a sentence about a budget
  vote cannot carry "the war is over".

A statement that fails is re-cited to the one sentence of the same source(s)
that states it best, or dropped. The metadata counts both per section, and the
Markdown footer shows the counts. Figures are read from their sentences by the
program, so they pass by construction; they are checked anyway, because a
reading bug must not become a false citation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TypeVar

from summarise.briefing.citations import resolve
from summarise.briefing.figures import OWN_VOICE
from summarise.reading.article import read_article
from summarise.reading.overlap import overlap
from summarise.reading.support import check_support
from summarise.schema import (
    Briefing,
    Citation,
    Cited,
    DisputedFigure,
    FigureClaim,
    FigureSeries,
    GateCount,
    KeyPoint,
    SourceSummary,
)
from summarise.sources.files import Source

# Share of a model-written statement's content words that its cited sentences must contain.
# Measured on the 1.5B's briefings against a strict human reading: at 0.5, summaries that added
# an invented detail or reversed the article passed; at 0.8 they are re-cited (when the article
# states the detail elsewhere) or dropped, and statements the reader marked supported stay.
MIN_OVERLAP = 0.8
# Sentences a re-cited statement may rest on, and how many candidates each search considers.
MAX_RECITED = 3
_SINGLE_TRIES = 12
_GREEDY_POOL = 12
_NOT_RECITED = {"timeline"}
# Sections whose text the model wrote in its own words (the others are read from the text).
_WORDED = {"bottom_line", "key_points", "timeline", "source_summaries"}

T = TypeVar("T", bound=Cited)


class Gate:
    """Checks statements against their citations and keeps the counts."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.counts: dict[str, GateCount] = {}

    def _anchor(self, cites: Sequence[Citation]) -> datetime.date | None:
        source = self.sources.get(cites[0].source_id) if cites else None
        return read_article(source).anchor if source else None

    def supported(self, section: str, text: str, cites: Sequence[Citation]) -> bool:
        """Whether ``text`` is stated by ``cites`` (see the module docstring)."""
        if not cites:
            return False
        quotes = [c.quote for c in cites]
        if not check_support(text, quotes, self._anchor(cites)).supported:
            return False
        return section not in _WORDED or overlap(text, quotes) >= MIN_OVERLAP

    def _recite(self, section: str, text: str, cites: Sequence[Citation]) -> list[Citation] | None:
        """Sentences of the cited sources that state ``text``, if some do; None otherwise.

        First the one sentence that states it best. A statement in the model's own
        words may draw on more than one sentence (a summary), so failing that,
        sentences are added greedily, the one adding most of the statement's words
        first, up to ``MAX_RECITED``.
        """
        candidates: list[Citation] = []
        for sid in dict.fromkeys(c.source_id for c in cites):
            source = self.sources[sid]
            sentences = read_article(source).sentences
            candidates += [
                resolve([(sid, i)], self.sources)[0]
                for i in range(len(source.sentences))
                if not sentences[i].instruction
            ]
        scored = sorted(candidates, key=lambda c: -overlap(text, [c.quote]))
        for one in scored[:_SINGLE_TRIES]:
            if self.supported(section, text, [one]):
                return [one]
        chosen: list[Citation] = []
        for _ in range(MAX_RECITED):
            rest = [c for c in scored[:_GREEDY_POOL] if c not in chosen]
            if not rest:
                break
            best = max(rest, key=lambda c: overlap(text, [q.quote for q in (*chosen, c)]))
            chosen.append(best)
            if self.supported(section, text, chosen):
                return sorted(chosen, key=lambda c: (c.source_id, c.start))
        return None

    def check(self, section: str, text: str, cites: list[Citation]) -> list[Citation] | None:
        """The citations ``text`` may keep (perhaps new ones), or None when it must be dropped."""
        count = self.counts.setdefault(section, GateCount())
        count.checked += 1
        if self.supported(section, text, cites):
            return cites
        # A timeline entry's date belongs to its own sentence: moving it would re-date the event.
        recited = None if section in _NOT_RECITED else self._recite(section, text, cites)
        if recited is None:
            count.dropped += 1
            return None
        count.recited += 1
        return recited

    def filter(self, section: str, items: Sequence[T], text: Callable[[T], str]) -> list[T]:
        """The items that pass, each with the citations the gate gave it."""
        kept = []
        for item in items:
            new = self.check(section, text(item), list(item.citations))
            if new is not None:
                kept.append(item.model_copy(update={"citations": new}))
        return kept


def claim_text(c: FigureClaim) -> str:
    """What a figure claim asserts, as a reader sees it."""
    who = "" if c.attributed_to == OWN_VOICE else f", according to {c.attributed_to}"
    when = f", {c.as_of}" if c.as_of and c.as_of_basis == "sentence" else ""
    return f"{c.value} {c.what}{who}{when}".strip()


def _claims(gate: Gate, section: str, claims: list[FigureClaim]) -> list[FigureClaim]:
    return gate.filter(section, claims, claim_text)


def apply(briefing: Briefing, sources: dict[str, Source]) -> Briefing:
    """The briefing with every statement checked, re-cited or dropped, and the counts in its metadata."""
    gate = Gate(sources)
    points = gate.filter("key_points", briefing.key_points, lambda p: p.text)
    bottom, bottom_cites = (
        briefing.bottom_line,
        gate.check("bottom_line", briefing.bottom_line, list(briefing.bottom_line_citations)),
    )
    if bottom_cites is None:
        # The reader still gets a checked first line: the first key point that passed, or
        # failing that the first source summary that did (summaries are checked below).
        lead: KeyPoint | None = points[0] if points else None
        bottom, bottom_cites = (lead.text, list(lead.citations)) if lead else ("", [])

    disputes = []
    for d in briefing.disputed_figures:
        claims = _claims(gate, "disputed_figures", list(d.claims))
        if len({c.value for c in claims}) >= 2:
            disputes.append(DisputedFigure(topic=_topic(gate, d.topic, claims), claims=claims, note=d.note))
    series = []
    for run in briefing.figures_over_time:
        pts = _claims(gate, "figures_over_time", list(run.points))
        if len(pts) >= 2:
            series.append(FigureSeries(topic=_topic(gate, run.topic, pts), points=pts, note=run.note))
    notable = gate.filter("notable_figures", briefing.notable_figures, claim_text)
    actors = gate.filter(
        "actors",
        briefing.actors,
        lambda a: f"{a.name}, {a.role}" if a.role else a.name,
    )
    timeline = gate.filter("timeline", briefing.timeline, lambda t: f"{t.date}: {t.event}")
    summaries = []
    for s in briefing.source_summaries:
        cites = gate.check("source_summaries", s.summary, list(s.citations))
        # A source whose summary fails keeps its entry, so the reader still sees it was read.
        summaries.append(s.model_copy(update={"citations": cites}) if cites is not None else _unsummarised(s))
    if not bottom:
        first = next((s for s in summaries if s.summary), None)
        if first is not None:
            bottom, bottom_cites = first.summary, list(first.citations)
    gate_counts = {**briefing.metadata.gate}
    for section, count in gate.counts.items():
        before = gate_counts.get(section, GateCount())
        gate_counts[section] = GateCount(
            checked=before.checked + count.checked,
            recited=before.recited + count.recited,
            dropped=before.dropped + count.dropped,
        )
    return briefing.model_copy(
        update={
            "bottom_line": bottom,
            "bottom_line_citations": bottom_cites,
            "key_points": points,
            "disputed_figures": disputes,
            "figures_over_time": series,
            "notable_figures": notable,
            "actors": actors,
            "timeline": timeline,
            "source_summaries": summaries,
            "metadata": briefing.metadata.model_copy(update={"gate": gate_counts}),
        }
    )


def _unsummarised(s: SourceSummary) -> SourceSummary:
    return s.model_copy(update={"summary": "", "citations": []})


def _topic(gate: Gate, topic: str, claims: list[FigureClaim]) -> str:
    """The model's topic if every name, number and date in it is in the claims' sentences."""
    cites = [c for claim in claims for c in claim.citations]
    if check_support(topic, [c.quote for c in cites], gate._anchor(cites)).supported:
        return topic
    return next((c.what for c in claims if c.what), "Figures that differ between sources")
