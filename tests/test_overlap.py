"""How much of a statement's wording its cited sentences contain: the gate's check on drift, many topics."""

from __future__ import annotations

import pytest

from summarise.reading.overlap import overlap

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
