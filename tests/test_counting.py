"""What a number counts, read from its sentence: the word, the named group, and the kind."""

from __future__ import annotations

import pytest

from summarise.reading.counting import counted, first_number, numbers


def test_numbers_and_first_number() -> None:
    assert numbers("some 1,500 troops and 8,500 more in 2024.") == {"1500", "8500", "2024"}
    assert first_number("between $1,200 and $2,400") == "1200"
    assert first_number("many") is None


@pytest.mark.parametrize(
    ("value", "sentence", "nouns", "names", "kind"),
    [
        (
            "about 10,000",
            "The Pentagon said North Korea had sent about 10,000 troops to Russia.",
            {"troops"},
            set(),
            "count",
        ),
        (
            "3,000",
            "More than 3,000 North Korean soldiers have been deployed.",
            {"troops"},
            {"north", "korean"},
            "count",
        ),
        (
            "600,000",
            "More than 600,000 Russian soldiers have been killed, injured, or captured.",
            {"troops"},
            {"russian"},
            "casualties",
        ),
        (
            "20",
            "A strike that wounded 20 other soldiers, highlighted a dilemma.",
            {"troops"},
            set(),
            "casualties",
        ),
        ("€300", "Each soldier is paid around €300 per month.", {"month"}, set(), "money"),
        (
            "4 billion",
            "The budget, estimated at around 4 billion euros in 2024, is too small.",
            {"euros"},
            set(),
            "money",
        ),
        (
            "50%",
            "More than 50% of the North Korean troops have been killed.",
            {"troops"},
            {"north", "korean"},
            "share",
        ),
        ("2,000", "Fewer than 2,000 dock workers stopped work.", {"dock", "workers"}, set(), "count"),
    ],
)
def test_what_a_number_counts(value: str, sentence: str, nouns: set[str], names: set[str], kind: str) -> None:
    reading = counted(value, sentence)
    assert reading is not None
    assert (set(reading.nouns), set(reading.names), reading.kind) == (nouns, names, kind)


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        ("8,500", "Another 8,500 are about to be sent."),  # a verb follows: it counts nothing named
        ("4,000", "The union put the number at close to 4,000, and said support grew."),  # clause ends
        ("2024", "In 2024, Russia hired soldiers."),  # a year
        ("20", "Soldiers believed to be in their 20s."),  # "20s" is not the number 20
        ("12,000", "A sentence without that number, only 1,200."),
        ("20", "Paragraph 20 says that 140 workers joined."),  # a label, followed by a verb
    ],
)
def test_no_reading_when_unsure(value: str, sentence: str) -> None:
    assert counted(value, sentence) is None
