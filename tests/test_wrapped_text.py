"""Plain text: hard-wrapped, unwrapped and CRLF files give the same sentences, offsets into the raw text."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from summarise.sources.files import read_source
from summarise.sources.sentences import split_sentences, wrap_width

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
# Sentence spans of every seed as they were before wrapped text was understood: the
# recorded model answers cite sentence numbers, so these must never move.
RECORDED = json.loads((Path(__file__).parent / "data" / "seed_sentence_spans.json").read_text("utf-8"))


def _wrapped(text: str, width: int = 72) -> str:
    """``text`` as ``fmt`` or a mail client writes it: paragraphs filled to ``width``, blank lines between.

    Like ``fmt``, it breaks only at spaces, never after the hyphen of "anti-government".
    """
    paragraphs = [line for line in text.splitlines() if line.strip()]
    return "\n\n".join(textwrap.fill(p, width=width, break_on_hyphens=False) for p in paragraphs) + "\n"


def _collapsed(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> list[str]:
    return [" ".join(text[s:e].split()) for s, e in spans]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_unwrapped_seed_sentences_are_unchanged(seed: Path) -> None:
    source = read_source(seed, "S1")
    assert [list(span) for span in source.sentences] == RECORDED[seed.name]
    assert wrap_width(source.text) is None


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_wrapped_seed_gives_the_same_sentences(seed: Path, newline: str, tmp_path: Path) -> None:
    plain = read_source(seed, "S1")
    wrapped_text = _wrapped(plain.text).replace("\n", newline)
    copy = tmp_path / seed.name
    copy.write_bytes(wrapped_text.encode("utf-8"))
    wrapped = read_source(copy, "S1")
    assert wrapped.text == wrapped_text  # offsets are into the raw text, CRs included
    assert wrap_width(wrapped.text) is not None
    assert _collapsed(wrapped.text, wrapped.sentences) == _collapsed(plain.text, plain.sentences)
    for start, end in wrapped.sentences:
        quote = wrapped.text[start:end]
        assert quote == quote.strip()


def test_crlf_unwrapped_matches_lf(tmp_path: Path) -> None:
    seed = SEED_FILES[0]
    plain = read_source(seed, "S1")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(plain.text.replace("\n", "\r\n").encode("utf-8"))
    got = read_source(crlf, "S1")
    assert _collapsed(got.text, got.sentences) == _collapsed(plain.text, plain.sentences)
    assert all("\r" not in got.text[s:e] for s, e in got.sentences)


def test_a_line_break_inside_a_paragraph_does_not_end_a_sentence() -> None:
    text = (
        "Officials said on Tuesday that the new bridge across the river would\n"
        "open in March, two years later than the city had promised. The delay\n"
        "was blamed on steel prices.\n"
        "\n"
        "Short headline\n"
        "A second paragraph follows the short line without a blank line, and\n"
        "it wraps too.\n"
    )
    quotes = [" ".join(text[s:e].split()) for s, e in split_sentences(text)]
    assert quotes == [
        "Officials said on Tuesday that the new bridge across the river would open in March, "
        "two years later than the city had promised.",
        "The delay was blamed on steel prices.",
        "Short headline",
        "A second paragraph follows the short line without a blank line, and it wraps too.",
    ]


def test_list_items_in_wrapped_text_stay_apart() -> None:
    text = (
        "The council listed three reasons for the decision in its report, which\n"
        "was published late on Friday evening after a long meeting:\n"
        "- rising costs of materials\n"
        "- a shortage of engineers\n"
    )
    quotes = [" ".join(text[s:e].split()) for s, e in split_sentences(text)]
    assert quotes[-2:] == ["- rising costs of materials", "- a shortage of engineers"]
