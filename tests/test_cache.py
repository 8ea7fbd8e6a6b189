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
from summarise.settings import Replay, Settings
from tests.fakes.fake_endpoint import FakeEndpoint, MockEndpoint, Reply, json_reply


class Answer(BaseModel):
    text: str


def _parts(**kw: object) -> dict[str, str]:
    base: dict[str, object] = {
        "endpoint": "host/v1",
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
        {"endpoint": "other-host/v1"},
        {"model": "other"},
        {"mode": "tools"},
        {"params": {"temperature": 1}},
        {"prompt_version": "v2"},
        {"messages": [{"role": "system", "content": "be long"}, {"role": "user", "content": "hi"}]},
    ):
        assert cache_key(_parts(**change)) != key, change


def _client(endpoint: MockEndpoint | None, tmp_path: Path, **kw: object) -> ModelClient:
    """A client over the mock transport (None: no transport, for offline replay of the same endpoint)."""
    url = endpoint.base_url if endpoint else "http://mock.invalid/v1"  # MockEndpoint's URL
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


# --- issue 10.12: the endpoint is part of the key -------------------------------------------------


def _live_client(url: str, tmp_path: Path) -> ModelClient:
    """A client of a real loopback server, caching under ``tmp_path`` as a user's runs do."""
    settings = Settings.resolve({"base_url": url, "model": "m", "mode": "json"}, {}).with_(
        cache_dir=tmp_path / "cache"
    )
    return ModelClient(settings, Endpoint(settings, Reporter(enabled=False)), open_store(settings))


def test_the_same_model_name_on_another_server_is_not_served_the_first_servers_answer(
    tmp_path: Path,
) -> None:
    """Issue 10.12: the second server got the first one's cached answer for the same --model."""
    with (
        FakeEndpoint([json_reply({"text": "from the first server"})], model="m") as first,
        FakeEndpoint([json_reply({"text": "from the second server"})], model="m") as second,
    ):
        for endpoint, expected in ((first, "from the first server"), (second, "from the second server")):
            client = _live_client(endpoint.base_url, tmp_path)
            assert _ask(client, "be brief").text == expected
            client.close()
            client.store.close()
        assert len(second.requests) == 1  # it was asked, not served from the cache
        again = _live_client(first.base_url, tmp_path)
        assert _ask(again, "be brief").text == "from the first server"
        again.store.close()
        assert len(first.requests) == 1  # the same server's answer is still cached


def test_a_replay_on_another_endpoint_misses_and_says_the_endpoint_changed(tmp_path: Path) -> None:
    with MockEndpoint([json_reply({"text": "recorded"})]) as endpoint:
        recorder = _client(endpoint, tmp_path, replay="record", record_dir=tmp_path / "fx")
        _ask(recorder, "be brief")
    elsewhere = _client(None, tmp_path, replay="offline", base_url="http://Elsewhere:8080/v1")
    with pytest.raises(CacheMiss) as miss:
        _ask(elsewhere, "be brief")
    assert "endpoint (recorded mock.invalid/v1, now elsewhere:8080/v1)" in miss.value.message
    # The same server, spelt differently, is the same endpoint.
    same = _client(None, tmp_path, replay="offline", base_url="http://MOCK.invalid:80/v1/")
    assert _ask(same, "be brief").text == "recorded"


def test_credentials_in_the_base_url_reach_neither_the_key_nor_the_fixture(tmp_path: Path) -> None:
    with MockEndpoint([json_reply({"text": "recorded"})]) as endpoint:
        url = endpoint.base_url.replace("http://", "http://alice:pw-secret@")
        recorder = _client(endpoint, tmp_path, replay="record", record_dir=tmp_path / "fx", base_url=url)
        _ask(recorder, "be brief")
    fixture = next((tmp_path / "fx").glob("*.json"))
    record = json.loads(fixture.read_text(encoding="utf-8"))
    assert record["parts"]["endpoint"] == "mock.invalid/v1"
    assert record["served_model"] == "m"  # what the endpoint reported, beside the key
    assert not [t for t in ("alice", "pw-secret") if t in fixture.name + fixture.read_text(encoding="utf-8")]
    # The key is the same as without credentials: they are not hashed into it either.
    plain = _client(None, tmp_path, replay="offline", base_url=endpoint.base_url)
    assert _ask(plain, "be brief").text == "recorded"


def test_the_embedded_identity_is_its_pinned_weights_and_needs_no_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded answers of the embedded model replay on any machine without starting it."""
    from summarise.model import endpoint as endpoint_module
    from summarise.model.embedded import MODELS
    from summarise.model.replay import Call, ReplayPolicy

    def no_server(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedded model was prepared or started")

    monkeypatch.setattr(endpoint_module, "prepare_model", no_server)
    monkeypatch.setattr(endpoint_module, "EmbeddedServer", no_server)
    settings = Settings(replay=Replay.OFFLINE, cache_dir=None, fixtures_dirs=(tmp_path / "fx",), mode="json")
    embedded = Endpoint(settings, Reporter(enabled=False))
    assert embedded.identity == "embedded:" + MODELS["qwen2.5-coder-1.5b"].sha256[:16]
    other = Endpoint(settings.with_(model="qwen2.5-coder-0.5b"), Reporter(enabled=False))
    assert other.identity == "embedded:" + MODELS["qwen2.5-coder-0.5b"].sha256[:16] != embedded.identity

    # A recording keyed by that identity replays through a client of the embedded endpoint.
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
    params = {"temperature": settings.temperature, "seed": settings.seed, "max_tokens": 50}
    call = Call("notes", "a.txt", embedded.identity, "qwen2.5-coder-1.5b", messages,
                Answer.model_json_schema(), params, "v1")  # fmt: skip
    recording = settings.with_(replay=Replay.RECORD, record_dir=tmp_path / "fx")
    recorder = ReplayPolicy(Replay.RECORD, open_store(recording))
    recorder.keep(call, "json", 1.0, {"text": "recorded"}, prompt=1, completion=1)
    client = ModelClient(settings, embedded, open_store(settings))
    assert _ask(client, "be brief").text == "recorded"
    assert embedded._url is None  # no server was started, so no port could enter the key
