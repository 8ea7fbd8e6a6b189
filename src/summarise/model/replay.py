"""The replay policy: how every model call is served, from one value (``Settings.replay``).

    live      ask the model; read nothing stored (``--no-cache``)
    cached    a stored answer if there is one, else ask the model and cache its answer
    offline   stored answers only; a miss is a ``CacheMiss``, a recorded failure replays
    record    as cached, and every answer used is also written as a fixture

The policy is applied here and nowhere else: ``ModelClient`` asks ``lookup``
before it calls the model and hands every answer (or model failure) to
``keep``/``keep_failure`` after. ``open_store`` builds the store a run needs
from its settings, so the pipeline and the eval make no cache decisions of
their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from summarise.errors import SummariseError
from summarise.model.cache import FixtureIndex, ResponseStore, cache_key, key_parts
from summarise.model.translate import recorded_error
from summarise.settings import Replay, Settings

T = TypeVar("T")


@dataclass
class CallStats:
    """Counters shared by every call of one run (thread-safe).

    ``model_seconds`` is wall time during which at least one call was in flight, so with
    parallel calls it never exceeds the run's own time; ``summed_seconds`` adds every call's
    own time. Answers served from the cache or fixtures count the tokens they cost when they
    were recorded, apart from the tokens this run spent.
    """

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    cached_completion_tokens: int = 0
    model_seconds: float = 0.0
    summed_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _in_flight: int = field(default=0, repr=False)
    _busy_since: float = field(default=0.0, repr=False)

    def add(self, *, hit: bool, prompt: int = 0, completion: int = 0, seconds: float = 0.0) -> None:
        with self.lock:
            if hit:
                self.cache_hits += 1
                self.cached_prompt_tokens += prompt
                self.cached_completion_tokens += completion
                return
            self.calls += 1
            self.prompt_tokens += prompt
            self.completion_tokens += completion
            self.summed_seconds += seconds

    @contextmanager
    def in_flight(self) -> Iterator[None]:
        """Time a model call into ``model_seconds`` as the union of every call in flight."""
        with self.lock:
            if self._in_flight == 0:
                self._busy_since = time.perf_counter()
            self._in_flight += 1
        try:
            yield
        finally:
            with self.lock:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self.model_seconds += time.perf_counter() - self._busy_since


@dataclass(frozen=True)
class Call:
    """One structured call: everything that decides its answer, plus the names it is known by."""

    stage: str
    label: str
    endpoint: str  # ``Endpoint.identity``: who answers; never a credential
    model: str
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    params: dict[str, Any]
    prompt_version: str

    @property
    def what(self) -> str:
        return f"{self.stage} of {self.label}"

    def parts(self, mode: str) -> dict[str, str]:
        """The hashed parts of this call's cache key in structured-output ``mode``."""
        return key_parts(
            endpoint=self.endpoint,
            model=self.model,
            messages=self.messages,
            schema=self.schema,
            mode=mode,
            params=self.params,
            prompt_version=self.prompt_version,
        )

    def record(self, mode: str, seconds: float, **body: Any) -> tuple[str, dict[str, Any]]:
        """The cache key and the record kept for an answer (or a failure) in ``mode``."""
        parts = self.parts(mode)
        key = cache_key(parts)
        head = {"key": key, "stage": self.stage, "label": self.label, "parts": parts}
        return key, head | {"seconds": round(seconds, 3)} | body


def open_store(settings: Settings) -> ResponseStore:
    """The store a run with ``settings`` reads and writes."""
    recording = settings.replay is Replay.RECORD
    # A live run never opens the cache: --no-cache must work even when the cache is broken.
    return ResponseStore(
        None if settings.replay is Replay.LIVE else settings.cache_dir,
        FixtureIndex(settings.fixtures_dirs),
        settings.record_dir if recording else None,
    )


class ReplayPolicy:
    """Serves calls from ``store`` as ``mode`` says, and keeps what the model answers."""

    def __init__(self, mode: Replay, store: ResponseStore) -> None:
        self.mode = mode
        self.store = store
        self.stats = CallStats()

    def lookup(self, call: Call, modes: tuple[str, ...], validate: Callable[[dict[str, Any]], T]) -> T | None:
        """A stored answer for ``call`` in one of ``modes``, validated; None means ask the model.

        Raises ``CacheMiss`` offline when nothing is stored, and the recorded error
        when offline replay finds a recorded failure.
        """
        if self.mode is Replay.LIVE:
            return None
        for mode in modes:
            record = self.store.get(cache_key(call.parts(mode)))
            if record is None:
                continue
            if "error" in record:
                if self.mode is not Replay.OFFLINE:
                    continue  # a run that may call the model tries a recorded failure again
                self.stats.add(hit=True)
                raise recorded_error(record["error"], call.what)
            answer = validate(record)
            usage = record.get("usage") or {}
            self.stats.add(
                hit=True,
                prompt=int(usage.get("prompt_tokens", 0) or 0),
                completion=int(usage.get("completion_tokens", 0) or 0),
            )
            self.store.record(record["key"], record)  # a re-recording keeps cache hits too
            return answer
        if self.mode is Replay.OFFLINE:
            raise self.store.miss(call.stage, call.label, call.parts(modes[0]))
        return None

    def keep(
        self,
        call: Call,
        mode: str,
        seconds: float,
        response: dict[str, Any],
        prompt: int,
        completion: int,
        served_model: str | None = None,
    ) -> None:
        """Count a fresh answer and store it (and record it, when recording).

        ``served_model`` is the model id the endpoint reported in its completion: kept
        beside the answer for a reader to check, never in the key (``model.cache``).
        """
        self.stats.add(hit=False, prompt=prompt, completion=completion, seconds=seconds)
        served = {"served_model": served_model} if served_model else {}
        key, record = call.record(
            mode,
            seconds,
            response=response,
            usage={"prompt_tokens": prompt, "completion_tokens": completion},
            **served,
        )
        self.store.put(key, record)

    def keep_failure(self, call: Call, mode: str, seconds: float, exc: SummariseError) -> None:
        """Record the model's own failure on this input, when recording.

        It is part of what the model answers, so replay then reproduces the failure
        instead of missing. Only fixtures get it, never the cache: a user's rerun
        should try again.
        """
        key, record = call.record(mode, seconds, error={"kind": type(exc).__name__, "message": exc.message})
        self.store.record(key, record)

    def close(self) -> None:
        self.store.close()
