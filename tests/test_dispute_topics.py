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
    costs[0] = replace(costs[0], says="the cost of the new depot had risen to $84 million")
    assert _fits("Cost of the new depot", costs, [])


def test_a_topic_adding_a_word_its_figures_sentences_lack_is_replaced() -> None:
    # Soldiers serving and prisoners held are no casualties: the heading would say they were.
    serving = replace(
        _fig("S1", 19000, "count", "soldier", "North Korean soldiers"),
        says="some 19,000 North Korean soldiers are now serving with Russian forces",
    )
    held = replace(_fig("S2", 13, "count"), says="bringing the number held in Ukraine to 13")
    assert not _fits("North Korean casualties", [serving, held], [])
    assert _fits("North Korean soldiers", [serving, held], [])
    # A word for "how many" adds nothing ("Number of workers").
    workers = [
        replace(_fig("S1", 2300, "count", "member", "its members"), says="2,300 of its members had joined"),
        replace(_fig("S1", 1100, "count", "worker", "workers"), says="about 1,100 workers stayed away"),
    ]
    assert _fits("Number of workers", workers, [])


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
