"""How much of a statement's wording its cited sentences contain: the gate's check on drift, many topics."""

from __future__ import annotations

import pytest

from summarise.reading.overlap import novel_words, overlap, worded_support

PAIRS = [
    # (statement, cited sentence, whether the gate's 0.8 should let it through)
    (
        "About 4,000 angry dockers joined the strike at Harlow port, the union said.",
        "About 4,000 workers joined the strike at Harlow port, the FNV union said on Monday.",
        False,  # two words the sentence does not use; one in six would pass (the threshold's slack)
    ),
    (
        "The union said about 4,000 workers joined the strike at the port.",
        "About 4,000 workers joined the strike at Harlow port, the FNV union said on Monday.",
        True,
    ),
    (
        "The article discusses the earthquake's death toll, which rose to 118.",
        "The death toll from Monday's earthquake rose to 118, the interior ministry said.",
        True,  # words about the text itself ("article", "discusses") do not count
    ),
    (
        "The war is over.",
        "The city council approved a budget of 84 million euros for the new bridge on Tuesday.",
        False,
    ),
    (
        "Troops were deployed for training and possibly combat.",
        "Thousands of soldiers were deployed to help fight in the east.",
        False,
    ),
    (
        "Northbridge signed the striker for €45 million.",
        "Northbridge United has signed striker Tomás Rielli for €45 million.",
        True,
    ),
]


@pytest.mark.parametrize(("statement", "cited", "passes"), PAIRS)
def test_overlap_tells_restating_from_adding(statement: str, cited: str, passes: bool) -> None:
    assert (overlap(statement, [cited]) >= 0.8) is passes


def test_a_statement_without_content_words_is_not_penalised() -> None:
    assert overlap("It is.", ["Anything at all."]) == 1.0


# (statement, cited sentence, whether each of its sentences uses the cited words): the gate's rule,
# at most one new content word per sentence and only in a long one, and never a new name.
WORDED = [
    (  # a paraphrase: one word in ten new ("dockers" for "workers")
        "The FNV union said about 4,000 dockers joined the strike at Harlow port on Monday "
        "after talks failed.",
        "About 4,000 workers joined the strike at Harlow port after talks on pay failed, the FNV union said "
        "on Monday.",
        True,
    ),
    (  # the verb that inverts it is the one new word, in a short sentence
        "Russia deploys Russian women to Ukraine.",
        "Putin would rather North Koreans die in Ukraine than Russian women.",
        False,
    ),
    (  # a new purpose and a new speaker
        "The article says the soldiers were sent for training, experts suggest.",
        "Thousands of soldiers were sent to help fight in the east.",
        False,
    ),
    (  # a name the sentence does not give
        "The Daily Ledger reports the bridge will cost €84 million.",
        "The bridge will cost €84 million, the council said.",
        False,
    ),
    (  # a harvest story, restated
        "Farmers in the valley lost half of the wheat harvest to the floods.",
        "Half of the valley's wheat harvest was lost to the floods, farmers said.",
        True,
    ),
    (  # a court story with one invented motive
        "The judge jailed the director for fraud to deter other bankers.",
        "The judge jailed the director for fraud on Thursday.",
        False,
    ),
]


@pytest.mark.parametrize(("statement", "cited", "passes"), WORDED)
def test_worded_support_is_strict_per_sentence(statement: str, cited: str, passes: bool) -> None:
    assert (not worded_support(statement, [cited])) is passes


def test_worded_support_names_only_the_failing_sentence() -> None:
    cited = ["The museum reopened on Saturday after a two-year renovation."]
    statement = "The museum reopened after a renovation. Critics called the new wing a disgrace."
    assert worded_support(statement, cited) == ["Critics called the new wing a disgrace."]
    assert ("critic", "NOUN") in novel_words(statement, cited)
