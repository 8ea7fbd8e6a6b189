"""Tests for tests.fakes.fake_endpoint, driven through the real openai SDK.

The fake exists so that other tests can trust it to behave like an OpenAI-compatible endpoint,
so these tests check it from the client's side: what the SDK returns or raises.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import openai
import pytest

from tests.fakes.fake_endpoint import FakeEndpoint, Reply, json_reply

MESSAGES: list[Any] = [{"role": "user", "content": "Summarise this."}]

Serve = Callable[..., FakeEndpoint]


def make_client(endpoint: FakeEndpoint, timeout: float = 10.0) -> openai.OpenAI:
    return openai.OpenAI(base_url=endpoint.base_url, api_key="x", max_retries=0, timeout=timeout)


def ask(client: openai.OpenAI, **kw: Any) -> Any:
    return client.chat.completions.create(model="m1", messages=MESSAGES, **kw)


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start endpoints on demand and always stop them, even when a test fails."""
    started: list[FakeEndpoint] = []

    def _serve(handler: Any, **kw: str) -> FakeEndpoint:
        endpoint = FakeEndpoint(handler, **kw).start()
        started.append(endpoint)
        return endpoint

    yield _serve
    for endpoint in started:
        endpoint.stop()


def test_normal_reply_round_trips_content_and_usage(serve: Serve) -> None:
    endpoint = serve([json_reply({"title": "Hi", "n": 1}, prompt_tokens=7, completion_tokens=3)])
    completion = ask(make_client(endpoint))
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == "m1"
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.message.role == "assistant"
    assert choice.message.content == '{"title":"Hi","n":1}'
    assert choice.message.tool_calls is None
    assert choice.finish_reason == "stop"
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (7, 3)
    assert completion.usage.total_tokens == 10


@pytest.mark.parametrize(
    ("status", "exc_type"),
    [
        (500, openai.InternalServerError),
        (429, openai.RateLimitError),
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (404, openai.NotFoundError),
    ],
)
def test_scripted_status_raises_matching_sdk_error(
    serve: Serve, status: int, exc_type: type[openai.APIStatusError]
) -> None:
    endpoint = serve([Reply(status=status, content="scripted failure")])
    with pytest.raises(exc_type) as info:
        ask(make_client(endpoint))
    assert info.value.status_code == status
    assert isinstance(info.value.body, dict)
    assert info.value.body["message"] == "scripted failure"


def test_delay_longer_than_timeout_raises_timeout_quietly(
    serve: Serve, capfd: pytest.CaptureFixture[str]
) -> None:
    calls = iter([Reply(content="late", delay=0.5), Reply(content="on time")])
    lock = threading.Lock()

    def handler(request: dict[str, Any]) -> Reply:
        with lock:
            return next(calls)

    endpoint = serve(handler)
    client = make_client(endpoint, timeout=0.2)
    with pytest.raises(openai.APITimeoutError):
        ask(client)
    # The server is still healthy for the next request on the same client.
    assert ask(client).choices[0].message.content == "on time"
    # Let the delayed reply go out to the closed connection (if this machine is slow, stop()
    # below wakes it instead); neither path may print anything.
    time.sleep(0.8)
    endpoint.stop()
    assert capfd.readouterr().err == ""


def test_malformed_json_body_makes_sdk_raise(serve: Serve) -> None:
    endpoint = serve([Reply(raw_body="not json")])
    # The fake labels the body application/json, so the SDK calls response.json() and the
    # decode error escapes unwrapped (it is not an openai.APIError).
    with pytest.raises(json.JSONDecodeError):
        ask(make_client(endpoint))


def test_reset_aborts_the_connection_and_the_server_goes_on(serve: Serve) -> None:
    endpoint = serve([Reply(reset=True), Reply(reset=True), Reply(content="after")])
    client = make_client(endpoint)
    with pytest.raises(openai.APIConnectionError):
        ask(client)
    # On a raw socket the reset is an RST, not an orderly close (which would read as b"").
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        with pytest.raises(ConnectionResetError):
            sock.recv(1024)
    assert ask(client).choices[0].message.content == "after"


def test_raw_body_is_sent_verbatim(serve: Serve) -> None:
    body = '{"hello": "world"}'
    endpoint = serve([Reply(raw_body=body, status=201)])
    request = urllib.request.Request(endpoint.base_url + "/chat/completions", data=b"{}", method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        assert response.read().decode() == body


def test_finish_reason_length_comes_back(serve: Serve) -> None:
    endpoint = serve([Reply(content='{"title": "cut', finish_reason="length")])
    assert ask(make_client(endpoint)).choices[0].finish_reason == "length"


def test_sequence_is_served_in_order_and_last_repeats(serve: Serve) -> None:
    endpoint = serve([Reply(content="one"), Reply(content="two"), Reply(content="three")])
    client = make_client(endpoint)
    got = [ask(client).choices[0].message.content for _ in range(5)]
    assert got == ["one", "two", "three", "three", "three"]


def test_single_reply_repeats(serve: Serve) -> None:
    endpoint = serve(Reply(status=503))
    client = make_client(endpoint)
    for _ in range(2):
        with pytest.raises(openai.InternalServerError):
            ask(client)


def test_requests_records_bodies_in_order(serve: Serve) -> None:
    endpoint = serve([Reply(content="ok")])
    client = make_client(endpoint)
    ask(client, temperature=0.0)
    client.chat.completions.create(model="m2", messages=[{"role": "user", "content": "second"}], max_tokens=5)
    assert [r["model"] for r in endpoint.requests] == ["m1", "m2"]
    assert endpoint.requests[0]["messages"] == MESSAGES
    assert endpoint.requests[0]["temperature"] == 0.0
    assert endpoint.requests[1]["max_tokens"] == 5


def test_handler_function_sees_the_request(serve: Serve) -> None:
    def handler(request: dict[str, Any]) -> Reply:
        return Reply(content=request["messages"][-1]["content"].upper())

    endpoint = serve(handler)
    assert ask(make_client(endpoint)).choices[0].message.content == "SUMMARISE THIS."


def test_handler_exception_becomes_500_and_is_recorded(serve: Serve) -> None:
    def handler(request: dict[str, Any]) -> Reply:
        raise KeyError("boom")

    endpoint = serve(handler)
    with pytest.raises(openai.InternalServerError):
        ask(make_client(endpoint))
    assert len(endpoint.errors) == 1
    assert isinstance(endpoint.errors[0], KeyError)


def test_tool_call_reply_uses_requested_function(serve: Serve) -> None:
    endpoint = serve([json_reply({"title": "T"}, tool_call=True)])
    tools: list[Any] = [
        {"type": "function", "function": {"name": "Other", "parameters": {"type": "object"}}},
        {"type": "function", "function": {"name": "Briefing", "parameters": {"type": "object"}}},
    ]
    client = make_client(endpoint)
    forced = ask(client, tools=tools, tool_choice={"type": "function", "function": {"name": "Briefing"}})
    message = forced.choices[0].message
    assert message.content is None
    assert message.tool_calls is not None and len(message.tool_calls) == 1
    call = message.tool_calls[0]
    assert call.type == "function"
    assert call.function.name == "Briefing"
    assert json.loads(call.function.arguments) == {"title": "T"}
    # Without a forced choice, the first tool is used.
    auto = ask(client, tools=tools)
    assert auto.choices[0].message.tool_calls is not None
    assert auto.choices[0].message.tool_calls[0].function.name == "Other"


def test_models_list(serve: Serve) -> None:
    endpoint = serve([Reply()], model="tiny")
    models = list(make_client(endpoint).models.list())
    assert [m.id for m in models] == ["tiny"]
    assert models[0].owned_by == "fake"


def test_unknown_path_is_openai_style_404(serve: Serve) -> None:
    endpoint = serve([Reply()])
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(endpoint.base_url + "/embeddings")
    assert info.value.code == 404
    error = json.loads(info.value.read())["error"]
    assert set(error) >= {"message", "type", "code"}
    assert endpoint.requests == []


def test_keep_alive_serves_many_requests_on_one_connection(serve: Serve) -> None:
    endpoint = serve([Reply(content="a"), Reply(content="b"), Reply(status=500)])
    conn = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=5)
    try:
        statuses = []
        for _ in range(3):
            body = json.dumps({"model": "m", "messages": MESSAGES})
            conn.request(
                "POST",
                "/v1/chat/completions",
                body=body,
                headers={"Content-Type": "application/json"},
            )
            response = conn.getresponse()
            assert response.getheader("Content-Length") is not None
            response.read()
            statuses.append(response.status)
            assert not response.will_close
        conn.request("GET", "/v1/models")
        assert conn.getresponse().status == 200
    finally:
        conn.close()
    assert statuses == [200, 200, 500]


def test_concurrent_requests_are_all_served(serve: Serve) -> None:
    endpoint = serve([Reply(content="ok", delay=0.05)])
    client = make_client(endpoint)

    def one(i: int) -> str | None:
        completion = client.chat.completions.create(model="m", messages=[{"role": "user", "content": str(i)}])
        return completion.choices[0].message.content

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(40)))
    assert results == ["ok"] * 40
    assert len(endpoint.requests) == 40
    assert sorted(int(r["messages"][0]["content"]) for r in endpoint.requests) == list(range(40))


def test_lifecycle() -> None:
    endpoint = FakeEndpoint([Reply()])
    with pytest.raises(RuntimeError):
        _ = endpoint.base_url
    endpoint.stop()  # stopping a never-started endpoint is harmless
    with endpoint as running:
        assert running.base_url.startswith("http://127.0.0.1:")
        assert running.base_url.endswith("/v1")
        with pytest.raises(RuntimeError):
            running.start()
    endpoint.stop()  # idempotent
    with pytest.raises(ValueError, match="at least one"):
        FakeEndpoint([])


def test_json_reply_is_compact() -> None:
    reply = json_reply({"a": [1, 2], "b": "é"}, finish_reason="length")
    assert reply.content == '{"a":[1,2],"b":"é"}'
    assert reply.finish_reason == "length"
