"""Benchmark: the same cold ``summarise seeds/`` on different llama.cpp servers, side by side.

Issue 11 asks to try llama.cpp's C++ ``llama-server`` (its own grammar sampling, ``--parallel``
slots, the 0.5B as a draft model) against the embedded default (llama-cpp-python's Python server),
and to keep a technique only if it is faster on these 2 cores. The code under test is this checkout,
unchanged, in the structured-output mode it uses on the embedded server (``json_object_schema``),
except the ``cpp-grammar`` configurations, which send the same grammar in llama-server's own field.

``llama-server`` is not shipped in any wheel; it is built from the llama.cpp sources vendored in the
llama-cpp-python sdist pinned in pyproject.toml (about 8 minutes on 2 cores, see the results file):

    pip download --no-deps --no-binary :all: llama-cpp-python==0.3.36 -d /tmp/lsrv
    tar xzf /tmp/lsrv/llama_cpp_python-0.3.36.tar.gz -C /tmp/lsrv
    cd /tmp/lsrv/llama_cpp_python-0.3.36/vendor/llama.cpp && mkdir build && cd build
    cmake .. -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
      -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF \
      -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF -DBUILD_SHARED_LIBS=OFF
    cmake --build . --target llama-server -j2
    python bench/servers.py --llama-server /tmp/lsrv/.../build/bin/llama-server

Configurations (``--only`` picks some): ``python`` (the embedded default, one request at a time),
``cpp`` (llama-server, one slot), ``cpp-parallel`` (two slots, two requests at a time, each slot with
the same context as the others have), ``cpp-draft`` (one slot, the 0.5B drafting for the 1.5B), and
``cpp-grammar`` / ``cpp-grammar-draft`` (as ``cpp`` / ``cpp-draft``, in the ``json_grammar`` mode: the
compact grammar llama-cpp-python builds, sent as the request's ``grammar``; llama-server's own schema
conversion lets the model indent its JSON, about twice the completion tokens).
Every run gets a freshly started server and an empty cache; the server's start is not timed. Results
go to ``bench/results/servers.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parents[1]
MODE = "json_object_schema"


def _speed() -> Any:
    """bench/speed.py, for its counting proxy and its runner (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_speed", ROOT / "bench" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_speed"] = module
    spec.loader.exec_module(module)
    return module


@contextmanager
def llama_server(binary: Path, gguf: Path, alias: str, n_ctx: int, extra: list[str]) -> Iterator[str]:
    """A started ``llama-server`` on a free port; its base URL for a ``with`` block."""
    from summarise.model.embedded import free_port

    port = free_port()
    threads = str(os.cpu_count() or 1)
    command = [str(binary), "-m", str(gguf), "--alias", alias, "--host", "127.0.0.1", "--port", str(port)]
    command += ["-c", str(n_ctx), "-t", threads, "-tb", threads, "--no-webui", *extra]
    log = Path(tempfile.mkstemp(prefix="llama-server-", suffix=".log")[1])
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                sys.exit(f"llama-server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if httpx2.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"llama-server did not become ready; log: {log}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llama-server", type=Path, required=True, help="path of a built llama-server")
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--draft", default="qwen2.5-coder-0.5b", help="draft model for cpp-draft")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["python", "cpp", "cpp-parallel", "cpp-draft", "cpp-grammar", "cpp-grammar-draft"],
    )
    parser.add_argument("--paths", nargs="+", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "servers.json")
    args = parser.parse_args(argv)
    speed = _speed()

    from summarise.model.embedded import EmbeddedServer, assemble, packaged_model
    from summarise.settings import Settings

    settings = Settings.resolve({"model": args.model}, {})
    gguf = assemble(packaged_model(args.model), settings.data_dir)
    draft = assemble(packaged_model(args.draft), settings.data_dir)
    n_ctx = settings.context_window
    # name: (requests at a time, llama-server flags or None for the Python server, total context, mode)
    plans: dict[str, tuple[int, list[str] | None, int, str]] = {
        "python": (1, None, n_ctx, MODE),
        "cpp": (1, ["-np", "1"], n_ctx, MODE),
        # Each of two slots keeps the whole context window a request may need (the total is split).
        "cpp-parallel": (2, ["-np", "2", "--no-kv-unified"], 2 * n_ctx, MODE),
        "cpp-draft": (1, ["-np", "1", "-md", str(draft)], n_ctx, MODE),
        # llama-server's schema conversion lets the model indent its JSON; send the compact
        # grammar the Python server builds instead (see summarise.model.dialects).
        "cpp-grammar": (1, ["-np", "1"], n_ctx, "json_grammar"),
        "cpp-grammar-draft": (1, ["-np", "1", "-md", str(draft)], n_ctx, "json_grammar"),
    }
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="servers-") as tmp:
        scratch = Path(tmp)
        with speed.tree_at(None, scratch) as here:
            for name, (concurrency, extra, total_ctx, mode) in plans.items():
                if args.only and name not in args.only:
                    continue
                run_args = argparse.Namespace(
                    model_name=args.model, concurrency=concurrency, paths=args.paths
                )
                config = speed.Config(name, here, mode)
                started = time.perf_counter()
                if extra is None:
                    with EmbeddedServer(gguf, args.model, n_ctx, settings.n_threads) as srv:
                        start_s = round(time.perf_counter() - started, 2)
                        results[name] = speed.run_config(config, run_args, scratch, srv.base_url, start_s)
                else:
                    with llama_server(args.llama_server, gguf, args.model, total_ctx, extra) as url:
                        start_s = round(time.perf_counter() - started, 2)
                        results[name] = speed.run_config(config, run_args, scratch, url, start_s)
                results[name]["server_flags"] = extra
                results[name]["mode_asked"] = mode
                results[name]["concurrency"] = concurrency
                results[name].pop("requests", None)
                print(f"[{name}] wall {results[name]['wall_s']} s", file=sys.stderr, flush=True)
    base = results.get("python")
    report: dict[str, Any] = {
        "model": args.model,
        "workload": [str(p) for p in args.paths],
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "llama_server": str(args.llama_server),
        "results": results,
    }
    if base is not None:
        report["wall_over_python"] = {
            name: round(r["wall_s"] / base["wall_s"], 3) for name, r in results.items() if "wall_s" in r
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    for name, r in results.items():
        print(
            f"{name:13} wall {r.get('wall_s')} s  model {r.get('model_s')} s"
            f"  prompt {r.get('prompt_tokens')}  completion {r.get('completion_tokens')}"
            f"  failures {r.get('failures')}  re-asks {r.get('reasks')}"
        )
    print(f"results: {args.out}")
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
