"""How long dispute grouping takes for many sources (issue 10: 2,000 small sources in under 5 s).

    python bench/grouping.py [--sources 100 1000 5000]

Builds five figures per source over a handful of counted nouns (so every bucket is large,
the worst case for grouping) and times ``summarise.briefing.disputes.group`` once per size.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from summarise.briefing.disputes import group
from summarise.briefing.figures import Figure
from summarise.briefing.notes import FigureRef
from summarise.reading.text import Quantity

NOUNS = ["worker", "ship", "tonne", "protester", "officer"]


def figures(n_sources: int) -> list[Figure]:
    out = []
    for i in range(n_sources):
        for k, noun in enumerate(NOUNS):
            q = Quantity(f"{100 + i}", 0, 3, 100.0 + i, None, None, "count", None, noun, noun, None, None)
            out.append(Figure(FigureRef(f"S{i}", k, 0), q, None, None, None, True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, nargs="+", default=[100, 1000, 2000, 5000])
    args = parser.parse_args()
    rows = []
    for n in args.sources:
        figs = figures(n)
        start = time.perf_counter()
        groups = group(figs)
        seconds = time.perf_counter() - start
        rows.append({"sources": n, "figures": len(figs), "groups": len(groups), "seconds": round(seconds, 3)})
        print(f"{n:>6} sources, {len(figs):>6} figures: {seconds:.3f} s")
    out = Path(__file__).parent / "results" / "grouping.json"
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
