"""The reduce stage: one model call over the notes, never the full texts.

The model refers to notes by id (C3, F7, …) instead of sentence numbers, so its
answer stays short and it cannot cite a sentence the notes did not. Disputes
are lists of figure ids, which lets the program attach each source's value and
attribution exactly as the map stage extracted them from the full article.
When the notes are too long for the context window, each source's notes are
cut evenly and the run records a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from summarise import prompts
from summarise.briefing.notes import SourceNotes, estimate_tokens

PROMPTS = ("synthesis", "synthesis_user")
MIN_POINTS, MAX_POINTS = 3, 7
_ID = re.compile(r"\s*([CFAE]\d+)\b")


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

    text: str = Field(description="The key point, at most 30 words.")
    support: list[str] = Field(min_length=1, description="Ids of the notes it rests on, e.g. ['C2', 'F1'].")

    @field_validator("support")
    @classmethod
    def _ids(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        return _check(ids, info)


class DraftDispute(BaseModel):
    model_config = ConfigDict(extra="ignore")

    topic: str = Field(description="The quantity the sources disagree on.")
    # No min_length: a one-figure "dispute" is dropped when assembling, which is
    # cheaper than a re-ask of the whole synthesis on a small model.
    figures: list[str] = Field(description="Every F-id giving a value for it (two or more).")
    note: str | None = Field(default=None, description="Why the values may differ (date, scope), or null.")

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

    title: str = Field(description="A plain headline for the briefing.")
    bottom_line: str = Field(description="One or two sentences for a busy reader.")
    bottom_line_support: list[str] = Field(min_length=1, description="Note ids it rests on.")
    key_points: list[DraftPoint] = Field(description=f"{MIN_POINTS} to {MAX_POINTS} key points.")
    disputed_figures: list[DraftDispute] = Field(description="Figures the sources disagree on.")
    open_questions: list[str] = Field(description="At most 4 unresolved questions.")

    @field_validator("bottom_line_support")
    @classmethod
    def _ids(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        return _check(ids, info)

    @field_validator("key_points", mode="before")
    @classmethod
    def _cap_points(cls, items: object) -> object:
        return items[:MAX_POINTS] if isinstance(items, list) else items


@dataclass
class NoteIndex:
    """Global ids for every note item, and the text the synthesis prompt shows."""

    text: str = ""
    ids: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # id -> (source, kind, index)
    truncated: list[str] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)  # file names, to label the call


def index_notes(
    notes: dict[str, SourceNotes], titles: dict[str, str | None], budget_tokens: int, names: dict[str, str]
) -> NoteIndex:
    """Number every claim, figure, actor and event across sources and render them as text.

    If the rendering exceeds ``budget_tokens``, every source keeps the same
    share of items (the first ones, which the map stage lists as most important).
    """
    keep = max(len(n.claims) + len(n.figures) + len(n.actors) + len(n.events) for n in notes.values())
    while True:
        index = _render(notes, titles, keep)
        index.source_names = [names[sid] for sid in notes]
        if estimate_tokens(index.text) <= budget_tokens or keep <= 1:
            return index
        keep -= 1


def _render(notes: dict[str, SourceNotes], titles: dict[str, str | None], keep: int) -> NoteIndex:
    index = NoteIndex()
    counters = {"C": 0, "F": 0, "A": 0, "E": 0}
    blocks = []
    for sid, note in notes.items():
        lines = [
            f"Source {sid}: {titles.get(sid) or '(untitled)'}"
            + (f" ({note.outlet_or_author})" if note.outlet_or_author else ""),
            f"  Summary: {note.summary}",
        ]
        items: list[tuple[str, str, int]] = []
        for kind, seq in (("C", note.claims), ("F", note.figures), ("E", note.events), ("A", note.actors)):
            items.extend((kind, sid, i) for i in range(len(seq)))
        # Interleave kinds so trimming keeps a bit of each rather than dropping all actors.
        items.sort(key=lambda t: t[2])
        if len(items) > keep:
            index.truncated.append(sid)
            items = items[:keep]
        for kind, _, i in sorted(items, key=lambda t: ("CFEA".index(t[0]), t[2])):
            counters[kind] += 1
            nid = f"{kind}{counters[kind]}"
            index.ids[nid] = (sid, kind, i)
            lines.append(f"  {nid} {_describe(note, kind, i)}")
        blocks.append("\n".join(lines))
    index.text = "\n\n".join(blocks)
    return index


def _describe(note: SourceNotes, kind: str, i: int) -> str:
    if kind == "C":
        return note.claims[i].text
    if kind == "F":
        f = note.figures[i]
        when = f" (as of {f.as_of})" if f.as_of else ""
        return f"{f.what}: {f.value}, according to {f.attributed_to}{when}"
    if kind == "A":
        return f"{note.actors[i].name}: {note.actors[i].role}"
    return f"{note.events[i].date}: {note.events[i].event}"


def messages(index: NoteIndex, n_sources: int) -> list[dict[str, str]]:
    """The chat messages of the synthesis call."""
    system = prompts.render("synthesis", min_points=MIN_POINTS, max_points=MAX_POINTS)
    user = prompts.render("synthesis_user", n_sources=n_sources, notes=index.text)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
