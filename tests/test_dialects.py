"""The llama.cpp dialect of constrained decoding: json_schema rewritten as json_object + schema."""

from __future__ import annotations

import json

import httpx2

from summarise.model.dialects import DIALECT_HEADER, DialectTransport, dialect_headers, rewrite

SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
BODY = {
    "model": "m",
    "messages": [{"role": "user", "content": "hi"}],
    "response_format": {"type": "json_schema", "json_schema": {"name": "A", "schema": SCHEMA}},
}


def _request(headers: dict[str, str] | None) -> httpx2.Request:
    return httpx2.Request("POST", "http://x/v1/chat/completions", json=BODY, headers=headers or {})


def test_marked_request_is_rewritten_and_unmarked() -> None:
    out = rewrite(_request(dialect_headers("json_object_schema")))
    assert DIALECT_HEADER not in out.headers
    body = json.loads(out.read())
    assert body["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert body["messages"] == BODY["messages"]
    assert int(out.headers["content-length"]) == len(out.read())


def test_unmarked_request_is_left_alone() -> None:
    assert dialect_headers("json_schema") is None
    request = _request(None)
    assert rewrite(request) is request


def test_transport_sends_the_rewritten_body() -> None:
    seen: list[dict[str, object]] = []

    def server(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.read()))
        return httpx2.Response(200, json={"ok": True})

    client = httpx2.Client(transport=DialectTransport(httpx2.MockTransport(server)))
    client.post("http://x/v1/chat/completions", json=BODY, headers=dialect_headers("json_object_schema"))
    client.post("http://x/v1/chat/completions", json=BODY)
    assert seen[0]["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert seen[1]["response_format"] == BODY["response_format"]


def test_json_grammar_sends_a_compact_grammar_instead_of_the_schema() -> None:
    import pytest

    pytest.importorskip("llama_cpp")
    out = rewrite(_request(dialect_headers("json_grammar")))
    body = json.loads(out.read())
    assert "response_format" not in body
    rules = dict(line.split(" ::= ", 1) for line in body["grammar"].splitlines())
    assert rules["root"] == '"{" space a-kv "}" space'  # the schema's one required field
    # Whitespace is one optional space: llama-server's own conversion allows line breaks and
    # indentation, and the model then indents its answers (about twice the tokens).
    assert rules["space"] == '" "?'
    assert body["messages"] == BODY["messages"]
