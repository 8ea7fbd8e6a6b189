"""URLs and stdin become saved snapshots, so citations stay checkable after the page changes.

A citation's offsets are only worth something if the reader can get the same
text back. A live page changes (and stdin is gone once read), so every such
input is first saved as a file, byte for byte as received, in a snapshot folder,
and the briefing's source ``path`` is that file. Next to each snapshot a small
JSON sidecar records where it came from; a snapshot passed again later by path
still knows its URL.

Fetching is deliberately narrow: http(s) only, a timeout, at most five
redirects, a size cap checked both on the declared length and while reading,
and only content types we can read as an article. Each refusal is one
``SourceError`` naming the URL, so the other inputs go on.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from summarise.errors import SourceError

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10 * 1024 * 1024
# Content types we can read, and the suffix that tells files.read_source how.
_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
}
_SIDECAR = ".source.json"
_USER_AGENT = "summarise (article snapshot; +https://pypi.org/project/summarise/)"


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS


def is_url(arg: str) -> bool:
    """Whether a command-line input names a URL rather than a path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", arg))


def _save(data: bytes, suffix: str, stem: str, snapshot_dir: Path, meta: dict[str, object]) -> Path:
    try:
        snapshot_dir.mkdir(parents=True, exist_ok=True)
        # Named by content: the same bytes fetched twice are one snapshot.
        path = snapshot_dir / f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
        path.write_bytes(data)
        sidecar = path.with_name(path.name + _SIDECAR)
        sidecar.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise SourceError(
            str(snapshot_dir),
            f"cannot save a snapshot ({exc.strerror})",
            hint="Pass a writable --snapshot-dir.",
        ) from exc
    return path


def snapshot_url(path: Path) -> str | None:
    """The URL a snapshot was fetched from, if ``path`` is one."""
    sidecar = path.with_name(path.name + _SIDECAR)
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = meta.get("url") if isinstance(meta, dict) else None
    return url if isinstance(url, str) else None


def _stem(url: str) -> str:
    host = urlsplit(url).hostname or "page"
    return re.sub(r"[^A-Za-z0-9.-]", "_", host)[:60]


def fetch(url: str, snapshot_dir: Path, limits: FetchLimits | None = None) -> Path:
    """Fetch ``url`` into ``snapshot_dir`` and return the snapshot's path, or raise ``SourceError``."""
    limits = limits or FetchLimits()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        hint = "Pass the file's path instead." if scheme == "file" else "Use an http:// or https:// URL."
        raise SourceError(url, f"is a {scheme}: URL; only http and https are fetched", hint=hint)
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=limits.max_redirects,
                timeout=limits.timeout,
                headers={"User-Agent": _USER_AGENT, "Accept": ", ".join(_TYPES)},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise SourceError(
                    url,
                    f"returned HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                    hint="Check the URL in a browser.",
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            suffix = _TYPES.get(content_type)
            if suffix is None:
                raise SourceError(
                    url,
                    f"is {content_type or 'of no stated type'}, not an article (HTML, text or PDF)",
                    hint="Link to the article's page itself.",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise _too_big(url, limits)
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > limits.max_bytes:
                    raise _too_big(url, limits)
            final_url = str(response.url)
            status = response.status_code
    except httpx.TooManyRedirects as exc:
        raise SourceError(
            url,
            f"redirects more than {limits.max_redirects} times",
            hint="Open it in a browser to see where.",
        ) from exc
    except httpx.TimeoutException as exc:
        raise SourceError(
            url, f"did not answer within {limits.timeout:g} s", hint="Try again later."
        ) from exc
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        raise SourceError(url, "cannot be reached", hint="Check the address and your connection.") from exc
    except httpx.HTTPError as exc:  # protocol errors, bad URLs
        raise SourceError(url, f"cannot be fetched ({exc})", hint="Check the URL.") from exc
    if not body.strip():
        raise SourceError(url, "returned an empty page", hint="Check the URL in a browser.")
    meta: dict[str, object] = {
        "url": url,
        "final_url": final_url,
        "status": status,
        "content_type": content_type,
        "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return _save(bytes(body), suffix, _stem(final_url), snapshot_dir, meta)


def _too_big(url: str, limits: FetchLimits) -> SourceError:
    return SourceError(
        url,
        f"is larger than {limits.max_bytes // (1024 * 1024) or limits.max_bytes} "
        + ("MiB" if limits.max_bytes >= 1024 * 1024 else "bytes"),
        hint="Save the article yourself and pass the file.",
    )


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return ".html"
    return ".txt"


def snapshot_stdin(data: bytes, snapshot_dir: Path) -> Path:
    """Save one article read from stdin and return the snapshot's path, or raise ``SourceError``."""
    if not data.strip():
        raise SourceError("-", "stdin is empty", hint="Pipe an article in, e.g. `pbpaste | summarise -`.")
    meta: dict[str, object] = {
        "url": None,
        "read_from": "stdin",
        "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return _save(data, _sniff(data), "stdin", snapshot_dir, meta)
