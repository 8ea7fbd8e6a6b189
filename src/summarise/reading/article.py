"""One article read once: every sentence's reading, the article's own date, its byline.

The briefing stages and the eval ask the same questions of the same sentences
many times (which figures, which dates, who speaks), so each source is read
once per process and the result is kept by content hash.

The article's date anchors relative dates ("Wednesday", "last week"). When the
text states no date of its own, the latest full date it mentions gives a
lower bound ("not before"), which is labelled as inferred and never used to
resolve a relative date: resolving against a guess would invent a date.
"""

from __future__ import annotations

import datetime
import re
import threading
from dataclasses import dataclass, replace

from summarise.reading.speakers import PERSON_PRONOUNS
from summarise.reading.text import SentenceReading, publication_date, read, read_sentences
from summarise.sources.files import Source

_lock = threading.Lock()
_read: dict[str, ArticleReading] = {}


@dataclass(frozen=True)
class ArticleReading:
    """What the program read from one source."""

    sentences: tuple[SentenceReading, ...]
    published: datetime.date | None  # stated by the text (or page metadata)
    not_before: str | None  # ISO: the latest full date the text mentions, when none is stated

    @property
    def anchor(self) -> datetime.date | None:
        """The date relative expressions are resolved against: only a stated one."""
        return self.published


def _latest_full_date(sentences: tuple[SentenceReading, ...]) -> str | None:
    dates = [d.resolved for s in sentences for d in s.dates if d.resolved and d.anchor is None]
    return max(dates) if dates else None


def _quoted(sentences: tuple[SentenceReading, ...]) -> tuple[SentenceReading, ...]:
    """A figure inside a quotation gets the speaker named where the quotation closes.

    "“More than 150 were evacuated. We got everyone out,” said Ruth Okafor.": the
    parse gives the figure's clause no reporting verb, but the figure is inside
    Okafor's words, whether the quotation ends in the same sentence or a later one.
    Only a figure its own clause gives no speaker is given one, and only when the
    sentence that closes the quotation names exactly one speaker (two would be a guess).
    """
    out = list(sentences)
    inside = False
    waiting: list[tuple[int, int]] = []  # (sentence, quantity) inside the open quotation
    for i, sentence in enumerate(sentences):
        text = sentence.text
        marks = [(k, ch) for k, ch in enumerate(text) if ch in '“”"']
        spans: list[tuple[int, int]] = []  # character ranges of this sentence inside a quotation
        start = 0 if inside else None
        closed = False
        for k, ch in marks:
            if ch == "“" or (ch == '"' and not inside):
                if not inside:
                    inside, start = True, k
            elif inside:
                spans.append((start or 0, k))
                inside, start, closed = False, None, True
        if inside:
            spans.append((start or 0, len(text)))
        for n, q in enumerate(sentence.quantities):
            if q.speaker is None and any(a <= q.start < b for a, b in spans):
                waiting.append((i, n))
        if closed:
            if len(sentence.speakers) == 1:
                for si, n in waiting:
                    out[si] = _spoken_by(out[si], si, n, sentence.speakers[0], i)
            waiting = [(si, n) for si, n in waiting if si == i and inside]
    return tuple(out)


def _described(sentences: tuple[SentenceReading, ...]) -> tuple[SentenceReading, ...]:
    """A speaker named only as "the agency" is the last speaker before it whose name ends so.

    News writes a source out once ("Seoul's spy agency said ...") and then refers to it by
    its head noun ("The agency said ..."). Shown alone, "The agency" tells a reader nothing
    when two agencies speak; the earlier, fuller name is what the article means. Only a
    bare "the" + one noun is resolved, only to a speaker already named in the same article
    whose last word is that noun, and the nearest such wins; otherwise it stays as written.
    """
    out = list(sentences)
    named: list[tuple[str, int]] = []  # speakers in reading order, with the sentence naming each
    for i, sentence in enumerate(sentences):
        quantities = list(sentence.quantities)
        for k, q in enumerate(quantities):
            words = (q.speaker or "").split()
            if len(words) == 2 and words[0].lower() == "the":
                head = words[1].lower()
                fuller = next(
                    (
                        (n, at)
                        for n, at in reversed(named)
                        if len(n.split()) > 2 and n.lower().endswith(" " + head)
                    ),
                    None,
                )
                if fuller is not None:
                    # The sentence giving the fuller name is cited with the figure, or its
                    # speaker would be a name the figure's own sentence does not state.
                    at = None if fuller[1] == i else fuller[1]
                    quantities[k] = replace(q, speaker=fuller[0], speaker_sentence=at)
        out[i] = replace(sentence, quantities=tuple(quantities))
        named += [(n, i) for n in sentence.speakers]
        named += [
            (q.speaker, i if q.speaker_sentence is None else q.speaker_sentence)
            for q in sentence.quantities
            if q.speaker
        ]
    return tuple(out)


# How many sentences back a pronoun ("he said", "it said") may find the speaker it stands for.
_PRONOUN_REACH = 3


def _kind_of(name: str, sentence: SentenceReading) -> str | None:
    """ "person" or "body" for a speaker named in ``sentence``, by the entities the parse found in it.

    A person is a name the parse tags PERSON. A body is a named organisation or place ("Seoul's
    spy agency", "the Defence Intelligence Directorate"), or an unnamed singular ("the ministry");
    a plural ("officials") is neither, as "he" or "it" cannot stand for it.
    """
    inside = [e for e in sentence.entities if e.text and e.text in name]
    if any(e.label == "PERSON" for e in inside):
        return "person"
    if any(e.label in ("ORG", "GPE", "NORP", "FAC") for e in inside):
        return "body"
    last = name.split()[-1].lower() if name.split() else ""
    return "body" if last.isalpha() and not last.endswith("s") else None


def _referred(sentences: tuple[SentenceReading, ...]) -> tuple[SentenceReading, ...]:
    """A figure whose reporting verb has only "he", "she" or "it" for a subject gets the speaker it
    stands for: the nearest speaker of that kind named in the same sentence or the few before.

    "The intelligence service briefed lawmakers on Tuesday. It said 18,000 troops were in Russia.":
    the figure is the service's, and is cited with the sentence that names it. A person pronoun
    takes only a person's name, "it" only a body's; none within reach leaves the figure unattributed.
    """
    out = list(sentences)
    for i, sentence in enumerate(sentences):
        if not any(q.pronoun and q.speaker is None for q in sentence.quantities):
            continue
        quantities = list(sentence.quantities)
        for k, q in enumerate(quantities):
            if not q.pronoun or q.speaker is not None:
                continue
            want = "person" if q.pronoun in PERSON_PRONOUNS else "body"
            found: tuple[str, int] | None = None
            for j in range(i, max(-1, i - _PRONOUN_REACH - 1), -1):
                earlier = out[j]
                # In the figure's own sentence, only a speaker named before the figure is earlier.
                mentions = [
                    (earlier.text.find(n), n, j) for n in earlier.speakers if earlier.text.find(n) >= 0
                ]
                mentions += [
                    (e.start, e.speaker, j if e.speaker_sentence is None else e.speaker_sentence)
                    for e in earlier.quantities
                    if e.speaker
                ]
                # A name an earlier sentence shows acting ("Jan Novak, a farmer, disagreed") is
                # also one a later "he" can stand for, though it reported nothing; not one in the
                # figure's own sentence, which may be the reported clause's subject ("It said
                # Pyongyang had sent 18,000 troops").
                said = [n for _, n, _ in mentions]
                mentions += [
                    (e.start, e.text, j)
                    for e in earlier.entities
                    if j < i and e.acts and not any(e.text in n for n in said)
                ]
                # The subject of an earlier sentence, named or described ("Ukraine's military
                # intelligence agency ... gives a much higher figure").
                if j < i and earlier.subject is not None and not any(n in earlier.subject[1] for n in said):
                    mentions.append((earlier.subject[0], earlier.subject[1], j))
                names = [(n, at) for pos, n, at in sorted(mentions) if j < i or pos < q.start]
                fits = [(n, at) for n, at in names if _kind_of(n, out[at]) == want]
                if fits:
                    found = fits[-1]
                    break
            if found is not None:
                quantities[k] = replace(
                    q, speaker=found[0], speaker_sentence=None if found[1] == i else found[1]
                )
        out[i] = replace(sentence, quantities=tuple(quantities))
    return tuple(out)


def _spoken_by(sentence: SentenceReading, own: int, index: int, who: str, at: int) -> SentenceReading:
    """Sentence ``own`` with its quantity ``index`` given by ``who``, whom sentence ``at`` names."""
    quantities = list(sentence.quantities)
    quantities[index] = replace(quantities[index], speaker=who, speaker_sentence=None if at == own else at)
    return replace(sentence, quantities=tuple(quantities))


def read_article(source: Source) -> ArticleReading:
    """The reading of ``source``, computed once per process and content."""
    key = source.sha256
    with _lock:
        cached = _read.get(key)
    if cached is not None:
        return cached
    published = _stated_date(source)
    texts = [source.sentence(i) for i in range(len(source.sentences))]
    sentences = _referred(_described(_quoted(tuple(read_sentences(texts, anchor=published)))))
    result = ArticleReading(
        sentences=sentences,
        published=published,
        not_before=None if published else _latest_full_date(sentences),
    )
    with _lock:
        _read[key] = result
    return result


def _stated_date(source: Source) -> datetime.date | None:
    if source.published:  # page or PDF metadata, where the reader found it
        try:
            return datetime.date.fromisoformat(source.published[:10])
        except ValueError:
            pass
    return publication_date(source.text)


_BYLINE_LINES = 12  # bylines sit near the top; sign-offs and "About the author" near the end
_CREDIT_PREFIXES = ("by ", "written by ", "reporting by ", "about the author", "author:")
# What separates the parts of a dateline or byline line; a full stop ends a part too
# ("Eastern Dispatch, 9 July 2026. Reporting by Oleksandr Hrytsenko").
_PARTS = re.compile(r"\s+[|—–]\s+|\s+-\s+|(?<=[a-z0-9])\.\s+(?=[A-Z])")
# An outlet in brackets at the end of a dateline, as wires write it: "DUNMERE, 22 October 2026
# (Northern Wire) — by ...", "ELSBY, Feb. 5, 2026 (Southern Counties Press Agency) — ...".
_BRACKETED = re.compile(r"\(([A-Z][^()]{1,60})\)$")
# Nouns of the trade that make a credit's title-case part a job, not an outlet ("Priya
# Nandakumar, Health Correspondent"; "Political Editor"): general English of newsrooms.
_JOBS = {"correspondent", "reporter", "editor", "writer", "columnist", "journalist", "contributor",
         "producer", "photographer", "analyst", "staff", "desk", "bureau", "chief"}  # fmt: skip


def _outlet_part(part: str, bracketed: bool = False) -> str | None:
    """A dateline part that names an outlet: title case, no digits, not a city in capitals
    (a wire in brackets may be in capitals: "(AP)", "(AFP)")."""
    words = part.split()
    if not 0 < len(words) <= 5 or any(ch.isdigit() for ch in part) or (part.isupper() and not bracketed):
        return None
    if not all(w[:1].isupper() for w in words if w.lower() not in ("of", "and", "the", "for")):
        return None
    if any(e.label in ("GPE", "LOC", "DATE") for e in read(part).entities):
        return None  # "SEOUL, South Korea": a place, not who runs the story
    return part


def _job(part: str) -> bool:
    words = part.split()
    return bool(words) and words[-1].lower() in _JOBS and words[0].lower() != "the"


def byline(source: Source) -> str | None:
    """The outlet and author the source credits, as one line ("Outlet, Author"), or None."""
    outlet, author = credit(source)
    return ", ".join(p for p in (outlet, author) if p) or None


def credit(source: Source) -> tuple[str | None, str | None]:
    """The outlet and the author the source credits: page metadata, a byline, a sign-off or an
    author note; None for either the text does not give.

    Only a line that starts like a credit ("By ...", "Reporting by ...",
    "About the author ...", "Author: ...") and names a person or an
    organisation counts, or a wire's outlet in brackets closing its dateline;
    anything else gives None rather than a guess (an image credit is not an
    outlet, and a job title after the name is not one either). The author is
    the person the credit names; the outlet is what runs the story, never the
    author's name (a reader took one in the outlet's place for the outlet).
    """
    meta_outlet = source.outlet.strip() if source.outlet and source.outlet.strip() else None
    meta_author = source.author.strip() if source.author and source.author.strip() else None
    if meta_outlet or meta_author:
        return meta_outlet, meta_author
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    # A byline and a dateline may each carry half: "By Priya Castellane", then "LOWENBY, 23 June
    # 2026 (Lowenby Echo) — One man has died ...". The first of each found is kept.
    outlet: str | None = None
    author: str | None = None
    by_alone: str | None = None  # "By Helena Marsh" read as an organisation: no author found
    for line in [*lines[:_BYLINE_LINES], *lines[-_BYLINE_LINES:]]:
        if outlet and author:
            break
        found_outlet, found_author = _line_credit(line)
        if found_outlet and not found_author and not outlet and _is_credit(line):
            by_alone = found_outlet
        elif by_alone and found_outlet and outlet == by_alone and found_outlet != by_alone and not author:
            # The wire names its outlet elsewhere ("SEOUL, ... (Meridian Post) —"): the name the
            # credit line gave alone is who wrote the story, not the outlet that runs it.
            outlet, author = found_outlet, by_alone
            continue
        outlet, author = outlet or found_outlet, author or found_author
    return outlet, author


def _is_credit(line: str) -> bool:
    """Whether a line starts like a credit ("By ...", "Reporting by ...")."""
    return any(line.lower().startswith(c) for c in _CREDIT_PREFIXES)


def _line_credit(line: str) -> tuple[str | None, str | None]:
    """The outlet and author one line of a source credits (see ``credit``)."""
    if len(line.split()) > 25:
        # A dateline run into the first paragraph still credits its wire in brackets.
        first = _PARTS.split(line, maxsplit=1)
        m = _BRACKETED.search(first[0].strip()) if len(first) > 1 and len(first[0].split()) <= 12 else None
        if m is not None and _outlet_part(m.group(1).strip(), bracketed=True):
            return m.group(1).strip(), None
        return None, None
    # A dateline often carries the credit among other parts: "Han River Dispatch | By Choi
    # Yun-seo | SEOUL, Tuesday, 10 February 2026", "SEOUL, 9 April 2026 — By Kang Hye-rin,
    # Seoul Evening Ledger". The part that starts like a credit is the credit; a part before
    # it that names no place or date is the outlet that runs it.
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
    at = next(
        (k for k, p in enumerate(parts) if any(p.lower().startswith(c) for c in _CREDIT_PREFIXES)), None
    )
    bracketed = [
        o
        for p in parts[: at or 1]
        if (m := _BRACKETED.search(p)) and (o := _outlet_part(m.group(1).strip(), bracketed=True))
    ]
    if at is None:
        if bracketed and len(parts) > 1:
            return bracketed[0], None
        return None, None
    entities = [e for e in read(parts[at]).entities if e.label in ("PERSON", "ORG") and not _job(e.text)]
    people = [e.text for e in entities if e.label == "PERSON"]
    # "By Kang Hye-rin, Seoul Evening Ledger": a title-case part after the name is the outlet
    # (the parse does not always tag it); "Rosa Nyberg, city hall reporter" and "Priya
    # Nandakumar, Health Correspondent" are roles.
    pieces = [
        p.strip()
        for p in parts[at].split(",")[1:]
        if 0 < len(p.split()) <= 5 and all(w[:1].isupper() for w in p.split()) and not _job(p)
    ]
    # The author is the credit's first piece, as written ("Rhiannon Delacroix-Pugh", which the
    # parse cuts to its last part), without where they write from ("Ilse Marren in Helmgard"),
    # when it holds the person the parse finds; an organisation alone is an outlet.
    prefix = next(c for c in _CREDIT_PREFIXES if parts[at].lower().startswith(c))
    head = re.split(r"\s+(?:in|for|at)\s+", parts[at][len(prefix) :].split(",")[0].strip(" :"))[0]
    author = head if any(person in head for person in people) else (people[0] if people else None)
    others = [e.text for e in entities if e.text not in head] + pieces
    if author is None and head and others and all(w[:1].isupper() for w in head.split()):
        # "By Hanna Lindqvist, Baltic Ledger correspondent": a credit names its writer first, and
        # the parse may call the writer an organisation; alone ("By Reuters") it is the outlet.
        author = head
    before = [o for p in parts[:at] for piece in p.split(",") if (o := _outlet_part(piece.strip()))]
    outlets = [*before, *bracketed, *(e.text for e in entities if e.label == "ORG"), *pieces]
    outlets = [o for o in dict.fromkeys(outlets) if o != author and (author is None or o not in author)]
    return (", ".join(outlets) or None), author
