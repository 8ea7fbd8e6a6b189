"""One deadline per HTTP request, from connect to the last byte, that Ctrl-C can cut short.

httpx's timeouts bound each socket operation, not the request: a server that
sends one byte a second never trips a read timeout, and held a ``--timeout 3``
run for 61 s. This transport runs each request (the body read included) in a
helper thread and waits for it at most until the deadline, so a request ends
at ``--timeout`` whatever the server does. The wait also watches a cancel flag,
so that on Ctrl-C or SIGTERM the calls in flight are abandoned at once instead
of being joined for up to ``--timeout``: their answers would be thrown away,
and the finished ones are already cached.

A request that ran out of time raises ``openai.APITimeoutError`` itself: the
SDK passes its own errors through without retrying, and a request that took
the whole ``--timeout`` once would most likely take it again.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2
import openai

_POLL = 0.1  # seconds between looks at the cancel flag while a request is in flight


class Cancelled(openai.APIConnectionError):
    """The run is stopping (Ctrl-C, SIGTERM): the request was abandoned, not failed."""


def _budget(request: httpx2.Request) -> float | None:
    """The seconds the whole request may take: the SDK's timeout, which sets every phase alike."""
    timeout: dict[str, Any] = request.extensions.get("timeout") or {}
    phases = [t for t in timeout.values() if isinstance(t, int | float)]
    return max(phases) if phases else None


class DeadlineTransport(httpx2.BaseTransport):
    """Wraps a transport: each request ends by its deadline, and ``cancel`` ends them all now."""

    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Abandon every request in flight, and refuse new ones (the run is stopping)."""
        self._cancelled.set()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._cancelled.is_set():
            raise Cancelled(message="the run is stopping", request=request)
        budget = _budget(request)
        deadline = None if budget is None else time.monotonic() + budget
        done = threading.Event()
        abandoned = threading.Event()
        box: dict[str, Any] = {}

        def fetch() -> None:
            try:
                response = self.inner.handle_request(request)
                try:
                    chunks = []
                    for chunk in response.iter_raw():
                        if abandoned.is_set():
                            return  # nobody waits for the rest: stop reading a dripping server
                        chunks.append(chunk)
                finally:
                    response.close()
                box["response"] = httpx2.Response(
                    response.status_code,
                    headers=response.headers,
                    content=b"".join(chunks),
                    extensions=response.extensions,
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as is
                box["error"] = exc
            finally:
                done.set()

        # A daemon thread: an abandoned request must never keep the process alive.
        threading.Thread(target=fetch, name="summarise-http", daemon=True).start()
        while True:
            wait = _POLL if deadline is None else min(_POLL, max(0.0, deadline - time.monotonic()))
            if done.wait(wait):
                break
            if self._cancelled.is_set():
                abandoned.set()
                raise Cancelled(message="the run is stopping", request=request)
            if deadline is not None and time.monotonic() >= deadline:
                abandoned.set()
                raise openai.APITimeoutError(request=request)
        if "error" in box:
            raise box["error"]
        response: httpx2.Response = box["response"]
        return response

    def close(self) -> None:
        self.inner.close()
