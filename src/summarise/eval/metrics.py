"""Deterministic eval metrics: a briefing scored against hand-written gold, with no model calls.

Every metric is a pure function of one `EvalInput` (the briefing, its gold case, and the text
and file name of every source) and returns a `MetricResult`: a score from 0 to 1 where higher
is better, or None when the metric does not apply to the case (a case without gold disputes
has no dispute recall), plus one human-readable line for every point lost, so a report can
show why a score is what it is. `docs/metrics.md` holds the same definitions for users; a test
keeps the two in step.

The metrics share four building blocks, so that they agree with each other:

- `statements` flattens a briefing into every statement-bearing item: its kind, its text as a
  reader sees it, and its citations.
- A citation is evidence only if it resolves: `quote == texts[source_id][start:end]` over a
  non-empty span. Citations that do not resolve cost points in `citation_validity` and are
  ignored as evidence by every other metric, so a made-up quote earns no credit anywhere.
- Figures are compared as numbers, not strings, and read by the reading layer
  (`summarise.reading`), the same reader the pipeline and its support gate use, so a number
  means the same thing to both: "about 10,000" = "10 000" = "ten thousand", "six" = "6",
  "€300" = "300 euros", "4 billion" = "four billion", and "90-95%" is a range of two figures. Two
  figures are equal by the gate's test (`summarise.reading.support.figure_given`): by value; a
  currency on both sides must be the same currency; a percent only matches a percent. A year
  is a date to the reading layer, not a figure; where a metric counts years, it says so.
- Names and attributions are compared after `normalise_name`: case-folded, curly apostrophes
  made straight, and runs of whitespace and hyphens or dashes made one space, so
  "Kim Jong-un" equals "kim jong un" and "South Korea’s" equals "South Korea's".

Gold names its sources by file name and never by source id (ids depend on the order of the
inputs), hence `EvalInput.files`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from summarise.briefing.gate import claim_text
from summarise.eval.gold import GoldCase, GoldClaim, GoldFact
from summarise.reading.dates import YEAR
from summarise.reading.readings import Quantity
from summarise.reading.support import check_support, figure_given
from summarise.reading.support import invented_dates as find_invented_dates
from summarise.reading.text import read, read_sentences
from summarise.schema import Briefing, Citation


@dataclass(frozen=True)
class MetricResult:
    """One metric's score for one briefing, and a reason for every point lost."""

    name: str
    score: float | None
    details: tuple[str, ...]


@dataclass(frozen=True)
class EvalInput:
    """A briefing, the gold case it is measured against, and its sources by id."""

    briefing: Briefing
    gold: GoldCase
    texts: dict[str, str]
    files: dict[str, str]
    # Each source's own date, which relative dates in its sentences are resolved against.
    anchors: dict[str, datetime.date | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """One statement-bearing item of a briefing: what it says and what it cites."""

    kind: str
    text: str
    citations: tuple[Citation, ...]
    where: str = ""


# ---------------------------------------------------------------------------------------------
# Numbers: read by the reading layer, the same reader the pipeline and its support gate use


def _anchor(s: Statement, x: EvalInput) -> datetime.date | None:
    """The date a statement's text and quotes are read against: its first cited source's, as
    `statement_support` does, so both metrics share one cached reading of each text."""
    return x.anchors.get(s.citations[0].source_id) if s.citations else None


def _read_all(x: EvalInput) -> None:
    """Read every text the number metrics look at in a few batches (``nlp.pipe``), so that the
    metrics' one-by-one reads below find them in the reading layer's cache."""
    by_anchor: dict[datetime.date | None, list[str]] = {None: []}
    for s in statements(x.briefing):
        by_anchor.setdefault(_anchor(s, x), []).extend([s.text, *(c.quote for c in s.citations)])
    by_anchor[None] += [f for fact in x.gold.facts for f in fact.figures]
    by_anchor[None] += [c.value for _, c in _gold_claims(x.gold)]
    by_anchor[None] += [c.value for d in x.briefing.disputed_figures for c in d.claims]
    by_anchor[None] += [f.value for f in x.briefing.notable_figures]
    for anchor, texts in by_anchor.items():
        read_sentences(list(dict.fromkeys(texts)), anchor)


def _ends(q: Quantity) -> tuple[Quantity, ...]:
    """A range as its two ends, each a figure of its own ("90-95%" is 90% and 95%); else `q`."""
    if q.high is None:
        return (q,)
    return (replace(q, high=None), replace(q, value=q.high, high=None))


def _figures(texts: Iterable[str], anchor: datetime.date | None = None) -> list[Quantity]:
    """Every figure the reading layer reads in `texts` (not years, dates, ordinals or ids)."""
    return [q for t in texts for q in read(t, anchor).quantities]


def _given(q: Quantity, cited: list[Quantity]) -> bool:
    """Whether every end of figure `q` is among the `cited` figures, by the support gate's test
    (by value; a currency on both sides must agree; a percent only matches a percent)."""
    return all(figure_given(end, cited) for end in _ends(q))


def _years(text: str, anchor: datetime.date | None) -> list[str]:
    """The years written in the date expressions of `text`: the reading layer reads a year as a
    date, not a figure, but a reader of a briefing sees a number."""
    return [y for d in read(text, anchor).dates for y in YEAR.findall(d.text)]


def _written(needle: str, haystack: Iterable[str]) -> bool:
    """Whether `needle` is written in one of `haystack` as whole words, as `normalise_name` sees them."""
    pattern = re.compile(rf"(?<!\w){re.escape(normalise_name(needle))}(?!\w)")
    return any(pattern.search(normalise_name(h)) for h in haystack)


def _figure_found(figure: str, found: list[Quantity], haystack: Iterable[str]) -> bool:
    """Whether every figure of a gold figure is among `found`; one the reading layer reads as no
    figure (a year, which it reads as a date, or a duration such as "five-year") must be written."""
    wanted = read(figure).quantities
    if wanted:
        return all(_given(q, found) for q in wanted)
    return _written(figure, haystack)


def _value_matches(gold_value: str, value: str) -> bool:
    """Whether a briefing's figure value states a gold value: every gold figure is among its figures."""
    wanted = read(gold_value).quantities
    if wanted:
        given = list(read(value).quantities)
        return all(_given(q, given) for q in wanted)
    return normalise_name(gold_value) == normalise_name(value)


# ---------------------------------------------------------------------------------------------
# Names

_SEPARATORS_RE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015]+")


def normalise_name(text: str) -> str:
    """Case-folded, apostrophes straightened, whitespace and hyphen runs made one space."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return _SEPARATORS_RE.sub(" ", text).strip()


def _attribution_matches(aliases: Iterable[str], attributed_to: str) -> bool:
    """Whether an alias is in `attributed_to`, or `attributed_to` is a whole-word part of an alias."""
    attr = normalise_name(attributed_to)
    if not attr:
        return False
    for alias in map(normalise_name, aliases):
        if alias and (alias in attr or f" {attr} " in f" {alias} "):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Statements and citations


def statements(b: Briefing) -> list[Statement]:
    """Every statement-bearing item of `b` in reading order, with the text a reader sees."""
    out = [Statement("bottom_line", b.bottom_line, tuple(b.bottom_line_citations), "bottom line")]
    out += [
        Statement("key_point", p.text, tuple(p.citations), f"key point {i}")
        for i, p in enumerate(b.key_points, 1)
    ]
    for d, dispute in enumerate(b.disputed_figures, 1):
        out += [
            Statement("dispute_claim", claim_text(c), tuple(c.citations), f"dispute {d} claim {i}")
            for i, c in enumerate(dispute.claims, 1)
        ]
    for d, series in enumerate(b.figures_over_time, 1):
        out += [
            Statement("series_point", claim_text(c), tuple(c.citations), f"series {d} point {i}")
            for i, c in enumerate(series.points, 1)
        ]
    out += [
        Statement("notable_figure", claim_text(f), tuple(f.citations), f"figure {i}")
        for i, f in enumerate(b.notable_figures, 1)
    ]
    out += [
        Statement("actor", f"{a.name}, {a.role}" if a.role else a.name, tuple(a.citations), f"actor {i}")
        for i, a in enumerate(b.actors, 1)
    ]
    out += [
        Statement("timeline", f"{t.date}: {t.event}", tuple(t.citations), f"timeline {i}")
        for i, t in enumerate(b.timeline, 1)
    ]
    out += [
        Statement("source_summary", s.summary, tuple(s.citations), f"summary of {s.source_id}")
        for s in b.source_summaries
    ]
    # A statement with no text (a summary the gate emptied) asserts nothing.
    return [s for s in out if s.text.strip()]


def _citation_problem(c: Citation, texts: dict[str, str]) -> str | None:
    """Why a citation does not resolve against the source texts, or None if it does."""
    text = texts.get(c.source_id)
    if text is None:
        return f"unknown source {c.source_id}"
    if not 0 <= c.start < c.end <= len(text):
        return f"{c.source_id}[{c.start}:{c.end}] is empty or outside the text ({len(text)} characters)"
    if text[c.start : c.end] != c.quote:
        return f"{c.source_id}[{c.start}:{c.end}] does not match its quote {_clip(c.quote)}"
    return None


def _evidence(s: Statement, x: EvalInput) -> list[Citation]:
    """The citations of `s` that resolve; only these count as evidence."""
    return [c for c in s.citations if _citation_problem(c, x.texts) is None]


def _clip(text: str, limit: int = 90) -> str:
    """`text` quoted, shortened to `limit` characters for a details line."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _share(good: int, total: int) -> float:
    """good / total, or 0.0 when there is nothing to count."""
    return good / total if total else 0.0


# ---------------------------------------------------------------------------------------------
# Metrics


def citation_validity(x: EvalInput) -> MetricResult:
    """Share of citations that resolve exactly against their source.

    Over every citation of every statement (see `statements`): a citation is valid when its
    `source_id` names a source of the run, its span is non-empty and inside the text
    (`0 <= start < end <= len(text)`), and its `quote` equals `texts[source_id][start:end]`
    character for character. A briefing with no citations at all scores 0.0. Details name
    every invalid citation and why it fails.
    """
    details, total = [], 0
    for s in statements(x.briefing):
        for c in s.citations:
            total += 1
            problem = _citation_problem(c, x.texts)
            if problem is not None:
                details.append(f"{s.where}: {problem}")
    if not total:
        details.append("the briefing has no citations")
    return MetricResult("citation_validity", _share(total - len(details), total), tuple(details))


def citation_coverage(x: EvalInput) -> MetricResult:
    """Share of statements that carry at least one citation.

    Over every statement (see `statements`): the bottom line, each key point, each dispute
    claim, notable figure, actor, timeline entry and source summary. A statement counts when it
    has one or more citations, valid or not (validity is `citation_validity`'s job). No
    statements scores 0.0. Details name every statement without a citation.
    """
    items = statements(x.briefing)
    details = [f"{s.where} has no citation: {_clip(s.text)}" for s in items if not s.citations]
    return MetricResult("citation_coverage", _share(len(items) - len(details), len(items)), tuple(details))


def _fact_gaps(fact: GoldFact, s: Statement, x: EvalInput) -> list[str]:
    """What statement `s` lacks to recall `fact`; empty when it recalls it."""
    cites = _evidence(s, x)
    haystack = [s.text, *(c.quote for c in cites)]
    found = _figures(haystack, _anchor(s, x))
    norm = [normalise_name(h) for h in haystack]
    gaps = [f"figure {f}" for f in fact.figures if not _figure_found(f, found, haystack)]
    gaps += [
        f"name {group[0]}"
        for group in fact.names
        if not any(normalise_name(alias) in h for alias in group for h in norm)
    ]
    in_sources = [c for c in cites if x.files.get(c.source_id) in fact.sources]
    if not in_sources:
        gaps.append(f"a valid citation of {' or '.join(fact.sources)}")
    elif not fact.figures and not fact.names:
        spans = []
        for sid, name in x.files.items():
            if name in fact.sources and sid in x.texts:
                for quote in fact.quotes:
                    pos = x.texts[sid].find(quote)
                    if pos >= 0:
                        spans.append((sid, pos, pos + len(quote)))
        if not any(
            c.source_id == sid and c.start < end and start < c.end
            for c in in_sources
            for sid, start, end in spans
        ):
            gaps.append("a citation overlapping a gold quote")
    return gaps


def fact_recall(x: EvalInput) -> MetricResult:
    """Share of gold facts that some statement recalls, with the right figures, names and sources.

    A statement recalls a gold fact when (1) every one of the fact's `figures` is found, as a
    number, among the figures of the statement's text and of its valid citations' quotes (a
    figure such as "90-95%" needs both 90% and 95%; a gold figure the reading layer reads as no
    figure, such as a year or "five-year", must be written there as words instead); (2) every
    one of the fact's `names` groups has some alias in the text or those quotes (case-,
    whitespace- and hyphen-insensitive substring); and (3) at least one valid citation lies in
    one of the fact's `sources` (matched by file name). A fact with neither figures nor names
    instead needs a valid citation of its sources whose span overlaps the span of one of its
    gold `quotes` (found with `str.find`).
    Score = recalled facts / gold facts. Details name every missed fact and what the closest
    statement lacks.
    """
    _read_all(x)
    items = statements(x.briefing)
    details = []
    for fact in x.gold.facts:
        gaps = [(_fact_gaps(fact, s, x), s) for s in items]
        if any(not g for g, _ in gaps):
            continue
        if gaps:
            # Fewest gaps first; on a tie, prefer a statement that already cites the right file.
            least, nearest = min(
                gaps, key=lambda gs: (len(gs[0]), any(g.startswith("a valid") for g in gs[0]))
            )
            why = f"nearest is {nearest.where}, which lacks {', '.join(least)}"
        else:
            why = "the briefing has no statements"
        details.append(f"{fact.id} not recalled ({_clip(fact.statement, 120)}): {why}")
    total = len(x.gold.facts)
    return MetricResult("fact_recall", _share(total - len(details), total), tuple(details))


def _gold_claims(gold: GoldCase) -> list[tuple[str, GoldClaim]]:
    """Every claim of every gold dispute, with its dispute's id."""
    return [(d.id, c) for d in gold.disputes for c in d.claims]


def dispute_recall(x: EvalInput) -> MetricResult:
    """Share of gold dispute claims the briefing's disputed figures keep, each with its source.

    Over all claims of all gold disputes: a gold claim scores 1 if some claim in the briefing's
    `disputed_figures` has the same source (its `source_id` maps, via `files`, to the gold
    `source` file name), a numerically equal value (every figure of the gold value is among the
    figures of the briefing value, so "about 10,000" states "10,000" and "300 euros" states
    "€300"; a gold value with no figure must equal it as text), and a matching
    attribution (some gold alias is a case-insensitive substring of `attributed_to`, or
    `attributed_to` is a whole-word part of an alias). It scores 0.5 if the source and value
    match but no such claim has a matching attribution, and 0 otherwise. Score = mean over gold
    claims; None when the gold case has no disputes. Details name every claim that lost points.
    """
    gold_claims = _gold_claims(x.gold)
    if not gold_claims:
        return MetricResult("dispute_recall", None, ())
    _read_all(x)
    claims = [c for d in x.briefing.disputed_figures for c in d.claims]
    points, details = 0.0, []
    for dispute_id, gold in gold_claims:
        same = [
            c
            for c in claims
            if x.files.get(c.source_id) == gold.source and _value_matches(gold.value, c.value)
        ]
        label = f"{dispute_id}: {gold.value} ({gold.attributed_to[0]}, {gold.source})"
        if any(_attribution_matches(gold.attributed_to, c.attributed_to) for c in same):
            points += 1.0
        elif same:
            points += 0.5
            given = ", ".join(sorted({repr(c.attributed_to) for c in same}))
            details.append(f"{label} is kept but attributed to {given} (half a point)")
        else:
            details.append(f"{label} is missing from the disputed figures")
    return MetricResult("dispute_recall", points / len(gold_claims), tuple(details))


def attribution_accuracy(x: EvalInput) -> MetricResult:
    """Share of the briefing's gold-disputed figures that name the right claimant.

    Over every figure claim in the briefing, both dispute claims and notable figures, whose
    source (file name via `files`) and value match some gold dispute claim (same value test as
    `dispute_recall`): the share whose `attributed_to` matches that gold claim's aliases (same
    attribution test as `dispute_recall`; when several gold claims match, any of them will do).
    Figure claims matching no gold claim are not counted. None when no figure claim matches a
    gold claim. Details name every misattributed figure.
    """
    figures = [
        (f"dispute {d} claim {i}", c.source_id, c.value, c.attributed_to)
        for d, dispute in enumerate(x.briefing.disputed_figures, 1)
        for i, c in enumerate(dispute.claims, 1)
    ]
    figures += [
        (f"figure {i}", f.source_id, f.value, f.attributed_to)
        for i, f in enumerate(x.briefing.notable_figures, 1)
    ]
    _read_all(x)
    gold_claims = [c for _, c in _gold_claims(x.gold)]
    counted, details = 0, []
    for where, source_id, value, attributed_to in figures:
        matches = [
            g for g in gold_claims if x.files.get(source_id) == g.source and _value_matches(g.value, value)
        ]
        if not matches:
            continue
        counted += 1
        if not any(_attribution_matches(g.attributed_to, attributed_to) for g in matches):
            expected = " or ".join(repr(g.attributed_to[0]) for g in matches)
            details.append(
                f"{where}: {value} ({source_id}) attributed to {attributed_to!r}, gold says {expected}"
            )
    if not counted:
        return MetricResult("attribution_accuracy", None, ())
    return MetricResult("attribution_accuracy", (counted - len(details)) / counted, tuple(details))


def numeric_fidelity(x: EvalInput) -> MetricResult:
    """Share of numbers in the briefing's statements that their own cited quotes contain.

    Every figure the reading layer reads in the text of every statement (see `statements`;
    spelled-out numbers count; ordinals, digits inside ids and names such as "S2" or "Section
    230", and the word "one" as a pronoun do not) must be among the figures of that statement's
    valid cited quotes, by the support gate's test ("about 10,000" matches "10 000", "6"
    matches "six", "€300" matches "300 euros", "4 billion" matches "four billion" but not "4
    million" nor a bare "4"; each end of a range must be a cited figure or the end of a cited range, so
    "from 1,500 to 12,000" may join figures of two quotes). Every year written in the
    statement's dates counts too, and must be written in one of those quotes. Score =
    supported numbers / all numbers; 1.0 when the statements contain no numbers. Details name
    every unsupported number and its statement.
    """
    _read_all(x)
    total, details = 0, []
    for s in statements(x.briefing):
        anchor = _anchor(s, x)
        quotes = [c.quote for c in _evidence(s, x)]
        cited = _figures(quotes, anchor)
        cited_years = {y for q in quotes for y in [*YEAR.findall(q), *_years(q, anchor)]}
        for q in read(s.text, anchor).quantities:
            total += 1
            if not _given(q, cited):
                details.append(f"{s.where}: {q.text!r} is not in its cited quotes: {_clip(s.text)}")
        for year in _years(s.text, anchor):
            total += 1
            if year not in cited_years:
                details.append(f"{s.where}: {year!r} is not in its cited quotes: {_clip(s.text)}")
    return MetricResult("numeric_fidelity", (total - len(details)) / total if total else 1.0, tuple(details))


def statement_support(x: EvalInput) -> MetricResult:
    """Share of statements whose numbers, dates and names are all in their own valid cited quotes.

    Over every statement (see `statements`): the statement is supported when
    `summarise.reading.support.check_support` finds every number, date and name it asserts in
    the quotes of its valid citations, normalised the way the reading layer reads them ("about
    10,000" states 10,000; "February 2015" is not stated by "In February"; "Putin" is stated by
    "Vladimir Putin"). A figure the statement gives to a speaker must be that speaker's in the
    quote that states it, where the quote names one ("Russia reporting 14,000" against a NATO
    official's 14,000 fails), and an act the quotes give to someone must not be given to someone
    else ("the union arrested 14 protesters" against "arrested by police" fails), both as the
    parser reads them. This is the same ruler the pipeline's support gate applies, so a score
    below 1.0 on a briefing from this version of summarise is a gate bug. A statement with no
    valid citation is unsupported. Score = supported / statements; 0.0 when there are none.
    Details name every unsupported statement and what its quotes lack.
    """
    items = statements(x.briefing)
    details = []
    for s in items:
        quotes = [c.quote for c in _evidence(s, x)]
        if not quotes:
            details.append(f"{s.where} has no valid citation: {_clip(s.text)}")
            continue
        result = check_support(s.text, quotes, x.anchors.get(s.citations[0].source_id))
        if not result.supported:
            details.append(f"{s.where} lacks {', '.join(result.missing)}: {_clip(s.text)}")
    return MetricResult("statement_support", _share(len(items) - len(details), len(items)), tuple(details))


def invented_dates(x: EvalInput) -> MetricResult:
    """Dates stated in the briefing that none of their statement's valid quotes gives (lower is better).

    Over every statement (see `statements`): each date expression or year in its text that
    `summarise.reading.support.invented_dates` finds in none of its valid cited quotes counts
    once. The score is the count itself (0 is perfect; the threshold is a maximum), so one
    invented date anywhere shows. Details name every invented date and its statement.
    """
    details = []
    for s in statements(x.briefing):
        quotes = [c.quote for c in _evidence(s, x)]
        anchor = x.anchors.get(s.citations[0].source_id) if s.citations else None
        details += [
            f"{s.where}: {date!r} is in no cited quote: {_clip(s.text)}"
            for date in find_invented_dates(s.text, quotes, anchor)
        ]
    return MetricResult("invented_dates", float(len(details)), tuple(details))


def _assertions(b: Briefing) -> list[tuple[str, str]]:
    """(where, text) of every statement, plus the title and each dispute's topic and note."""
    out = [("title", b.title)] + [(s.where, s.text) for s in statements(b)]
    for d, dispute in enumerate(b.disputed_figures, 1):
        out.append((f"dispute {d} topic", dispute.topic))
        if dispute.note:
            out.append((f"dispute {d} note", dispute.note))
    return out


def must_not(x: EvalInput) -> MetricResult:
    """Share of the gold case's must-not rules that the briefing does not break.

    A rule is broken when some statement text (see `statements`; not the quotes), or the title,
    or a dispute's topic or note, matches any of the rule's `patterns` (`re.search`, ignoring
    case) and contains none of the rule's `unless` words (case-insensitive substrings,
    so "claim" also covers "claimed"). Open questions are not checked: they ask, they do not
    assert. Score = rules not broken / rules; None when the gold case has no rules. Details name
    every broken rule and the text that broke it.
    """
    rules = x.gold.must_not
    if not rules:
        return MetricResult("must_not", None, ())
    texts = _assertions(x.briefing)
    details, broken = [], 0
    for rule in rules:
        hits = [
            (where, text)
            for where, text in texts
            if any(re.search(p, text, re.IGNORECASE) for p in rule.patterns)
            and not any(u.lower() in text.lower() for u in rule.unless)
        ]
        broken += bool(hits)
        details += [
            f"{rule.id} broken by {where} ({rule.description}): {_clip(text)}" for where, text in hits
        ]
    return MetricResult("must_not", (len(rules) - broken) / len(rules), tuple(details))


def schema_completeness(x: EvalInput) -> MetricResult:
    """Share of the briefing's required parts that are present.

    The parts are: a non-empty title; a non-empty bottom line; at least 3 key points; at least
    one disputed figure (required only when the gold case has disputes); at least one notable
    figure; at least one actor; at least one timeline entry; a source summary for every source
    in `sources`; at least one open question; and a citation on every key point, dispute claim
    and timeline entry. Score = parts present / parts required. Details name every missing part.
    """
    b = x.briefing
    summarised = {s.source_id for s in b.source_summaries}
    unsummarised = [s.id for s in b.sources if s.id not in summarised]
    uncited = [
        s.where
        for s in statements(b)
        if s.kind in {"key_point", "dispute_claim", "timeline"} and not s.citations
    ]
    parts = [
        ("a title", bool(b.title.strip())),
        ("a bottom line", bool(b.bottom_line.strip())),
        (f"at least 3 key points (has {len(b.key_points)})", len(b.key_points) >= 3),
        ("notable figures", bool(b.notable_figures)),
        ("actors", bool(b.actors)),
        ("a timeline", bool(b.timeline)),
        (f"a summary of every source (missing {', '.join(unsummarised)})", not unsummarised),
        ("open questions", bool(b.open_questions)),
        (
            f"a citation on every key point, dispute claim and timeline entry ({', '.join(uncited)})",
            not uncited,
        ),
    ]
    if x.gold.disputes:
        parts.insert(3, ("disputed figures (the gold case has disputes)", bool(b.disputed_figures)))
    details = [f"missing: {name}" for name, present in parts if not present]
    return MetricResult("schema_completeness", (len(parts) - len(details)) / len(parts), tuple(details))


ALL_METRICS: dict[str, Callable[[EvalInput], MetricResult]] = {
    "citation_validity": citation_validity,
    "citation_coverage": citation_coverage,
    "fact_recall": fact_recall,
    "dispute_recall": dispute_recall,
    "attribution_accuracy": attribution_accuracy,
    "numeric_fidelity": numeric_fidelity,
    "must_not": must_not,
    "schema_completeness": schema_completeness,
    "statement_support": statement_support,
    "invented_dates": invented_dates,
}
# Metrics where a lower score is better (their thresholds are maxima).
LOWER_IS_BETTER = frozenset({"invented_dates"})


def run_all(x: EvalInput) -> list[MetricResult]:
    """Every metric of `ALL_METRICS` on `x`, in order."""
    return [metric(x) for metric in ALL_METRICS.values()]
