"""Reading articles: offsets, titles, HTML mapping, and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarise.errors import SourceError
from summarise.sources.files import load_sources, read_source

from .conftest import SEEDS


def test_seed_sentences_are_exact_slices() -> None:
    sources, errors = load_sources([SEEDS])
    assert errors == [] and [s.id for s in sources] == ["S1", "S2", "S3", "S4", "S5"]
    for source in sources:
        raw = Path(source.path).read_bytes().decode("utf-8")
        assert source.text == raw
        for start, end in source.sentences:
            piece = raw[start:end]
            assert piece == piece.strip() and piece
    assert sources[0].title == "Putin Would Rather North Koreans Die in Ukraine Than Russian Women"


def test_sentences_split_inside_a_paragraph() -> None:
    source = read_source(SEEDS / "004_0e50d461d1c32bec.txt", "S1")
    texts = [source.sentence(i) for i in range(len(source.sentences))]
    assert "Perhaps this will turn out to be true, and soon." in texts
    assert "close" not in texts  # boilerplate lines without sentences are dropped


def test_html_offsets_point_into_the_raw_file(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>T</title><script>var x = 'no';</script></head><body>"
        "<nav>Menu</nav><h1>Big &amp; bold news</h1><p>First sentence here. Second one "
        "<b>with bold</b> text.</p><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    source = read_source(page, "S1")
    raw = page.read_text(encoding="utf-8")
    quotes = [raw[s:e] for s, e in source.sentences]
    assert source.title == "Big & bold news"
    assert "First sentence here." in quotes
    assert "Second one <b>with bold</b> text." in quotes
    assert not any("Menu" in q or "Copyright" in q or "var x" in q for q in quotes)


def test_markdown_title(tmp_path: Path) -> None:
    md = tmp_path / "n.md"
    md.write_text("# Heading here\n\nBody text is here.\n", encoding="utf-8")
    assert read_source(md, "S1").title == "Heading here"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n", "is empty"),
        ("binary.txt", b"\x89PNG\x00\x00\x01binary", "binary"),
        ("latin1.txt", "Caf\xe9 news story.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_named_and_good_ones_kept(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A real sentence about news.\n", encoding="utf-8")
    sources, errors = load_sources([tmp_path])
    assert [Path(s.path).name for s in sources] == ["good.txt"]
    assert len(errors) == 1 and name in errors[0].message and message in errors[0].message
    assert errors[0].hint


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret.\n", encoding="utf-8")
    locked.chmod(0)
    with pytest.raises(SourceError, match="permission denied"):
        read_source(locked, "S1")


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    # A directory given where a file is expected cannot be read as an article.
    weird = tmp_path / "dir.txt"
    weird.mkdir()
    (weird / "inner.bin").write_bytes(b"x")
    with pytest.raises(SourceError, match=r"dir\.txt"):
        load_sources([weird])


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        load_sources([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="contains no"):
        load_sources([tmp_path / "empty"])


def test_missing_path_next_to_good_one(tmp_path: Path) -> None:
    sources, errors = load_sources([SEEDS / "000_167bc6b1462d80ea.txt", tmp_path / "nope.txt"])
    assert len(sources) == 1 and "nope.txt" in errors[0].message
