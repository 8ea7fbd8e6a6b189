"""PDF articles: citations index the extracted text, which `summarise extract` prints exactly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.briefing.citations import all_citations
from summarise.cli.main import cli
from summarise.errors import SourceError
from summarise.schema import Briefing, Citation
from summarise.sources.files import load_sources, read_source
from tests.fakes.fake_endpoint import FakeEndpoint
from tests.fakes.pdfs import article_pdf, encrypted_pdf, scanned_pdf
from tests.fakes.scripted import sensible_model

from .conftest import SEEDS

SEED = SEEDS / "000_167bc6b1462d80ea.txt"


def _seed_pdf(tmp_path: Path, seed: Path = SEED) -> Path:
    paragraphs = [line for line in seed.read_text("utf-8").splitlines() if line.strip()]
    return article_pdf(tmp_path / (seed.stem + ".pdf"), paragraphs, title=paragraphs[0], author="A. Writer")


def _collapsed(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [" ".join(text[s:e].split()) for s, e in spans]


def test_pdf_sentences_match_the_seed(tmp_path: Path) -> None:
    pdf = read_source(_seed_pdf(tmp_path), "S1")
    plain = read_source(SEED, "S1")
    got = _collapsed(pdf.text, pdf.sentences)
    want = _collapsed(plain.text, plain.sentences)
    # Typesetting wraps every paragraph; the sentences must survive it.
    assert sum(w in got for w in want) >= 0.9 * len(want), sorted(set(want) - set(got))
    assert pdf.extractor == "pypdf" and pdf.extractor_version
    assert pdf.text_sha256 == hashlib.sha256(pdf.text.encode("utf-8")).hexdigest()
    assert pdf.sha256 != pdf.text_sha256  # the file's bytes and the text are different things
    assert pdf.title == plain.title and pdf.author == "A. Writer"


def test_extract_prints_exactly_the_text_the_offsets_refer_to(tmp_path: Path) -> None:
    path = _seed_pdf(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    source = read_source(path, "S1")
    assert result.stdout_bytes == source.text.encode("utf-8")
    assert hashlib.sha256(result.stdout_bytes).hexdigest() == source.text_sha256


def test_extract_of_a_text_file_is_the_file() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SEED)])
    assert result.exit_code == 0 and result.stdout_bytes == SEED.read_bytes()


@pytest.mark.parametrize(
    ("make", "message"),
    [(scanned_pdf, "no text layer"), (encrypted_pdf, "encrypted")],
    ids=["scanned", "encrypted"],
)
def test_unreadable_pdfs_are_named_and_others_kept(tmp_path: Path, make: object, message: str) -> None:
    bad = make(tmp_path / "bad.pdf")  # type: ignore[operator]
    with pytest.raises(SourceError, match=message) as info:
        read_source(bad, "S1")
    assert "bad.pdf" in info.value.message and info.value.hint
    sources, errors = load_sources([bad, SEED])
    assert [Path(s.path).name for s in sources] == [SEED.name]
    assert len(errors) == 1 and message in errors[0].message


def test_not_really_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("This is plain text that only pretends to be a PDF file.\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"fake\.pdf: cannot be read as a PDF"):
        read_source(fake, "S1")


def test_pdf_in_a_folder_is_read(tmp_path: Path) -> None:
    _seed_pdf(tmp_path)
    sources, errors = load_sources([tmp_path])
    assert errors == [] and sources[0].path.endswith(".pdf")


def test_pdf_briefing_citations_verify_against_extract(tmp_path: Path) -> None:
    pdf = _seed_pdf(tmp_path)
    scan = scanned_pdf(tmp_path / "scan.pdf")
    out = tmp_path / "b.json"
    with FakeEndpoint(sensible_model) as endpoint:
        args = [str(pdf), str(scan), "--base-url", endpoint.base_url, "--model", "fake", "--mode", "json"]
        result = CliRunner().invoke(cli, [*args, "--format", "json", "-o", str(out)])
    # The scan is one clear line and a partial-briefing exit (6); the PDF is still summarised.
    assert result.exit_code == 6, result.output
    assert [line for line in result.stderr.splitlines() if "scan.pdf" in line] == [
        next(line for line in result.stderr.splitlines() if "scan.pdf" in line)
    ]
    briefing = json.loads(out.read_text("utf-8"))
    (entry,) = briefing["sources"]
    assert entry["extractor"] == "pypdf" and entry["text_sha256"]
    text = CliRunner().invoke(cli, ["extract", entry["path"]]).stdout_bytes.decode("utf-8")
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == entry["text_sha256"]
    cites = [c for c in _citations(briefing) if c.source_id == entry["id"]]
    assert cites and all(text[c.start : c.end] == c.quote for c in cites)


def _citations(briefing: dict[str, Any]) -> list[Citation]:
    """Every citation of a briefing read from its JSON, as the project itself lists them."""
    return all_citations(Briefing.model_validate(briefing))
