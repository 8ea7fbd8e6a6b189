"""What the reading layer returns for a sentence: plain frozen records, no spaCy objects.

Callers (the briefing's gates, the eval) keep these around and compare them, so
they hold only strings, numbers and offsets into the sentence string that was
read. Any field the parse does not settle is None: a missing reading costs a
caller a fallback, a wrong one would put a claim in someone else's mouth.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A figure the sentence states, normalised, with what it counts and who gives it."""

    text: str  # as written: "more than 3,000", "€300", "six", "1,500 to 8,500", "3 000"
    start: int  # offsets into the sentence string given to the reader
    end: int
    value: float  # the low end of a range; "3 000" -> 3000, "six" -> 6, "1.2 million" -> 1200000
    high: float | None  # the high end of a range, else None
    qualifier: str | None  # "more than", "about", "at least", ... lower-cased, else None
    kind: str  # "count" | "money" | "percent" | "measure"
    unit: str | None  # "€", "$", "euros", "%", "km", "magnitude", ... else None
    counts: str | None  # lemma of the noun counted ("soldier"), None when unsure
    counts_text: str | None  # that noun phrase as written ("North Korean soldiers")
    harm: str | None  # "killed" | "injured" | "missing" | "casualties" | None
    speaker: str | None  # who the sentence says gives this number, as written, else None
    per: str | None = None  # the period a rate is given for ("€300 a month" -> "month"), else None
    negated: bool = False  # denied, not given: "nowhere near 40 million", "not 500 but ..."
    # Possible, intended or hypothetical, not stated as so: "could rise to €60 million",
    # "willing to send as many as 100,000", "plans to hire 300". Not the same quantity as an actual one.
    prospective: bool = False
    # The article's sentence that names the speaker, when it is not this one: a quotation closed
    # later ("... ,” said Ruth Okafor.") or a speaker referred back to ("The agency estimated ...").
    # Set by ``article.read_article``; a figure shown with this speaker cites that sentence too.
    speaker_sentence: int | None = None
    # "he", "she" or "it" when the reporting verb's subject is only that pronoun (speaker None);
    # ``article.read_article`` resolves it to a speaker of the sentences before, or leaves it.
    pronoun: str | None = None
    # Indexes into the sentence's ``dates`` of those in this figure's clause or a clause above it
    # ("raised ... on Thursday" dates "€11 million"; "caused by Monday's fire" does not). None:
    # not read (a quantity made by hand), so every date of the sentence may date it.
    dates_in_reach: tuple[int, ...] | None = None
    # A part of a whole the sentence counts with its own number ("two of the group's three
    # hospitals", "1,500 of the 9,000 troops"): not the same quantity as the whole.
    part: bool = False
    # The whole such a part is counted from ("three" in "two of the group's three hospitals"):
    # named in passing, so it is never shown as a figure of its own.
    whole: bool = False
    # Lemma of the noun the counted phrase hangs from, when the figure counts the owners of
    # something else ("files relating to 85,000 patients" -> "file", "the homes of 300 families"
    # -> "home"); None when the counted noun is an argument of its clause ("46 patients were taken").
    holder: str | None = None
    # Lemma of what happens to what is counted, where the parse says: the participle or relative
    # clause on the counted noun ("homes flooded" -> "flood"), else the verb above the figure
    # ("23 people were rescued" -> "rescue"). None when only a reporting verb is above it
    # ("put the number at 140") or the parse shows none. "23 people rescued" and "500 people
    # left their homes" count people, but not the same people.
    event: str | None = None
    # An addition to a quantity, not the quantity: "6,000 more soldiers", "15 new cases", "another
    # 300 homes". Never the same quantity as a total of the same noun.
    increment: bool = False
    # The words of the sentence that state this figure, as character spans of it: its clause
    # without other clauses or other figures' words (``clauses``). Shown to the reader quoted,
    # joined by " … "; empty when not read or longer than a reader would take as an excerpt.
    says: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class DateMention:
    """A date expression and, where the text or the anchor settles it, its ISO value."""

    text: str  # as written: "Wednesday", "February", "Oct. 3, 2024", "last year"
    start: int
    end: int
    resolved: str | None  # "2024-10-23", "2024-10" or "2024" by the precision given; None if unsure
    anchor: str | None  # ISO date it was resolved against; None when the text gave the whole date


@dataclass(frozen=True)
class Entity:
    """A named person, organisation, place or group, with a role only where the text gives one."""

    text: str  # "Vladimir Putin", "Pentagon" (leading "the" and possessive "'s" dropped)
    start: int
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, FAC, LOC, EVENT, ...
    role: str | None  # appositive ("a former member of the Storm Corps") or title ("Russian President")
    acts: bool = False  # the sentence shows it acting: a verb's subject, a passive's agent, "according to"


@dataclass(frozen=True)
class SentenceReading:
    """Everything the reading layer finds in one sentence."""

    text: str
    quantities: tuple[Quantity, ...]  # not dates, years, times, ordinals or numbers inside names
    dates: tuple[DateMention, ...]
    entities: tuple[Entity, ...]
    speakers: tuple[str, ...]  # every speaker of a reporting verb, "according to" or quotation
    instruction: bool = False  # reads as an order to the reader (see instructions.py): never cited
    times: tuple[str, ...] = ()
    # The named subject of the main verb and its offset ("Ukraine's military intelligence agency"):
    # what a "he", "she" or "it" of the next sentences may stand for. None when the parse has none.
    subject: tuple[int, str] | None = (
        None  # clock times as written ("4:45 a.m.", "noon"): not dates, but asserted
    )
