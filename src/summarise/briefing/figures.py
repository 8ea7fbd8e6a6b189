"""Figures as the program reads them: value, what it counts, who gives it, and as of when.

A figure is one quantity of one sentence (``summarise.reading``). The model only
picks which ones matter; everything shown about a figure comes from its
sentence, so a figure's four parts are supported by its citation by
construction. Its date is the date its own sentence gives (nearest to the
number); failing that, the source's stated publication date; failing that, a
bound read from the latest date the source mentions, labelled as inferred.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarise.briefing.citations import resolve
from summarise.briefing.notes import FigureRef, Notes
from summarise.reading.article import ArticleReading, read_article
from summarise.reading.clauses import quote
from summarise.reading.dates import point_in_time
from summarise.reading.text import Quantity
from summarise.schema import FigureClaim
from summarise.sources.files import Source

OWN_VOICE = "the article"
# Shown beside a figure its sentence gives as possible, intended or hypothetical ("could rise to
# €60 million", "willing to send 100,000"), so the reader never takes it for one that is so.
PROSPECTIVE = "(potential or intended, not stated as actual)"


@dataclass(frozen=True)
class Figure:
    """One quantity of one cited sentence, with the date it is reported for."""

    ref: FigureRef
    quantity: Quantity
    as_of: str | None
    as_of_date: str | None
    as_of_basis: str | None
    picked: bool  # chosen by the model, not only found by the program
    says: str = ""  # the sentence's own words for it (``reading.clauses``), quoted to the reader

    @property
    def source_id(self) -> str:
        return self.ref.source_id

    @property
    def speaker(self) -> str:
        """Who gives the number; the article itself when its sentence names no one."""
        return self.quantity.speaker or OWN_VOICE

    @property
    def what(self) -> str:
        # A share is of something, not a count of it; the parse's noun there read as garbage
        # ("More than 50% Korean troops"), so a share shows only its value.
        if self.quantity.kind == "percent":
            return ""
        return self.quantity.counts_text or ""

    @property
    def label(self) -> str:
        """What the figure is shown as counting: what it counts, else the harm it reports ("A
        further 4,000 have been wounded"), else a measure's unit ("cubic metres a second"); empty
        when the sentence says none of these, or the reader would see a bare number."""
        q = self.quantity
        if self.what:
            return self.what
        if q.kind == "percent" and q.counts_text:
            return q.counts_text  # "99%" "of capacity", "9%" "pay rise": what the share is of or for
        if q.kind == "count":
            return q.harm or ""
        return q.unit or "" if q.kind == "measure" else ""

    def describe(self) -> str:
        """The one line the synthesis model sees for this figure.

        It is listed under its source's heading, so it does not repeat the source id, and a
        number the article gives in its own voice names no one (the prompt says so): both
        were paid for in prompt tokens on every figure. A possible figure says so, or the
        model would read it as a count of what happened.
        """
        what = f" {self.what}" if self.what and self.what not in self.quantity.text else ""
        possible = " (possible or intended)" if self.quantity.prospective else ""
        who = f", according to {self.quantity.speaker}" if self.quantity.speaker else ""
        when = f", as of {self.as_of}" if self.as_of else ""
        return f"{self.quantity.text}{what}{possible}{who}{when}"

    def claim(self, sources: dict[str, Source]) -> FigureClaim:
        """The figure as the briefing shows it, cited to its sentence."""
        what = self.label
        return FigureClaim(
            source_id=self.source_id,
            value=self.quantity.text,
            what=f"{what} {PROSPECTIVE}".strip() if self.quantity.prospective else what,
            says=self.says,
            attributed_to=self.speaker,
            as_of=self.as_of,
            as_of_date=self.as_of_date,
            as_of_basis=self.as_of_basis,
            citations=resolve(self.sentences, sources),
        )

    @property
    def sentences(self) -> list[tuple[str, int]]:
        """The sentences that state this figure: its own, and the one naming its speaker if another."""
        own = [(self.source_id, self.ref.sentence)]
        at = self.quantity.speaker_sentence
        return own if at is None or at == self.ref.sentence else sorted([*own, (self.source_id, at)])


def _dated(reading: ArticleReading, ref: FigureRef, q: Quantity) -> tuple[str | None, str | None, str | None]:
    sentence = reading.sentences[ref.sentence]
    # Only a moment of the figure's own clause dates it (``Quantity.dates_in_reach``): "the
    # summer", "monthly" or "75 a day earlier" do not. A possible or intended figure's sentence
    # gives when it is due ("8,000 more troops by July"), not when it was given, so it takes the
    # source's date; a month without a year would also be read back into the past.
    reach = sentence.dates if q.dates_in_reach is None else [sentence.dates[k] for k in q.dates_in_reach]
    moments = [] if q.prospective else [d for d in reach if point_in_time(d)]
    # A figure is not reported as of a day after its report: "two ships due on Wednesday had
    # already been diverted" in Tuesday's paper gives Wednesday as the ships' schedule.
    if reading.published is not None:
        published = reading.published.isoformat()
        moments = [d for d in moments if d.resolved is None or d.resolved[: len(published)] <= published]
    if moments:
        nearest = min(moments, key=lambda d: min(abs(d.start - q.end), abs(q.start - d.end)))
        return nearest.text, nearest.resolved, "sentence"
    if reading.published is not None:
        iso = reading.published.isoformat()
        return iso, iso, "published"
    if reading.not_before is not None:
        return f"not before {reading.not_before}", None, "inferred"
    return None, None, None


def figure(source: Source, ref: FigureRef, picked: bool) -> Figure:
    """The figure ``ref`` of ``source``, read from its sentence."""
    reading = read_article(source)
    q = reading.sentences[ref.sentence].quantities[ref.index]
    as_of, as_of_date, basis = _dated(reading, ref, q)
    says = quote(reading.sentences[ref.sentence].text, q.says)
    return Figure(ref, q, as_of, as_of_date, basis, picked, says)


def picked_figures(notes: dict[str, Notes]) -> dict[str, list[Figure]]:
    """Per source, the figures the model picked, in its order, without repeats."""
    out: dict[str, list[Figure]] = {}
    for sid, n in notes.items():
        figures = [figure(n.source, ref, True) for ref in dict.fromkeys(n.figures)]
        # A denied number ("nowhere near 40 million") is offered to the model with its sentence,
        # but it is nobody's figure, so it is never shown as one.
        # The whole of a part ("three" in "two of the three hospitals") is named in passing.
        out[sid] = [f for f in figures if not f.quantity.negated and not f.quantity.whole]
    return out


def all_figures(notes: dict[str, Notes]) -> list[Figure]:
    """Every quantity of every citable sentence of the summarised sources; picked ones marked."""
    out = []
    for sid, n in notes.items():
        picked = set(n.figures)
        reading = read_article(n.source)
        for i, sentence in enumerate(reading.sentences):
            if sentence.instruction:
                continue
            for k, q in enumerate(sentence.quantities):
                if q.negated or q.whole:
                    continue
                ref = FigureRef(sid, i, k)
                out.append(figure(n.source, ref, ref in picked))
    return out
