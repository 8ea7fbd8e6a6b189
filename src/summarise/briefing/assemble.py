"""Build the ``Briefing`` from the checked notes and the synthesis, resolving every citation.

Everything that can be read rather than judged is read here by the program:

- figures (value, what it counts, who gives it, as of when) from their sentence
  (``briefing.figures``), grouped into disputes and figures over time by
  ``briefing.disputes``;
- actors are the people and organisations the cited sentences show acting (a
  verb's subject, a passive's agent, a speaker), with a role only where the
  text gives one (an appositive or a title);
- a timeline entry's date is a date expression of its own cited sentence;
- each source's date and outlet come from its text or metadata.

The model's words (title, bottom line, key points, claims, summaries, event
phrases) are kept with the sentences they cite; ``briefing.gate`` then checks
every statement before anything is rendered. If the synthesis call failed, the
briefing is built from the notes alone, and the failure is in the metadata.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from summarise.briefing.citations import SentenceRef, resolve
from summarise.briefing.disputes import (
    ADDED_NOTE,
    DATES_NOTE,
    GROUP_NOTE,
    SERIES_NOTE,
    group,
    over_time,
    prune,
)
from summarise.briefing.figures import Figure, all_figures
from summarise.briefing.notes import FigureRef, Notes
from summarise.briefing.synthesis import NoteIndex, Synthesis
from summarise.reading.article import ArticleReading, byline, credit, read_article
from summarise.reading.dates import is_bare_weekday, point_in_time
from summarise.reading.harm import HARMS
from summarise.reading.overlap import content_words, novel_words
from summarise.reading.readings import Entity
from summarise.schema import (
    Actor,
    DisputedFigure,
    FigureClaim,
    FigureSeries,
    GateCount,
    KeyPoint,
    NotableFigure,
    RunMetadata,
    SourceRef,
    SourceSummary,
    TimelineEntry,
)
from summarise.schema import Briefing as BriefingModel
from summarise.sources.files import Source
from summarise.sources.refs import source_ref

MAX_ACTORS = 10
T = TypeVar("T", bound=FigureClaim)
_ACTOR_LABELS = ("PERSON", "ORG")
# A source this much older than the newest one is flagged next to its figures.
_OLD_DAYS = 365
# Sources that must give a quantity, each from a named speaker, for the program to show it
# unasked (see ``_groups``).
_WIDELY_REPORTED = 2


def _refs(sid: str, indexes: Iterable[int]) -> list[SentenceRef]:
    return [(sid, i) for i in indexes]


def note_refs(
    index: NoteIndex, notes: dict[str, Notes], figures: dict[str, list[Figure]], ids: Iterable[str]
) -> list[SentenceRef]:
    """The sentences the notes with ``ids`` cite."""
    refs: list[SentenceRef] = []
    for nid in ids:
        sid, kind, i = index.ids[nid]
        if kind == "C":
            refs += _refs(sid, notes[sid].claims[i].sentences)
        elif kind == "E":
            refs += _refs(sid, notes[sid].events[i].sentences)
        else:
            refs += figures[sid][i].sentences
    return refs


# -------------------------------------------------------------------------------------------
# Disputes and figures over time


@dataclass
class _Draft:
    topic: str
    note: str | None
    members: list[int]  # indexes into the pool of figures
    asked: set[int] = field(default_factory=set)  # as the model proposed them, before pruning


def _topic(figs: Sequence[Figure]) -> str:
    """A program-written topic, from what the members' sentences say they count."""
    counted = Counter(f.what for f in figs if f.what)
    harms = {f.quantity.harm for f in figs if f.quantity.harm}
    if len(harms) == 1:
        harm = harms.pop()
        return f"{counted.most_common(1)[0][0]} ({harm})" if counted else f"people {harm}"
    q = figs[0].quantity
    if q.per:  # grouped by the period, whatever each sentence calls the money
        return f"{q.kind} per {q.per}"
    if counted:
        return counted.most_common(1)[0][0]
    if q.kind == "money":
        return "sums of money"
    if q.unit:
        return f"{q.unit}"
    return f"{q.kind} reported by several sources"


def _described(f: Figure) -> set[str]:
    """Lemmas of what a figure counts or measures, as its sentence was read."""
    q = f.quantity
    words = set(content_words(f.what)) if f.what else set()
    words |= {q.counts} if q.counts else set()
    words |= set(content_words(q.unit)) if q.kind == "measure" and q.unit else set()
    return words | set(HARMS.get(q.harm or "", ()))


# General English words for "how many" that name no quantity of their own ("Number of workers").
_QUANTITY_WORDS = frozenset({"number", "figure", "count", "total", "estimate", "amount", "level", "tally"})


def _fits(topic: str, members: Sequence[Figure], others: Sequence[Figure]) -> bool:
    """Whether the model's topic names what the grouped figures count.

    It fits when it names something one of them counts ("Rielli's fee" over a fee) and adds no
    word their sentences' words for them lack. When they
    count something else, it does not. When the parse names nothing they count (sums of
    money given only with a sign), it does not fit if it names what other figures of the
    sources count ("North Korean troop numbers" over wages, beside "about 10,000 troops").
    """
    words = content_words(topic) - _QUANTITY_WORDS
    described = set().union(*(_described(f) for f in members))
    # Every word it adds must be in the members' own words: "North Korean casualties" over
    # soldiers serving and prisoners held names a quantity none of them gives.
    # (Names are the gate's to check against the quotes.)
    own_words = [*(f.says for f in members if f.says), " ".join(described)]
    added = [w for w, pos in novel_words(topic, own_words) if pos != "PROPN" and w not in _QUANTITY_WORDS]
    if words & described:
        return not added
    if described:
        return False
    return not words & set().union(*(_described(f) for f in others))


def _groups(
    synth: Synthesis | None, index: NoteIndex | None, figures: dict[str, list[Figure]], pool: list[Figure]
) -> list[_Draft]:
    position = {f.ref: i for i, f in enumerate(pool)}
    drafts: list[_Draft] = []
    if synth is not None and index is not None:
        for draft in synth.disputed_figures:
            members = [position[figures[index.ids[f][0]][index.ids[f][2]].ref] for f in draft.figures]
            members = list(dict.fromkeys(members))
            kept = [members[k] for k in prune([pool[m] for m in members])]
            drafts.append(_Draft(draft.topic, None, kept, set(members)))
    for found in group(pool):
        # Only groups the reader would care about: one of their figures was picked by the model,
        # or the quantity is one that several sources report, each from someone named: a count
        # that outlets give day after day from one council, or two named voices who disagree.
        widely = len({pool[m].source_id for m in found if pool[m].quantity.speaker}) >= _WIDELY_REPORTED
        if not widely and not any(pool[m].picked for m in found):
            continue
        holder = next((d for d in drafts if set(d.members) & set(found)), None)
        if holder is not None:
            merged = holder.members + [m for m in found if m not in holder.members]
            holder.members = [merged[k] for k in prune([pool[m] for m in merged])]
            if set(holder.members) - holder.asked:
                holder.note = ADDED_NOTE
        else:
            drafts.append(_Draft(_topic([pool[m] for m in found]), GROUP_NOTE, found, set(found)))
    return drafts


def _disputes(
    drafts: list[_Draft], pool: list[Figure], sources: dict[str, Source], order: dict[str, int]
) -> tuple[list[DisputedFigure], list[FigureSeries], set[FigureRef]]:
    disputes: list[DisputedFigure] = []
    series: list[FigureSeries] = []
    used: set[FigureRef] = set()
    used_values: set[tuple[str, float, float | None]] = set()
    for d in drafts:
        seen, members = set(), []
        # One member per source and value. The one that says most stands for it: with a
        # speaker (the body's "260 homes, the council said", not the headline that repeats the
        # number in the article's voice, though the model picked the headline), picked by the
        # model, and with a date of its own.
        ranked = sorted(
            d.members,
            key=lambda m: (
                pool[m].quantity.speaker is None,
                not pool[m].picked,
                pool[m].as_of_basis != "sentence",
                pool[m].ref.sentence,
            ),
        )
        for m in ranked:
            f = pool[m]
            key = (f.source_id, f.quantity.value, f.quantity.high)
            if key not in seen:
                seen.add(key)
                members.append(f)
        members.sort(key=lambda f: (order[f.source_id], f.ref.sentence))
        # One value, however many voices, is agreement, not a dispute.
        if len(members) < 2 or len({(f.quantity.value, f.quantity.high) for f in members}) < 2:
            continue
        if d.note != GROUP_NOTE:  # the model's topic, not one the program wrote
            refs = {f.ref for f in members}
            if not _fits(d.topic, members, [f for f in pool if f.ref not in refs]):
                d.topic = _topic(members)
        used.update(f.ref for f in members)
        used_values.update((f.source_id, f.quantity.value, f.quantity.high) for f in members)
        if over_time(members):
            members.sort(key=lambda f: str(f.as_of_date))
            # Not a contradiction: the same quantity, reported for successive dates.
            note = SERIES_NOTE if d.note in (GROUP_NOTE, ADDED_NOTE) else d.note
            series.append(FigureSeries(topic=d.topic, points=[f.claim(sources) for f in members], note=note))
        else:
            dated = {f.as_of_date for f in members}
            note = d.note
            if len(dated) > 1:
                note = f"{note} {DATES_NOTE}" if note else DATES_NOTE
            disputes.append(
                DisputedFigure(topic=d.topic, claims=[f.claim(sources) for f in members], note=note)
            )
    # A notable figure that repeats a value a dispute or series already shows is left out.
    used |= {f.ref for f in pool if (f.source_id, f.quantity.value, f.quantity.high) in used_values}
    return disputes, series, used


def _notable(
    notes: dict[str, Notes], figures: dict[str, list[Figure]], pool: list[Figure], used: set[FigureRef]
) -> list[Figure]:
    """Per source, the figures the model picked, then every other figure its text states.

    A small model picks two or three figures a source, and a reader who needs to know who
    claims what is failed by the rest being left out (issue 9: every figure that matters, with
    its source and speaker). A figure read whole by the program, with what it counts (or the
    harm it reports, or its unit), is shown though not picked: first those a named speaker
    gives, then those the article states in its own voice ("Revenue fell to £412 million").
    The headline is left out: it restates a figure of the body in fewer words.
    """
    out: list[Figure] = []
    for sid, n in notes.items():
        # A count with nothing to say what it counts is a bare number ("23,000, according to
        # Ukraine"): shown, it reads as garbled, so even a picked one is left to the disputes.
        picked = [
            f
            for f in figures.get(sid, [])
            if f.ref not in used and (f.label or f.quantity.kind not in ("count", "percent"))
        ]
        # A value the model picked from a sentence in the article's voice (a lead that restates
        # it) is shown from the sentence that says who gives it, where the source has one.
        voiced = {
            (f.quantity.value, f.quantity.high): f
            for f in pool
            if f.source_id == sid and f.quantity.speaker and f.label and f.ref not in used
        }
        picked = [
            voiced.get((f.quantity.value, f.quantity.high), f) if f.quantity.speaker is None else f
            for f in picked
        ]
        shown = {(f.quantity.value, f.quantity.high) for f in picked}
        title, sentences = n.source.title, read_article(n.source).sentences
        headline = bool(title and sentences) and sentences[0].text.strip() == (title or "").strip()
        named: list[Figure] = []
        own: list[Figure] = []
        for f in pool:
            q = f.quantity
            if f.source_id != sid or f.picked or f.ref in used or (q.value, q.high) in shown:
                continue
            if not f.label or q.whole or (headline and f.ref.sentence == 0):
                continue
            shown.add((q.value, q.high))
            (own if q.speaker is None else named).append(f)
        out += picked + named + own
    return out


# -------------------------------------------------------------------------------------------
# Actors, timeline, sources


def _name_key(name: str) -> str:
    words = name.replace("’s", "").replace("'s", "").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words).casefold()


def _cited_sentences(n: Notes, figures: list[Figure]) -> list[int]:
    cited = [*n.summary_sentences, *(f.ref.sentence for f in figures)]
    for item in (*n.claims, *n.events):
        cited += item.sentences
    return sorted(set(cited))


def _in_dateline(entity: Entity, sentence: str) -> bool:
    """Whether the entity is a dateline's place ("CALLOWAY, March 9, 2027 (News) — The ..."): where
    the report was filed, in capitals before the dash that opens the story, not a party to it."""
    dash = min((k for k in (sentence.find(" — "), sentence.find(" – ")) if k >= 0), default=-1)
    return entity.text.isupper() and 0 <= entity.start < dash


def _actors(
    notes: dict[str, Notes], figures: dict[str, list[Figure]], sources: dict[str, Source]
) -> list[Actor]:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    roles: dict[str, tuple[str, SentenceRef]] = {}
    first: dict[str, SentenceRef] = {}
    # The outlets that publish the sources report the story; named in it ("a count carried out for
    # the Danube Courier"), they are not parties to it.
    outlets = {_name_key(part) for n in notes.values() for part in (byline(n.source) or "").split(",")}
    for sid, n in notes.items():
        reading = read_article(n.source)
        title = (n.source.title or "").strip()
        for i in _cited_sentences(n, figures.get(sid, [])):
            sentence = reading.sentences[i]
            if i == 0 and title and sentence.text.strip() == title:
                continue  # a headline's telegraphic subject ("Greyholm chlorine leak") acts in no story
            for entity in sentence.entities:
                # An actor is shown acting in the sentence it cites, as subject, agent or speaker;
                # a place or body only named there ("the people of Kellford") is not one.
                acting = entity.acts or any(entity.text in speaker for speaker in sentence.speakers)
                if entity.label not in _ACTOR_LABELS or not acting or _in_dateline(entity, sentence.text):
                    continue
                key = _name_key(entity.text)
                if not key or key in outlets:
                    continue
                counts[key] += 1
                names.setdefault(key, entity.text)
                first.setdefault(key, (sid, i))
                if entity.role and key not in roles:
                    roles[key] = (entity.role, (sid, i))
    # A short form is the same actor as the full name it ends ("Rielli" and "Tomás Rielli",
    # "the Council" and "Kellford City Council"): its mentions count for the full name, which
    # is the one shown, cited where the text gives it in full.
    for key in sorted(counts, key=lambda k: len(k.split())):
        longer = [k for k in counts if k != key and k.split()[-len(key.split()) :] == key.split()]
        if len(longer) == 1:
            counts[longer[0]] += counts.pop(key)
            if key in roles and longer[0] not in roles:
                roles[longer[0]] = roles[key]
    actors = []
    for key, _ in counts.most_common(MAX_ACTORS):
        role, ref = roles.get(key, (None, first[key]))
        actors.append(Actor(name=names[key], role=role, citations=resolve([ref], sources)))
    return actors


def _timeline(notes: dict[str, Notes], sources: dict[str, Source]) -> tuple[list[TimelineEntry], int]:
    """Entries dated by their own sentence, and how many events had no dated sentence."""
    resolved: list[TimelineEntry] = []
    unresolved: list[TimelineEntry] = []
    undated = 0
    for sid, n in notes.items():
        reading = read_article(n.source)
        for event in n.events:
            # A written date beats a bare weekday in the same sentence ("Friday, 6 March").
            options = [
                (is_bare_weekday(d), k, i, d)
                for k, i in enumerate(event.sentences)
                for d in reading.sentences[i].dates
                if point_in_time(d)
            ]
            if not options:
                undated += 1
                continue
            _, _, dated, date = min(options, key=lambda t: (t[0], t[1]))
            entry = TimelineEntry(
                date=date.text,
                date_resolved=date.resolved,
                anchor=date.anchor,
                event=event.text,
                source_id=sid,
                citations=resolve([(sid, dated)], sources),
            )
            (resolved if date.resolved else unresolved).append(entry)
    resolved.sort(key=lambda e: str(e.date_resolved))
    return resolved + unresolved, undated


def _source_date(reading: ArticleReading) -> tuple[str | None, str | None]:
    if reading.published is not None:
        return reading.published.isoformat(), "stated"
    if reading.not_before is not None:
        return reading.not_before, "inferred"
    return None, None


def _old_sources(refs: list[SourceRef]) -> dict[str, str]:
    """Sources much older than the newest one, each with the warning that says so."""
    # Only a stated date can show a source is old: an inferred one is a lower bound.
    dated = [
        (r, datetime.date.fromisoformat(_full(r.published)))
        for r in refs
        if r.published and r.published_basis == "stated"
    ]
    if len(dated) < 2:
        return {}
    newest = max(d for _, d in dated)
    return {
        r.id: f"{r.id} ({r.title or r.path}) is dated {r.published}, "
        f"more than a year before the newest source ({newest.isoformat()}): "
        "its figures may be out of date."
        for r, d in dated
        if (newest - d).days > _OLD_DAYS
    }


def _dated_by_source(claim: T, old: dict[str, str]) -> T:
    """A figure dated only by an inferred bound keeps it only when its source is the odd old one.

    A bound ("not before 2007") beside every figure is noise; beside the figures of
    a source years older than the rest, it is the warning the reader needs.
    """
    if claim.as_of_basis != "inferred" or claim.source_id in old:
        return claim
    return claim.model_copy(update={"as_of": None, "as_of_basis": None})


def _full(iso: str | None) -> str:
    """An ISO date of any precision as a full date (its first day)."""
    text = str(iso)
    return {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)[:10]


def build(
    sources: list[Source],
    notes: dict[str, Notes],
    figures: dict[str, list[Figure]],
    index: NoteIndex | None,
    synth: Synthesis | None,
    metadata: RunMetadata,
) -> BriefingModel:
    """Assemble the briefing; ``synth`` is None when the synthesis call failed."""
    by_id = {s.id: s for s in sources}
    order = {sid: k for k, sid in enumerate(notes)}
    pool = all_figures(notes)
    disputes, series, used = _disputes(_groups(synth, index, figures, pool), pool, by_id, order)
    if synth is not None and index is not None:
        title, bottom = synth.title, synth.bottom_line
        bottom_cites = resolve(note_refs(index, notes, figures, synth.bottom_line_support), by_id)
        points = [
            KeyPoint(text=p.text, citations=resolve(note_refs(index, notes, figures, p.support), by_id))
            for p in synth.key_points
        ]
        questions = synth.open_questions[:4]
    else:  # notes-only fallback: each source's summary and first claims, cited
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
    notable = [NotableFigure(**f.claim(by_id).model_dump()) for f in _notable(notes, figures, pool, used)]
    summaries = []
    for sid, n in notes.items():
        outlet, author = credit(n.source)
        summaries.append(
            SourceSummary(
                source_id=sid,
                title=n.source.title,
                outlet=outlet,
                author=author,
                summary=n.summary,
                citations=resolve(_refs(sid, n.summary_sentences), by_id),
            )
        )
    refs = []
    for s in sources:
        published, basis = _source_date(read_article(s)) if s.id in notes else (None, None)
        ref = source_ref(s)
        # A date from the page's metadata is stated; otherwise the text's own, or a bound.
        if ref.published:
            refs.append(ref.model_copy(update={"published_basis": "stated"}))
        else:
            refs.append(ref.model_copy(update={"published": published, "published_basis": basis}))
    timeline, undated = _timeline(notes, by_id)
    old = _old_sources(refs)
    metadata = metadata.model_copy(update={"warnings": [*metadata.warnings, *old.values()]})
    disputes = [
        d.model_copy(update={"claims": [_dated_by_source(c, old) for c in d.claims]}) for d in disputes
    ]
    series = [s.model_copy(update={"points": [_dated_by_source(c, old) for c in s.points]}) for s in series]
    notable = [_dated_by_source(f, old) for f in notable]
    briefing = BriefingModel(
        title=title,
        bottom_line=bottom,
        bottom_line_citations=bottom_cites,
        key_points=points,
        disputed_figures=disputes,
        figures_over_time=series,
        notable_figures=notable,
        actors=_actors(notes, figures, by_id),
        timeline=timeline,
        source_summaries=summaries,
        open_questions=questions,
        sources=refs,
        metadata=metadata,
    )
    if undated:
        # An event whose cited sentence gives no date cannot be dated without inventing one.
        count = briefing.metadata.gate.setdefault("timeline", GateCount())
        count.checked += undated
        count.dropped += undated
    return briefing
