"""Reading who gives a figure from its sentence: the plain shapes, and refusing to guess otherwise."""

from __future__ import annotations

import pytest

from summarise.reading.attribution import is_generic, speaker


def _who(sentence: str, number: str) -> str | None:
    return speaker(sentence, sentence.index(number))


@pytest.mark.parametrize(
    ("sentence", "number", "expected"),
    [
        (
            "The war was flagged this week when the Pentagon said North Korea had sent about 10,000 troops.",
            "10,000",
            "the Pentagon",
        ),
        (
            "” South Korea’s presidential office said Wednesday that more than 3,000 soldiers were deployed.",
            "3,000",
            "South Korea’s presidential office",
        ),
        (
            "With some 1,500 troops in Russia and another 8,500 about to be sent, according to Ukrainian "
            "and South Korean intelligence, morale matters.",
            "8,500",
            "Ukrainian and South Korean intelligence",
        ),
        (
            "“There are reports that 100,000 volunteers are prepared to come,” Igor Korotchenko, described "
            "as a pundit, reportedly said.",
            "100,000",
            "Igor Korotchenko",
        ),
        (
            "Their salaries, which observers estimate will be at least $2,000 a month per person.",
            "2,000",
            "observers",
        ),
        (
            "The employers said their offer was 4 percent, not the 3.5 percent reported by the union.",
            "3.5",
            "the union",
        ),
        ("The employers said their offer was 4 percent, not 3.5 percent.", "4 percent", "The employers"),
        # A heading run into the sentence is not part of the speaker.
        ("Despite the gradual economic recovery Defectors say wages were less than $1.", "1.", "Defectors"),
    ],
)
def test_speaker_is_read_from_the_plain_shapes(sentence: str, number: str, expected: str) -> None:
    assert _who(sentence, number) == expected


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("In Ukraine, 12,000 North Korean soldiers are supporting Russia.", "12,000"),  # the article's voice
        ("“There are reports that 100,000 volunteers are prepared to come.”", "100,000"),  # no name follows
        ("He said that 40 ships were waiting.", "40"),  # a pronoun is no speaker
        ("The deal, it was said, covers 300 jobs.", "300"),
    ],
)
def test_no_speaker_is_guessed(sentence: str, number: str) -> None:
    assert _who(sentence, number) is None


def test_generic_attributions() -> None:
    assert all(is_generic(a) for a in ["the article", "The Article.", "unattributed", "", "  Unknown "])
    assert not any(is_generic(a) for a in ["the Pentagon", "observers", "War Wings Daily"])
