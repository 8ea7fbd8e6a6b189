"""A dispute's heading names what its figures count, or the program writes one that does."""

from __future__ import annotations

from dataclasses import replace

from summarise.briefing.assemble import _fits, _topic
from summarise.briefing.figures import Figure
from tests.fakes.figures import figure_of


def _fig(source: str, value: float, kind: str, counts: str | None = None, what: str | None = None) -> Figure:
    return figure_of(source, value, counts, kind=kind, what=what, unit="$" if kind == "money" else None)


def test_a_topic_naming_what_the_figures_count_is_kept() -> None:
    fees = [_fig("S1", 45e6, "money"), _fig("S2", 60e6, "money", "fee")]
    assert _fits("Rielli's fee", fees, [])
    costs = [_fig("S1", 84e6, "money", "cost"), _fig("S2", 97e6, "money", "cost")]
    assert _fits("Cost of the new depot", costs, [])


def test_a_topic_naming_something_else_is_replaced() -> None:
    wages = [_fig("S1", 1, "money"), _fig("S1", 2000, "money")]
    troops = [_fig("S1", 10000, "count", "troop", "troops")]
    # The parse names nothing the wages count, but the topic names what other figures count.
    assert not _fits("North Korean troop numbers", wages, troops)
    assert _topic(wages) == "sums of money"
    # Figures that count workers are not shown under a heading about ships.
    workers = [_fig("S1", 4000, "count", "worker", "workers"), _fig("S2", 2500, "count", "worker", "workers")]
    assert not _fits("Ships seized", workers, [])
    assert _topic(workers) == "workers"


def test_a_topic_the_parse_cannot_check_is_kept() -> None:
    sums = [_fig("S1", 45e6, "money"), _fig("S2", 50e6, "money")]
    assert _fits("The transfer", sums, [_fig("S1", 3, "count", "goal", "goals")])
    rate = replace(sums[0], quantity=replace(sums[0].quantity, per="month"))
    assert _topic([rate, sums[1]]) == "money per month"
