"""Cache keys and recorded fixtures: what decides a key, and what a replay miss says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarise.errors import CacheMiss, ModelOutputInvalid
from summarise.model.cache import cache_key, key_parts
from summarise.model.client import ModelClient
from summarise.model.endpoint import Endpoint
from summarise.model.replay import open_store
from summarise.progress import Reporter
from summarise.settings import Settings
from tests.fakes.fake_endpoint import MockEndpoint, Reply, json_reply


class Answer(BaseModel):
    text: str


def _parts(**kw: object) -> dict[str, str]:
    base: dict[str, object] = {
        "model": "m",
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
        "schema": Answer.model_json_schema(),
        "mode": "json",
        "params": {"temperature": 0},
        "prompt_version": "v1",
    }
    return key_parts(**(base | kw))  # type: ignore[arg-type]


def test_key_depends_on_what_decides_the_answer_and_nothing_else() -> None:
    key = cache_key(_parts())
    assert key == cache_key(_parts())
    for change in (
        {"model": "other"},
        {"mode": "tools"},
        {"params": {"temperature": 1}},
        {"prompt_version": "v2"},
        {"messages": [{"role": "system", "content": "be long"}, {"role": "user", "content": "hi"}]},
    ):
        assert cache_key(_parts(**change)) != key, change


def _client(endpoint: MockEndpoint | None, tmp_path: Path, **kw: object) -> ModelClient:
    """A client over the mock transport (None: no endpoint at all, for offline replay)."""
    url = endpoint.base_url if endpoint else "http://127.0.0.1:9/v1"
    settings = Settings.resolve(
        {"base_url": url, "model": "m", "mode": "json", "api_key": "secret-1"} | kw, {}
    )
    settings = settings.with_(cache_dir=None, fixtures_dirs=settings.fixtures_dirs or (tmp_path / "fx",))
    http = endpoint.client() if endpoint else None
    return ModelClient(settings, Endpoint(settings, Reporter(enabled=False), http), open_store(settings))


def _ask(client: ModelClient, system: str) -> Answer:
    messages = [{"role": "system", "content": system}, {"role": "user", "content": "hi"}]
    return client.structured(
        Answer, messages, stage="notes", label="a.txt", max_tokens=50, prompt_version="v1"
    )


def test_recorded_fixture_replays_offline_and_a_changed_prompt_says_so(tmp_path: Path) -> None:
    with MockEndpoint([json_reply({"text": "recorded"})]) as endpoint:
        recorder = _client(endpoint, tmp_path, replay="record", record_dir=tmp_path / "fx")
        assert _ask(recorder, "be brief").text == "recorded"
    fixture = next((tmp_path / "fx").glob("*.json")).read_text(encoding="utf-8")
    assert "secret-1" not in fixture  # the API key never reaches a recording

    replay = _client(None, tmp_path, replay="offline", api_key="other-key")
    assert _ask(replay, "be brief").text == "recorded"  # a different key still hits
    with pytest.raises(CacheMiss) as miss:
        _ask(replay, "be brief, and cite")
    assert "notes of a.txt was recorded" in miss.value.message
    assert "prompt (recorded" in miss.value.message


def test_a_recorded_failure_replays_as_that_failure_offline_and_is_retried_live(tmp_path: Path) -> None:
    # Every attempt answers invalid JSON: the call fails validation after its re-asks.
    with MockEndpoint(lambda request: Reply(content="not json at all")) as endpoint:
        recorder = _client(endpoint, tmp_path, replay="record", record_dir=tmp_path / "fx", max_retries=2)
        with pytest.raises(ModelOutputInvalid):
            _ask(recorder, "be brief")
        attempts = len(endpoint.requests)
    record = json.loads(next((tmp_path / "fx").glob("*.json")).read_text(encoding="utf-8"))
    assert record["error"]["kind"] == "ModelOutputInvalid" and "response" not in record

    replay = _client(None, tmp_path, replay="offline")
    with pytest.raises(ModelOutputInvalid) as failed:
        _ask(replay, "be brief")
    assert "replayed from the recording" in failed.value.message
    assert replay.stats.cache_hits == 1 and replay.stats.calls == 0

    # A live run does not trust a recorded failure: it asks the model again.
    with MockEndpoint([json_reply({"text": "fixed"})]) as endpoint:
        live = _client(endpoint, tmp_path, fixtures_dirs=(tmp_path / "fx",))
        assert _ask(live, "be brief").text == "fixed"
        assert len(endpoint.requests) == 1 and attempts >= 2


def test_the_http_client_is_injectable_and_nothing_else_is_asked(tmp_path: Path) -> None:
    endpoint = MockEndpoint([json_reply({"text": "mocked"})])
    client = _client(endpoint, tmp_path)
    assert _ask(client, "be brief").text == "mocked"
    assert [r["model"] for r in endpoint.requests] == ["m"]
