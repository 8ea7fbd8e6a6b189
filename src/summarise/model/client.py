"""The one way summarise calls a model: instructor over the openai SDK, behind the replay policy.

``ModelClient.structured`` asks the replay policy (``model.replay``) for a stored
answer first, and only then asks the endpoint. HTTP-level retries (429, 5xx,
timeouts) are the openai SDK's; validation re-asks are instructor's.
``model.translate.translate_errors`` is the single place where openai and
instructor exceptions become ``SummariseError``s.

Structured-output mode: endpoints differ (llama_cpp.server rejects json_schema
with HTTP 500, Ollama and vLLM accept it), so with ``mode=auto`` the client
tries json_schema, then json, then tools, and keeps the first that the
endpoint accepts. The embedded server is known to want json. The mode used is
part of the cache key and is recorded in the briefing's metadata. The key also
names the endpoint (``Endpoint.identity``): the same ``--model`` name on another
server may be another model.
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any, TypeVar

import httpx2
import instructor
import openai
from pydantic import BaseModel

from summarise.errors import EndpointHTTPError, ModelOutputInvalid, ModelOutputTruncated
from summarise.model.cache import ResponseStore
from summarise.model.deadline import DeadlineTransport
from summarise.model.dialects import dialect_client, dialect_headers
from summarise.model.endpoint import Endpoint
from summarise.model.replay import Call, CallStats, ReplayPolicy
from summarise.model.translate import translate_errors
from summarise.safe_text import strip_userinfo
from summarise.settings import Settings

T = TypeVar("T", bound=BaseModel)

_MODES = {
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json_object_schema": instructor.Mode.JSON_SCHEMA,  # rewritten on the wire by dialects.py
    "json_grammar": instructor.Mode.JSON_SCHEMA,  # likewise, as a GBNF grammar (llama-server)
    "tools": instructor.Mode.TOOLS,
    "md_json": instructor.Mode.MD_JSON,
}
# json_object_schema is llama.cpp's dialect of json_schema (see dialects.py): tried second, so a
# llama-cpp-python server (`summarise serve`, or the user's own) decodes under our schema too.
_AUTO_ORDER = ("json_schema", "json_object_schema", "json", "tools")


@functools.cache
def _schema(response_model: type[BaseModel]) -> dict[str, Any]:
    """JSON Schema of a response model, built once: it costs milliseconds on every call otherwise."""
    return response_model.model_json_schema()


class ModelClient:
    """Structured calls to one model at one endpoint; the replay policy decides which reach it."""

    def __init__(
        self,
        settings: Settings,
        endpoint: Endpoint,
        store: ResponseStore,
        http_client: httpx2.Client | None = None,
    ) -> None:
        """``http_client`` (default: the endpoint's, else the SDK's own) carries every request;
        tests pass one over ``httpx2.MockTransport``."""
        self.settings = settings
        self._http = http_client or endpoint.http_client
        self.endpoint = endpoint
        self.model = endpoint.model
        self.replay = ReplayPolicy(settings.replay, store)
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
        self._probed: str | None = None  # the hint for a 404, once /models was asked
        # Bounds each request by --timeout, connect to last byte; close() abandons those in flight.
        self._deadline = DeadlineTransport(httpx2.HTTPTransport())

    @property
    def store(self) -> ResponseStore:
        return self.replay.store

    @property
    def stats(self) -> CallStats:
        return self.replay.stats

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
                    http_client=self._http or dialect_client(self._deadline),
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
        """One validated answer, stored or from the model, as the replay policy says."""
        params = {
            "temperature": self.settings.temperature,
            "seed": self.settings.seed,
            "max_tokens": max_tokens,
        }
        call = Call(
            stage,
            label,
            self.endpoint.identity,
            self.model,
            messages,
            _schema(response_model),
            params,
            prompt_version,
        )

        def validate(record: dict[str, Any]) -> T:
            with translate_errors(self.base_url, f"{stage} {label} (cached)"):
                return response_model.model_validate(record["response"], context=context)

        stored = self.replay.lookup(call, self._candidates, validate)
        if stored is not None:
            return stored

        while True:
            mode = self.mode
            # Starting the embedded server (and assembling its model) happens here, on the
            # first call: outside the timer, so that it counts as overhead, not model time.
            patched = self._instructor(mode)
            started = time.perf_counter()
            try:
                with self.stats.in_flight(), translate_errors(self.base_url, call.what):
                    answer, completion = patched.create_with_completion(
                        model=self.model,
                        messages=messages,  # type: ignore[arg-type]
                        response_model=response_model,
                        max_retries=self.settings.max_retries,
                        context=context,
                        temperature=self.settings.temperature,
                        seed=self.settings.seed,
                        max_tokens=max_tokens,
                        extra_headers=dialect_headers(mode),
                    )
            except EndpointHTTPError as exc:
                if not self._fall_back(mode, exc):
                    if exc.status == 404:
                        exc.hint = self._not_found_hint()
                    raise
                continue
            except (ModelOutputInvalid, ModelOutputTruncated) as exc:
                self.replay.keep_failure(call, mode, time.perf_counter() - started, exc)
                raise
            seconds = time.perf_counter() - started
            with self._mode_lock:
                self._mode_locked = True
            usage = getattr(completion, "usage", None)
            served = getattr(completion, "model", None)
            self.replay.keep(
                call,
                mode,
                seconds,
                answer.model_dump(mode="json"),
                prompt=int(getattr(usage, "prompt_tokens", 0) or 0),
                completion=int(getattr(usage, "completion_tokens", 0) or 0),
                served_model=served if isinstance(served, str) else None,
            )
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

    def _not_found_hint(self) -> str:
        """Why a chat request got 404, from one ``GET {base_url}/models`` (asked once per run).

        The two usual causes need opposite fixes: a base URL without ``/v1`` (then
        ``/models`` is not found either) and a model name the endpoint does not serve
        (then ``/models`` lists the ones it does).
        """
        with self._mode_lock:
            if self._probed is not None:
                return self._probed
            client = self._openai
        hint = "Check --model and --base-url (the URL usually ends in /v1)."
        if client is not None:
            url = self.base_url
            try:
                served = [
                    m.id
                    for m in client.with_options(
                        timeout=min(self.settings.timeout, 10.0), max_retries=0
                    ).models.list()
                ]
            except openai.NotFoundError:
                hint = (
                    f"{url} is not the root of an OpenAI-compatible API: GET {url}/models is not found "
                    "either. The base URL usually ends in /v1, e.g. http://localhost:11434/v1."
                )
            except (openai.OpenAIError, httpx2.HTTPError):
                pass  # the probe only refines the hint; the error itself stands
            else:
                if self.model not in served:
                    listed = ", ".join(served[:10]) + (", …" if len(served) > 10 else "")
                    hint = (
                        f"The endpoint at {url} does not serve a model named {self.model!r}"
                        + (f"; it serves: {listed}." if served else ", nor lists any.")
                        + " Pass one of those with --model."
                    )
        with self._mode_lock:
            self._probed = hint
        return hint

    def close(self) -> None:
        """Abandon the requests still in flight (on Ctrl-C: they would be joined for up to
        --timeout, and their answers thrown away), then close the HTTP connection pool."""
        self._deadline.cancel()
        if self._openai is not None:
            self._openai.close()
