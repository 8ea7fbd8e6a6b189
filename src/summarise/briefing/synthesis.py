"""The reduce stage: one model call over the notes, never the full texts.

The model refers to notes by id (C3, F7, …) instead of sentence numbers, so its
answer stays short and it cannot cite a sentence the notes did not. Disputes
are lists of figure ids, which lets the program attach each figure's value,
what it counts, who gives it and its date exactly as ``summarise.reading`` read
them from the cited sentence.
When the notes are too long for the context window, each source's notes are
cut evenly and the run records a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from summarise import prompts
from summarise.briefing.figures import Figure
from summarise.briefing.notes import Notes, capped, estimate_tokens, trimmed

PROMPTS = ("synthesis", "synthesis_user")
MIN_POINTS, MAX_POINTS = 3, 7
_ID = re.compile(r"\s*([CFE]\d+)\b")


def _normalise(ids: list[str]) -> list[str]:
    """Upper-cased ids, each cut to its leading id: the 0.5B writes "C1 Russia's president…"."""
    out = []
    for raw in ids:
        found = _ID.match(raw.upper())
        out.append(found.group(1) if found else raw.strip().upper())
    return list(dict.fromkeys(out))


def _check(ids: list[str], info: ValidationInfo) -> list[str]:
    """Support ids that name notes. Unknown ids are dropped while a known one remains.

    Only a statement left resting on no real note is re-asked: the 1.5B often adds
    one id too many (C4 of three claims), and every re-ask of the whole synthesis
    costs minutes and failed all three times on seed 003. Dropping an id never
    loses a checkable citation; the statement keeps the ones that resolve.
    """
    known: set[str] = (info.context or {}).get("note_ids", set())
    ids = _normalise(ids)
    if not known:
        return ids
    good = [i for i in ids if i in known]
    if not good:
        raise ValueError(f"{ids} are not note ids from the notes; use only ids listed in the notes")
    return good


class DraftPoint(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: Annotated[str, trimmed(300)]
    support: list[str] = Field(min_length=1, json_schema_extra={"maxItems": 4})

    @field_validator("support")
    @classmethod
    def _ids(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        return _check(ids, info)


class DraftDispute(BaseModel):
    model_config = ConfigDict(extra="ignore")

    topic: Annotated[str, trimmed(120)]
    # No min_length: a one-figure "dispute" is dropped when assembling, which is
    # cheaper than a re-ask of the whole synthesis on a small model.
    figures: list[str]

    @field_validator("figures")
    @classmethod
    def _ids(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        # Only figure ids can be members: the 1.5B sometimes lists the events or claims that go
        # with a figure (E1, C2), or an id that does not exist. They are dropped, not re-asked;
        # a dispute left with fewer than two figures is dropped when assembling, and the
        # program's own grouping (disputes.py) still finds the disagreements.
        known: set[str] = (info.context or {}).get("note_ids", set())
        ids = _normalise(ids)
        return [i for i in ids if i.startswith("F") and (i in known or not known)]


class Synthesis(BaseModel):
    """The briefing's judgement calls; everything else is assembled from the notes."""

    model_config = ConfigDict(extra="ignore")

    title: Annotated[str, trimmed(120)]
    bottom_line: Annotated[str, trimmed(400)]
    bottom_line_support: list[str] = Field(min_length=1, json_schema_extra={"maxItems": 4})
    key_points: Annotated[list[DraftPoint], trimmed(MAX_POINTS)] = Field(
        min_length=1, json_schema_extra={"maxItems": MAX_POINTS}
    )
    disputed_figures: Annotated[list[DraftDispute], trimmed(6)] = capped(6)
    open_questions: Annotated[list[str], trimmed(4)] = capped(4)

    @field_validator("bottom_line_support")
    @classmethod
    def _ids(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        return _check(ids, info)


@dataclass
class NoteIndex:
    """Global ids for every note item, and the text the synthesis prompt shows."""

    text: str = ""
    ids: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # id -> (source, kind, index)
    truncated: list[str] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)  # file names, to label the call


def index_notes(notes: dict[str, Notes], figures: dict[str, list[Figure]], budget_tokens: int) -> NoteIndex:
    """Number every claim, figure and event across sources and render them as text.

    ``figures`` holds each source's figures as read from its sentences. If the
    rendering exceeds ``budget_tokens``, every source keeps the same share of
    items (the first ones, which the map stage lists as most important).
    """
    keep = max(len(n.claims) + len(figures.get(sid, [])) + len(n.events) for sid, n in notes.items())
    while True:
        index = _render(notes, figures, keep)
        index.source_names = [n.source.path.rsplit("/", 1)[-1] for n in notes.values()]
        if estimate_tokens(index.text) <= budget_tokens or keep <= 1:
            return index
        keep -= 1


def _render(notes: dict[str, Notes], figures: dict[str, list[Figure]], keep: int) -> NoteIndex:
    index = NoteIndex()
    counters = {"C": 0, "F": 0, "E": 0}
    blocks = []
    for sid, note in notes.items():
        # No indent under the heading: it cost a token a line and the ids already mark the items.
        lines = [f"Source {sid}: {note.source.title or '(untitled)'}", f"Summary: {note.summary}"]
        texts = {
            "C": [c.text for c in note.claims],
            "F": [f.describe() for f in figures.get(sid, [])],
            "E": [e.text for e in note.events],
        }
        items = [(kind, i) for kind, seq in texts.items() for i in range(len(seq))]
        # Interleave kinds so trimming keeps a bit of each rather than dropping all events.
        items.sort(key=lambda t: t[1])
        if len(items) > keep:
            index.truncated.append(sid)
            items = items[:keep]
        for kind, i in sorted(items, key=lambda t: ("CFE".index(t[0]), t[1])):
            counters[kind] += 1
            nid = f"{kind}{counters[kind]}"
            index.ids[nid] = (sid, kind, i)
            lines.append(f"{nid} {texts[kind][i]}")
        blocks.append("\n".join(lines))
    index.text = "\n\n".join(blocks)
    return index


def messages(index: NoteIndex, n_sources: int) -> list[dict[str, str]]:
    """The chat messages of the synthesis call."""
    system = prompts.render("synthesis", min_points=MIN_POINTS, max_points=MAX_POINTS)
    user = prompts.render("synthesis_user", n_sources=n_sources, notes=index.text)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
