"""Benchmark: a cold run of `summarise seeds/` on the embedded model.

Measures, in one run: wall time, the time spent inside model calls (summed by
the client), their ratio (orchestration overhead = (wall − model) / model),
prompt and completion tokens, and prompt tokens per source token (the source
counted with the model's own tokenizer). The cache is a fresh temporary folder,
so every call reaches the model. Run:

    python bench/cold_run.py [--model qwen2.5-coder-1.5b] [PATH ...]

A cold ``summarise eval --record`` also runs the all-seeds case cold and keeps
the same measurements in its results.json; ``--from-eval-results FILE`` reads
them from there instead of running the model again (about 12 minutes).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from summarise.briefing.pipeline import summarise
from summarise.model.embedded import assemble, packaged_model
from summarise.schema import RunMetadata
from summarise.settings import Settings
from summarise.sources.files import load_sources

ROOT = Path(__file__).resolve().parents[1]


def source_tokens(gguf: Path, texts: list[str]) -> int:
    """Tokens of the article texts, counted by the model's own tokenizer."""
    from llama_cpp import Llama

    vocab = Llama(model_path=str(gguf), vocab_only=True, verbose=False)
    return sum(len(vocab.tokenize(t.encode("utf-8"), add_bos=False)) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--from-eval-results", type=Path, help="results.json of a cold eval --record")
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"])
    args = parser.parse_args()
    settings = Settings.resolve({"model": args.model}, {})
    gguf = assemble(packaged_model(args.model), settings.data_dir)  # not part of the timed run
    if args.from_eval_results:
        runs = json.loads(args.from_eval_results.read_text(encoding="utf-8"))[args.model]
        meta = RunMetadata.model_validate(next(r["run"] for r in runs if r["case"] == "all-seeds"))
        wall = meta.seconds["total"]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            briefing = summarise(args.paths, settings.with_(cache_dir=Path(tmp) / "cache"))
            wall = time.perf_counter() - started
        meta = briefing.metadata
    sources, _ = load_sources(args.paths)
    src_tokens = source_tokens(gguf, [s.text for s in sources])
    result = {
        "model": meta.model,
        "sources": len(sources),
        "wall_s": round(wall, 2),
        "model_s": meta.model_seconds,
        "overhead_s": round(wall - meta.model_seconds, 2),
        "overhead_ratio": round((wall - meta.model_seconds) / meta.model_seconds, 4),
        "model_calls": meta.model_calls,
        "prompt_tokens": meta.usage.prompt_tokens,
        "completion_tokens": meta.usage.completion_tokens,
        "source_tokens": src_tokens,
        "prompt_tokens_per_source_token": round(meta.usage.prompt_tokens / src_tokens, 2),
        "seconds_per_stage": meta.seconds,
        "failures": [f.model_dump() for f in meta.failures],
        "measured_by": "eval --record" if args.from_eval_results else "bench/cold_run.py",
    }
    out = ROOT / "bench" / "results" / f"cold_run-{args.model}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
