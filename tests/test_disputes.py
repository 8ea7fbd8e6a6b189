"""The program's own dispute grouping: it must group the troop counts and nothing else."""

from __future__ import annotations

from summarise.briefing.disputes import group_figures, prune, same_quantity
from summarise.briefing.notes import NoteFigure


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


def test_the_article_decides_what_a_figure_counts_when_the_model_description_is_vague_or_wrong() -> None:
    figures = {
        # The 1.5B described the Pentagon's count as "Thousands of young soldiers".
        ("S5", 0): _fig("Thousands of young soldiers", "10,000", "the Pentagon"),
        ("S3", 0): _fig("12,000 North Korean soldiers", "12,000"),
        # The 0.5B described 50,000 Ukrainian servicewomen as "North Korean troops".
        ("S1", 0): _fig("North Korean troops", "50,000"),
    }
    contexts = {
        ("S5", 0): "The Pentagon said North Korea had sent about 10,000 troops to Russia.",
        ("S3", 0): "In Ukraine, 12,000 North Korean soldiers are supporting Russia.",
        ("S1", 0): "About 50,000 women served in the Ukrainian armed forces in 2024.",
    }
    assert group_figures(figures, contexts) == [[("S3", 0), ("S5", 0)]]
    # Without the sentences, the descriptions alone group the wrong pair.
    assert group_figures(figures) == [[("S1", 0), ("S3", 0)]]
    assert prune(list(figures.values()), list(contexts.values())) == [0, 1]


def test_a_dispute_on_another_topic_is_found_by_the_counted_word() -> None:
    # bench/unseen: the descriptions share one word, but both sentences count "workers".
    figures = {
        ("H", 0): _fig("workers joined the walkout over pay", "4,000", "The union"),
        ("H", 1): _fig("took part according to the port", "2,500", "The port authority"),
        ("H", 2): _fig("pay rise offered", "3.5 percent", "Employers"),
    }
    contexts = {
        ("H", 0): "The union said 4,000 workers had joined the walkout over pay.",
        ("H", 1): "The port authority said only 2,500 workers took part.",
        ("H", 2): "Employers had offered a pay rise of 3.5 percent over two years.",
    }
    assert group_figures(figures) == []
    assert group_figures(figures, contexts) == [[("H", 0), ("H", 1)]]


def test_pay_estimates_in_different_currencies_are_one_dispute_but_not_with_counts() -> None:
    figures = {
        ("S3", 0): _fig("salary", "around €300"),
        ("S5", 0): _fig("salaries", "at least $2,000", "observers"),
        ("S5", 1): _fig("North Korean soldiers", "3,000", "South Korea"),
    }
    contexts = {
        ("S3", 0): "It is estimated that each soldier is paid around €300 per month.",
        ("S5", 0): "Salaries, which observers estimate will be at least $2,000 a month per person.",
        ("S5", 1): "More than 3,000 North Korean soldiers have been deployed.",
    }
    assert group_figures(figures, contexts) == [[("S3", 0), ("S5", 0)]]


def test_casualty_counts_are_grouped_only_when_both_name_the_same_group() -> None:
    figures = {
        ("S1", 0): _fig("Russian soldiers have been killed", "600,000"),
        ("S3", 0): _fig("half of these troops have been killed", "6,000", "available figures"),
        ("S6", 0): _fig("Russian soldiers killed", "500,000", "the Kremlin's critics"),
    }
    contexts = {
        ("S1", 0): "More than 600,000 Russian soldiers have been killed, injured, or captured.",
        ("S3", 0): "Half of these troops – 6,000 soldiers – have already been killed, wounded or captured.",
        ("S6", 0): "Critics say 500,000 Russian soldiers were killed or wounded.",
    }
    assert group_figures(figures, contexts) == [[("S1", 0), ("S6", 0)]]
