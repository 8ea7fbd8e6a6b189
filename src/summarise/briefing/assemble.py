"""Build the ``Briefing`` from per-source notes and the synthesis, resolving every citation.

Everything that can be derived without judgement is derived here rather than
asked of the model: actors are merged by name, the timeline is sorted from the
dated notes, per-source summaries come straight from the notes, and each side
of a dispute keeps the value and attribution the map stage read in the full
article. If the synthesis call failed, the briefing is still built from the
notes alone, and the failure is in the metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarise.briefing.citations import SentenceRef, resolve
from summarise.briefing.disputes import ADDED_NOTE, GROUP_NOTE, FigureRef, group_figures, prune
from summarise.briefing.notes import NoteActor, NoteClaim, NoteEvent, NoteFigure, SourceNotes
from summarise.briefing.synthesis import NoteIndex, Synthesis
from summarise.schema import (
    Actor,
    DisputedFigure,
    FigureClaim,
    KeyPoint,
    NotableFigure,
    RunMetadata,
    SourceSummary,
    TimelineEntry,
)
from summarise.schema import Briefing as BriefingModel
from summarise.sources.files import Source
from summarise.sources.refs import source_ref

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _refs(sid: str, numbers: Iterable[int]) -> list[SentenceRef]:
    return [(sid, n - 1) for n in numbers]


def _note_refs(index: NoteIndex, notes: dict[str, SourceNotes], ids: Iterable[str]) -> list[SentenceRef]:
    refs: list[SentenceRef] = []
    for nid in ids:
        sid, kind, i = index.ids[nid]
        note = notes[sid]
        items: dict[str, Sequence[NoteClaim | NoteFigure | NoteActor | NoteEvent]] = {
            "C": note.claims,
            "F": note.figures,
            "A": note.actors,
            "E": note.events,
        }
        item = items[kind][i]
        refs.extend(_refs(sid, item.sentences))
    return refs


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _actors(notes: dict[str, SourceNotes], sources: dict[str, Source]) -> list[Actor]:
    merged: dict[str, tuple[str, list[str], list[SentenceRef]]] = {}
    for sid, note in notes.items():
        for actor in note.actors:
            key = _norm(actor.name)
            _, roles, refs = merged.setdefault(key, (actor.name, [], []))
            if actor.role and actor.role not in roles:
                roles.append(actor.role)
            refs.extend(_refs(sid, actor.sentences))
    return [
        Actor(name=name, role="; ".join(roles), citations=resolve(refs, sources))
        for name, roles, refs in merged.values()
    ]


def _year(date: str) -> int:
    match = _YEAR.search(date)
    return int(match.group(1)) if match else 9999


def _timeline(notes: dict[str, SourceNotes], sources: dict[str, Source]) -> list[TimelineEntry]:
    entries = []
    for sid, note in notes.items():
        for event in note.events:
            entries.append(
                TimelineEntry(
                    date=event.date,
                    event=event.event,
                    source_id=sid,
                    citations=resolve(_refs(sid, event.sentences), sources),
                )
            )
        # A figure recovered from an event (grounding._recovered) is that event again.
        dated = {(e.date, tuple(e.sentences)) for e in note.events}
        for fig in note.figures:
            if fig.as_of and (fig.as_of, tuple(fig.sentences)) not in dated:
                entries.append(
                    TimelineEntry(
                        date=fig.as_of,
                        event=f"{fig.what}: {fig.value} (according to {fig.attributed_to})",
                        source_id=sid,
                        citations=resolve(_refs(sid, fig.sentences), sources),
                    )
                )
    order = {sid: i for i, sid in enumerate(notes)}
    return sorted(entries, key=lambda e: (_year(e.date), order[e.source_id]))


def _claim(sid: str, fig: NoteFigure, sources: dict[str, Source]) -> FigureClaim:
    return FigureClaim(
        source_id=sid,
        value=fig.value,
        what=fig.what,
        attributed_to=fig.attributed_to,
        as_of=fig.as_of,
        citations=resolve(_refs(sid, fig.sentences), sources),
    )


@dataclass
class _Draft:
    """A dispute being assembled: the model's (or the program's) topic and its figure members."""

    topic: str
    note: str | None
    refs: list[FigureRef]  # members kept
    asked: set[FigureRef]  # members as first proposed, before pruning: they tie a program group to this topic


def _disputes(
    synth: Synthesis | None,
    index: NoteIndex | None,
    notes: dict[str, SourceNotes],
    sources: dict[str, Source],
) -> tuple[list[DisputedFigure], set[FigureRef]]:
    """The model's disputes, completed by the program's own grouping (disputes.py)."""
    figures = {(sid, i): f for sid, n in notes.items() for i, f in enumerate(n.figures)}
    # What each figure counts is read from the sentences it cites (disputes.counted).
    cited = {
        ref: " ".join(sources[ref[0]].sentence(n - 1) for n in f.sentences) for ref, f in figures.items()
    }
    drafts: list[_Draft] = []
    if synth is not None and index is not None:
        for draft in synth.disputed_figures:
            refs = [(index.ids[f][0], index.ids[f][2]) for f in draft.figures]
            # A small model mixes unrelated figures into a dispute; keep only compatible ones.
            kept = [
                refs[k] for k in prune([notes[sid].figures[i] for sid, i in refs], [cited[r] for r in refs])
            ]
            # The model's note describes the members it chose, so it goes with any it lost.
            drafts.append(_Draft(draft.topic, draft.note if kept == refs else None, kept, set(refs)))
    for group in group_figures(figures, cited):
        # The model's topic names a group better than a figure description does.
        holder = next((d for d in drafts if set(d.refs) & set(group)), None)
        holder = holder or next((d for d in drafts if d.asked & set(group)), None)
        if holder is not None:
            # The union is checked again, so a member pruned from the model's dispute comes
            # back only if it fits the merged group (and a casualty among counts stays out).
            merged = holder.refs + [r for r in group if r not in holder.refs]
            holder.refs = [merged[k] for k in prune([figures[r] for r in merged], [cited[r] for r in merged])]
            if set(holder.refs) - holder.asked:
                holder.note = holder.note or ADDED_NOTE
        else:
            topic = min((figures[r].what for r in group), key=len)
            drafts.append(_Draft(topic, GROUP_NOTE, list(group), set(group)))
    order = {sid: k for k, sid in enumerate(notes)}
    disputes, used = [], set()
    for d in drafts:
        topic, note, refs = d.topic, d.note, d.refs
        claims, seen = [], set()
        for sid, i in sorted(refs, key=lambda r: (order[r[0]], r[1])):
            fig = notes[sid].figures[i]
            if (sid, fig.value) not in seen:
                seen.add((sid, fig.value))
                claims.append(_claim(sid, fig, sources))
        # One value, however many voices, is agreement, not a dispute.
        if len(claims) >= 2 and len({_norm(c.value) for c in claims}) >= 2:
            disputes.append(DisputedFigure(topic=topic, claims=claims, note=note))
            used.update(refs)
    return disputes, used


def build(
    sources: list[Source],
    notes: dict[str, SourceNotes],
    index: NoteIndex | None,
    synth: Synthesis | None,
    metadata: RunMetadata,
) -> BriefingModel:
    """Assemble the briefing; ``synth`` is None when the synthesis call failed."""
    by_id = {s.id: s for s in sources}
    disputes, used = _disputes(synth, index, notes, by_id)
    if synth is not None and index is not None:
        title, bottom = synth.title, synth.bottom_line
        bottom_cites = resolve(_note_refs(index, notes, synth.bottom_line_support), by_id)
        points = [
            KeyPoint(text=p.text, citations=resolve(_note_refs(index, notes, p.support), by_id))
            for p in synth.key_points
        ]
        questions = synth.open_questions[:4]
    else:  # notes-only fallback: every source's summary and first claims, cited
        title = "Briefing: " + "; ".join(s.title or s.path for s in sources if s.id in notes)[:200]
        first = next(iter(notes.items()), None)
        bottom = first[1].summary if first else "No source could be summarised."
        bottom_cites = resolve(_refs(first[0], first[1].summary_sentences), by_id) if first else []
        points = [
            KeyPoint(text=c.text, citations=resolve(_refs(sid, c.sentences), by_id))
            for sid, n in notes.items()
            for c in n.claims[:2]
        ]
        questions = []
    notable = [
        NotableFigure(
            what=f.what,
            value=f.value,
            source_id=sid,
            attributed_to=f.attributed_to,
            as_of=f.as_of,
            citations=resolve(_refs(sid, f.sentences), by_id),
        )
        for sid, n in notes.items()
        for i, f in enumerate(n.figures)
        if (sid, i) not in used
    ]
    summaries = [
        SourceSummary(
            source_id=sid,
            title=by_id[sid].title,
            outlet=n.outlet_or_author,
            summary=n.summary,
            citations=resolve(_refs(sid, n.summary_sentences), by_id),
        )
        for sid, n in notes.items()
    ]
    return BriefingModel(
        title=title,
        bottom_line=bottom,
        bottom_line_citations=bottom_cites,
        key_points=points,
        disputed_figures=disputes,
        notable_figures=notable,
        actors=_actors(notes, by_id),
        timeline=_timeline(notes, by_id),
        source_summaries=summaries,
        open_questions=questions,
        sources=[source_ref(s) for s in sources],
        metadata=metadata,
    )
