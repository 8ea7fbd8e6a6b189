"""Which figures give different values for one quantity, and whether that is a dispute.

The synthesis model proposes disputes as lists of figure ids; a small model
misses some and mixes in others. The program checks and completes them with
what ``summarise.reading`` read from each figure's sentence:

- **Compatible** (a model's member may stay): same kind of quantity (a count,
  money, a share, a measure), the same harm (deaths, injuries, missing and
  casualties are each their own quantity, and none is a plain count), and no
  different named group in what they count ("Russian soldiers" against
  "North Korean soldiers"). A member compatible with fewer than half the
  others leaves the dispute and stays a notable figure.
- **Same quantity** (the program groups on its own): compatible, and the
  sentences count the same noun (its lemma: "troops" and "troop") with the
  same thing happening to it ("people rescued" is not "people who left"), or
  report the same harm (deaths with deaths, whatever noun they count). Figures
  are bucketed by that key first, so grouping is linear in the number of
  figures, not quadratic.
- A possible or intended figure ("could rise to €60 million", "willing to send
  100,000") is grouped with the actual figures of the same quantity, because
  that is where a reader needs to see it (the brief lists the 100,000 among
  the seeds' troop numbers), but it is labelled as possible wherever it is
  shown (``figures.PROSPECTIVE``); a rate per period is never compatible with
  a lump sum; a sum of money groups by what it is (the cost,
  the budget, a fee), so a part named by what it pays for stays out.
- Only different values from different voices (another source, or another
  speaker in the same source) make a group.
- Values a hundredfold apart are never one quantity (``MAX_SPREAD``): a
  model's group loses the members that far from its middle value.

A group whose values were all reported for different dates, with no two
values for one date, that move one way, and of which no source gives two, is a
figure that changes over time (a toll that rises day by day), shown with its
dates, not a contradiction. A source that gives two of the values puts them
side by side ("Seoul's spy agency last month estimated 2,000"), so they compete.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence

from summarise.briefing.figures import Figure
from summarise.reading.voices import a_voice_repeats

ADDED_NOTE = (
    "Completed by summarise: the model grouped only some of these figures, and the program added "
    "the others whose sentences count the same thing. Check what each one counts and when."
)
GROUP_NOTE = (
    "Grouped by summarise, not by the model: these sentences give different numbers for the same "
    "counted thing. Check what each one counts and when."
)
DATES_NOTE = "The values are reported for different dates; check each one's date."
SERIES_NOTE = (
    "The same quantity reported for successive dates, one value per date: a figure that changes "
    "over time, not a disagreement (grouped by summarise from what each sentence counts)."
)


def _named(f: Figure) -> set[str]:
    """Capitalised words of what a figure counts: the group it names ("North Korean")."""
    return {w.lower() for w in f.what.split() if w[:1].isupper()}


def compatible(a: Figure, b: Figure) -> bool:
    """Whether two figures could count the same thing (see the module docstring)."""
    qa, qb = a.quantity, b.quantity
    if qa.kind != qb.kind or qa.harm != qb.harm:
        return False
    # "Two of the three hospitals" is a part, never a rival count of the whole; "6,000 more
    # soldiers" is an addition, never a rival count of the total.
    if qa.part != qb.part or qa.increment != qb.increment:
        return False
    # A rate ("$2,000 a month") is not a lump sum ("$1,200 a year's pay" read without a period);
    # two rates are one quantity unless both say what they are and it differs (yearly savings
    # are not the yearly cost to a town's economy).
    if (qa.per is None) != (qb.per is None):
        return False
    if qa.per is not None and qa.counts and qb.counts and qa.counts != qb.counts:
        return False
    # Harm names the quantity even without a counted noun ("the toll rose to 118"), but two
    # different counted nouns are two groups of victims ("six officers", "6,000 soldiers"),
    # unless both name the same group ("North Korean soldiers" and "North Koreans").
    na, nb = _named(a), _named(b)
    if qa.harm and qa.counts and qb.counts and qa.counts != qb.counts and not na & nb:
        return False
    return not (na and nb and not na & nb)


def _key(f: Figure) -> tuple[str, str | None, str, str | None] | None:
    """The bucket of figures that read as the same quantity; None when what it counts is unknown.

    A harm (killed, injured, missing, casualties) names the quantity by itself: "41 people
    were killed" and "the death toll rose to 118" count the same thing although only the
    first has a counted noun. Named groups still keep different victims apart (``compatible``).
    """
    q = f.quantity
    if q.harm is not None:
        return (q.kind, q.harm, "", None)
    if q.kind == "measure" and q.unit:
        return (q.kind, None, f"unit {q.unit}", None)  # a magnitude is a magnitude, whoever measures it
    if q.kind == "money" and q.per:
        # Money paid per period ("€300 a month", "at least $2,000 a month") is one quantity
        # whatever the currency or the word for it (pay, salary): a rate names what it
        # measures by its period.
        return (q.kind, None, f"per {q.per}", None)
    if q.counts is None:
        return None
    # A lump sum groups by what it is ("the cost of the project", "will cost"), so a part named
    # by what it pays for ("€9 million for the land") never joins the total it belongs to. A
    # count of the owners of something ("files relating to 85,000 patients") groups by that
    # thing too: it is not the count of the same noun as a subject ("46 patients were taken").
    return (q.kind, None, q.counts, q.holder)


def _value(f: Figure) -> tuple[float, float | None]:
    return (f.quantity.value, f.quantity.high)


def _voice(f: Figure) -> tuple[str, str]:
    return (f.source_id, f.speaker.lower())


def group(figures: Sequence[Figure]) -> list[list[int]]:
    """Indexes of figures that the program reads as one quantity with different values and voices."""
    buckets: dict[tuple[str, str | None, str, str | None], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        key = _key(f)
        if key is not None:
            buckets[key].append(i)
    groups = []
    for members in buckets.values():
        # Named groups must agree too, and what happened to what they count: split the bucket
        # greedily by compatibility with its first member.
        while members:
            head, rest = members[0], members[1:]
            same = [head]
            # Two values of one sentence from one voice are two quantities ("sent 4,000 more,
            # bringing the total to 26,000"); a sentence that sets two voices side by side
            # ("measured 6.8, while the observatory puts it at 6.6") is a dispute. A set, not a
            # scan of the group for each figure: a bucket may hold thousands (bench/grouping.py).
            said = {_said(figures[head])}
            for j in rest:
                if _said(figures[j]) in said:
                    continue
                if (
                    compatible(figures[head], figures[j])
                    and _same_event(figures[head], figures[j])
                    and _in_scale(figures[head], figures[j])
                ):
                    same.append(j)
                    said.add(_said(figures[j]))
            taken = set(same)
            members = [j for j in rest if j not in taken]
            if len({_voice(figures[j]) for j in same}) >= 2 and len({_value(figures[j]) for j in same}) >= 2:
                groups.append(same)
    return groups


# How far apart two values of one quantity may be: rival estimates differ (1,500 against 100,000
# troops; 22,000 against 85,000 marchers), but not by a hundredfold. Nine prisoners held and
# 16,000 soldiers fighting, or 600,000 casualties on one side and 6,000 on the other, are two
# quantities however alike their words.
MAX_SPREAD = 100


def _scaled(a: float, b: float) -> bool:
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and high / low < MAX_SPREAD


def _in_scale(a: Figure, b: Figure) -> bool:
    """Whether two figures' values are of one scale (``MAX_SPREAD``); a range by its low end."""
    return _scaled(a.quantity.value, b.quantity.value)


def _said(f: Figure) -> tuple[str, int, str]:
    """Where and by whom a figure is given: its source, sentence and speaker."""
    return (f.ref.source_id, f.ref.sentence, f.speaker.lower())


def _same_event(a: Figure, b: Figure) -> bool:
    """Whether two counts of one noun say the same thing happened to it, as far as the parse says.

    "23 people were rescued", "more than 500 people left their homes" and "about 650 people
    stayed in rest centres" count people, but three different groups of them (unless both name
    the same group: "North Korean soldiers" sent and deployed are one force); a program-made
    group of them read as one quantity (a dispute, or a series over time) was false. A figure
    whose verb only gives its value ("has risen to 260", "put the number at 140") has no event
    and joins only others without one. Only the program's own groups use this: a model proposing
    "troops sent" and "troops in Russia" as one dispute is judged on what they count
    (``compatible``).
    """
    # A harm names what happened by itself: "killed", "died", "the toll nears 3,000" are one.
    if a.quantity.harm is not None:
        return True
    # A count of a named group's members ("12,000 North Korean soldiers are supporting Russia",
    # "more than 3,000 North Korean soldiers have been deployed", and "as many as 100,000
    # soldiers" beside them) is known by who is counted, so its verbs describe the same people
    # (``compatible`` keeps two different named groups apart); plain "people" on both sides are
    # known only by what befell them.
    if _named(a) or _named(b):
        return True
    # An unknown event is not a wildcard: "put the number of troops at 31,000" joined "5,000
    # troops readied for dispatch" as one quantity over time.
    return a.quantity.event == b.quantity.event


def _a_voice_repeats(figures: Sequence[Figure]) -> bool:
    """Whether two of the figures come from one voice (``voices.a_voice_repeats``)."""
    return a_voice_repeats(f.speaker for f in figures)


def _signature(f: Figure) -> tuple[object, ...]:
    """Everything ``compatible`` looks at: two figures with one signature are interchangeable."""
    q = f.quantity
    return (q.kind, q.harm, q.per is None, q.counts, q.part, q.increment, frozenset(_named(f)))


def prune(figures: Sequence[Figure]) -> list[int]:
    """Indexes of a proposed group's members compatible with at least half of the others.

    Compared by signature, not pair by pair: a group of a thousand figures (a quantity every
    one of many sources gives) has few distinct signatures, and comparing every pair took
    seconds (1.6 million comparisons on 100 simulated sources).
    """
    sigs = [_signature(f) for f in figures]
    count = Counter(sigs)
    first = {sig: figures[sigs.index(sig)] for sig in count}
    fits = {
        a: sum(n for b, n in count.items() if compatible(first[a], first[b]))
        - (1 if compatible(first[a], first[a]) else 0)
        for a in count
    }
    others = len(figures) - 1
    kept = [i for i, sig in enumerate(sigs) if others and 2 * fits[sig] >= others]
    # Rival values of one quantity are of one scale: a member a hundred times off the middle
    # value counts something else (nine prisoners held among force sizes of 16,000).
    values = sorted(figures[i].quantity.value for i in kept)
    middle = values[len(values) // 2] if values else 0
    return [i for i in kept if _scaled(figures[i].quantity.value, middle)]


def over_time(figures: Sequence[Figure]) -> bool:
    """Whether a group's values were reported for different dates, one value per date."""
    if any(f.as_of_date is None or f.as_of_basis == "inferred" for f in figures):
        return False
    # A figure only planned or possible ("8,000 more troops are to be sent") is no point of a
    # quantity's course: set beside what is, it is a different claim.
    if any(f.quantity.prospective for f in figures):
        return False
    # One quantity followed over time is followed by someone: at least two of its points come
    # from the same voice ("the council" three days running). Values that each come from another
    # voice (the police's 22,000 and the union's 85,000 for one march) disagree, whatever the day.
    if not _a_voice_repeats(figures):
        return False
    # A source that gives two of the values sets them side by side ("3,800 killed, Kyiv says;
    # Seoul's spy agency last month estimated 2,000"; "raised its estimate to €11 million, but
    # the insurer stands by its figure of €15 million"): they compete, whatever their dates.
    by_source: dict[str, set[tuple[float, float | None]]] = defaultdict(set)
    for f in figures:
        by_source[f.source_id].add(_value(f))
    if any(len(values) > 1 for values in by_source.values()):
        return False
    by_date: dict[str, set[tuple[float, float | None]]] = defaultdict(set)
    for f in figures:
        by_date[str(f.as_of_date)].add(_value(f))
    if len(by_date) < 2 or any(len(values) != 1 for values in by_date.values()):
        return False
    # A quantity that changes goes one way between reports (a toll rises, the missing are
    # found); values that go back and forth (6.8, 6.6, 6.8) are sources that disagree.
    values = [next(iter(by_date[d]))[0] for d in sorted(by_date)]
    steps = [b - a for a, b in itertools.pairwise(values)]
    return all(d >= 0 for d in steps) or all(d <= 0 for d in steps)
