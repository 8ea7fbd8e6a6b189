"""Benchmark: how long the reading layer takes on the seed articles, in one run.

Prints the time to check and load the spaCy pipeline (sha256 of the model files
included), then the time to read every sentence of the seed articles (split by
``load_sources``) with ``read_sentences``, and what it found. Run:

    python bench/reading.py [PATH ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from summarise.reading import language
from summarise.reading.text import read_sentences
from summarise.sources.files import load_sources

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"])
    args = parser.parse_args()
    sources, _ = load_sources(args.paths)
    sentences = [s.sentence(i) for s in sources for i in range(len(s.sentences))]

    start = time.perf_counter()
    language.nlp()
    loaded = time.perf_counter() - start

    start = time.perf_counter()
    readings = read_sentences(sentences)
    read = time.perf_counter() - start

    quantities = sum(len(r.quantities) for r in readings)
    dates = sum(len(r.dates) for r in readings)
    names = sum(len(r.entities) for r in readings)
    chars = sum(len(s) for s in sentences)
    print(f"pipeline check + load: {loaded:.2f} s")
    print(f"read {len(sentences)} sentences ({chars} chars) of {len(sources)} articles: {read:.2f} s")
    print(f"found {quantities} quantities, {dates} dates, {names} entities")


if __name__ == "__main__":
    main()
