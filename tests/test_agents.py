"""misattributed: a statement must not give an act its cited sentences give to someone else."""

from __future__ import annotations

import pytest

from summarise.reading.agents import misattributed
from summarise.reading.support import check_support

GANG = "Blackreed, the gang behind the attack, posted a sample of the documents online overnight."
ARREST = "Fourteen protesters were arrested by police outside the stadium on Saturday."
TROOPS = "North Korea has sent about 6,000 more soldiers to Russia since April, Seoul said."
FIRE = "The blaze burned for most of the night before firefighters brought it under control."
VOTE = "The council approved the budget on Monday after a long debate."


@pytest.mark.parametrize(
    ("statement", "cited", "wrong"),
    [
        # the same doer, by name, by description, or through a passive's agent
        ("Blackreed posted a sample of the documents online.", [GANG], False),
        ("The gang posted a sample of the documents online.", [GANG], False),
        ("Police arrested 14 protesters.", [ARREST], False),
        ("North Korea sent 6,000 more soldiers to Russia.", [TROOPS], False),
        ("Firefighters brought the blaze under control.", [FIRE], False),
        ("The council approved the budget.", [VOTE], False),
        # another doer for the same act
        ("The hospital group posted a sample of the documents online.", [GANG], True),
        ("The union arrested 14 protesters.", [ARREST], True),
        ("South Korea sent 6,000 more soldiers to Russia.", [TROOPS], True),
        ("The mayor approved the budget.", [VOTE], True),
        # an act the sources do not write, or a pronoun doer, is not judged here
        ("The gang leaked the files.", [GANG], False),
        ("It posted a sample of the documents.", [GANG], False),
    ],
)
def test_misattributed(statement: str, cited: list[str], wrong: bool) -> None:
    assert bool(misattributed(statement, cited)) is wrong


def test_the_support_check_names_the_wrong_doer() -> None:
    result = check_support("The union arrested 14 protesters.", [ARREST])
    assert not result.supported and any(m.startswith("doer arrest by union") for m in result.missing)
    assert check_support("Police arrested 14 protesters.", [ARREST]).supported
