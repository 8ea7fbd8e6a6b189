"""Re-keying v1 fixtures (no endpoint in the key) for the endpoint that recorded them (issue 10.12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from summarise.errors import CacheMiss, ConfigError, FixtureError
from summarise.model.cache import digest, fixture_name, fixture_text
from summarise.model.client import ModelClient
from summarise.model.embedded import MODELS
from summarise.model.endpoint import Endpoint, remote_identity
from summarise.model.rekey import main, rekey
from summarise.model.replay import open_store
from summarise.progress import Reporter
from summarise.settings import Settings
from tests.fakes.fake_endpoint import MockEndpoint, json_reply


class Answer(BaseModel):
    text: str


def _client(tmp_path: Path, url: str, endpoint: MockEndpoint | None = None, **kw: Any) -> ModelClient:
    settings = Settings.resolve({"base_url": url, "model": "m", "mode": "json"} | kw, {})
    settings = settings.with_(cache_dir=None, fixtures_dirs=(tmp_path / "fx",))
    http = endpoint.client() if endpoint else None
    return ModelClient(settings, Endpoint(settings, Reporter(enabled=False), http), open_store(settings))


def _ask(client: ModelClient) -> str:
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
    answer = client.structured(
        Answer, messages, stage="notes", label="a.txt", max_tokens=50, prompt_version="v1"
    )
    return answer.text


def _as_v1(path: Path) -> Path:
    """Rewrite a fixture as key v1 wrote it (no endpoint part, v1 tag, its name); return the new path."""
    record = json.loads(path.read_text(encoding="utf-8"))
    parts = {k: v for k, v in record["parts"].items() if k != "endpoint"}
    old = record | {"parts": parts, "key": "v1:" + digest(parts)}
    path.unlink()
    target = path.with_name(fixture_name(old))
    target.write_text(fixture_text(old), encoding="utf-8")
    return target


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.json"))}


def test_a_v1_fixture_misses_until_rekeyed_then_replays_exactly_as_recorded(tmp_path: Path) -> None:
    with MockEndpoint([json_reply({"text": "recorded"})]) as endpoint:
        recorder = _client(tmp_path, endpoint.base_url, endpoint, replay="record", record_dir=tmp_path / "fx")
        assert _ask(recorder) == "recorded"
    recorded = _snapshot(tmp_path / "fx")
    v1 = _as_v1(next((tmp_path / "fx").glob("*.json")))
    assert v1.name not in recorded  # the name ends in the key's hash, so it changed too

    with pytest.raises(CacheMiss, match=r"recorded under cache key v1.*summarise\.model\.rekey"):
        _ask(_client(tmp_path, endpoint.base_url, replay="offline"))

    done = rekey(tmp_path / "fx", "http://mock.invalid/v1")
    assert (done.rekeyed, done.unchanged, done.endpoints) == (1, 0, ("mock.invalid/v1",))
    assert _snapshot(tmp_path / "fx") == recorded  # byte for byte what key v2 records
    assert _ask(_client(tmp_path, endpoint.base_url, replay="offline")) == "recorded"

    again = rekey(tmp_path / "fx", "http://mock.invalid/v1")
    assert (again.rekeyed, again.unchanged) == (0, 1)
    # A fixture keyed for one endpoint is never re-labelled as another's answer.
    with pytest.raises(FixtureError, match=r"recorded on endpoint mock\.invalid/v1, not other/v1"):
        rekey(tmp_path / "fx", "http://other/v1")
    assert _snapshot(tmp_path / "fx") == recorded


def _v1_fixture(folder: Path, model: str, label: str) -> Path:
    parts = {"model": model, "mode": "json", "prompt_version": "p", "schema": "s", "system": "y",
             "input": label, "params": "q"}  # fmt: skip
    record = {"key": "v1:" + digest(parts), "stage": "notes", "label": label, "parts": parts,
              "response": {"text": label}, "seconds": 1.0}  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / fixture_name(record)
    path.write_text(fixture_text(record), encoding="utf-8")
    return path


def test_embedded_fixtures_are_keyed_by_each_ones_packaged_weights(tmp_path: Path) -> None:
    _v1_fixture(tmp_path, "qwen2.5-coder-0.5b", "a.txt")
    _v1_fixture(tmp_path, "qwen2.5-coder-1.5b", "b.txt")
    before = _snapshot(tmp_path)
    with pytest.raises(ConfigError, match=r"is not the packaged qwen2\.5-coder-0\.5b"):
        rekey(tmp_path, "embedded:" + MODELS["qwen2.5-coder-1.5b"].sha256[:16])
    assert _snapshot(tmp_path) == before  # all checked before any was written

    done = rekey(tmp_path, "embedded")
    assert done.rekeyed == 2
    records = [json.loads(text) for text in _snapshot(tmp_path).values()]
    assert {r["parts"]["model"]: r["parts"]["endpoint"] for r in records} == {
        name: MODELS[name].identity for name in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b")
    }
    assert all(r["key"].startswith("v2:") for r in records)


def test_rekey_refuses_what_it_cannot_vouch_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _v1_fixture(tmp_path / "edited", "m", "a.txt")
    record = json.loads(edited.read_text(encoding="utf-8"))
    record["parts"]["input"] = "changed by hand"
    edited.write_text(fixture_text(record), encoding="utf-8")
    with pytest.raises(FixtureError, match="not the hash of its parts"):
        rekey(tmp_path / "edited", "http://host/v1")

    _v1_fixture(tmp_path / "remote", "llama3", "a.txt")
    with pytest.raises(ConfigError, match="'llama3', which is not a packaged model"):
        rekey(tmp_path / "remote", "embedded")
    assert main([str(tmp_path / "remote"), "--endpoint", "alice:pw-secret@host/v1"]) == 2
    assert main([str(tmp_path / "remote"), "--endpoint", "http://alice:pw-secret@Host:80/v1/"]) == 0
    out = capsys.readouterr()
    assert "1 re-keyed for host/v1" in out.out
    assert "pw-secret" not in out.out + out.err + "".join(_snapshot(tmp_path / "remote"))


@pytest.mark.parametrize(
    ("url", "identity"),
    [
        ("http://127.0.0.1:8080/v1", "127.0.0.1:8080/v1"),
        ("https://alice:pw@API.Example.com:443/v1/", "api.example.com/v1"),
        ("http://host/V1?x=1", "host/V1"),  # a path is case-sensitive; a query names no server
        ("http://host:8443/v1", "host:8443/v1"),
        ("http://[::1]:80/v1", "[::1]/v1"),
    ],
)
def test_remote_identity(url: str, identity: str) -> None:
    assert remote_identity(url) == identity
