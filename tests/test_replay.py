"""The replay policy: one value decides whether a call is read from storage, asked, stored or recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarise.errors import CacheMiss, ModelOutputInvalid
from summarise.model.replay import Call, ReplayPolicy, open_store
from summarise.settings import Replay, Settings

CALL = Call(
    stage="notes",
    label="a.txt",
    endpoint="host/v1",
    model="m",
    messages=[{"role": "user", "content": "hi"}],
    schema={"type": "object"},
    params={"temperature": 0},
    prompt_version="v1",
)


def _policy(tmp_path: Path, replay: Replay, **kw: Any) -> ReplayPolicy:
    settings = Settings(
        replay=replay,
        cache_dir=tmp_path / "cache",
        fixtures_dirs=(tmp_path / "fx",),
        record_dir=tmp_path / "rec" if replay is Replay.RECORD else None,
    ).with_(**kw)
    return ReplayPolicy(settings.replay, open_store(settings))


def _lookup(policy: ReplayPolicy) -> Any:
    return policy.lookup(CALL, ("json",), lambda record: record["response"])


def _cache_once(tmp_path: Path) -> None:
    policy = _policy(tmp_path, Replay.CACHED)
    policy.keep(CALL, "json", 0.1, {"text": "cached"}, prompt=1, completion=1)
    policy.close()


@pytest.mark.parametrize(
    ("replay", "served"),
    [(Replay.LIVE, None), (Replay.CACHED, {"text": "cached"}), (Replay.RECORD, {"text": "cached"})],
)
def test_who_reads_the_cache(tmp_path: Path, replay: Replay, served: Any) -> None:
    _cache_once(tmp_path)
    policy = _policy(tmp_path, replay)
    assert _lookup(policy) == served
    assert policy.stats.cache_hits == (served is not None)


def test_offline_serves_stored_answers_and_a_miss_is_an_error(tmp_path: Path) -> None:
    _cache_once(tmp_path)
    assert _lookup(_policy(tmp_path, Replay.OFFLINE)) == {"text": "cached"}
    # Without the cache (the eval's replay), only fixtures count: the cached answer is a miss.
    with pytest.raises(CacheMiss, match=r"nothing was recorded for notes of a\.txt"):
        _lookup(_policy(tmp_path, Replay.OFFLINE, cache_dir=None))


def test_record_writes_every_answer_used_and_failures_only_as_fixtures(tmp_path: Path) -> None:
    _cache_once(tmp_path)
    recorder = _policy(tmp_path, Replay.RECORD)
    assert _lookup(recorder) == {"text": "cached"}  # a hit is recorded too
    assert len(list((tmp_path / "rec").glob("*.json"))) == 1
    other = Call(**{**CALL.__dict__, "label": "b.txt", "prompt_version": "v2"})
    recorder.keep_failure(other, "json", 0.1, ModelOutputInvalid("bad", attempts=3))
    recorder.close()
    assert len(list((tmp_path / "rec").glob("*.json"))) == 2

    # Offline replay of the recording reproduces the failure; a live-capable run retries it.
    replay = _policy(tmp_path, Replay.OFFLINE, cache_dir=None, fixtures_dirs=(tmp_path / "rec",))
    with pytest.raises(ModelOutputInvalid, match="replayed from the recording"):
        replay.lookup(other, ("json",), lambda record: record)
    cached = _policy(tmp_path, Replay.CACHED, fixtures_dirs=(tmp_path / "rec",))
    assert cached.lookup(other, ("json",), lambda record: record) is None


def test_cached_and_live_runs_write_no_fixtures(tmp_path: Path) -> None:
    for replay in (Replay.CACHED, Replay.LIVE):
        policy = _policy(tmp_path, replay, record_dir=tmp_path / "rec")
        policy.keep(CALL, "json", 0.1, {"text": "fresh"}, prompt=1, completion=1)
        policy.keep_failure(CALL, "json", 0.1, ModelOutputInvalid("bad", attempts=1))
        policy.close()
    assert not (tmp_path / "rec").exists()


def test_record_needs_a_folder_and_an_unknown_mode_is_a_config_error() -> None:
    from summarise.errors import ConfigError

    with pytest.raises(ConfigError, match="record"):
        Settings.resolve({"replay": "record"}, {})
    with pytest.raises(ConfigError, match="SUMMARISE_REPLAY"):
        Settings.resolve({}, {"SUMMARISE_REPLAY": "sometimes"})
    assert Settings.resolve({}, {"SUMMARISE_REPLAY": "offline"}).offline


def test_no_cache_never_opens_the_cache_even_a_broken_one(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cache.db").write_bytes(b"this is not a sqlite database" * 100)
    policy = _policy(tmp_path, Replay.LIVE)
    policy.keep(CALL, "json", 0.1, {"text": "fresh"}, prompt=1, completion=1)
    assert _lookup(policy) is None
    policy.close()
    assert (tmp_path / "cache" / "cache.db").read_bytes().startswith(b"this is not")
