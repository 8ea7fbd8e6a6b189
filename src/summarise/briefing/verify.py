"""The optional entailment pass (``--verify``): the model answers yes or no for each statement.

The support gate (``gate.py``) is deterministic: it checks numbers, dates and
names and the share of shared words, and so it cannot see a reversed meaning
("fight Russia" for "fight for Russia"). This pass asks the endpoint's own model
whether each statement's quotes say what it says. It is one call per briefing
(a numbered list of statements with their quotes, and a list of verdicts back),
cached like every call, and a statement judged unsupported is dropped and
counted under the ``verify`` section of the gate's metadata.

No faithfulness checker ships its weights on PyPI, so the endpoint's model is
the only semantic check available here; a small model is a lenient judge, so
this only removes statements, never adds or rewrites them.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from summarise import prompts
from summarise.model.client import ModelClient
from summarise.schema import Briefing, GateCount

PROMPTS = ("verify",)
_QUOTE_CHARS = 400  # per statement: enough to judge, bounded for the context window


class Verdict(BaseModel):
    model_config = ConfigDict(extra="ignore")

    statement: int
    supported: bool


class Verdicts(BaseModel):
    """One verdict per numbered statement."""

    model_config = ConfigDict(extra="ignore")

    verdicts: list[Verdict] = Field(min_length=1)

    @field_validator("verdicts")
    @classmethod
    def _all_answered(cls, verdicts: list[Verdict], info: ValidationInfo) -> list[Verdict]:
        count: int | None = (info.context or {}).get("count")
        if count is not None:
            missing = sorted(set(range(1, count + 1)) - {v.statement for v in verdicts})
            if missing:
                raise ValueError(f"no verdict for statements {missing}; give one for each of 1 to {count}")
        return verdicts


def _items(b: Briefing) -> list[tuple[str, int, str, str]]:
    """(section, index, statement, quotes) for the statements in the model's own words."""
    out = [
        ("key_points", i, p.text, " … ".join(c.quote for c in p.citations))
        for i, p in enumerate(b.key_points)
    ]
    out += [
        ("source_summaries", i, s.summary, " … ".join(c.quote for c in s.citations))
        for i, s in enumerate(b.source_summaries)
        if s.summary
    ]
    if b.bottom_line:
        out.insert(0, ("bottom_line", 0, b.bottom_line, " … ".join(c.quote for c in b.bottom_line_citations)))
    return out


def messages(items: list[tuple[str, int, str, str]]) -> list[dict[str, str]]:
    """The verify call: instructions first, the numbered statements last."""
    lines = []
    for n, (_, _, text, quotes) in enumerate(items, 1):
        short = " ".join(quotes.split())[:_QUOTE_CHARS]
        lines.append(f"[{n}] Statement: {text}\n    Quotes: {short}")
    return [
        {"role": "system", "content": prompts.render("verify")},
        {"role": "user", "content": "\n".join(lines)},
    ]


def verify(b: Briefing, client: ModelClient, max_tokens: int) -> Briefing:
    """``b`` without the model-worded statements the model judges its quotes do not support."""
    items = _items(b)
    if not items:
        return b
    answer = client.structured(
        Verdicts,
        messages(items),
        stage="verify",
        label=re.sub(r"\W+", "-", b.title)[:40] or "briefing",
        max_tokens=max_tokens,
        prompt_version=prompts.version(*PROMPTS),
        context={"count": len(items)},
    )
    rejected = {v.statement for v in answer.verdicts if not v.supported}
    drop: dict[str, set[int]] = {}
    for n, (section, index, _, _) in enumerate(items, 1):
        if n in rejected:
            drop.setdefault(section, set()).add(index)
    update: dict[str, Any] = {
        "key_points": [p for i, p in enumerate(b.key_points) if i not in drop.get("key_points", set())],
        "source_summaries": [
            s.model_copy(update={"summary": "", "citations": []})
            if i in drop.get("source_summaries", set())
            else s
            for i, s in enumerate(b.source_summaries)
        ],
    }
    if drop.get("bottom_line"):
        update["bottom_line"], update["bottom_line_citations"] = "", []
    gate = {**b.metadata.gate, "verify": GateCount(checked=len(items), dropped=len(rejected))}
    update["metadata"] = b.metadata.model_copy(update={"gate": gate})
    return b.model_copy(update=update)
