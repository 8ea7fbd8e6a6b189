"""`summarise eval` end to end on the committed fixtures: it replays, and it notices a changed prompt."""

from __future__ import annotations

import functools
import json
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


def test_an_empty_briefing_covers_nothing_without_asking_the_judge(tmp_path: Path) -> None:
    # The 0.5B's notes of seed 003 ran to the token cap (a recorded failure), so its briefing
    # is empty. The 1.5B judge, asked anyway, had marked gold facts as stated in it.
    args = ["--compare", "qwen2.5-coder-0.5b", "--case", "seed-003", "--report", str(tmp_path)]
    result = CliRunner().invoke(eval_cmd, args)
    assert result.exit_code == 0, result.output
    [case] = json.loads((tmp_path / "results.json").read_text())["qwen2.5-coder-0.5b"]
    assert case["metrics"]["coverage"] == {
        "score": 0.0,
        "details": ["the briefing has no statements, so it covers nothing"],
    }


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
