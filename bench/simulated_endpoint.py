"""Benchmark: orchestration overhead at scale, against a simulated endpoint with fixed latency.

100 generated sources, concurrency 8, every model call answered after LATENCY
seconds by the loopback fake endpoint. The ideal map-stage time is
100 × LATENCY / 8; the ratio of measured to ideal shows what threading,
validation, caching and HTTP cost on top. Run:

    python bench/simulated_endpoint.py [--sources 100] [--concurrency 8] [--latency 0.5]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from summarise.pipeline import summarise
from summarise.settings import Settings
from summarise.testing.fake_endpoint import FakeEndpoint, Reply

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.conftest import sensible_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.5)
    args = parser.parse_args()

    def slow(request: dict[str, object]) -> Reply:
        reply = sensible_model(request)  # type: ignore[arg-type]
        reply.delay = args.latency
        return reply

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(args.sources):
            body = " ".join(f"Sentence {j} of article {i} reports {i * 10 + j} soldiers." for j in range(12))
            (folder / f"a{i:03d}.txt").write_text(f"Article {i} headline\n{body}\n", encoding="utf-8")
        with FakeEndpoint(slow) as endpoint:
            settings = Settings.resolve(
                {
                    "base_url": endpoint.base_url,
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
    }
    out = Path(__file__).parent / "results" / "simulated_endpoint.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
