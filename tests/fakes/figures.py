"""Hand-made figures for the dispute and heading tests."""

from __future__ import annotations

from summarise.briefing.figures import Figure
from summarise.briefing.notes import FigureRef
from summarise.reading.text import Quantity


def figure_of(
    source: str,
    value: float,
    counts: str | None,
    *,
    kind: str = "count",
    harm: str | None = None,
    what: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    basis: str | None = "sentence",
    sentence: int = 0,
    unit: str | None = None,
) -> Figure:
    """A figure as the reading layer would give it, for grouping tests; no sentence is parsed."""
    q = Quantity(
        text=f"{value:,.0f}",
        start=0,
        end=5,
        value=value,
        high=None,
        qualifier=None,
        kind=kind,
        unit=unit,
        counts=counts,
        counts_text=what or counts,
        harm=harm,
        speaker=speaker,
    )
    return Figure(FigureRef(source, sentence, 0), q, date, date, basis if date else None, True)
