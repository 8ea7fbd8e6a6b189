"""The one way summarise calls a model: instructor over the openai SDK, behind the cache.

``ModelClient.structured`` looks the call up in the cache and fixtures first,
and only then asks the endpoint. HTTP-level retries (429, 5xx, timeouts) are the
openai SDK's; validation re-asks are instructor's. ``translate_errors`` is the
single place where openai and instructor exceptions become ``SummariseError``s.

Structured-output mode: endpoints differ (llama_cpp.server rejects json_schema
with HTTP 500, Ollama and vLLM accept it), so with ``mode=auto`` the client
tries json_schema, then json, then tools, and keeps the first that the
endpoint accepts. The embedded server is known to want json. The mode used is
part of the cache key and is recorded in the briefing's metadata.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError

from summarise.model.cache import ResponseStore, cache_key, key_parts
from summarise.model.endpoint import Endpoint
from summarise.errors import (
    EndpointError,
    EndpointHTTPError,
    EndpointTimeout,
    EndpointUnreachable,
    ModelOutputInvalid,
    ModelOutputTruncated,
    SummariseError,
)
from summarise.settings import Settings
from summarise.safe_text import strip_userinfo

T = TypeVar("T", bound=BaseModel)

_MODES = {
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "md_json": instructor.Mode.MD_JSON,
}
_AUTO_ORDER = ("json_schema", "json", "tools")
_TRUNCATED = "Raise --max-tokens, or use a model that answers more briefly."


@dataclass
class CallStats:
    """Counters shared by every call of one run (thread-safe)."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, *, hit: bool, prompt: int = 0, completion: int = 0, seconds: float = 0.0) -> None:
        with self.lock:
            if hit:
                self.cache_hits += 1
            else:
                self.calls += 1
            self.prompt_tokens += prompt
            self.completion_tokens += completion
            self.model_seconds += seconds


@contextmanager
def translate_errors(base_url: str, what: str) -> Iterator[None]:
    """Turn openai and instructor exceptions into SummariseErrors with a hint."""
    try:
        yield
    except SummariseError:
        raise
    except Exception as exc:
        mapped = map_exception(exc, base_url, what)
        if mapped is None:
            raise
        raise mapped from exc


def map_exception(exc: BaseException, base_url: str, what: str) -> SummariseError | None:
    """The SummariseError for an upstream exception, or None if it is not ours to map."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, IncompleteOutputException):
            return ModelOutputTruncated(
                f"{what}: the model's answer was cut off at the token cap", hint=_TRUNCATED
            )
        if isinstance(err, openai.APITimeoutError):
            return EndpointTimeout(
                f"{what}: the endpoint at {base_url} did not answer in time",
                hint="Raise --timeout (SUMMARISE_TIMEOUT), or use a faster model.",
            )
        if isinstance(err, openai.APIConnectionError):
            return EndpointUnreachable(
                f"{what}: no model endpoint answered at {base_url}",
                hint="Start one (e.g. `summarise serve`) or set --base-url / OPENAI_BASE_URL.",
            )
        if isinstance(err, openai.APIStatusError):
            hint = {
                401: "Check OPENAI_API_KEY.",
                404: "Check --model and --base-url (the URL usually ends in /v1).",
                429: "The endpoint is rate limiting; retry later or lower --concurrency.",
            }.get(err.status_code, "Check the endpoint's logs.")
            return EndpointHTTPError(
                f"{what}: HTTP {err.status_code} from {base_url}: {_short(err.message)}",
                status=err.status_code,
                hint=hint,
            )
        if isinstance(err, openai.APIResponseValidationError | openai.APIError):
            return EndpointError(
                f"{what}: malformed response from {base_url}: {_short(str(err))}",
                hint="Check that the URL is an OpenAI-compatible endpoint.",
            )
    for err in chain:
        if isinstance(err, InstructorRetryException):
            return ModelOutputInvalid(
                f"{what}: the model's answer failed validation after {err.n_attempts} attempts: "
                f"{_short(str(err))}",
                attempts=err.n_attempts,
                hint="Try a larger model, or raise --max-retries.",
            )
        if isinstance(err, ValidationError | ValueError):
            return ModelOutputInvalid(
                f"{what}: unusable answer: {_short(str(err))}", attempts=1, hint="Try a larger model."
            )
    return None


def recorded_error(error: dict[str, Any], what: str) -> SummariseError:
    """The error a recorded failed call replays as."""
    message = f"{error.get('message', what + ': failed')} (replayed from the recording)"
    if error.get("kind") == "ModelOutputTruncated":
        return ModelOutputTruncated(message, hint=_TRUNCATED)
    return ModelOutputInvalid(message, attempts=0, hint="The model failed this call when it was recorded.")


@functools.cache
def _schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """JSON Schema of a response model, built once: it costs milliseconds on every call otherwise."""
    return response_model.model_json_schema()


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ModelClient:
    """Structured calls to one model at one endpoint, through the cache."""

    def __init__(self, settings: Settings, endpoint: Endpoint, store: ResponseStore) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.model = endpoint.model
        self.store = store
        self.stats = CallStats()
        if settings.mode != "auto":
            self._candidates: tuple[str, ...] = (settings.mode,)
        elif endpoint.known_mode is not None:
            self._candidates = (endpoint.known_mode,)
        else:
            self._candidates = _AUTO_ORDER
        self._mode_locked = len(self._candidates) == 1
        self._mode_lock = threading.Lock()
        self._openai: openai.OpenAI | None = None
        self._patched: dict[str, instructor.Instructor] = {}

    @property
    def base_url(self) -> str:
        """The endpoint URL for messages (the embedded one may not be started yet), without credentials."""
        return strip_userinfo(self.settings.base_url or "") or "the embedded model server"

    @property
    def mode(self) -> str:
        """The structured-output mode in use (the first candidate until one is confirmed)."""
        return self._candidates[0]

    def _instructor(self, mode: str) -> instructor.Instructor:
        url = self.endpoint.base_url()  # starts the embedded server on first real call
        with self._mode_lock:
            if self._openai is None:
                self._openai = openai.OpenAI(
                    base_url=url,
                    # Local servers need no key, but the SDK insists on one.
                    api_key=self.settings.api_key or "not-needed",
                    timeout=self.settings.timeout,
                    max_retries=self.settings.http_retries,
                )
            if mode not in self._patched:
                self._patched[mode] = instructor.from_openai(self._openai, mode=_MODES[mode])
            return self._patched[mode]

    def structured(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        stage: str,
        label: str,
        max_tokens: int,
        prompt_version: str,
        context: dict[str, Any] | None = None,
    ) -> T:
        """One validated answer, from the cache or fixtures if possible, else from the model."""
        params = {
            "temperature": self.settings.temperature,
            "seed": self.settings.seed,
            "max_tokens": max_tokens,
        }
        schema = _schema(response_model)

        def parts_for(mode: str) -> dict[str, str]:
            return key_parts(
                model=self.model,
                messages=messages,
                schema=schema,
                mode=mode,
                params=params,
                prompt_version=prompt_version,
            )

        def stored(mode: str, seconds: float, **body: Any) -> tuple[str, dict[str, Any]]:
            """The cache key and the record kept for an answer (or a failure) in ``mode``."""
            parts = parts_for(mode)
            key = cache_key(parts)
            record = {
                "key": key,
                "stage": stage,
                "label": label,
                "parts": parts,
                "seconds": round(seconds, 3),
            }
            return key, record | body

        if self.settings.use_cache or self.settings.offline:
            for mode in self._candidates:
                record = self.store.get(cache_key(parts_for(mode)))
                if record is not None and "error" in record:
                    if not self.settings.offline:
                        continue  # a live run tries a recorded failure again
                    self.stats.add(hit=True)
                    raise recorded_error(record["error"], f"{stage} of {label}")
                if record is not None:
                    with translate_errors(self.base_url, f"{stage} {label} (cached)"):
                        answer = response_model.model_validate(record["response"], context=context)
                    self.stats.add(hit=True)
                    self.store.record(record["key"], record)  # a re-recording keeps cache hits too
                    return answer
        if self.settings.offline:
            raise self.store.miss(stage, label, parts_for(self._candidates[0]))

        what = f"{stage} of {label}"
        while True:
            mode = self.mode
            # Starting the embedded server (and assembling its model) happens here, on the
            # first call: outside the timer, so that it counts as overhead, not model time.
            patched = self._instructor(mode)
            started = time.perf_counter()
            try:
                with translate_errors(self.base_url, what):
                    answer, completion = patched.create_with_completion(
                        model=self.model,
                        messages=messages,  # type: ignore[arg-type]
                        response_model=response_model,
                        max_retries=self.settings.max_retries,
                        context=context,
                        temperature=self.settings.temperature,
                        seed=self.settings.seed,
                        max_tokens=max_tokens,
                    )
            except EndpointHTTPError as exc:
                if not self._fall_back(mode, exc):
                    raise
                continue
            except (ModelOutputInvalid, ModelOutputTruncated) as exc:
                # The model's own failure on this input is part of what it answers, so a
                # recording keeps it: replay then reproduces the failure instead of missing.
                # Only fixtures get it, never the cache: a user's rerun should try again.
                key, record = stored(
                    mode,
                    time.perf_counter() - started,
                    error={"kind": type(exc).__name__, "message": exc.message},
                )
                self.store.record(key, record)
                raise
            seconds = time.perf_counter() - started
            with self._mode_lock:
                self._mode_locked = True
            usage = getattr(completion, "usage", None)
            prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
            completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
            self.stats.add(hit=False, prompt=prompt_tokens, completion=completion_tokens, seconds=seconds)
            key, record = stored(
                mode,
                seconds,
                response=answer.model_dump(mode="json"),
                usage={"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens},
            )
            self.store.put(key, record)
            return answer

    def _fall_back(self, mode: str, exc: EndpointHTTPError) -> bool:
        """Drop a mode the endpoint rejected, if another is left to try; True means retry."""
        with self._mode_lock:
            if self._mode_locked or exc.status not in (400, 415, 422, 500, 501):
                return False
            if self._candidates[0] != mode:  # another thread already moved on
                return True
            if len(self._candidates) > 1:
                self._candidates = self._candidates[1:]
                return True
            return False

    def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._openai is not None:
            self._openai.close()
