"""Shared fixtures: an isolated environment, and a scripted OpenAI-compatible model on loopback."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.fake_endpoint import FakeEndpoint, Reply, json_reply

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's endpoint, key or cache."""
    for var in (
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "SUMMARISE_BASE_URL",
        "SUMMARISE_MODEL",
        "SUMMARISE_CACHE_DIR",
        "SUMMARISE_MODE",
        "SUMMARISE_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARISE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DEEPEVAL_TELEMETRY_OPT_OUT", "YES")


def _numbered(request: dict[str, Any]) -> list[int]:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return [int(n) for n in re.findall(r"^\[(\d+)\]", user, flags=re.M)]


def sensible_model(request: dict[str, Any]) -> Reply:
    """A scripted model that answers notes and synthesis calls validly, like a good LLM would."""
    system = request["messages"][0]["content"]
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    if "numbered sentences" in system:
        n = _numbered(request)
        last = n[-1]
        # A figure the article really states: the last number in the text, cited where it stands.
        with_number = re.findall(r"^\[(\d+)\] .*?(\d[\d,]*\d|\d)\D*$", user, flags=re.M)
        figures = [
            {
                "what": "troops",
                "value": value,
                "attributed_to": f"agency {line}",
                "as_of": "2024",
                "sentences": [int(line)],
            }
            for line, value in with_number[-1:]
        ]
        return json_reply(
            {
                "outlet_or_author": None,
                "summary": "The article reports troop numbers.",
                "summary_sentences": [1],
                "claims": [{"text": "A claim.", "sentences": [min(2, last)]}],
                "figures": figures,
                "actors": [{"name": "Kim Jong Un", "role": "leader", "sentences": [1]}],
                "events": [{"date": "2024", "event": "Troops sent.", "sentences": [1]}],
            }
        )
    figure_ids = re.findall(r"^\s+(F\d+) ", user, flags=re.M)
    claim_ids = re.findall(r"^\s+(C\d+) ", user, flags=re.M)
    return json_reply(
        {
            "title": "Troops",
            "bottom_line": "Sources disagree.",
            "bottom_line_support": claim_ids[:1],
            "key_points": [{"text": "Point.", "support": [c]} for c in claim_ids[:3]],
            "disputed_figures": [{"topic": "troops", "figures": figure_ids, "note": None}]
            if len(figure_ids) > 1
            else [],
            "open_questions": ["How many?"],
        }
    )


@pytest.fixture
def fake_model() -> Iterator[FakeEndpoint]:
    with FakeEndpoint(sensible_model, model="fake") as endpoint:
        yield endpoint


def loads(text: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(text)
    return parsed
