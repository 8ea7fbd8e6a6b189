"""Sentence ids become exact spans here, and nowhere else.

A ``SentenceRef`` is (source id, sentence index). ``resolve`` turns a set of
them into ``Citation``s whose quote is sliced from the source text, so
``quote == text[start:end]`` holds by construction; ``verify`` re-checks a
finished briefing against the files, the way any reader could.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summarise.schema import Briefing, Citation
from summarise.sources.files import Source

SentenceRef = tuple[str, int]


def resolve(refs: Iterable[SentenceRef], sources: dict[str, Source]) -> list[Citation]:
    """Citations for sentence refs, de-duplicated, in document order."""
    out = []
    for sid, index in sorted(set(refs), key=lambda r: (int(r[0][1:]), r[1])):
        source = sources[sid]
        start, end = source.sentences[index]
        out.append(Citation(source_id=sid, start=start, end=end, quote=source.text[start:end]))
    return out


def all_citations(briefing: Briefing) -> list[Citation]:
    """Every citation anywhere in a briefing."""
    cites = list(briefing.bottom_line_citations)
    for item in (
        *briefing.key_points,
        *briefing.notable_figures,
        *briefing.actors,
        *briefing.timeline,
        *briefing.source_summaries,
    ):
        cites.extend(item.citations)
    for dispute in briefing.disputed_figures:
        for claim in dispute.claims:
            cites.extend(claim.citations)
    for series in briefing.figures_over_time:
        for point in series.points:
            cites.extend(point.citations)
    return cites


def verify(briefing: Briefing, root: Path | None = None) -> list[str]:
    """Check every citation against the files on disk; return one line per failure."""
    paths = {s.id: Path(s.path) if root is None else root / s.path for s in briefing.sources}
    texts: dict[str, str] = {}
    problems = []
    for cite in all_citations(briefing):
        if cite.source_id not in paths:
            problems.append(f"citation names unknown source {cite.source_id}")
            continue
        if cite.source_id not in texts:
            texts[cite.source_id] = paths[cite.source_id].read_bytes().decode("utf-8")
        if texts[cite.source_id][cite.start : cite.end] != cite.quote:
            problems.append(f"{cite.source_id}[{cite.start}:{cite.end}] does not match its quote")
    return problems
