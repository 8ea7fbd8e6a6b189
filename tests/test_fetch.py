"""URLs and stdin: fetched into snapshots, each bad input one clear line, the others still read."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.briefing.citations import all_citations
from summarise.cli.main import cli
from summarise.errors import SourceError
from summarise.schema import Briefing, Citation
from summarise.sources.fetch import FetchLimits, fetch, snapshot_stdin
from summarise.sources.files import read_source
from tests.fakes.fake_endpoint import FakeEndpoint
from tests.fakes.scripted import sensible_model

from .conftest import SEEDS

PAGE = (Path(__file__).parent / "data" / "pages" / "article_tag.html").read_bytes()
SEED = SEEDS / "001_b9075798c62b1022.txt"
OTHER_SEED = SEEDS / "004_0e50d461d1c32bec.txt"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/story":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self._send(301, b"", "text/html", {"Location": "/story"})
        elif self.path == "/loop":
            self._send(302, b"", "text/html", {"Location": "/loop"})
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<html>")
        elif self.path == "/endless":  # no declared length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"<p>more and more text " * 1000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/logo.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif self.path == "/seed.txt":
            self._send(200, SEED.read_bytes(), "text/plain; charset=utf-8")
        else:
            self._send(404, b"<h1>Not found</h1>", "text/html")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_page_is_saved_and_read_from_its_snapshot(server: str, tmp_path: Path) -> None:
    snap = fetch(f"{server}/moved", tmp_path)
    assert snap.parent == tmp_path and snap.suffix == ".html" and snap.read_bytes() == PAGE
    source = read_source(snap, "S1")
    assert source.url == f"{server}/moved" and source.path == str(snap)
    assert source.outlet == "The Harbour Courier"
    assert fetch(f"{server}/story", tmp_path) == snap  # the same bytes are one snapshot


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404"),
        ("/loop", "redirects more than 5 times"),
        ("/huge", "larger than"),
        ("/endless", "larger than"),
        ("/logo.png", "image/png, not an article"),
    ],
)
def test_bad_urls_are_one_clear_error(server: str, tmp_path: Path, path: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        fetch(f"{server}{path}", tmp_path, FetchLimits(max_bytes=1024 * 1024, timeout=10))
    assert info.value.message.startswith(f"{server}{path}: ") and info.value.hint
    assert list(tmp_path.iterdir()) == []  # nothing half-saved


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"http://127.0.0.1:{_closed_port()}/story", "cannot be reached"),
        ("ftp://example.com/story.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_unreachable_and_other_schemes(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        fetch(url, tmp_path)


def test_empty_stdin(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="stdin is empty"):
        snapshot_stdin(b"  \n", tmp_path)


def _cli(endpoint: FakeEndpoint, *args: str, stdin: bytes | None = None) -> object:
    common = ["--base-url", endpoint.base_url, "-m", "fake", "--mode", "json"]
    return CliRunner().invoke(cli, [*args, *common], input=stdin)


def test_cli_reads_urls_and_stdin_and_names_each_bad_input(server: str, tmp_path: Path) -> None:
    snaps = tmp_path / "snaps"
    out = tmp_path / "b.json"
    bad = [
        f"{server}/missing",
        f"{server}/loop",
        f"{server}/logo.png",
        f"http://127.0.0.1:{_closed_port()}/x",
    ]
    with FakeEndpoint(sensible_model) as endpoint:
        result = _cli(
            endpoint,
            f"{server}/story",
            f"{server}/seed.txt",
            "-",
            *bad,
            "--snapshot-dir",
            str(snaps),
            "--format",
            "json",
            "-o",
            str(out),
            # Another article than the served seed: identical content would be read once.
            stdin=OTHER_SEED.read_bytes(),
        )
    # 6: the briefing of the readable inputs is written, but it lacks the bad ones.
    assert result.exit_code == 6, result.output  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    errors = [line for line in lines if line.startswith("error: skipped")]
    assert len(errors) == len(bad) and all(any(b in e for e in errors) for b in bad)
    assert "partial briefing, written without 4 unreadable inputs" in lines[-2]
    briefing = json.loads(out.read_text("utf-8"))
    closing = next(line for line in lines if line.startswith("wrote json briefing"))
    n_cites = len({(c.source_id, c.start, c.end) for c in _citations(briefing)})
    assert closing.startswith(
        f"wrote json briefing to {out}: {n_cites} distinct citations from 3 sources in "
    )
    assert briefing["metadata"]["model"] == "fake"  # -m is --model
    by_id = {s["id"]: s for s in briefing["sources"]}
    assert [Path(s["path"]).parent for s in by_id.values()] == [snaps, snaps, snaps]
    assert by_id["S1"]["url"] == f"{server}/story" and by_id["S1"]["outlet"] == "The Harbour Courier"
    assert by_id["S2"]["url"] == f"{server}/seed.txt" and by_id["S3"]["url"] is None  # S3: stdin
    # Citations verify against the snapshots, which stay on disk whatever the live page does.
    texts = {sid: Path(s["path"]).read_bytes().decode("utf-8") for sid, s in by_id.items()}
    cites = _citations(briefing)
    assert {c.source_id for c in cites} == {"S1", "S2", "S3"}
    assert all(texts[c.source_id][c.start : c.end] == c.quote for c in cites)


def test_cli_empty_stdin_alone_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["-", "--snapshot-dir", str(tmp_path), "--base-url", "http://127.0.0.1:9/v1"], input=b""
    )
    assert result.exit_code == 2 and "stdin is empty" in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        "error: -: stdin is empty"
    ]


def _citations(briefing: dict[str, Any]) -> list[Citation]:
    """Every citation of a briefing read from its JSON, as the project itself lists them."""
    return all_citations(Briefing.model_validate(briefing))
