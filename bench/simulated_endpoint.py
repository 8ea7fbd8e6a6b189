"""Benchmark: orchestration overhead at scale, against a simulated endpoint with fixed latency.

N generated sources, concurrency C, every model call answered after LATENCY
seconds by the loopback fake endpoint, which runs in its own process (as a real
endpoint would) so its work does not compete with the client for the GIL. The
ideal map-stage time is N × LATENCY / C; the ratio of measured to ideal shows
what threading, validation, caching and HTTP cost on top. Run:

    python bench/simulated_endpoint.py [--sources 100] [--concurrency 8] [--latency 2.0]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarise.briefing.pipeline import summarise
from summarise.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# The server process: the scripted model of the tests, delayed by LATENCY.
_SERVER = """
import sys, time
sys.path.insert(0, {root!r})
from tests.fakes.fake_endpoint import FakeEndpoint
from tests.conftest import sensible_model
def slow(request):
    reply = sensible_model(request)
    reply.delay = {latency}
    return reply
with FakeEndpoint(slow) as endpoint:
    print(endpoint.base_url, flush=True)
    sys.stdin.read()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=2.0)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER.format(root=str(ROOT), latency=args.latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for i in range(args.sources):
                body = " ".join(
                    f"Sentence {j} of article {i} reports {i * 10 + j} soldiers." for j in range(12)
                )
                (folder / f"a{i:03d}.txt").write_text(f"Article {i} headline\n{body}\n", encoding="utf-8")
            settings = Settings.resolve(
                {
                    "base_url": base_url,
                    "model": "sim",
                    "mode": "json",
                    "concurrency": args.concurrency,
                    "cache_dir": Path(tmp) / "cache",
                },
                {},
            )
            started = time.perf_counter()
            briefing = summarise([folder], settings)
            wall = time.perf_counter() - started
    finally:
        server.kill()
        server.wait()
    notes = briefing.metadata.seconds["notes"]
    ideal = args.sources * args.latency / args.concurrency
    result = {
        "sources": args.sources,
        "concurrency": args.concurrency,
        "latency_s": args.latency,
        "map_stage_s": round(notes, 3),
        "ideal_map_s": round(ideal, 3),
        "map_over_ideal": round(notes / ideal, 3),
        "total_s": round(wall, 3),
        "ideal_total_s": round(ideal + args.latency, 3),
        "total_over_ideal": round(wall / (ideal + args.latency), 3),
        "model_calls": briefing.metadata.model_calls,
        "failures": len(briefing.metadata.failures),
    }
    out = ROOT / "bench" / "results" / f"simulated_endpoint-{args.latency}s.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
