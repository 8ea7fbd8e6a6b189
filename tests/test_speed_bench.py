"""bench/speed.py: its request counting, and one whole run against the scripted model.

The benchmark's numbers are only worth its counting, so the proxy's rule for
re-asks and retries is checked on its own, and a whole two-configuration run is
checked against a scripted endpoint whose first answer is not JSON: exactly one
re-ask in configuration A, none in B.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from summarise.briefing.notes import estimate_tokens
from summarise.sources.files import load_sources
from tests.fakes import bench_scripts
from tests.fakes.fake_endpoint import FakeEndpoint, Reply
from tests.fakes.scripted import sensible_model

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "speed.py"


def _speed() -> Any:
    return bench_scripts.load("speed")


def test_tally_tells_first_asks_reasks_and_retries_apart() -> None:
    tally = _speed().Tally()
    ask = [{"role": "system", "content": "rules"}, {"role": "user", "content": "article"}]
    answer = {"role": "assistant", "content": "{bad"}
    fix = {"role": "user", "content": "Correct your JSON ONLY RESPONSE"}
    assert tally.classify({"messages": ask}) == "first"
    assert tally.classify({"messages": [*ask, answer, fix]}) == "reask"
    assert tally.classify({"messages": [*ask, answer, fix, answer, fix]}) == "reask"
    assert tally.classify({"messages": ask}) == "retry"
    # A longer conversation that extends nothing seen before is a call of its own.
    other = [{"role": "system", "content": "rules"}, {"role": "user", "content": "another"}, answer, fix]
    assert tally.classify({"messages": other}) == "first"


@pytest.mark.slow
def test_two_modes_side_by_side_against_the_scripted_model(tmp_path: Path) -> None:
    lock = threading.Lock()
    served = [0]

    def first_answer_not_json(request: dict[str, Any]) -> Reply:
        with lock:
            served[0] += 1
            first = served[0] == 1
        return Reply(content="not JSON at all") if first else sensible_model(request)

    article = tmp_path / "a.txt"
    article.write_text(
        "Troops arrive\nThe ministry said 3,000 soldiers arrived on Monday. "
        "Officials said another 500 would follow in March 2024. The mayor welcomed them.\n",
        encoding="utf-8",
    )
    out = tmp_path / "speed.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with FakeEndpoint(first_answer_not_json, model="fake") as endpoint:
        done = subprocess.run(
            [
                *(sys.executable, str(SCRIPT), "--base-url", endpoint.base_url, "--model", "fake"),
                *("--paths", str(article), "--modes", "json", "json_object_schema", "--out", str(out)),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    a, b = report["A"], report["B"]
    assert (a["mode"], b["mode"]) == ("json", "json_object_schema")
    assert a["http"]["response_formats"] == {"json_object": a["http"]["requests"]}
    assert b["http"]["response_formats"] == {"json_object+schema": b["http"]["requests"]}
    assert (a["reasks"], b["reasks"]) == (1, 0)
    for result in (a, b):
        assert result["failures"] == 0
        assert result["http"]["first_asks"] == result["model_calls"] == 2  # notes, synthesis
        assert result["http"]["requests"] == result["model_calls"] + result["reasks"]
    sources, _ = load_sources([article])  # the text the pipeline reads, as the pipeline estimates it
    assert report["source_tokens"] == estimate_tokens(sources[0].text)
    assert report["source_tokens_counted_by"].startswith("estimate")
    assert report["ratios_B_over_A"]["http.requests"] == pytest.approx(2 / 3, abs=0.001)
    assert "B/A" in done.stdout
