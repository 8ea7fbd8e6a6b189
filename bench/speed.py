"""Benchmark: the same cold `summarise` run under two configurations, side by side, with the ratio.

Configuration A ("before") is the code at a git ref (default ``cfdc11b``: the
schema pasted into the prompt by instructor's JSON mode, long answers with
values and dates), run from a temporary ``git worktree`` of that ref.
Configuration B ("after") is this checkout as it is on disk. ``--modes M1 M2``
compares two structured-output modes of this checkout instead, which isolates
the schema-in-prompt lever (``json`` against ``json_object_schema``). Run:

    python bench/speed.py                                  # embedded 1.5B, seeds/, cfdc11b vs this checkout
    python bench/speed.py --modes json json_object_schema  # this checkout, two modes
    python bench/speed.py --base-url URL --model NAME [--paths FILE ...]

Each configuration runs the CLI's ``summarise run PATHS --format json`` in its
own process (the venv's python, ``PYTHONPATH=<tree>/src``, the console entry
point named in that tree's pyproject.toml) with a fresh, empty cache folder and
``--no-cache``, so every notes and synthesis call reaches the model.

Why a process per configuration and a proxy in front of the endpoint: the old
code and the new share a package name, so they cannot share an interpreter; and
the briefing's metadata does not count re-asks (instructor repeats a call whose
answer fails validation) nor the time and tokens of calls that failed in the
end. So every request passes through a counting HTTP proxy in this process. A
request whose messages are an earlier request's messages plus two more (the
rejected answer and the correction instruction instructor appends) is a
re-ask; a request identical to an earlier one is an HTTP retry.

With the embedded model (no ``--base-url``), each configuration gets its own
freshly started llama.cpp server (the server command of this checkout; it is
unchanged since cfdc11b), so neither inherits the other's KV cache; the server's
start is not timed. The client is told what it would do on its own with the
embedded model: that code's embedded mode (read from its ``Endpoint``) and one
request at a time (the pipeline's embedded concurrency).

Reported per configuration: wall time of the whole process, time inside model
calls (metadata.model_seconds, successful calls only) and at the proxy (all
requests), prompt and completion tokens (metadata.usage and at the proxy),
model calls, re-asks, HTTP retries, answers that failed validation in the end
(metadata.failures), and prompt tokens per source token. Source tokens are
counted with the embedded model's tokenizer when the embedded model runs, else
with the pipeline's own estimate (4 characters a token); the results say which.
Results go to ``bench/results/speed.json`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BEFORE = "cfdc11b"

# Headers that describe one hop of a connection, not the request; httpx2 sets its own.
_HOP = {"host", "content-length", "connection", "keep-alive", "transfer-encoding", "accept-encoding"}
_HOP_RESPONSE = {"content-length", "connection", "keep-alive", "transfer-encoding", "content-encoding"}


# ---------------------------------------------------------------------------------------------
# The counting proxy


def _digest(messages: Any) -> str:
    return hashlib.sha256(json.dumps(messages, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Tally:
    """What passed through the proxy: one entry per chat request (thread-safe)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def classify(self, body: dict[str, Any]) -> str:
        """``first``, ``reask`` (an earlier request plus answer and correction) or ``retry`` (a repeat)."""
        messages = body.get("messages")
        if not isinstance(messages, list):
            return "first"
        whole = _digest(messages)
        with self.lock:
            if whole in self.seen:
                kind = "retry"
            elif len(messages) > 2 and _digest(messages[:-2]) in self.seen:
                kind = "reask"
            else:
                kind = "first"
            self.seen.add(whole)
        return kind

    def add(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.requests.append(entry)

    def summary(self) -> dict[str, Any]:
        chats = self.requests
        formats: dict[str, int] = {}
        for r in chats:
            formats[r["response_format"]] = formats.get(r["response_format"], 0) + 1
        return {
            "requests": len(chats),
            "first_asks": sum(r["kind"] == "first" for r in chats),
            "reasks": sum(r["kind"] == "reask" for r in chats),
            "http_retries": sum(r["kind"] == "retry" for r in chats),
            "http_errors": sum(r["status"] >= 400 for r in chats),
            "truncated": sum(r["finish_reason"] == "length" for r in chats),
            "prompt_tokens": sum(r["prompt_tokens"] for r in chats),
            "completion_tokens": sum(r["completion_tokens"] for r in chats),
            "seconds": round(sum(r["seconds"] for r in chats), 3),
            "response_formats": formats,
        }


def _response_format(body: dict[str, Any]) -> str:
    """How the request asked for structure, in a few words (to check which mode really ran)."""
    fmt = body.get("response_format")
    if isinstance(fmt, dict):
        kind = str(fmt.get("type"))
        return f"{kind}+schema" if kind == "json_object" and "schema" in fmt else kind
    return "tools" if body.get("tools") else "none"


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the openai SDK expects
    server: _ProxyServer

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request lines on stderr."""

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self._forward(self.rfile.read(length))

    def _forward(self, content: bytes | None) -> None:
        body: dict[str, Any] | None = None
        if content and self.path.rstrip("/").endswith("/chat/completions"):
            try:
                parsed = json.loads(content)
                body = parsed if isinstance(parsed, dict) else None
            except ValueError:
                body = None
        kind = self.server.tally.classify(body) if body is not None else ""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        started = time.perf_counter()
        try:
            response = self.server.client.request(
                self.command, self.server.upstream + self.path, content=content, headers=headers
            )
            status, payload = response.status_code, response.content
            reply_headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP_RESPONSE]
        except httpx2.HTTPError as exc:  # upstream down or reset: the client sees a 502, as via any proxy
            status, payload = 502, json.dumps({"error": {"message": f"proxy: {exc!r}"}}).encode()
            reply_headers = [("content-type", "application/json")]
        seconds = time.perf_counter() - started
        if body is not None:
            self.server.tally.add(_entry(body, kind, status, payload, seconds))
        self.send_response(status)
        for key, value in reply_headers:
            self.send_header(key, value)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _entry(body: dict[str, Any], kind: str, status: int, payload: bytes, seconds: float) -> dict[str, Any]:
    usage: dict[str, Any] = {}
    finish = None
    if status < 400:
        try:
            answer = json.loads(payload)
            usage = answer.get("usage") or {}
            finish = (answer.get("choices") or [{}])[0].get("finish_reason")
        except (ValueError, AttributeError, IndexError):
            pass
    return {
        "kind": kind,
        "status": status,
        "seconds": round(seconds, 3),
        "prompt_tokens": int(usage.get("prompt_tokens") or 0),
        "completion_tokens": int(usage.get("completion_tokens") or 0),
        "finish_reason": finish,
        "response_format": _response_format(body),
    }


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream.rstrip("/")
        self.client = httpx2.Client(timeout=None)  # the client under test owns the timeouts
        self.tally = Tally()


@contextmanager
def counting_proxy(upstream: str) -> Iterator[_ProxyServer]:
    """A loopback proxy to ``upstream`` (a base URL such as http://host:port/v1) for a ``with`` block."""
    server = _ProxyServer(upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.client.close()


def proxy_url(server: _ProxyServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# ---------------------------------------------------------------------------------------------
# The code under test: a source tree, its entry point, its embedded mode


@dataclass(frozen=True)
class Tree:
    """A source tree to run: this checkout, or a temporary worktree of a ref."""

    path: Path
    describe: str


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


@contextmanager
def tree_at(ref: str | None, scratch: Path) -> Iterator[Tree]:
    """This checkout (``ref`` None) or a detached worktree of ``ref``, removed again afterwards."""
    if ref is None:
        head = _git("rev-parse", "--short", "HEAD").strip()
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no").strip())
        yield Tree(ROOT, f"this checkout ({head}{', with uncommitted changes' if dirty else ''})")
        return
    sha = _git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()
    path = scratch / f"tree-{sha[:12]}"
    _git("worktree", "add", "--detach", str(path), sha)
    try:
        yield Tree(path, f"{ref} ({sha[:12]})")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False)


def _env(tree: Tree) -> dict[str, str]:
    """The environment of a run: only the tree's sources first on the path, no endpoint settings.

    SUMMARISE_* and OPENAI_BASE_URL would steer both configurations the same way
    behind the benchmark's back; the flags it passes are the whole configuration.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARISE_") and k != "OPENAI_BASE_URL"}
    env["PYTHONPATH"] = str(tree.path / "src")
    env["DEEPEVAL_TELEMETRY_OPT_OUT"] = "YES"
    return env


def entry_point(tree: Tree) -> tuple[str, str]:
    """Module and function of the tree's `summarise` console script (it moved: cli:main, cli.main:main)."""
    scripts = tomllib.loads((tree.path / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["summarise"].partition(":")
    return module, function


_EMBEDDED_MODE = """
import importlib, sys
from summarise.settings import Settings
from summarise.progress import Reporter
for name in ("summarise.model.endpoint", "summarise.endpoint"):
    try:
        module = importlib.import_module(name)
        break
    except ImportError:
        continue
endpoint = module.Endpoint(Settings.resolve({"model": sys.argv[1]}, {}), Reporter(enabled=False))
print(endpoint.known_mode)
"""


def embedded_mode(tree: Tree, model: str) -> str:
    """The structured-output mode the tree's code uses on the embedded server by itself."""
    done = subprocess.run(
        [sys.executable, "-c", _EMBEDDED_MODE, model],
        env=_env(tree),
        cwd=tree.path,
        capture_output=True,
        text=True,
        check=False,
    )
    mode = done.stdout.strip()
    if done.returncode != 0 or not mode or mode == "None":
        sys.exit(
            f"cannot tell which mode {tree.describe} uses on the embedded model:\n{done.stderr[-2000:]}\n"
            "Pass --modes explicitly."
        )
    return mode


# ---------------------------------------------------------------------------------------------
# One configuration


@dataclass(frozen=True)
class Config:
    label: str
    tree: Tree
    mode: str | None  # None: let the code choose (auto)


def run_config(
    config: Config,
    args: argparse.Namespace,
    scratch: Path,
    upstream: str,
    server_start_s: float | None,
) -> dict[str, Any]:
    """Run the CLI of ``config`` once through a fresh counting proxy; its measurements."""
    work = scratch / f"run-{config.label}"
    work.mkdir()
    output = work / "briefing.json"
    module, function = entry_point(config.tree)
    launch = f"import importlib; importlib.import_module({module!r}).{function}()"
    flags = ["--format", "json", "-o", str(output), "--no-cache", "--cache-dir", str(work / "cache")]
    flags += ["--model", args.model_name]
    if config.mode:
        flags += ["--mode", config.mode]
    if args.concurrency:
        flags += ["--concurrency", str(args.concurrency)]
    paths = [str(p.resolve()) for p in args.paths]
    with counting_proxy(upstream) as proxy:
        command = [sys.executable, "-c", launch, "run", *paths, "--base-url", proxy_url(proxy), *flags]
        print(
            f"[{config.label}] {config.tree.describe}, mode {config.mode or 'auto'} ...",
            file=sys.stderr,
            flush=True,
        )
        with (work / "stderr.txt").open("w+", encoding="utf-8") as stderr:
            started = time.perf_counter()
            done = subprocess.run(
                command, env=_env(config.tree), cwd=config.tree.path, stdout=subprocess.DEVNULL, stderr=stderr
            )
            wall = time.perf_counter() - started
            stderr.seek(0)
            err_lines = stderr.read().splitlines()
        http = proxy.tally.summary()
        requests = proxy.tally.requests
    result: dict[str, Any] = {
        "code": config.tree.describe,
        "mode_asked": config.mode or "auto",
        "exit_code": done.returncode,
        "wall_s": round(wall, 2),
        "server_start_s": server_start_s,
        "http": http,
        "reasks": http["reasks"],
    }
    # 6 is a partial briefing: written, but a source or the synthesis failed (newer code only).
    if done.returncode not in (0, 6) or not output.exists():
        result["error"] = err_lines[-10:]
        print(f"[{config.label}] failed with exit code {done.returncode}:", file=sys.stderr)
        print("\n".join(err_lines[-10:]), file=sys.stderr)
        return result
    meta = json.loads(output.read_text(encoding="utf-8"))["metadata"]
    usage = meta.get("usage") or {}
    failures = meta.get("failures") or []
    result |= {
        "mode": meta.get("mode"),
        "model": meta.get("model"),
        "pipeline_s": (meta.get("seconds") or {}).get("total"),
        "model_s": meta.get("model_seconds"),
        "overhead_s": round(wall - float(meta.get("model_seconds") or 0.0), 2),
        "prompt_tokens": usage.get("prompt_tokens", 0),
        "completion_tokens": usage.get("completion_tokens", 0),
        "model_calls": meta.get("model_calls"),
        "failures": len(failures),
        "failure_details": failures,
        "warnings": len(meta.get("warnings") or []),
        "seconds_per_stage": meta.get("seconds"),
        "requests": requests,
    }
    return result


# ---------------------------------------------------------------------------------------------
# Source tokens, the table


def source_tokens(paths: list[Path], gguf: Path | None) -> tuple[int, str]:
    """Tokens of the sources' texts (as this checkout reads them) and how they were counted."""
    from summarise.briefing.notes import estimate_tokens
    from summarise.sources.files import load_sources

    sources, _ = load_sources(paths)
    texts = [s.text for s in sources]
    if gguf is None:
        return sum(
            estimate_tokens(t) for t in texts
        ), "estimate: 4 characters a token (notes.estimate_tokens)"
    from llama_cpp import Llama

    vocab = Llama(model_path=str(gguf), vocab_only=True, verbose=False)
    count = sum(len(vocab.tokenize(t.encode("utf-8"), add_bos=False)) for t in texts)
    return count, f"the embedded model's tokenizer ({gguf.name})"


ROWS = [
    ("wall_s", "wall time (s)"),
    ("model_s", "model time (s)"),
    ("overhead_s", "overhead (s)"),
    ("prompt_tokens", "prompt tokens"),
    ("completion_tokens", "completion tokens"),
    ("model_calls", "model calls"),
    ("reasks", "re-asks"),
    ("failures", "failed answers"),
    ("prompt_tokens_per_source_token", "prompt tok / source tok"),
    ("http.requests", "HTTP requests"),
    ("http.seconds", "time in requests (s)"),
    ("http.prompt_tokens", "prompt tokens, all requests"),
    ("http.completion_tokens", "completion tokens, all requests"),
]
RATIO_KEYS = [key for key, _ in ROWS]


def _get(result: dict[str, Any], key: str) -> Any:
    value: Any = result
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _ratio(b: Any, a: Any) -> float | None:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or a == 0:
        return None
    return round(b / a, 3)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(a: dict[str, Any], b: dict[str, Any], ratios: dict[str, float | None]) -> str:
    lines = [f"{'':32} {'A (before)':>14} {'B (after)':>14} {'B/A':>8}"]
    for key, name in ROWS:
        lines.append(
            f"{name:32} {_cell(_get(a, key)):>14} {_cell(_get(b, key)):>14} {_cell(ratios.get(key)):>8}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help="git ref of configuration A")
    parser.add_argument("--after", help="git ref of configuration B (default: this checkout as on disk)")
    parser.add_argument(
        "--modes",
        nargs=2,
        metavar=("MODE_A", "MODE_B"),
        help="compare two modes of this checkout instead of two versions (e.g. json json_object_schema)",
    )
    parser.add_argument("--base-url", help="an OpenAI-compatible endpoint (default: the embedded model)")
    parser.add_argument("--model", help="model name at the endpoint (embedded default qwen2.5-coder-1.5b)")
    parser.add_argument(
        "--concurrency", type=int, help="parallel calls (default: 1 on the embedded model, else the code's)"
    )
    parser.add_argument("--paths", nargs="+", type=Path, default=[ROOT / "seeds"], help="the workload")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args(argv)
    if args.base_url is None:
        args.model_name = args.model or "qwen2.5-coder-1.5b"
        args.concurrency = args.concurrency or 1  # what the pipeline does with the embedded model
    else:
        if not args.model:
            parser.error("--base-url needs --model")
        args.model_name = args.model
    if args.modes and args.after:
        parser.error("--modes compares two modes of this checkout; leave out --after")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="speed-")))
        if args.modes:
            here = stack.enter_context(tree_at(None, scratch))
            configs = [Config("A", here, args.modes[0]), Config("B", here, args.modes[1])]
        else:
            before = stack.enter_context(tree_at(args.before, scratch))
            after = stack.enter_context(tree_at(args.after, scratch))
            if args.base_url is None:  # what each version would ask the embedded server for
                modes: list[str | None] = [
                    embedded_mode(before, args.model_name),
                    embedded_mode(after, args.model_name),
                ]
            else:  # a foreign endpoint: each version probes it as it would for a user
                modes = [None, None]
            configs = [Config("A", before, modes[0]), Config("B", after, modes[1])]

        gguf: Path | None = None
        if args.base_url is None:
            from summarise.model.embedded import assemble, packaged_model
            from summarise.settings import Settings

            settings = Settings.resolve({"model": args.model_name}, {})
            gguf = assemble(packaged_model(args.model_name), settings.data_dir)  # not timed
        results = {}
        for config in configs:
            if args.base_url is None:
                from summarise.model.embedded import EmbeddedServer

                assert gguf is not None
                started = time.perf_counter()
                with EmbeddedServer(
                    gguf, args.model_name, settings.context_window, settings.n_threads
                ) as srv:
                    start_s = round(time.perf_counter() - started, 2)
                    results[config.label] = run_config(config, args, scratch, srv.base_url, start_s)
            else:
                results[config.label] = run_config(config, args, scratch, args.base_url, None)
        count, counted_by = source_tokens(args.paths, gguf)

    for result in results.values():
        if "prompt_tokens" in result:
            result["prompt_tokens_per_source_token"] = round(result["prompt_tokens"] / count, 3)
    a, b = results["A"], results["B"]
    ratios = {key: _ratio(_get(b, key), _get(a, key)) for key in RATIO_KEYS}
    report = {
        "comparison": "modes" if args.modes else "versions",
        "endpoint": "given by --base-url"
        if args.base_url
        else f"embedded {args.model_name}, fresh server each",
        "model": args.model_name,
        "concurrency": args.concurrency,
        "workload": [
            str(p.resolve().relative_to(ROOT)) if p.resolve().is_relative_to(ROOT) else str(p)
            for p in args.paths
        ],
        "source_tokens": count,
        "source_tokens_counted_by": counted_by,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "notes": [
            "model_s and prompt/completion tokens are the briefing's metadata (successful calls only); "
            "http.* counts every request that passed the proxy, re-asks and failed calls included.",
            "re-asks: requests whose messages extend an earlier request's by the rejected answer and "
            "instructor's correction; failures: answers that still failed validation (metadata.failures).",
        ],
        "A": a,
        "B": b,
        "ratios_B_over_A": ratios,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"A: {a['code']}, mode {a.get('mode', a['mode_asked'])}")
    print(f"B: {b['code']}, mode {b.get('mode', b['mode_asked'])}")
    print(f"workload: {', '.join(report['workload'])}; {count:,} source tokens ({counted_by})")
    print(table(a, b, ratios))
    print(f"results: {args.out}")
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
