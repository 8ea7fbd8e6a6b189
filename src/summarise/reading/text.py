"""Read sentences: figures, dates, names and speakers, by spaCy's parse instead of a model.

The small LLM is good at choosing what matters and bad at copying values, dates
and names, so the program reads those from the article's sentences itself (issue
9). Each helper module reads one thing from a parsed ``Doc``: ``quantities``,
``dates``, ``entities``, ``speakers``; this module parses (many sentences in one
``nlp.pipe`` call) and gathers their readings into plain records.

``publication_date`` finds the date an article gives for itself, the anchor for
its relative dates ("Wednesday", "last year").
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from summarise.reading.clauses import clause_verb
from summarise.reading.dates import YEAR, dates, resolve
from summarise.reading.entities import entities
from summarise.reading.instructions import is_instruction
from summarise.reading.language import LOCK, nlp
from summarise.reading.quantities import quantities
from summarise.reading.readings import DateMention, Entity, Quantity, SentenceReading
from summarise.reading.speakers import REPORTING, speakers, subject, verb_speaker

__all__ = [
    "DateMention",
    "Entity",
    "Quantity",
    "SentenceReading",
    "publication_date",
    "read",
    "read_sentences",
]

_HEAD_CHARS = 600  # a dateline or byline sits in the first lines of an article
_BATCH = 64
_CACHE_MAX = 50_000  # readings kept per process; a few MB
_cache: dict[tuple[str, datetime.date | None], SentenceReading] = {}
_cache_lock = threading.Lock()


def _since(span: Span, clause: Token) -> bool:
    """Whether a date expression starts a period: "since April", "since the deployment began last
    year" (``clause``, the date's clause, opened by "since")."""
    first = span[0]
    before = span.doc[first.i - 1] if first.i > 0 else None
    if first.lower_ == "since" or (before is not None and before.lower_ == "since"):
        return True
    return any(c.dep_ == "mark" and c.lower_ == "since" for c in clause.children)


def _dating_clauses(doc: Doc, when: tuple[DateMention, ...]) -> list[tuple[int, int]]:
    """(index into ``when``, token index of its clause) for each date that may date a figure.

    "Monday's fire" names which fire, not when a figure was given; "since April" starts the
    period a running total counts from, and the total is given later.
    """
    out = []
    for k, d in enumerate(when):
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or span.root.dep_ == "poss":
            continue
        clause = clause_verb(span.root)
        if not _since(span, clause):
            out.append((k, clause.i))
    return out


def _in_reach(doc: Doc, found: tuple[Quantity, ...], when: tuple[DateMention, ...]) -> tuple[Quantity, ...]:
    """Each quantity with the dates of its own clause or of a clause above it (see ``Quantity``).

    "It said Pyongyang had now sent some 18,000 troops, including a contingent that sailed in
    March": March dates the sailing, in a clause below the figure's, not the 18,000.
    """
    dating = _dating_clauses(doc, when)  # once per sentence, not once per figure
    out = []
    for q in found:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            out.append(q)
            continue
        own = clause_verb(span.root)
        above = {own.i, *(t.i for t in own.ancestors)}
        # An adverbial clause times the clause it hangs on ("41 were killed when the quake
        # struck on Monday"); a relative clause or a participle describes a noun instead.
        above |= {c.i for h in list(above) for c in doc[h].children if c.dep_ == "advcl"}
        # A date in another figure's own words dates that one ("2,600 … now, up from 1,800 on
        # Monday": Monday is the 1,800's), unless it is in this figure's words too.
        theirs = [o.says for o in found if o is not q]
        reach = [
            k
            for k, clause in dating
            if clause in above
            and (_inside(when[k], q.says) or not any(_inside(when[k], s) for s in theirs))
            and not _anothers_saying(doc[clause], q)
        ]
        out.append(replace(q, dates_in_reach=tuple(reach)))
    return tuple(out)


def _anothers_saying(verb: Token, q: Quantity) -> bool:
    """Whether a date's clause is someone else's reporting of their own figure: "The agency said in
    September that 16,000 were deployed, while the Pentagon has put the figure at 12,000" dates
    the agency's saying, not the Pentagon's figure."""
    who = verb_speaker(verb) if verb.lemma_ in REPORTING else None
    return who is not None and q.speaker is not None and who != q.speaker


def _inside(d: DateMention, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= d.start and d.end <= b for a, b in spans)


def _reading(doc: Doc, anchor: datetime.date | None) -> SentenceReading:
    when = dates(doc, anchor)
    return SentenceReading(
        text=doc.text,
        quantities=_in_reach(doc, quantities(doc), when),
        dates=when,
        entities=entities(doc),
        speakers=speakers(doc),
        instruction=is_instruction(doc),
        times=tuple(ent.text for ent in doc.ents if ent.label_ == "TIME"),
        subject=subject(doc),
    )


# A wire dateline opening a sentence: a place in capitals, perhaps a date, perhaps the outlet in
# brackets, then a dash ("SEOUL, September 14, 2027 (Han River Dispatch) — ", "LONDON (Reuters)
# - "). A typographic convention, not language: it says where and when the report was filed,
# and parsed with the sentence it became a speaker ("according to SEOUL") or an actor.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+)*(?:,\s*[A-Z][A-Za-z.']+(?: [A-Z][A-Za-z.']+)*)?"
    r"(?:,\s*(?:[A-Z0-9][A-Za-z0-9.']*,?\s*){1,6})?\s*(?:\([^()\n]{1,60}\)\s*)?(?:[—–]|--?)\s+"
)


def dateline_length(text: str) -> int:
    """How many characters of ``text`` are a dateline before the sentence proper; 0 if none."""
    m = _DATELINE.match(text)
    return m.end() if m is not None and m.end() < len(text) else 0


def _shifted(reading: SentenceReading, by: int, text: str) -> SentenceReading:
    """A reading of ``text[by:]`` as one of ``text``: every offset moved on by ``by``."""
    if not by:
        return reading
    return replace(
        reading,
        text=text,
        quantities=tuple(
            replace(
                q,
                start=q.start + by,
                end=q.end + by,
                says=tuple((a + by, b + by) for a, b in q.says),
            )
            for q in reading.quantities
        ),
        dates=tuple(replace(d, start=d.start + by, end=d.end + by) for d in reading.dates),
        entities=tuple(replace(e, start=e.start + by, end=e.end + by) for e in reading.entities),
        subject=None if reading.subject is None else (reading.subject[0] + by, reading.subject[1]),
    )


def read_sentences(texts: Sequence[str], anchor: datetime.date | None = None) -> list[SentenceReading]:
    """Read many sentences at once (nlp.pipe), resolving relative dates against anchor (the source's
    publication date)."""
    # The gate and the eval read the same statements and sentences many times (each
    # re-cite candidate, each metric): a reading is kept per text and anchor, and only the
    # texts not read before are parsed, still in one batch.
    with _cache_lock:
        found = {t: _cache[(t, anchor)] for t in texts if (t, anchor) in _cache}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        cut = [dateline_length(t) for t in missing]
        with LOCK:
            docs = list(nlp().pipe([t[k:] for t, k in zip(missing, cut, strict=True)], batch_size=_BATCH))
        fresh = {
            t: _shifted(_reading(doc, anchor), k, t) for t, k, doc in zip(missing, cut, docs, strict=True)
        }
        found.update(fresh)
        with _cache_lock:
            if len(_cache) > _CACHE_MAX:
                _cache.clear()
            _cache.update({(t, anchor): r for t, r in fresh.items()})
    return [found[t] for t in texts]


def read(text: str, anchor: datetime.date | None = None) -> SentenceReading:
    """Read one sentence or short statement."""
    return read_sentences([text], anchor)[0]


def publication_date(text: str) -> datetime.date | None:
    """The date an article states for itself (a dateline or byline date with a year near its start)."""
    head = text[:_HEAD_CHARS]
    with LOCK:
        doc = nlp()(head)
    for ent in doc.ents:
        if ent.label_ != "DATE" or not YEAR.search(ent.text):
            continue
        # The small model sometimes leaves the day out of the entity ("23 | October 2024"):
        # try it with up to two tokens before it, on the same line.
        for extra in (2, 1, 0):
            start = ent.start - extra
            if start < 0 or any(t.is_space or "\n" in t.whitespace_ for t in doc[start : ent.start]):
                continue
            resolved, _ = resolve(doc[start : ent.end].text, None)
            if resolved is not None and len(resolved) == len("2024-10-23"):
                return datetime.date.fromisoformat(resolved)
    return None
