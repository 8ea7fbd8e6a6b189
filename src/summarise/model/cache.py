"""Content-addressed answers: a diskcache for speed and resumption, JSON fixtures for replay.

The key is the sha256 of canonical JSON (sorted keys, compact separators) of
everything that decides an answer: the endpoint, the model name, messages,
response schema, mode, sampling parameters and prompt version. The API key is
never in it, nor anything derived from it.

The endpoint is in the key because a model *name* does not say which model
answers: ``--model llama3`` on two servers can be two different weights, and
before key version 2 the second server was served the first one's cached
answers. Its identity (``Endpoint.identity``) must be known before the call, since
the key decides whether the call is made at all, and offline replay must compute
it with no server to ask:

- the embedded model is ``embedded:`` plus the start of its GGUF's pinned sha256
  (``model.embedded``): the weights themselves, never the random loopback port,
  so fixtures recorded on it replay anywhere;
- a remote endpoint is the base URL's ``host[:port]/path`` with the credentials
  (``user:pass@``) removed (``model.endpoint.remote_identity``). With the requested
  model name, its own part, that names what was asked.

The model id a server *reports* is not in the key: only a live call can learn
it, so neither offline replay nor a cache lookup could compute the key. Every
answer's completion carries it, so records keep it as ``served_model``, next to
the key, for a reader to check.

A stored answer is the validated response model as JSON. Readers validate it
again (with the same context), so a cache entry can never smuggle in a
citation that does not resolve.

Fixtures are one JSON file per call under ``evals/fixtures/<config>/``: plain,
reviewable text. Each also records the parts of its key (hashed where long), so
that a miss can say *what* changed (endpoint, prompt, schema, model, input)
since recording. ``python -m summarise.model.rekey`` carries fixtures recorded
under an older key version over to this one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import diskcache

from summarise.errors import CacheMiss, ConfigError, FixtureError

log = logging.getLogger(__name__)


def _open_cache(cache_dir: Path) -> diskcache.Cache:
    """The diskcache in ``cache_dir``; a database that is not one is moved aside and started afresh.

    A garbage ``cache.db`` used to stop every run, and its hint, --no-cache, failed
    the same way. Only answers are lost: each is asked for again once. A folder that
    cannot be written is still an error: moving things would not fix it.
    """
    try:
        return diskcache.Cache(str(cache_dir))
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, cannot open: not corrupt
            raise _unusable(cache_dir, exc) from exc
        damaged = exc
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = cache_dir / f"cache.db.corrupt-{stamp}"
    try:
        for suffix in ("", "-wal", "-shm"):
            db = cache_dir / f"cache.db{suffix}"
            if db.exists():
                db.replace(cache_dir / f"{moved.name}{suffix}")
        cache = diskcache.Cache(str(cache_dir))
    except (OSError, sqlite3.Error) as exc:
        raise _unusable(cache_dir, exc) from exc
    log.warning(
        "the cache database %s was unreadable (%s); moved it to %s and started a fresh cache",
        cache_dir / "cache.db",
        damaged,
        moved,
    )
    return cache


def _unusable(cache_dir: Path, exc: BaseException) -> ConfigError:
    return ConfigError(
        f"cache folder {cache_dir} cannot be used: {exc}",
        hint="Set SUMMARISE_CACHE_DIR to a writable folder, or pass --no-cache.",
    )


def canonical(obj: Any) -> str:
    """Canonical JSON: sorted keys, compact, UTF-8 kept as is."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(obj: Any) -> str:
    """sha256 of the canonical JSON of ``obj``."""
    return hashlib.sha256(canonical(obj).encode()).hexdigest()


KEY_VERSION = "v2"
"""Tagged onto every key; bumped when what decides a key changes, so older entries are never served.

v1 had no endpoint part. Raising it invalidates every cache entry once, and makes
older fixtures miss until re-keyed (``summarise.model.rekey``) or re-recorded.
"""


def key_parts(
    *,
    endpoint: str,
    model: str,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    mode: str,
    params: dict[str, Any],
    prompt_version: str,
) -> dict[str, str]:
    """Each part of a call that decides its answer: ``endpoint`` and names as they are, the rest hashed.

    ``endpoint`` is ``Endpoint.identity``, which never holds a credential.
    """
    return {
        "endpoint": endpoint,
        "model": model,
        "mode": mode,
        "prompt_version": prompt_version,
        "schema": digest(schema)[:16],
        "system": digest([m for m in messages if m["role"] == "system"])[:16],
        "input": digest([m for m in messages if m["role"] != "system"])[:16],
        "params": digest(params)[:16],
    }


def cache_key(parts: dict[str, str]) -> str:
    """The cache key: a hash of the key parts, tagged with the key version."""
    return f"{KEY_VERSION}:{digest(parts)}"


def fixture_name(record: dict[str, Any]) -> str:
    """The file name of a fixture: readable stage and label, then the start of its key's hash."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{record['stage']}-{record['label']}")[:80]
    return f"{name}-{record['key'].partition(':')[2][:12]}.json"


def fixture_text(record: dict[str, Any]) -> str:
    """A fixture's file content: indented, sorted JSON, so a re-recording diffs line by line."""
    return json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def load_fixture(path: Path) -> dict[str, Any]:
    """One fixture file, checked for the shape replay relies on; else a FixtureError naming it.

    A file holding ``[]``, lacking ``parts`` or cut short used to surface as a
    TypeError or KeyError traceback, or as a zero score in the eval.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FixtureError(f"fixture {path} is unreadable: {exc}", hint=_RERECORD) from exc
    problem = None
    if not isinstance(record, dict):
        problem = f"it holds a JSON {type(record).__name__}, not an object"
    elif not isinstance(record.get("key"), str):
        problem = "it has no key"
    elif not isinstance(record.get("parts"), dict):
        problem = "it has no parts (the hashes of what decided the answer)"
    elif not isinstance(record.get("response"), dict) and not isinstance(record.get("error"), dict):
        problem = "it holds neither a response nor an error"
    if problem is not None:
        raise FixtureError(f"fixture {path} is invalid: {problem}", hint=_RERECORD)
    checked: dict[str, Any] = record
    return checked


_RERECORD = "Restore it from git, or re-record with `summarise eval --record`."


class FixtureIndex:
    """Recorded answers under one or more folders, indexed by key on first use."""

    def __init__(self, dirs: Iterable[Path]) -> None:
        self.dirs = tuple(dirs)
        self._by_key: dict[str, dict[str, Any]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            if self._by_key is None:
                found: dict[str, dict[str, Any]] = {}
                for folder in self.dirs:
                    for path in sorted(folder.rglob("*.json")):
                        record = load_fixture(path)
                        found[record["key"]] = record
                self._by_key = found
            return self._by_key

    def get(self, key: str) -> dict[str, Any] | None:
        """The recorded answer for ``key``, if any."""
        return self._load().get(key)

    def explain_miss(self, stage: str, label: str, parts: dict[str, str]) -> str:
        """Say what differs between this call and the closest recording of the same call."""
        same = [r for r in self._load().values() if r.get("stage") == stage and r.get("label") == label]
        if not same:
            return f"nothing was recorded for {stage} of {label}"
        same_model = [r for r in same if r["parts"].get("model") == parts["model"]] or same
        best = min(same_model, key=lambda r: sum(r["parts"].get(k) != v for k, v in parts.items()))
        if not best["key"].startswith(f"{KEY_VERSION}:"):
            return (
                f"{stage} of {label} was recorded under cache key {best['key'].partition(':')[0]}, "
                f"before the endpoint was part of the key (now {KEY_VERSION}); re-key the fixtures "
                "with `python -m summarise.model.rekey FOLDER --endpoint embedded|URL`"
            )
        names = {"system": "prompt", "prompt_version": "prompt version", "input": "input text"}
        changed = [
            f"{names.get(k, k)} (recorded {best['parts'].get(k)}, now {v})"
            for k, v in parts.items()
            if best["parts"].get(k) != v
        ]
        return f"{stage} of {label} was recorded, but since then changed: " + "; ".join(changed)


class ResponseStore:
    """Where answers are looked up and kept: diskcache, then recorded fixtures."""

    def __init__(self, cache_dir: Path | None, fixtures: FixtureIndex, record_dir: Path | None) -> None:
        self.fixtures = fixtures
        self.record_dir = record_dir
        self._cache: diskcache.Cache | None = None
        if cache_dir is not None:
            self._cache = _open_cache(cache_dir)

    def get(self, key: str) -> dict[str, Any] | None:
        """A stored record for ``key`` from the cache or the fixtures, or None."""
        if self._cache is not None:
            hit = self._cached(key)
            if isinstance(hit, dict):
                return hit
        return self.fixtures.get(key)

    def _cached(self, key: str) -> Any:
        """The cache's value for ``key``; a broken entry is deleted, and costs one model call.

        A value that does not unpickle (a truncated or overwritten value file:
        UnpicklingError, EOFError, ValueError, ...) would otherwise fail every rerun
        the same way. Whatever unpickling raises, the entry is useless.
        """
        assert self._cache is not None
        try:
            return self._cache.get(key)
        except (sqlite3.Error, diskcache.Timeout):
            return None  # the database is busy or damaged here: a miss, never the run
        except Exception as exc:  # noqa: BLE001 - unpickling can raise nearly anything
            log.warning(
                "cache entry %s is corrupt (%s: %s); deleted, asking again", key[:15], type(exc).__name__, exc
            )
            self.discard(key)
            return None

    def discard(self, key: str) -> None:
        """Delete ``key`` from the cache (a broken or unusable entry), if it can be."""
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.delete(key)

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Keep a fresh answer in the cache, and in the fixture folder when recording."""
        if self._cache is not None:
            # A failed write loses only resumption; the answer itself is still used.
            with contextlib.suppress(OSError, sqlite3.Error, diskcache.Timeout):
                self._cache.set(key, record)
        self.record(key, record)

    def record(self, key: str, record: dict[str, Any]) -> None:
        """Write the answer as a fixture file, when recording."""
        if self.record_dir is not None:
            self.record_dir.mkdir(parents=True, exist_ok=True)
            path = self.record_dir / fixture_name(record | {"key": key})
            path.write_text(fixture_text(record), encoding="utf-8")

    def miss(self, stage: str, label: str, parts: dict[str, str]) -> CacheMiss:
        """The error for --offline when nothing is stored for a call."""
        return CacheMiss(
            f"no cached or recorded answer. {self.fixtures.explain_miss(stage, label, parts)}",
            hint="Run once without --offline against a model, or re-record fixtures with "
            "`summarise eval --record`.",
        )

    def close(self) -> None:
        """Release the cache's database handle."""
        if self._cache is not None:
            self._cache.close()
