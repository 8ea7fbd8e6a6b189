"""Server dialects of constrained decoding, applied at the HTTP boundary.

llama-cpp-python's server (the embedded model) decodes under a grammar built
from a JSON Schema, but only when asked in its own words:
``response_format: {"type": "json_object", "schema": {...}}``. It answers the
OpenAI form, ``{"type": "json_schema", "json_schema": {"schema": ...}}``, with
HTTP 500. instructor's JSON_SCHEMA mode sends the OpenAI form and, unlike its
JSON mode, does not paste the whole schema into the prompt (1,247 tokens for the
old notes schema, measured). So in the ``json_object_schema`` mode the client
speaks JSON_SCHEMA, marks the request with a header, and this transport
rewrites the one field on the way out: the answer is constrained to our schema,
and the prompt carries only the short field guide of the prompt templates.

llama.cpp's own C++ ``llama-server`` accepts that form too, but converts the
schema with a grammar that lets the model indent its JSON over several lines,
and the 1.5B does: about twice the completion tokens of the same answer from
llama-cpp-python (measured in ``bench/servers.py``). The ``json_grammar`` mode
therefore sends the grammar itself, in the request's ``grammar`` field, built by
llama-cpp-python's converter, whose JSON has no line breaks.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx2

from summarise.errors import ConfigError

DIALECT_HEADER = "x-summarise-dialect"
LLAMA_CPP = "llama_cpp"
GBNF = "gbnf"
_MODE_DIALECTS = {"json_object_schema": LLAMA_CPP, "json_grammar": GBNF}


def dialect_headers(mode: str) -> dict[str, str] | None:
    """Extra request headers that ask the transport for ``mode``'s dialect, if it has one."""
    dialect = _MODE_DIALECTS.get(mode)
    return {DIALECT_HEADER: dialect} if dialect else None


def _json_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of an OpenAI ``json_schema`` response format, if ``body`` asks for one."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    schema = (fmt.get("json_schema") or {}).get("schema")
    return schema if isinstance(schema, dict) else None


def llama_cpp_response_format(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with an OpenAI ``json_schema`` response format rewritten in llama.cpp's form."""
    schema = _json_schema(body)
    if schema is None:
        return body
    return {**body, "response_format": {"type": "json_object", "schema": schema}}


@functools.lru_cache(maxsize=32)
def _gbnf(schema_json: str) -> str:
    """The compact grammar of a schema, converted once: every call of a kind sends the same one."""
    try:
        from llama_cpp.llama_grammar import json_schema_to_gbnf
    except ImportError as exc:
        raise ConfigError(
            "--mode json_grammar builds its grammar with llama-cpp-python, which is not installed",
            hint="pip install -e '.[embedded]' (see README), or choose another --mode.",
        ) from exc
    return str(json_schema_to_gbnf(schema_json))


def gbnf_grammar(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with its OpenAI ``json_schema`` response format replaced by a compact GBNF grammar."""
    schema = _json_schema(body)
    if schema is None:
        return body
    rest = {k: v for k, v in body.items() if k != "response_format"}
    return {**rest, "grammar": _gbnf(json.dumps(schema))}


def rewrite(request: httpx2.Request) -> httpx2.Request:
    """The request in the dialect its header asks for, without the header; others unchanged."""
    dialect = request.headers.get(DIALECT_HEADER)
    if dialect is None:
        return request
    headers = httpx2.Headers(request.headers)
    del headers[DIALECT_HEADER]
    body = json.loads(request.read() or b"{}")
    if dialect == LLAMA_CPP:
        body = llama_cpp_response_format(body)
    elif dialect == GBNF:
        body = gbnf_grammar(body)
    content = json.dumps(body).encode()
    headers["content-length"] = str(len(content))
    return httpx2.Request(
        request.method, request.url, headers=headers, content=content, extensions=request.extensions
    )


class DialectTransport(httpx2.BaseTransport):
    """Wraps a transport and rewrites each request into the dialect its header asks for."""

    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.inner.handle_request(rewrite(request))

    def close(self) -> None:
        self.inner.close()


def dialect_client(transport: httpx2.BaseTransport | None = None) -> httpx2.Client:
    """An HTTP client like the openai SDK's default, that speaks the dialects above.

    ``transport`` (default: a plain HTTP one) carries the rewritten requests.
    """
    inner = transport or httpx2.HTTPTransport()
    return httpx2.Client(transport=DialectTransport(inner), follow_redirects=True)
