"""Which model endpoint a run talks to: a configured URL, or the embedded server started lazily.

The embedded server starts only on the first call that the cache cannot
answer, so a rerun served from the cache, or an ``--offline`` replay, never
loads the model at all.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import httpx2

from summarise.errors import ConfigError
from summarise.model.embedded import EmbeddedServer, PackagedModel, assemble, packaged_model
from summarise.progress import Reporter
from summarise.safe_text import strip_userinfo, url_host
from summarise.settings import Settings


def remote_identity(base_url: str) -> str:
    """Which server a base URL names, for the cache key: ``host[:port]/path``, never credentials.

    ``user:pass@`` is dropped first, so a credential can reach neither the key nor a
    fixture. The host is lower-cased and a default port dropped (``HOST:80`` and ``host``
    are one server); the scheme, query and a trailing slash say nothing about who answers.
    The path keeps its case: unlike a host name it is case-sensitive, and two servers
    behind one proxy can differ only by it.

    >>> remote_identity("https://alice:pw@API.Example.com:443/v1/")
    'api.example.com/v1'
    """
    parts = urlsplit(strip_userinfo(base_url))
    host = parts.netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(parts.scheme.lower())
    if default and host.endswith(default):
        host = host.removesuffix(default)
    return host + parts.path.rstrip("/")


def prepare_model(packaged: PackagedModel, data_dir: Path, reporter: Reporter) -> Path:
    """Assemble (or find) the packaged GGUF, showing a byte progress bar while it is built."""
    with reporter.task(f"Preparing model {packaged.name}", packaged.size, as_bytes=True) as advance:
        done = [0]

        def progress(now: int, total: int) -> None:
            advance(now - done[0])
            done[0] = now

        return assemble(packaged, data_dir, progress)


class Endpoint:
    """A model name plus a base URL that may only exist once asked for."""

    def __init__(
        self, settings: Settings, reporter: Reporter, http_client: httpx2.Client | None = None
    ) -> None:
        self.settings = settings
        self.reporter = reporter
        self.http_client = http_client  # None: the openai SDK's own; tests inject a MockTransport
        self._stack = ExitStack()
        self._lock = threading.Lock()
        self._url = settings.base_url
        if settings.embedded:
            name = settings.model or settings.embedded_model
            self.packaged = packaged_model(name)
            self.model = name
            # llama_cpp.server rejects json_schema (HTTP 500) but constrains json_object to a
            # schema given in its own words (dialects.py): no schema in the prompt, valid answers.
            self.known_mode: str | None = "json_object_schema"
        else:
            if not settings.model:
                raise ConfigError(
                    f"no model name given for the endpoint {strip_userinfo(settings.base_url or '')}",
                    hint="Pass --model (or SUMMARISE_MODEL), e.g. --model llama3.2 for Ollama.",
                )
            self.model = settings.model
            self.known_mode = None

    @property
    def host(self) -> str:
        """How the endpoint is named in metadata (no port for the embedded server: it varies)."""
        if self.settings.embedded:
            return "embedded llama.cpp"
        return url_host(self.settings.base_url or "")  # never the URL's user:pass@

    @property
    def identity(self) -> str:
        """Who answers, as the cache key names it (``model.cache``): known before any call.

        The embedded model is named by its pinned weights, a remote endpoint by its
        credential-free host and path. Together with the requested model name (its own
        key part) this tells two servers apart that serve models of the same name.
        """
        if self.settings.embedded:
            return self.packaged.identity
        return remote_identity(self.settings.base_url or "")

    def base_url(self) -> str:
        """The URL to call, starting the embedded server on first use."""
        with self._lock:
            if self._url is None:
                gguf = prepare_model(self.packaged, self.settings.data_dir, self.reporter)
                self.reporter.note(f"Starting embedded model server ({self.model})…")
                server = EmbeddedServer(
                    gguf, self.model, self.settings.context_window, self.settings.n_threads
                )
                self._stack.enter_context(server)
                self._url = server.base_url
            return self._url

    def close(self) -> None:
        """Stop the embedded server if it was started."""
        self._stack.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
