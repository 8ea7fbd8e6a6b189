"""The reduce stage's answer schema: which note ids it accepts, drops or re-asks for."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarise.briefing.synthesis import Synthesis

NOTE_IDS = {"C1", "C2", "F1", "F2", "E1", "A1"}


def _answer(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "t",
        "bottom_line": "b",
        "bottom_line_support": ["C1"],
        "key_points": [{"text": "p", "support": ["C1", "F1"]}],
        "disputed_figures": [{"topic": "troops", "figures": ["F1", "F2"]}],
        "open_questions": [],
    }
    return base | changes


def _valid(**changes: Any) -> Synthesis:
    return Synthesis.model_validate(_answer(**changes), context={"note_ids": NOTE_IDS})


def test_dispute_keeps_only_ids_of_figures() -> None:
    synth = _valid(disputed_figures=[{"topic": "troops", "figures": ["F1", "E1", "c2", "F9", "f2"]}])
    assert synth.disputed_figures[0].figures == ["F1", "F2"]


def test_ids_written_with_their_note_text_are_read() -> None:
    # The 0.5B copies the note line after the id.
    synth = _valid(
        bottom_line_support=["C1 RUSSIA'S PRESIDENT CHOSE TO RISK…", "f2 North Korean troops: 12,000"]
    )
    assert synth.bottom_line_support == ["C1", "F2"]


def test_support_drops_unknown_ids_while_a_known_one_remains() -> None:
    synth = _valid(key_points=[{"text": "p", "support": ["C4", "F1", "c1", "C1"]}])
    assert synth.key_points[0].support == ["F1", "C1"]


@pytest.mark.parametrize(
    "changes",
    [
        {"key_points": [{"text": "p", "support": ["C7", "F9"]}]},  # rests on no real note
        {"key_points": [{"text": "p", "support": []}]},
        {"bottom_line_support": ["X1"]},
    ],
)
def test_a_statement_resting_on_no_note_is_re_asked(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _valid(**changes)
