"""One rule for "the same voice" (``reading.voices``), used by the gate, the doer check and the groupings."""

from __future__ import annotations

import pytest

from summarise.reading.voices import a_voice_repeats, same_voice


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("the directorate", "Ukraine's Defence Intelligence Directorate", True),
        ("Ukrainian intelligence", "Ukraine's military intelligence agency", True),
        ("South Korea's spy agency", "North Korean state media", True),  # a shared place word
        ("The Freight Forwarders' Council", "the council", True),
        ("the union", "Calloway Port Holdings", False),
        ("the Pentagon", "the Kremlin", False),
        ("the health ministry", "the fire brigade", False),
        ("Korean Central News Agency", "the border police", False),
        ("the", "the", False),  # no word tells who
    ],
)
def test_two_phrases_are_one_voice_when_a_word_that_tells_who_meets(a: str, b: str, same: bool) -> None:
    assert same_voice(a, b) is same
    assert same_voice(b, a) is same


def test_a_voice_repeats_among_many() -> None:
    assert a_voice_repeats(["the council", "Police", "Harnshire County Council"])
    assert not a_voice_repeats(["the council", "Police", "the union"])
    assert not a_voice_repeats(["the council"])

    # Linear in the phrases: a thousand distinct voices and one repeat.
    def word(n: int) -> str:  # distinct in the first three letters, so no two share a stem
        return "".join(chr(97 + (n // 26**k) % 26) for k in range(3)) + "zzz"

    many = [word(n) for n in range(1000)]
    assert not a_voice_repeats(many)
    assert a_voice_repeats([*many, word(7)])
