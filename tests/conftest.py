"""Shared fixtures: an isolated environment, and a scripted OpenAI-compatible model on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.fake_endpoint import FakeEndpoint
from tests.fakes.scripted import sensible_model

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


@pytest.fixture
def fake_model() -> Iterator[FakeEndpoint]:
    with FakeEndpoint(sensible_model, model="fake") as endpoint:
        yield endpoint


def loads(text: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(text)
    return parsed
