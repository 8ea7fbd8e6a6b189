"""`summarise eval` end to end on the committed fixtures: it replays, and it notices a changed prompt."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise import prompts
from summarise.cli.eval_cmd import eval_cmd

CASE = ["--compare", "qwen2.5-coder-1.5b", "--case", "seed-001", "--no-judge"]


@pytest.fixture(autouse=True)
def _fresh_prompts() -> object:
    prompts._read.cache_clear()
    yield
    prompts._read.cache_clear()


def test_committed_fixtures_replay_offline(tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_cmd, [*CASE, "--report", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "seed-001" in result.output and (tmp_path / "report.md").is_file()


def test_a_changed_prompt_without_re_recording_fails_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = prompts._read.__wrapped__

    def edited(name: str) -> str:
        text = original(name)
        return text + "\nBe concise.\n" if name == "notes" else text

    monkeypatch.setattr(prompts, "_read", functools.cache(edited))
    result = CliRunner().invoke(eval_cmd, [*CASE, "--report", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "eval case seed-001 (qwen2.5-coder-1.5b): replay: no cached or recorded answer" in result.output
    assert "prompt" in result.output and "changed" in result.output
    assert "summarise eval --record" in result.output  # the hint says how to fix it


def test_an_empty_briefing_covers_nothing_without_asking_the_judge() -> None:
    # A run whose every source failed has an empty briefing. The 1.5B judge, asked anyway, had
    # marked gold facts as stated in one (it read them from the checklist itself).
    from summarise.eval import runner
    from summarise.eval.gold import load_gold
    from summarise.prompts import data_dir
    from summarise.schema import Briefing, RunMetadata, Usage

    class NeverAsk:
        def __getattr__(self, name: str) -> object:
            raise AssertionError(f"the judge was asked ({name}) about an empty briefing")

    meta = RunMetadata(
        model="m", endpoint_host="h", mode="json", prompt_version="p", usage=Usage(),
        model_calls=0, cache_hits=0, seconds={}, model_seconds=0.0,
    )  # fmt: skip
    empty = Briefing(
        title="t", bottom_line="No source could be summarised.", bottom_line_citations=[],
        key_points=[], disputed_figures=[], notable_figures=[], actors=[], timeline=[],
        source_summaries=[], open_questions=[], sources=[], metadata=meta,
    )  # fmt: skip
    case = load_gold(data_dir("gold") / "seed-003.toml")
    result = runner._coverage(empty, "", case, NeverAsk())
    assert (result.score, result.details) == (0.0, ("the briefing has no statements, so it covers nothing",))


def test_a_case_the_config_does_not_run_is_an_error_not_an_empty_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A config may list the cases it runs (e.g. those it has recorded); quake-toll is not among these.
    from summarise.eval import runner

    real = runner.load_configs()
    limited = real["qwen2.5-coder-1.5b"].model_copy(update={"cases": ["seed-004"]})
    monkeypatch.setattr(runner, "load_configs", lambda *a: {**real, "qwen2.5-coder-1.5b": limited})
    args = [
        "--compare",
        "qwen2.5-coder-1.5b",
        "--case",
        "quake-toll",
        "--no-judge",
        "--report",
        str(tmp_path),
    ]
    result = CliRunner().invoke(eval_cmd, args)
    assert result.exit_code == 2, result.output
    assert "eval config qwen2.5-coder-1.5b does not run case(s) quake-toll" in result.output
    assert "evals/configs/qwen2.5-coder-1.5b.toml" in result.output
