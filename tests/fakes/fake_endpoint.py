"""A real loopback HTTP server that imitates an OpenAI-compatible chat completions endpoint.

Why a real server and not a mocked transport: summarise talks to endpoints through the openai
SDK (and instructor on top of it), and the behaviour we need to test lives in that stack:
pooled keep-alive connections, timeouts, status-code-to-exception mapping, retries, JSON
parsing, ``finish_reason`` handling. Only bytes on a socket exercise all of it, and the same
server doubles as a zero-latency "model" for benchmarks of our own overhead.

Usage::

    with FakeEndpoint([json_reply({"title": "x"}), Reply(status=500)]) as ep:
        client = openai.OpenAI(base_url=ep.base_url, api_key="x", max_retries=0)
        ...
        assert ep.requests[0]["model"] == "fake-model"

Only the standard library is used so that the helper works in any environment the tests do.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, TypeAlias

__all__ = ["FakeEndpoint", "Handler", "Reply", "json_reply"]


@dataclass
class Reply:
    """One scripted answer.

    Each field maps to one way a real endpoint can behave, so a test can provoke exactly the
    client-side path it wants to check (error mapping, truncation, timeouts, bad JSON, tools).
    """

    content: str | None = None
    """Assistant message content (e.g. a JSON string); for errors, the error message."""
    status: int = 200
    """HTTP status; anything but 200 sends an OpenAI-style ``{"error": {...}}`` body."""
    finish_reason: str = "stop"
    """``"length"`` simulates truncation at the token cap."""
    delay: float = 0.0
    """Seconds to wait before answering, to provoke client timeouts or simulate latency."""
    raw_body: str | None = None
    """If set, sent verbatim as the HTTP body (with ``status``), to test malformed responses."""
    prompt_tokens: int = 10
    completion_tokens: int = 10
    tool_call: bool = False
    """Return ``content`` as the arguments of one tool call (instructor ``Mode.TOOLS``)."""
    reset: bool = False
    """Answer nothing and abort the connection with a TCP reset (RST), like a crashed proxy."""
    drip: float = 0.0
    """Send the headers at once, then the body one byte every ``drip`` seconds: a server that
    never lets a per-read timeout fire, however long the whole answer takes."""


Handler: TypeAlias = Callable[[dict[str, Any]], Reply]
"""Gets the parsed request JSON, returns the reply; lets a test answer based on the prompt."""


def json_reply(obj: Any, **kw: Any) -> Reply:
    """Build a reply whose content is ``obj`` as compact JSON, the shape structured output has."""
    return Reply(content=json.dumps(obj, separators=(",", ":"), ensure_ascii=False), **kw)


def _error_body(status: int, message: str) -> dict[str, Any]:
    """Shape an error the way OpenAI does, so the SDK extracts the message and code as usual."""
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        err_type, code = "requests", "rate_limit_exceeded"
    elif status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        err_type, code = "server_error", None
    elif status == HTTPStatus.UNAUTHORIZED:
        err_type, code = "invalid_request_error", "invalid_api_key"
    elif status == HTTPStatus.NOT_FOUND:
        err_type, code = "invalid_request_error", "not_found"
    else:
        err_type, code = "invalid_request_error", None
    return {"error": {"message": message, "type": err_type, "param": None, "code": code}}


def _status_phrase(status: int) -> str:
    """Reason phrase for a status, tolerating codes that ``HTTPStatus`` does not know."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Scripted Status"


def _tool_name(request: dict[str, Any]) -> str:
    """Name the function the client asked for: a forced ``tool_choice``, else ``tools[0]``."""
    choice = request.get("tool_choice")
    if isinstance(choice, dict):
        name = choice.get("function", {}).get("name")
        if isinstance(name, str):
            return name
    tools = request.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], dict):
        name = tools[0].get("function", {}).get("name")
        if isinstance(name, str):
            return name
    return "tool"


class _Server(ThreadingHTTPServer):
    """Threading server that tracks live connections so ``stop()`` can end them promptly.

    Keep-alive connections from a pooled httpx client would otherwise hold handler threads
    blocked in ``recv`` until the client goes away, long after the test has finished.
    """

    daemon_threads = True
    # The default backlog of 5 drops connections when many client threads connect at once.
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, endpoint: FakeEndpoint) -> None:
        self.endpoint = endpoint
        self._live: set[socket.socket] = set()
        self._resets: set[socket.socket] = set()
        self._live_cond = threading.Condition()
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._live_cond:
            self._live.add(request)
        super().process_request(request, client_address)

    def reset_after_handling(self, request: socket.socket) -> None:
        """Close ``request`` with an RST instead of the usual FIN once its handler returns."""
        with self._live_cond:
            self._resets.add(request)

    def shutdown_request(self, request: Any) -> None:
        try:
            with self._live_cond:
                reset = request in self._resets
                self._resets.discard(request)
            if reset:
                # SO_LINGER 0 makes close() send RST; a shutdown() first would send a FIN instead.
                with contextlib.suppress(OSError):
                    request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_request(request)
            else:
                super().shutdown_request(request)
        finally:
            with self._live_cond:
                self._live.discard(request)
                self._live_cond.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away; they are expected in timeout tests."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    def close_live_connections(self, timeout: float) -> None:
        """Shut every open connection down and wait (bounded) for its handler thread to end."""
        with self._live_cond:
            for conn in list(self._live):
                with contextlib.suppress(OSError):  # already closed by the client
                    conn.shutdown(socket.SHUT_RDWR)
            self._live_cond.wait_for(lambda: not self._live, timeout=timeout)


class _RequestHandler(BaseHTTPRequestHandler):
    """Serves one connection; HTTP/1.1 keep-alive so the SDK's connection pool is exercised."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeEndpoint/1.0"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle plus delayed ACKs can
    # add ~40 ms per response on loopback, which would distort benchmarks.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log lines the base class writes to stderr."""

    def do_GET(self) -> None:
        if self._read_body() is None:
            return
        if self._path() == "/v1/models":
            model = self.server.endpoint.model
            data = {"id": model, "object": "model", "created": 0, "owned_by": "fake"}
            self._send_json(200, {"object": "list", "data": [data]})
        else:
            self._send_error(404, f"Unknown path: GET {self.path}")

    def do_POST(self) -> None:
        body = self._read_body()
        if body is None:
            return
        if self._path() != "/v1/chat/completions":
            self._send_error(404, f"Unknown path: POST {self.path}")
            return
        try:
            request = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._send_error(400, f"Request body is not valid JSON: {exc}")
            return
        if not isinstance(request, dict):
            self._send_error(400, "Request body must be a JSON object")
            return
        endpoint = self.server.endpoint
        endpoint._record(request)
        if request.get("stream"):
            self._send_error(400, "FakeEndpoint does not support stream=true")
            return
        try:
            reply = endpoint._reply_for(request)
        except Exception as exc:  # noqa: BLE001 - a broken handler must not kill the server
            endpoint._record_error(exc)
            self._send_error(500, f"FakeEndpoint handler raised {exc!r}")
            return
        if reply.delay > 0 and endpoint._stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.reset:
            self.close_connection = True
            self.server.reset_after_handling(self.connection)
            return
        if reply.drip > 0:
            self._drip(json.dumps(endpoint._completion(request, reply)).encode("utf-8"), reply.drip)
        elif reply.raw_body is not None:
            self._send_bytes(reply.status, reply.raw_body.encode("utf-8"))
        elif reply.status != 200:
            message = reply.content or f"{reply.status} {_status_phrase(reply.status)} (scripted)"
            self._send_error(reply.status, message)
        else:
            self._send_json(200, endpoint._completion(request, reply))

    def _path(self) -> str:
        """Request path without query string or trailing slash."""
        return self.path.split("?", 1)[0].rstrip("/")

    def _read_body(self) -> bytes | None:
        """Read the whole body first, so a keep-alive connection stays in step with the client."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send_error(411, "FakeEndpoint needs a Content-Length, not chunked encoding")
            self.close_connection = True
            return None
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._send_error(400, "Invalid Content-Length")
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _send_error(self, status: int, message: str) -> None:
        self._send_json(status, _error_body(status, message))

    def _send_json(self, status: int, obj: Any) -> None:
        self._send_bytes(status, json.dumps(obj).encode("utf-8"))

    def _drip(self, body: bytes, every: float) -> None:
        """A 200 whose body arrives a byte at a time, until it is done, the client leaves, or stop()."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            for i in range(len(body)):
                if self.server.endpoint._stopping.wait(every):
                    break
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _send_bytes(self, status: int, body: bytes) -> None:
        """Send one complete response; Content-Length is always set so keep-alive works."""
        try:
            self.send_response(status, _status_phrase(status))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # BrokenPipe / ConnectionReset: the client gave up (timeout tests)
            self.close_connection = True


class FakeEndpoint:
    """OpenAI-compatible server on 127.0.0.1 with a free port, in a background thread.

    ``handler`` is either a function of the request body, or a sequence of replies served in
    order (the last one repeats once exhausted, so "always fail" is ``[Reply(status=500)]``).
    A single ``Reply`` is accepted as a one-element sequence.
    """

    def __init__(self, handler: Handler | Reply | Sequence[Reply], model: str = "fake-model") -> None:
        if isinstance(handler, Reply):
            handler = [handler]
        if callable(handler):
            self._handler: Handler | None = handler
            self._script: list[Reply] = []
        else:
            self._handler = None
            self._script = list(handler)
            if not self._script:
                raise ValueError("FakeEndpoint needs at least one Reply")
        self.model = model
        self.requests: list[dict[str, Any]] = []
        """Every chat-completions request body received, in arrival order."""
        self.errors: list[Exception] = []
        """Exceptions raised by a handler function (each also answered with a 500)."""
        self._lock = threading.Lock()
        self._position = 0
        self._ids = itertools.count(1)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on; only known once started."""
        if self._server is None:
            raise RuntimeError("FakeEndpoint is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as ``base_url`` to ``openai.OpenAI``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> Self:
        """Bind a free port and serve in a daemon thread; returns self for chaining."""
        if self._server is not None:
            raise RuntimeError("FakeEndpoint is already running")
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeEndpoint:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open keep-alive connections, wake delayed replies; idempotent."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_live_connections(timeout=5.0)
        server.server_close()
        if thread is not None:
            thread.join(timeout=5.0)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _record(self, request: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(request)

    def _record_error(self, exc: Exception) -> None:
        with self._lock:
            self.errors.append(exc)

    def _reply_for(self, request: dict[str, Any]) -> Reply:
        """Next scripted reply (thread-safe), or the handler's answer to this request."""
        if self._handler is not None:
            return self._handler(request)
        with self._lock:
            reply = self._script[min(self._position, len(self._script) - 1)]
            self._position += 1
        return reply

    def _completion(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        """Build a ``chat.completion`` object shaped as the OpenAI API returns it."""
        message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": None}
        n = next(self._ids)
        if reply.tool_call:
            message["content"] = None
            message["tool_calls"] = [
                {
                    "id": f"call_fake_{n}",
                    "type": "function",
                    "function": {"name": _tool_name(request), "arguments": reply.content or "{}"},
                }
            ]
        model = request.get("model")
        return {
            "id": f"chatcmpl-fake-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model if isinstance(model, str) else self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }


class MockEndpoint(FakeEndpoint):
    """The same scripted endpoint over ``httpx2.MockTransport``: no socket, no thread.

    For tests that need the real SDK and instructor stack but not real sockets. Pass
    ``client()`` as the ``http_client`` of ``ModelClient`` or ``Endpoint``; timing
    (``Reply.delay``), kills and resets need the socket server above.
    """

    def __init__(self, handler: Handler | Reply | Sequence[Reply], model: str = "fake-model") -> None:
        super().__init__(handler, model)
        self.models_requests = 0

    @property
    def base_url(self) -> str:
        return "http://mock.invalid/v1"

    def start(self) -> Self:
        return self

    def client(self) -> Any:
        import httpx2

        return httpx2.Client(transport=httpx2.MockTransport(self._handle))

    def _handle(self, request: Any) -> Any:
        import httpx2

        if request.method == "GET" and request.url.path.endswith("/models"):
            self.models_requests += 1
            data = [{"id": self.model, "object": "model", "created": 0, "owned_by": "fake"}]
            return httpx2.Response(200, json={"object": "list", "data": data})
        body = json.loads(request.content)
        self._record(body)
        reply = self._reply_for(body)
        if reply.delay:
            raise ValueError("MockEndpoint cannot delay a reply: use FakeEndpoint for timing")
        if reply.raw_body is not None:
            headers = {"content-type": "application/json"}
            return httpx2.Response(reply.status, content=reply.raw_body.encode(), headers=headers)
        if reply.status != HTTPStatus.OK:
            return httpx2.Response(reply.status, json=_error_body(reply.status, reply.content or ""))
        return httpx2.Response(200, json=self._completion(body, reply))
