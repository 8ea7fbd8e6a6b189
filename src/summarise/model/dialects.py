"""Server dialects of constrained decoding, applied at the HTTP boundary.

llama-cpp-python's server (the embedded model) decodes under a grammar built
from a JSON Schema, but only when asked in its own words:
``response_format: {"type": "json_object", "schema": {...}}``. It answers the
OpenAI form, ``{"type": "json_schema", "json_schema": {"schema": ...}}``, with
HTTP 500. instructor's JSON_SCHEMA mode sends the OpenAI form and, unlike its
JSON mode, does not paste the whole schema into the prompt (1,247 tokens for the
notes schema, measured). So for that server the client speaks JSON_SCHEMA and
this transport rewrites the one field on the way out: the answer is constrained
to our schema, and the prompt carries only the short field guide of the prompt
templates.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

LLAMA_CPP = "llama_cpp"


def llama_cpp_response_format(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with an OpenAI ``json_schema`` response format rewritten as llama.cpp's form."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return body
    schema = (fmt.get("json_schema") or {}).get("schema")
    if not isinstance(schema, dict):
        return body
    return {**body, "response_format": {"type": "json_object", "schema": schema}}


class DialectTransport(httpx.BaseTransport):
    """Wraps a transport and rewrites chat-completion request bodies for one server dialect."""

    def __init__(self, inner: httpx.BaseTransport, dialect: str) -> None:
        self.inner = inner
        self.dialect = dialect

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.dialect == LLAMA_CPP and request.url.path.endswith("/chat/completions"):
            body = json.loads(request.read() or b"{}")
            rewritten = llama_cpp_response_format(body)
            if rewritten is not body:
                content = json.dumps(rewritten).encode()
                headers = httpx.Headers(request.headers)
                headers["content-length"] = str(len(content))
                request = httpx.Request(
                    request.method,
                    request.url,
                    headers=headers,
                    content=content,
                    extensions=request.extensions,
                )
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
