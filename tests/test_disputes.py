"""The program's own dispute grouping: it must group the troop counts and nothing else."""

from __future__ import annotations

from summarise.disputes import group_figures, prune, same_quantity
from summarise.notes import NoteFigure


def _fig(what: str, value: str, who: str = "the article") -> NoteFigure:
    return NoteFigure(what=what, value=value, attributed_to=who, sentences=[1])


FIGURES = {
    ("S1", 0): _fig("Russian soldiers killed, injured or captured", "more than 600,000"),
    ("S1", 1): _fig("enlisted servicewomen in the Russian armed forces", "more than 40,000"),
    ("S2", 0): _fig("North Korean troops believed to be in Russia", "1,500", "Ukrainian intelligence"),
    ("S3", 0): _fig("North Korean soldiers in Ukraine", "12,000"),
    ("S3", 1): _fig("North Korean troops killed, wounded or captured", "6,000"),
    ("S4", 0): _fig("North Korean volunteers", "100,000", "Igor Korotchenko"),
    ("S5", 0): _fig("North Korean troops sent to Russia", "about 10,000", "Pentagon"),
    ("S5", 1): _fig("North Korean soldiers deployed near battle lines", "more than 3,000", "South Korea"),
}


def test_troop_counts_form_one_group_and_nothing_else_is_grouped() -> None:
    groups = group_figures(FIGURES)
    assert groups == [[("S2", 0), ("S3", 0), ("S4", 0), ("S5", 0), ("S5", 1)]]


def test_casualties_and_counts_are_not_the_same_quantity() -> None:
    assert not same_quantity(FIGURES[("S3", 1)], FIGURES[("S3", 0)])
    assert not same_quantity(FIGURES[("S1", 0)], FIGURES[("S3", 1)])  # Russian vs North Korean losses


def test_equal_numbers_or_one_voice_are_not_a_dispute() -> None:
    same_value = {
        ("S1", 0): _fig("North Korean troops sent", "10,000", "Pentagon"),
        ("S2", 0): _fig("North Korean troops sent", "10,000", "US officials"),
    }
    one_voice = {
        ("S1", 0): _fig("North Korean troops sent", "10,000"),
        ("S1", 1): _fig("North Korean troops sent", "12,000"),
    }
    assert group_figures(same_value) == [] and group_figures(one_voice) == []


def test_a_model_dispute_loses_members_that_count_something_else() -> None:
    mixed = [
        _fig("Russian soldiers", "600,000"),  # the 1.5B put this in the troop dispute
        _fig("North Korean troops", "1,500 to 8,500", "Ukrainian intelligence"),
        _fig("North Korean soldiers", "12,000"),
        _fig("Thousands of young soldiers", "10,000", "Pentagon"),  # unnamed, so it may stay
        _fig("North Korean troops killed or wounded", "6,000"),  # casualties, not a count
    ]
    assert prune(mixed) == [1, 2, 3]
    assert prune(mixed[1:3]) == [0, 1]  # a clean dispute is left whole
