"""Figures in a parsed sentence: value, range, qualifier, kind, unit, counted noun, harm, speaker.

A figure is a run of number tokens ("3 000", "1.2 million", "two dozen") that is
not part of a date, a clock time, an ordinal or a name (spaCy's DATE, TIME,
ORDINAL and name entities; "Section 230", "K9"). Two figures joined by "to", a
dash, or "and" after "between" are one range. Around the run:

- the qualifier is a general-English hedge just before it ("more than", "about");
- the kind is money (a currency symbol or word, or spaCy's MONEY), percent ("%",
  "percent"), measure (spaCy's QUANTITY, a unit of measurement after it, or a
  scale noun before it: "a magnitude 7.1 quake"), else count;
- the counted noun is the one the number modifies (``nummod``) or the object of
  its "of" ("3,000 of the workers"); anything looser gives None ("fewer than
  2,000 took part" counts no named noun); for money it is what the sum is
  (``_money_noun``: "the cost of the project", "will cost", "a fee of");
- a scale noun before the number or valued "at" it is a measure of that scale
  ("magnitude 6.6", "put its magnitude at 6.8");
- prospective: the figure's clause says it may, could or would be, or only
  intends it ("willing to send", "plans to hire"); see ``_prospective``;
- harm and speaker come from ``harm.py`` and ``speakers.py``.

Limits of the small model: a number the parser hangs on the wrong word has no
counted noun (None); "one" is read only as a modifier ("one soldier"), since it
is far more often a pronoun; vague plurals ("thousands of") are no figure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from summarise.reading.clauses import excerpt_tokens, segments
from summarise.reading.dates import MONTH_NAMES, bare_year, counted_before_date
from summarise.reading.harm import harm_of
from summarise.reading.numbers import CURRENCIES, SCALES, value_of
from summarise.reading.readings import Quantity
from summarise.reading.speakers import REPORTING, name_reporting, pronoun_of, speaker_of

# Entities whose numbers are not figures: when, what time, which one, or part of a name.
NOT_FIGURES = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE", "NORP"}  # fmt: skip
QUALIFIERS = {
    "more than", "less than", "fewer than", "at least", "at most", "up to", "about", "around",
    "approximately", "roughly", "nearly", "almost", "over", "under", "some", "an estimated", "as many as",
    "as few as", "close to", "just over", "just under", "well over", "below", "above", "upwards of",
    "in excess of", "no more than", "no fewer than", "no less than", "only", "just", "barely", "exactly",
    "estimated", "maybe", "perhaps", "possibly",
    # Verbs of approach and excess, as headlines write them ("death toll nears 3,000"): shown with
    # the figure, or "3,000" would be a value nobody gave.
    "nears", "nearing", "approaches", "approaching", "tops", "topping", "exceeds", "exceeding", "passes",
    "neared", "approached", "topped", "exceeded", "passed", "surpasses", "surpassed", "surpassing",
}  # fmt: skip
_QUALIFIER_WORDS = 3
UNITS = {
    "km", "kilometre", "kilometer", "mile", "metre", "meter", "m", "cm", "mm", "foot", "feet", "inch",
    "hectare", "acre", "tonne", "ton", "kg", "kilogram", "gram", "lb", "litre", "liter", "gallon", "barrel",
    "degree", "°", "°c", "°f", "celsius", "fahrenheit", "mw", "gw", "kw", "kwh", "megawatt", "gigawatt",
    "watt", "volt", "knot", "mph", "kph", "km/h", "square", "cubic", "ha", "sq",
}  # fmt: skip
_RANGE_JOINERS = {"to", "-", "–", "—", "and"}
_PERCENT = {"%", "percent", "pc"}
_WORD_NUMBER = re.compile(r"^[a-z]+$")
# "555-1234", "(020) 7946 0958", "+1 212 555 0100": digit groups no figure is written in.
_PHONE = re.compile(
    r"(?<![\d,.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{3,4}[.-]\d{4}(?![\d,])"
    r"|\(\d{2,5}\) ?\d{3,4} ?\d{3,4}"
)


def _is_number(tok: Token) -> bool:
    return tok.like_num or tok.lower_ in SCALES or tok.lower_ in ("dozen",)


def _joins(prev: Token, tok: Token) -> bool:
    """Whether ``tok`` continues the figure ending at ``prev`` ("3 000", "1.2 million", "twenty-one")."""
    if not _is_number(tok):
        return False
    if prev.is_digit and tok.is_digit and len(tok.text) == 3 and len(prev.text) <= 3:
        return (
            prev.whitespace_ == " " and not prev.nbor(-1).is_digit if prev.i > 0 else prev.whitespace_ == " "
        )
    if tok.lower_ in SCALES or tok.lower_ == "dozen":
        return True
    both_words = _WORD_NUMBER.match(prev.lower_) and _WORD_NUMBER.match(tok.lower_)
    return bool(both_words)


def _excluded(tok: Token) -> bool:
    if counted_before_date(tok):
        return False
    return tok.ent_type_ in NOT_FIGURES or bare_year(tok) or _in_phone_number(tok) or _day_of_month(tok)


def _day_of_month(tok: Token) -> bool:
    """A day number written next to a month name ("3 March 2026", "March 3"), which the
    small model's DATE entity sometimes leaves out."""
    if not tok.is_digit or not 1 <= int(tok.text) <= 31:
        return False
    neighbours = [tok.doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(tok.doc)]
    # Month names are capitalised in English; "may" in lower case is the verb.
    return any(n.text[:1].isupper() and n.lower_.rstrip(".") in _MONTHS for n in neighbours)


# Month names and their usual abbreviations, in English (the language of the pipeline's parser).
_MONTHS = MONTH_NAMES | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def _in_phone_number(tok: Token) -> bool:
    text = tok.doc.text
    return any(m.start() <= tok.idx < m.end() for m in _PHONE.finditer(text))


def _runs(doc: Doc) -> list[Span]:
    """Every run of number tokens that may be a figure."""
    runs: list[Span] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.like_num or _excluded(tok):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            nxt = doc[j]
            if _joins(doc[j - 1], nxt) and not _excluded(nxt):
                j += 1
            elif (
                nxt.text in ("-", "and")
                and j + 1 < len(doc)
                and _WORD_NUMBER.match(doc[j - 1].lower_)
                and _WORD_NUMBER.match(doc[j + 1].lower_)
                and doc[j + 1].like_num
                and (nxt.text == "-" or doc[j - 1].lower_ in SCALES)
            ):
                j += 2  # "twenty-one", "one hundred and five"
            else:
                break
        runs.append(doc[i:j])
        i = j
    return [r for r in runs if _keep(r)]


def _keep(run: Span) -> bool:
    first = run[0]
    if first.lower_ == "one" and len(run) == 1 and first.dep_ != "nummod":
        return False
    if first.lower_ == "one" and len(run) == 1 and first.head.dep_ == "pobj":
        # "on one side", "linked to one batch of food": "one" in a prepositional phrase picks a
        # thing out ("a single"); a count of one is a clause's subject or object ("One child
        # remained in hospital").
        return False
    before_first = first.nbor(-1).lower_ if first.i > 0 else ""
    if (
        first.lower_ == "one"
        and len(run) == 1
        and before_first in ("the", "this", "that", "which", "any", "each")
    ):
        return False  # "the one South Korea's spy service gave": a pronoun, not a figure
    if _ratio(run):
        return False
    if first.lower_ in SCALES and before_first in ("several", "few", "many", "some"):
        return False  # "several thousand soldiers", "several hundred million euros": vague, no figure
    if value_of(run.text) is None:
        return False
    last = run[-1]
    if (
        last.dep_ == "nummod"
        and last.head.tag_ == "NNP"
        and last.head.i >= run.end
        and all(t.pos_ == "PROPN" for t in last.doc[run.end : last.head.i + 1])
        and name_reporting(last) is None
    ):
        # A number that starts a singular name is part of it: "38 North", "7 Eleven", and an
        # address, "12 Market Street".
        return False
    before = first.nbor(-1) if first.i > 0 else None
    # A number right after a capitalised noun it attaches to is a label: "Section 230", "Route 66".
    return not (
        before is not None
        and before.i > 0
        and before.text[:1].isupper()
        and before.pos_ in ("PROPN", "NOUN")
        and (run.root.head == before or before.head == run.root or before.head == run.root.head)
    )


def _ratio(run: Span) -> bool:
    """Whether the number is one term of a ratio ("nine in ten drivers", "one train in five",
    "three out of four voters"): read apart, each term would be shown as a count of its own
    ("ten drivers", "five ran"), so neither is a figure. Two counts that each name what they
    count ("11 goals in 36 appearances") are no ratio.
    """
    doc = run.doc

    def number_at(i: int) -> bool:  # a number that is no date ("3% in 2027")
        return 0 <= i < len(doc) and doc[i].like_num and doc[i].ent_type_ not in ("DATE", "TIME")

    def noun_at(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].pos_ == "NOUN" and doc[i].is_alpha

    def joiner(i: int) -> int:  # tokens of "in" or "out of" starting at i, else 0
        if i < len(doc) and doc[i].lower_ == "in":
            return 1
        return 2 if i + 1 < len(doc) and doc[i].lower_ == "out" and doc[i + 1].lower_ == "of" else 0

    def terms(first_end: int) -> bool:
        """A ratio whose first term ends before token ``first_end`` (after its noun, if any)."""
        noun = noun_at(first_end)
        j = first_end + (1 if noun else 0)
        n = joiner(j)
        if not n or not number_at(j + n):
            return False
        # "nine in ten drivers": the first term names nothing. With a noun, only "one X in N" is
        # a ratio; "11 goals in 36 appearances" are two counts.
        return not noun or doc[first_end - 1].lower_ in ("one", "1")

    if terms(run.end):
        return True
    # The number is the second term: find a first term ending before its joiner.
    for n in (1, 2):
        j = run.start - n
        if j < 1 or joiner(j) != n:
            continue
        # The first term's number just before the joiner, or its number and noun.
        if number_at(j - 1) and terms(j):
            return True
        if noun_at(j - 1) and number_at(j - 2) and terms(j - 1):
            return True
    return False


def _currency_before(run: Span) -> Token | None:
    """A currency sign or code just before the figure ("€300", "USD 300"); words come after it."""
    i = run.start - 1
    if i >= 0 and (run.doc[i].is_currency or (run.doc[i].is_upper and run.doc[i].lower_ in CURRENCIES)):
        return run.doc[i]
    return None


def _after(run: Span) -> Token | None:
    return run.doc[run.end] if run.end < len(run.doc) else None


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """A hedge ending just before token ``start``, and where it begins."""
    for n in range(_QUALIFIER_WORDS, 0, -1):
        if start - n < 0:
            continue
        words = doc[start - n : start]
        if words.text.lower() in QUALIFIERS:
            return words.text.lower(), start - n
    return None, start


def _kind(run: Span) -> tuple[str, str | None, int]:
    """Kind, unit as written, and the token index where the figure's text ends."""
    before, after = _currency_before(run), _after(run)
    if before is not None:
        return "money", before.text, run.end
    if after is not None and (after.is_currency or (after.lower_ in CURRENCIES and after.pos_ != "VERB")):
        return "money", after.text, run.end + 1
    if after is not None and after.lower_ in _PERCENT:
        return "percent", "%", run.end + 1
    if (
        after is not None
        and after.lower_ == "per"
        and after.i + 1 < len(run.doc)
        and after.nbor().lower_ == "cent"
    ):
        return "percent", "%", run.end + 2
    if run.root.ent_type_ == "MONEY":
        return "money", None, run.end
    if after is not None and after.lemma_.lower() in UNITS:
        return "measure", _unit_phrase(after), run.end
    if run.root.ent_type_ == "QUANTITY":  # "a 7.8-magnitude earthquake": the unit is the entity's word
        words = [t for t in run.doc[run.end : run.end + 3] if t.ent_type_ == "QUANTITY" and t.is_alpha]
        return "measure", words[0].text if words else None, run.end
    prev = run.doc[run.start - 1] if run.start > 0 else None
    nxt = run.doc[run.end] if run.end < len(run.doc) else None
    if (
        prev is not None
        and prev.tag_ == "NN"
        and prev.text.islower()
        and run.root.dep_ in ("nummod", "appos", "npadvmod")
        and (run.root.head == prev or (nxt is not None and nxt.pos_ == "NOUN" and run.root.head == nxt))
    ):
        # "magnitude 6.6", "a magnitude 7.1 quake", "a level 3 alert": a scale noun, then its value.
        return "measure", prev.lemma_.lower(), run.end
    attribute = _measured(run)
    if attribute is not None and harm_of(run.root) is None:
        # "put its magnitude at 6.8", "set the rate at 4.5": the value of what the verb's object names.
        return "measure", attribute.lemma_.lower(), run.end
    return "count", None, run.end


# Units of time a measure may be given per ("310 cubic metres a second", "80 km per hour").
_PER_UNITS = {"second", "minute", "hour", "day", "week", "month", "year"}


def _unit_phrase(first: Token) -> str:
    """A unit as written from its first word: "cubic metres", "cubic metres a second", "km per hour".

    The first word alone ("cubic") named nothing a reader could check, and two measures in
    "cubic metres" and "cubic metres a second" are not the same quantity.
    """
    doc, end = first.doc, first.i + 1
    while end < len(doc) and doc[end].lemma_.lower() in UNITS:
        end += 1
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("a", "an", "per", "each")
        and doc[end + 1].lemma_.lower() in _PER_UNITS
    ):
        end += 2
    return doc[first.i : end].text


def _valued(root: Token, changed: bool = False) -> Token | None:
    """The noun a verb gives the figure ``root`` as the value of: "put [the cost] at €84 million".

    The pattern is "V X at N" (put, estimate, value, set ... X at N): the figure is the object
    of "at" on the verb, and the verb's direct object, a common noun, is what the figure is the
    value of; or, with no object, the noun the verb's participle describes ("the budget,
    estimated at 4 billion euros"). A pronoun object ("puts it at 6.6") names nothing.
    """
    at = root.head
    preps = ("at", "to") if changed else ("at",)
    if root.dep_ != "pobj" or at.lower_ not in preps:
        return None
    if changed and at.lower_ == "to" and at.head.pos_ == "NOUN":
        # The small parser hangs "to N" on the last noun of "its estimate of the damage to £4
        # million": that noun is still what the value is of.
        of = at.head.head
        if at.head.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in _VALUE_NOUNS:
            return at.head
        return None
    if at.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = at.head
    obj = next((t for t in verb.children if t.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        obj = verb.head
    if at.lower_ == "to":
        # "V X to N" changes a value to N only when X names a value ("raised its estimate of the
        # damage to £4 million") or, with no object, the subject changed ("the number of homes
        # flooded has risen to 260"); "approved the budget by 31 votes to 20" is no such thing.
        if obj is None:
            obj = next((t for t in verb.children if t.dep_ == "nsubj"), None)
        elif obj.lemma_.lower() not in _VALUE_NOUNS:
            return None
    if obj is None or obj.pos_ != "NOUN":
        return None
    return _value_of(obj) if changed else obj


# Nouns that name a value of something else, not a thing: "the number of homes", "its estimate
# of the damage", "a total of 300 people". What such a value counts is the noun of its "of".
_VALUE_NOUNS = {"number", "total", "count", "tally", "estimate", "figure", "amount"}


def _value_of(noun: Token) -> Token:
    """The noun whose value ``noun`` gives, when ``noun`` is only a value ("number of homes" -> homes)."""
    if noun.lemma_.lower() not in _VALUE_NOUNS:
        return noun
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((t for t in child.children if t.dep_ == "pobj" and t.pos_ == "NOUN"), None)
            if obj is not None:
                return obj
    return noun


def _pronoun_valued(root: Token) -> bool:
    """Whether a verb gives the figure as the value of a pronoun: "puts it at 6.6"."""
    at = root.head
    if root.dep_ != "pobj" or at.lower_ != "at" or at.head.pos_ not in ("VERB", "AUX"):
        return False
    return any(t.dep_ == "dobj" and t.tag_ == "PRP" for t in at.head.children)


def _measured(run: Span) -> Token | None:
    """A singular noun a verb values at ``run`` that counts nothing of its own: "its magnitude at 6.8".

    "The number of troops at 10,000" counts troops, so a noun with an "of" phrase is left to the
    counted noun.
    """
    obj = _valued(run.root)
    if obj is None or obj.tag_ != "NN" or any(c.dep_ == "prep" and c.lower_ == "of" for c in obj.children):
        return None
    # "put the number deployed at some 15,000": a number or total is a count, not a scale.
    return None if obj.lemma_.lower() in _VALUE_NOUNS else obj


def _counted(run: Span, kind: str) -> tuple[str | None, str | None]:
    """Lemma and text of the noun the figure counts, or (None, None) when the parse does not say."""
    if kind == "money":
        return _money_noun(run)
    if kind == "measure":
        return None, None
    last = run[-1]
    if name_reporting(last) is not None:
        return None, None  # "the 23,000 Ukraine says are there": Ukraine reports, it is not counted
    anchor = run.doc[run.end] if kind == "percent" and run.end < len(run.doc) else last
    if kind == "percent" and anchor.lower_ == "per" and anchor.i + 1 < len(run.doc):
        anchor = run.doc[anchor.i + 1]  # "3.5 per cent": the sign ends at "cent", which counts nothing
    if (
        kind == "percent"
        and anchor.dep_ in ("compound", "amod", "nmod", "nummod")
        and anchor.head.pos_ == "NOUN"
        and anchor.head.i > anchor.i
    ):
        # "a 9% pay rise": the share is of the noun its sign modifies.
        return anchor.head.lemma_.lower(), run.doc[anchor.i + 1 : anchor.head.i + 1].text
    if kind == "percent" and (changed := _share_of_change(anchor)) is not None:
        return changed
    head = last.head
    if last.dep_ == "nummod" and head.pos_ in ("NOUN", "PROPN") and head.i > last.i and head.i != anchor.i:
        return head.lemma_.lower(), run.doc[run.end : head.i + 1].text
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((t for t in child.children if t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None:
                if _whole(obj) is not None or kind == "percent":
                    # "Two of the group's three hospitals", "99% of capacity": a part is read
                    # with its whole, or "Two group's three hospitals" would be shown.
                    return obj.lemma_.lower(), run.doc[child.i : obj.i + 1].text
                start = min([t.i for t in obj.lefts if t.dep_ not in ("det", "nummod", "quantmod")] + [obj.i])
                return obj.lemma_.lower(), run.doc[start : obj.i + 1].text
    return None, None


def _share_of_change(sign: Token) -> tuple[str, str] | None:
    """What a share measures when the sentence gives it as a change or a level of something
    named as the verb's subject: "Pre-tax profit fell 40%" -> "Pre-tax profit fell", "Shares
    in Tallis closed 14% lower" -> "Shares in Tallis closed lower", "the operating margin narrowed
    to 4.1%" -> "operating margin". Read from the parse; None when it shows no such subject."""
    verb, adverb = sign.head, None
    if sign.dep_ == "pobj" and sign.head.lower_ in ("to", "at") and sign.head.head.pos_ == "VERB":
        verb = sign.head.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        return None if subject is None else (subject.lemma_.lower(), _subject_phrase(subject))
    if sign.dep_ not in ("npadvmod", "dobj"):
        return None
    if verb.pos_ in ("ADJ", "ADV") and verb.dep_ in ("advmod", "acomp") and verb.head.pos_ == "VERB":
        verb, adverb = verb.head, verb
    if verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if subject is None:
        return None
    words = [_subject_phrase(subject), verb.text] + ([adverb.text] if adverb is not None else [])
    return subject.lemma_.lower(), " ".join(words)


def _subject_phrase(noun: Token) -> str:
    """A subject with its modifiers and its "in"/"of" phrase ("Shares in Tallis"), no clauses."""
    start = min([t.left_edge.i for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")] + [noun.i])
    end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            end = max(end, child.right_edge.i)
    return noun.doc[start : end + 1].text


def _whole(noun: Token) -> Token | None:
    """The number a noun of an "of" phrase is counted with, making the figure before it a part."""
    return next((t for t in noun.children if t.dep_ == "nummod" and t.like_num), None)


def _part(last: Token) -> bool:
    """Whether the figure is a part of a whole counted in its own "of" phrase ("two of the three")."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(t.dep_ == "pobj" and _whole(t) is not None for t in child.children)
        for child in last.children
    )


# Words that make a count an addition (general English): "more", "new", "additional" soldiers.
_INCREMENT = {"more", "new", "additional", "further", "extra", "another", "fresh"}


def _increment(last: Token, counts: str | None) -> bool:
    """Whether the figure adds to a quantity: an adjective of addition on its counted noun or
    beside the number ("6,000 more soldiers", "15 new cases", "a further 4,000", "another 300")."""
    noun = _counted_token(last, counts)
    # After the number, on the counted noun: "6,000 more soldiers", "15 new cases".
    near = [*(noun.children if noun is not None else ()), *last.children]
    if any(c.lower_ in _INCREMENT and c.dep_ in ("amod", "advmod") and c.i > last.i for c in near):
        return True
    # Before it: "a further 4,000", "another 300"; not "more than 5,000", which is a hedge.
    before = last.doc[last.i - 1] if last.i > 0 else None
    return before is not None and before.lower_ in _INCREMENT - {"more"}


def _is_whole(last: Token) -> bool:
    """Whether the figure is the whole of a part before it: "three" in "two of the three hospitals"."""
    noun = last.head if last.dep_ == "nummod" else None
    return (
        noun is not None
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.like_num
        and noun.head.head.i < last.i
    )


def _holder(last: Token) -> str | None:
    """The noun whose owners the figure counts: "files relating to 85,000 patients" -> "file".

    The counted noun is then not an argument of its clause but hangs, through a preposition
    (and perhaps a participle: "relating to"), from another noun; a count of that is a count of
    something else than the same noun as a subject or object ("46 patients were taken").
    """
    noun = last.head if last.dep_ == "nummod" and last.head.pos_ in ("NOUN", "PROPN") else None
    if noun is None or noun.dep_ != "pobj":
        return None
    up = noun.head.head  # the preposition's head
    if up.pos_ == "VERB" and up.dep_ == "acl":
        up = up.head
    if up.pos_ != "NOUN" or up.lemma_.lower() in _VALUE_NOUNS:
        return None
    return up.lemma_.lower()


def _counted_by_value(last: Token) -> tuple[str | None, str | None]:
    """What a count given as the value of something counts: "the number of homes flooded has risen
    to 260", "put the number of homes at 140" (homes). Used only when the count has no noun of its
    own and no harm: a toll ("the death toll rose to 118") is a harm, not a thing counted."""
    valued = _valued(last, changed=True)
    if valued is None or valued.lemma_.lower() in _VALUE_NOUNS:
        return None, None
    # From the first word of its modifiers' own phrases: "North" of "North Korean troops".
    start = min([t.left_edge.i for t in valued.lefts if t.dep_ in ("compound", "amod")] + [valued.i])
    return valued.lemma_.lower(), last.doc[start : valued.i + 1].text


def _counted_by_total(last: Token, before: list[Quantity]) -> tuple[str | None, str | None]:
    """What a running total counts when the sentence names it only as a total.

    "bringing the number of its troops deployed there to roughly 21,000": the small parser
    often hangs "to N" on the wrong verb, so the value noun is found by word order, the
    nearest one before the figure with no other figure between. With an "of" phrase it
    counts that noun; without one ("sent 6,000 more soldiers, bringing the total to 21,000")
    it counts what the sentence's figure before it counts. Only for a figure given "to" or
    "at" a value: a bare number elsewhere stays unread.
    """
    if last.dep_ != "pobj" or last.head.lower_ not in ("to", "at"):
        return None, None
    doc = last.doc
    for tok in reversed(doc[: last.i]):
        if tok.like_num:
            return None, None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _VALUE_NOUNS:
            counted = _value_of(tok)
            if counted is not tok:
                start = min([t.i for t in counted.lefts if t.dep_ in ("compound", "amod")] + [counted.i])
                return counted.lemma_.lower(), doc[start : counted.i + 1].text
            earlier = [q for q in before if q.kind == "count" and q.counts and q.end <= tok.idx]
            if earlier and earlier[-1].counts_text:
                # Only the noun: "6,000 more soldiers ... the total to 21,000" is 21,000 soldiers,
                # not 21,000 "more soldiers".
                return earlier[-1].counts, earlier[-1].counts_text.split()[-1]
            return None, None
    return None, None


def _counted_token(last: Token, counts: str | None) -> Token | None:
    """The token of the noun a figure counts, found the ways ``_counted`` and ``_valued`` find it."""
    if counts is None:
        return None
    if last.dep_ == "nummod" and last.head.lemma_.lower() == counts:
        return last.head
    for child in last.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((t for t in child.children if t.dep_ == "pobj" and t.lemma_.lower() == counts), None)
            if obj is not None:
                return obj
    valued = _valued(last, changed=True)
    return valued if valued is not None and valued.lemma_.lower() == counts else None


def _event(last: Token, counts: str | None) -> str | None:
    """What happens to what the figure counts (see ``Quantity.event``)."""
    noun = _counted_token(last, counts)
    # The participle may hang on the counted noun ("homes flooded") or on the value noun
    # whose "of" it is ("the number of homes flooded", as the small parser often reads it).
    nouns = [] if noun is None else [noun, noun.head.head] if noun.dep_ == "pobj" else [noun]
    for n in nouns:
        for child in n.children:
            if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.lemma_ not in REPORTING:
                return child.lemma_.lower()
    if last.dep_ == "pobj" and last.head.lower_ in ("to", "at") and last.head.head.pos_ in ("VERB", "AUX"):
        return None  # "has risen to 260", "stood at 140": the verb tells the value, not an event
    tok = last
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass")):
            # A reporting verb says who gives the figure, not what happened to what it counts.
            if tok.lemma_ in REPORTING or tok.lemma_ == "put":
                return None
            return tok.lemma_.lower()
    return None


def _phrase(noun: Token) -> str:
    """A noun with its modifiers before it and its "of" phrase: "cost of the project"."""
    lefts = [t.i for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")]
    end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(t.i for t in child.subtree)
    return noun.doc[min([*lefts, noun.i]) : end + 1].text


# Verbs of attaining a value (general English): their object is the value of their subject.
_ATTAIN = {"reach", "hit", "total", "top", "exceed", "pass", "near", "surpass", "approach"}


def _copula_subject(root: Token) -> Token | None:
    """The subject a form of "be" gives the sum as the value of: "the bill will be closer to £9
    million", "the cost of the repairs was about $5 million" (a common noun, not a pronoun)."""
    tok = root
    while (
        tok.dep_ in ("pobj", "prep", "acomp", "attr", "quantmod", "advmod", "npadvmod")
        and tok.head.i != tok.i
    ):
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_ != "be":
        return None
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "NOUN" or subject.lemma_.lower() in _VALUE_NOUNS:
        return None
    return subject


def _money_noun(run: Span) -> tuple[str | None, str | None]:
    """What a sum of money is, where the parse says: the noun it is the value, amount or object of.

    - "the €84 million construction budget", "a $5 million fine": the noun it modifies;
    - "a fee of €45 million": the noun whose "of" it is;
    - "put the cost of the project at €84 million": the object the verb values at it (``_valued``);
    - "will cost about €97 million", "paid $2,000": the verb it is the object of, as a noun
      (its lemma: "cost", "pay");
    - "a fee that could rise to €60 million": the noun whose relative clause gives it.

    A part named by what it is for ("€9 million for buying the land") is none of these, so a
    component is never read as the total it belongs to.
    """
    root = run.root
    if root.head.lower_ in CURRENCIES and root.head.i == run.end:
        root = root.head  # "4 billion euros": the sum is the currency word's phrase
    head = root.head
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in root.children):
        return None, None  # a part, named by what it pays for
    if root.dep_ in ("nummod", "compound", "amod") and head.pos_ == "NOUN" and head.i > root.i:
        first = min([t.i for t in head.lefts if t.dep_ == "compound" and t.i > root.i] + [head.i])
        return head.lemma_.lower(), run.doc[first : head.i + 1].text
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        noun = head.head
        # "in the region of", "to the tune of": a definite noun inside a phrase is an idiom of
        # approximation, not the thing paid for ("a fee of €45 million"); "its figure of £9
        # million", "an estimate of $2 billion" name only a value, so what it is stays unread.
        idiom = noun.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        return (
            (None, None) if idiom or noun.lemma_.lower() in _VALUE_NOUNS else (noun.lemma_.lower(), noun.text)
        )
    valued = _valued(root, changed=True)
    if valued is not None:
        return valued.lemma_.lower(), _phrase(valued)
    clause = head.head if root.dep_ == "pobj" else head
    if clause.dep_ == "relcl" and clause.head.pos_ == "NOUN":
        return clause.head.lemma_.lower(), _phrase(clause.head)
    if (subject := _copula_subject(root)) is not None:
        return subject.lemma_.lower(), _phrase(subject)
    if root.dep_ == "dobj" and head.lemma_.lower() in _ATTAIN:
        # "the total cost of the fire could reach €25 million": the sum is the subject's value.
        subject = next((c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
        if subject is None or subject.lemma_.lower() in _VALUE_NOUNS:
            return None, None
        return subject.lemma_.lower(), _phrase(subject)
    # "paid $2 million for the patents": a sum for something named is a price of that thing,
    # not the same quantity as every other sum paid, so only a sum for nothing named is the verb's.
    if root.dep_ == "dobj" and head.pos_ == "VERB" and not any(c.lower_ == "for" for c in head.children):
        return head.lemma_.lower(), head.lemma_.lower()
    return None, None


# Modal auxiliaries of future tense state what will be, as a forecast does ("will cost €97
# million"); the others state what may, could or would be.
_FUTURE = {"will", "shall", "'ll", "wo"}
# Verbs whose infinitive happened ("continued to rise to 118", "managed to raise $5m"), unlike
# those whose infinitive is only wanted, planned or possible ("plans to hire", "willing to send").
_REALISED = {"begin", "start", "continue", "keep", "manage", "go", "use", "stop", "cease", "finish",
             "happen", "get", "come", "seem", "appear", "prove", "turn"}  # fmt: skip


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause ``tok`` is in (or None at the root without one)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else None


def _prospective(tok: Token) -> bool:
    """Whether the figure's clause says it may, could or would be, or is only intended.

    Read from the parse: a modal auxiliary (tag MD) other than the future's "will" on the
    figure's verb, unless in the perfect ("may have died" is an uncertain past, an actual
    figure); or the verb is the infinitive complement of an adjective or verb ("willing to
    send", "plans to hire", "threatened to cut") that does not say it happened.
    """
    verb = _clause_verb(tok)
    while verb is not None:
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        perfect = any(c.lemma_.lower() == "have" for c in aux)
        if not perfect and any(c.tag_ == "MD" and c.lower_ not in _FUTURE for c in aux):
            return True
        if verb.dep_ != "xcomp" or verb.head.pos_ not in ("VERB", "ADJ", "AUX"):
            return False
        # "is understood / said / believed to be": a passive reporting verb gives its source's
        # account of what is, not an intention.
        passive = any(c.dep_ == "auxpass" for c in verb.head.children)
        if not passive and verb.head.lemma_.lower() not in _REALISED and any(c.tag_ == "TO" for c in aux):
            return True
        verb = verb.head if verb.head.pos_ in ("VERB", "AUX") else _clause_verb(verb.head)
    return False


def _range_end(doc: Doc, run: Span, following: Span | None) -> bool:
    """Whether ``following`` is the high end of a range starting at ``run``."""
    if following is None:
        return False
    between = doc[run.end : following.start]
    words = [t for t in between if not (t.is_currency or t.lower_ in CURRENCIES)]
    if len(words) != 1 or words[0].lower_ not in _RANGE_JOINERS:
        return False
    if words[0].lower_ == "and":
        return run.start > 0 and doc[run.start - 1 - (1 if _currency_before(run) else 0)].lower_ == "between"
    return True


_PERIOD_WORDS = {"a", "an", "per", "each", "every"}
# Units of calendar time a rate can be given per (English, like the parser).
_PERIODS = {"hour", "day", "week", "month", "quarter", "year", "annum"}


def _per(doc: Doc, end: int) -> str | None:
    """The period a rate is given for, read from "a month", "per year", "each week" after it."""
    if end + 1 < len(doc) and doc[end].lower_ in _PERIOD_WORDS and doc[end + 1].lemma_.lower() in _PERIODS:
        return doc[end + 1].lemma_.lower()
    return None


def _per_after_noun(number: Token) -> str | None:
    """The period a count is given for after the noun it modifies: "400 to 600 soldiers a month"."""
    noun = number.head if number.dep_ == "nummod" and number.head.pos_ == "NOUN" else None
    return None if noun is None else _per(number.doc, noun.i + 1)


# Words that deny the number they precede (general English negators).
_NEGATORS = {"not", "no", "nowhere", "never", "n't", "none", "neither", "nor"}
_NEGATION_WINDOW = 3


def _negated(doc: Doc, first: int) -> bool:
    """Whether a negator stands just before the figure: a denied number is not a figure anyone gives."""
    return any(t.lower_ in _NEGATORS for t in doc[max(0, first - _NEGATION_WINDOW) : first])


def quantities(doc: Doc) -> tuple[Quantity, ...]:
    """Every figure in the parsed sentence ``doc``."""
    runs = _runs(doc)
    numbers = {t.i for run in runs for t in run}
    out: list[Quantity] = []
    by_pronoun: list[bool] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        high_run = runs[i + 1] if i + 1 < len(runs) and _range_end(doc, run, runs[i + 1]) else None
        last = high_run or run
        kind, unit, end_tok = _kind(last)
        if kind == "count":
            kind, unit, _ = _kind(run)
        cur = _currency_before(run)
        first_tok = run.start - (1 if cur is not None else 0)
        if run[0].lower_ in SCALES and first_tok > 0 and doc[first_tok - 1].lower_ in ("a", "an"):
            first_tok -= 1  # "a million", "more than a thousand": the article belongs to the figure
        qualifier, first_tok = _qualifier(doc, first_tok)
        counts, counts_text = _counted(last, kind)
        mine = range(first_tok, end_tok)
        words = excerpt_tokens(doc, mine, numbers - set(range(run.start, last.end)))
        harm = harm_of(last.root, set(words))  # the figure's own tokens are always among its words
        if kind == "count" and counts is None and harm is None:
            counts, counts_text = _counted_by_value(last.root)
        if kind == "count" and counts is None and harm is None:
            counts, counts_text = _counted_by_total(last.root, out)
        start_char = doc[first_tok].idx
        end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        low = value_of(run.text)
        high = value_of(high_run.text) if high_run is not None else None
        if low is None:
            i += 1
            continue
        speaker = speaker_of(last.root)
        out.append(
            Quantity(
                text=doc.text[start_char:end_char],
                start=start_char,
                end=end_char,
                value=low,
                high=high,
                qualifier=qualifier,
                kind=kind,
                unit=unit,
                counts=counts,
                counts_text=counts_text,
                harm=harm,
                speaker=speaker,
                per=_per(doc, end_tok) or _per_after_noun(run.root),
                negated=_negated(doc, first_tok),
                prospective=_prospective(last.root),
                pronoun=pronoun_of(last.root) if speaker is None else None,
                part=_part(last.root),
                whole=_is_whole(last.root),
                holder=_holder(last.root) if kind == "count" else None,
                event=_event(last.root, counts) if kind == "count" else None,
                increment=kind == "count" and _increment(run.root, counts),
                says=segments(doc, words),
            )
        )
        by_pronoun.append(kind == "count" and counts is None and _pronoun_valued(last.root))
        i += 2 if high_run is not None else 1
    # "X measured magnitude 6.8, while Y puts it at 6.6": a value given to a pronoun in a
    # sentence that measures one thing is a value of that thing.
    units = {q.unit for q in out if q.kind == "measure"}
    if len(units) == 1:
        unit = units.pop()
        out = [
            replace(q, kind="measure", unit=unit) if flag else q
            for q, flag in zip(out, by_pronoun, strict=True)
        ]
    return tuple(out)
