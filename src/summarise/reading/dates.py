"""Dates in a parsed sentence, resolved by ``dateparser`` against the article's own date.

spaCy's DATE entities say where a date is written; ``dateparser`` says which day,
month or year it means, relative expressions ("Wednesday", "last year") against
an anchor (the source's publication date), preferring the past as news does. The
ISO value carries only the precision the text gives: "2024-10-23", "2024-10" or
"2024".

Resolution is refused (None) rather than guessed when:
- the text names no year and there is no anchor (it would resolve against today);
- the expression is a duration or a vague span ("three years", "the 1990s",
  "last week", "the weekend"): nothing in it fixes a calendar date, so it has no
  month, weekday, year or relative cue ("ago", "last", "yesterday"), or
  dateparser calls it a week, or returns a time of day it cannot have meant.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from summarise.reading.clauses import clause_verb
from summarise.reading.readings import DateMention

YEAR = re.compile(r"(?<![\d.,])(1[5-9]\d\d|20\d\d)(?![\d,]|s\b)")
_NAMES = {n.lower() for n in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)}
_NAMES |= {"sept"}
_RELATIVE = {
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "ago",
    "last",
    "next",
    "this",
    "previous",
    "earlier",
}
_PRECISION = {"day": 10, "month": 7, "year": 4}
_LEADING = re.compile(r"^(?:the|on|in|at|since|by|from|until|during|of)\s+", re.IGNORECASE)


_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def _with_year(day: datetime.date, year: int) -> datetime.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


@lru_cache(maxsize=64)
def _parser(anchor: datetime.date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime.datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


def _has_cue(text: str) -> bool:
    words = {w.strip(".").lower() for w in re.findall(r"[A-Za-z.]+", text)}
    return bool(YEAR.search(text) or words & _NAMES or words & _RELATIVE or re.search(r"\d+[-/]\d+", text))


def resolve(text: str, anchor: datetime.date | None, ahead: bool = False) -> tuple[str | None, str | None]:
    """``(resolved ISO, anchor ISO used)`` for a date expression; None where it cannot be settled.

    ``ahead``: the sentence looks forward to it ("due on Wednesday", "will meet on Friday"), so a
    bare weekday is the next such day, not the last one.
    """
    has_year = YEAR.search(text) is not None
    if not _has_cue(text) or (anchor is None and not has_year):
        return None, None
    cleaned = _LEADING.sub("", text.strip())
    if anchor is not None and cleaned.lower().rstrip(".") in _WEEKDAYS:
        # A bare weekday in a news report is the most recent such day, the report's own day
        # included ("officials said on Monday" in Monday's paper is that Monday, not a week ago).
        weekday = _WEEKDAYS[cleaned.lower().rstrip(".")]
        if ahead:
            forward = (weekday - anchor.weekday()) % 7
            return (anchor + datetime.timedelta(days=forward)).isoformat(), anchor.isoformat()
        back = (anchor.weekday() - weekday) % 7
        return (anchor - datetime.timedelta(days=back)).isoformat(), anchor.isoformat()
    data = _parser(anchor if not has_year else None).get_date_data(cleaned)
    when, period = data.date_obj, data.period
    if when is None or period not in _PRECISION or (when.hour, when.minute, when.second) != (0, 0, 0):
        return None, None
    day = when.date()
    relative = bool({w.lower() for w in re.findall(r"[A-Za-z]+", cleaned)} & _RELATIVE)
    if anchor is not None and not has_year and not relative and period == "day":
        # A day written without a year ("6 March") is the one nearest the report's date: "prefer
        # the past" would put next week's funeral a year back. A month alone ("In June") keeps
        # the past, as reports mostly look back.
        day = min(
            (_with_year(day, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)),
            key=lambda d: abs((d - anchor).days),
        )
    iso = day.isoformat()[: _PRECISION[period]]
    if has_year and not iso.startswith(YEAR.findall(text)[-1]):
        return None, None  # dateparser read a different year than the text writes
    if has_year:
        return iso, None
    return iso, anchor.isoformat() if anchor is not None else None


# Words that put what they govern in the future: "due on Wednesday", "scheduled for Friday".
_AHEAD_WORDS = {"due", "scheduled", "expected", "planned"}
_FUTURE_AUX = {"will", "shall", "'ll"}


def _ahead(span: Span) -> bool:
    """Whether the sentence looks forward to the date ``span``: an adjective or participle of
    schedule above it ("ships due on Wednesday", "talks scheduled for Friday"), or the future
    auxiliary on its clause's verb ("will meet on Thursday")."""
    verb = clause_verb(span.root)
    above = [t for t in span.root.ancestors if t.i != verb.i and verb in t.ancestors] + [verb]
    if any(t.lower_ in _AHEAD_WORDS for t in above):
        return True
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children)


def _mention(span: Span, anchor: datetime.date | None) -> DateMention:
    resolved, used = resolve(span.text, anchor, _ahead(span))
    return DateMention(span.text, span.start_char, span.end_char, resolved, used)


def bare_year(tok: Token) -> bool:
    """A year the NER calls a number but the parse puts after a preposition: "in 2019", "since 2014"."""
    return (
        tok.ent_type_ in ("", "CARDINAL")
        and YEAR.fullmatch(tok.text) is not None
        and tok.dep_ == "pobj"
        and tok.head.pos_ == "ADP"
    )


def counted_before_date(tok: Token) -> bool:
    """A number the NER ran into the date after it: "up from nine two weeks ago" tags "nine two
    weeks ago" as one DATE, "up from 46 the day before" likewise; a date starts with neither two
    numbers in a row nor a number and then "the", so the first number is a figure."""
    return (
        tok.ent_type_ == "DATE"
        and tok.ent_iob_ == "B"
        and tok.like_num
        and tok.i + 1 < len(tok.doc)
        and (tok.doc[tok.i + 1].like_num or tok.doc[tok.i + 1].pos_ == "DET")
        and tok.doc[tok.i + 1].ent_type_ == "DATE"
        and tok.doc[tok.i + 1].ent_iob_ == "I"  # the same entity goes on
    )


def dates(doc: Doc, anchor: datetime.date | None) -> tuple[DateMention, ...]:
    """Every date expression in ``doc``: its DATE entities, and bare years the NER calls numbers."""
    # A month's name is written with a capital in English; "the march", "may" in lower case are a
    # noun and a verb the NER sometimes tags as a date.
    found = [
        _mention(ent[1:] if counted_before_date(ent[0]) else ent, anchor)
        for ent in doc.ents
        if ent.label_ == "DATE" and not (len(ent) == 1 and ent.text.islower() and ent.text in MONTH_NAMES)
    ]
    found += [_mention(doc[tok.i : tok.i + 1], anchor) for tok in doc if bare_year(tok)]
    return tuple(sorted(found, key=lambda d: d.start))


# Month names in English (the language of the pipeline's parser); quantities.py adds their
# abbreviations to tell a day of the month from a figure.
MONTH_NAMES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december"}
)

# Any anchor will do to tell a moment from a span: a span resolves against none.
_ANY_DAY = datetime.date(2000, 1, 1)


def point_in_time(mention: DateMention) -> bool:
    """Whether a date expression names a moment ("Wednesday", "In June", "2024"), not a span or a
    frequency ("three-year", "the summer", "monthly", "75 a day earlier")."""
    return mention.resolved is not None or resolve(mention.text, _ANY_DAY)[0] is not None


def is_bare_weekday(mention: DateMention) -> bool:
    """Whether the expression is only a weekday ("on Friday"): a weaker date than a written one."""
    return _LEADING.sub("", mention.text.strip()).lower().rstrip(".") in _WEEKDAYS
