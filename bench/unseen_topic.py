"""Benchmark: a cold briefing of a folder on a topic the prompts were never tuned on.

Runs `summarise` on ``bench/unseen/``, two short articles about a port strike,
with the embedded model and a fresh cache. The developers wrote them for this
test; they are not real news, their people and numbers are invented, and they
disagree on purpose (turnout, the pay offer, the cost of the strike). The run
then checks every citation against the files on disk (``quote == text[start:end]``)
and that every statement is cited. Writes
``bench/results/unseen_topic-<model>.json`` and the briefing next to it. Run:

    python bench/unseen_topic.py [--model qwen2.5-coder-1.5b]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from summarise.briefing.citations import all_citations, verify
from summarise.briefing.pipeline import summarise
from summarise.briefing.render import to_markdown
from summarise.eval.metrics import statements
from summarise.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.resolve({"model": args.model, "cache_dir": Path(tmp) / "cache"}, {})
        briefing = summarise([ROOT / "bench" / "unseen"], settings)
    problems = verify(briefing)
    uncited = [s.text for s in statements(briefing) if s.text and not s.citations]
    result = {
        "model": briefing.metadata.model,
        "sources": len(briefing.sources),
        "citations": len(all_citations(briefing)),
        "citations_not_resolving": problems,
        "statements": len(statements(briefing)),
        "uncited_statements": uncited,
        "disputes": [
            {"topic": d.topic, "claims": [f"{c.source_id}: {c.value} ({c.attributed_to})" for c in d.claims]}
            for d in briefing.disputed_figures
        ],
        "failures": [f.model_dump() for f in briefing.metadata.failures],
        "model_seconds": briefing.metadata.model_seconds,
        "wall_seconds": briefing.metadata.seconds.get("total"),
    }
    out = ROOT / "bench" / "results" / f"unseen_topic-{args.model}"  # model names contain dots
    Path(f"{out}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    Path(f"{out}.md").write_text(to_markdown(briefing), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 1 if problems or uncited or result["citations"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
