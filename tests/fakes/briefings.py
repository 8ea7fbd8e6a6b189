"""A hand-made briefing for metric and scorer tests: empty sections over the given sources."""

from __future__ import annotations

from typing import Any

from summarise.schema import Briefing, RunMetadata, SourceRef, Usage


def hand_made(sources: list[SourceRef], /, **parts: Any) -> Briefing:
    """A briefing over ``sources`` with every section empty; ``parts`` fills or overrides any field."""
    metadata = RunMetadata(
        model="hand-written",
        endpoint_host="none",
        mode="test",
        prompt_version="test",
        usage=Usage(),
        model_calls=0,
        cache_hits=0,
        seconds={},
        model_seconds=0.0,
    )
    fields: dict[str, Any] = {
        "title": "",
        "bottom_line": "",
        "bottom_line_citations": [],
        "key_points": [],
        "disputed_figures": [],
        "notable_figures": [],
        "actors": [],
        "timeline": [],
        "source_summaries": [],
        "open_questions": [],
        "sources": sources,
        "metadata": metadata,
    }
    return Briefing(**(fields | parts))
