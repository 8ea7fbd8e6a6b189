"""Who a sentence says is speaking, read from the dependency parse.

Three shapes name a speaker, and the parse shows each one:

- the subject of a reporting verb ("the Pentagon said ...", "“...,” said Maria
  Lopez", "officials estimated ..."), or the agent of a passive one ("... was
  reported by the union");
- "put ... at N" ("the union put the number at 4,000"), the idiom for giving a figure;
- the object of "according to" ("according to Ukrainian and South Korean intelligence").

A figure's speaker is the first reporting verb met walking up the parse from the
number (so the nearest clause that reports it wins), else the sentence's
"according to". A pronoun subject ("he said", "we counted") names no one, so the
walk goes on to the next reporting verb above and otherwise gives None.

Known limits of the small model: a speaker inside a heading run into the sentence,
or a subject the parser attaches to the wrong verb, is missed (None), not guessed.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

# Reporting verbs of general English, by lemma: saying, estimating, counting, measuring, confirming.
REPORTING = {
    "say", "tell", "report", "announce", "estimate", "claim", "state", "confirm", "warn", "add", "note",
    "write", "count", "tally", "believe", "allege", "insist", "explain", "acknowledge", "admit", "reveal",
    "disclose", "indicate", "suggest", "assert", "predict", "forecast", "calculate", "record", "declare",
    "conclude", "quote", "cite", "assess", "find", "show", "publish", "brief", "testify", "argue",
    "maintain", "measure", "register", "gauge",
}  # fmt: skip
# Verbs of proposing, by lemma: the subject of "offered £150", "is asking for £2,000", "wants a 6
# per cent rise", "has budgeted £1.2m" gives the figure it proposes (general English, like REPORTING).
PROPOSING = {
    "offer",
    "ask",
    "demand",
    "want",
    "seek",
    "propose",
    "request",
    "bid",
    "pledge",
    "promise",
    "budget",
}
_SUBJECTS = {"nsubj", "nsubjpass"}
# Children that belong to a speaker's noun phrase; relative clauses and appositives do not.
_PHRASE = {
    "compound",
    "poss",
    "case",
    "amod",
    "det",
    "nmod",
    "prep",
    "pobj",
    "cc",
    "conj",
    "nummod",
    "quantmod",
}
_PREPS = {"of", "for", "at", "in"}


def _phrase(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``head``, without clauses hanging on it."""
    keep = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            # A preposition on a noun joins the phrase only when it says whose or which
            # ("officials of the ministry"); on an adjective it completes it ("people familiar
            # with the negotiations", "officials close to the talks").
            if child.dep_ not in _PHRASE or (
                child.dep_ == "prep" and child.lower_ not in _PREPS and tok.pos_ != "ADJ"
            ):
                continue
            # A name takes its "of" ("the Ministry of Defence") and a place ("the Observatory in
            # Ostrin"); "Hnatyuk at a briefing", "Ostrowski in a statement" say where the name
            # spoke, not who it is.
            if (
                child.dep_ == "prep"
                and tok.pos_ == "PROPN"
                and child.lower_ != "of"
                and not any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in child.children)
            ):
                continue
            keep.append(child)
            stack.append(child)
    return min(t.i for t in keep), max(t.i for t in keep) + 1


def _named(head: Token) -> str | None:
    """The noun phrase headed by ``head`` as written, unless it names no one (a pronoun)."""
    # The small parser tags the last part of some hyphenated names as another part of speech
    # ("Choi Eun-ha": "ha" as an interjection); a head with proper-noun compounds is still a name.
    named = any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)
    if head.pos_ == "PRON" or (head.pos_ not in ("NOUN", "PROPN", "ADJ") and not named):
        return None
    # "Its chair, Leanne Corrigan, put the number at ...": a role owned by a pronoun says whose
    # only by the sentences before; the name beside it says who.
    if head.pos_ == "NOUN" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children):
        name = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if name is not None:
            return _named(name)
    start, end = _phrase(head)
    words = head.doc[start:end]
    if any(t.pos_ == "NUM" for t in words):
        return None  # a counted group ("1,500 troops believed to be ..."), not a speaker
    # A capitalised name after a lower-case noun phrase with adjectives ("the gradual economic
    # recovery Defectors": a heading run into the sentence) is the speaker on its own: keep
    # the capitalised run that ends at the head.
    if head.text[:1].isupper() and head.i > start:
        run = head.i
        while run > start and head.doc[run - 1].text[:1].isupper():
            run -= 1
        before = head.doc[start:run]
        # A descriptor ("the disaster agency AFAD", "Spanish newspaper Marca") stays; a run of
        # lower-case adjectives and nouns ("gradual economic recovery") is not one.
        if (
            run > start
            and head.doc[run - 1].pos_ == "NOUN"
            and head.doc[run - 1].text.islower()
            and any(t.pos_ == "ADJ" and t.text.islower() for t in before)
        ):
            words = head.doc[run:end]
    text = words.text.strip(" ,;:—–-\"“”'’")
    return text or None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def verb_speaker(verb: Token, number: Token | None = None) -> str | None:
    """The speaker a reporting verb names, or None. "put" reports only as "put ... at N"."""
    who = _verb_doer(verb, number)
    if who is None:
        return _name_before(verb, number) if _reports(verb, number) else None
    return _named(_behind(who))


def _reports(verb: Token, number: Token | None) -> bool:
    return (
        verb.lemma_ in REPORTING
        or (verb.lemma_ == "put" and _puts_at(verb, number))
        or (number is not None and _that_clause(verb, number))
        or (number is not None and verb.lemma_ in PROPOSING and _proposed(verb, number))
    )


def _proposed(verb: Token, number: Token) -> bool:
    """Whether the number is in what the verb of proposing proposes: its object, with no other
    clause between ("offered a payment of £150", not "... while cases climbed to 112")."""
    tok = number
    while tok.i != verb.i:
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i != verb.i and tok.pos_ in ("VERB", "AUX"):
            return False
    return True


def _that_clause(verb: Token, number: Token) -> bool:
    """Whether the figure is in a "that" clause the verb takes: what its subject says, whatever
    the verb ("The company repeated that about 1,100 staff were absent"), or in what a verb of
    proposing asks of someone else ("The group wants Copperleaf to pay £2,000")."""
    return any(
        c.dep_ in ("ccomp", "xcomp")
        and number in c.subtree
        and (
            any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            or (verb.lemma_ in PROPOSING and c.dep_ == "ccomp")
        )
        for c in verb.children
    )


def _verb_doer(verb: Token, number: Token | None) -> Token | None:
    """The token heading who a reporting verb says reports: a passive's agent, the subject, or
    the subject of the verb it is coordinated with ("posted a sample and insists it holds")."""
    if not _reports(verb, number):
        return None
    agent = _agent(verb)
    if agent is not None:
        return agent
    for child in verb.children:
        if child.dep_ == "nsubj" and (number is None or number not in child.subtree):
            # "The group, which is asking for £2,000": a relative pronoun stands for its noun.
            # Only for the figure the clause gives: the parse may hang a "who" on the wrong noun
            # ("a lawmaker on the committee who briefed reporters"), so it names no sentence speaker.
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head if number is not None and number in verb.subtree else None
            return child
    return _shared_subject(verb, number)


def _shared_subject(verb: Token, number: Token | None) -> Token | None:
    """The subject a verb without one shares with the verb it is coordinated with ("posted a
    sample and insists it holds"; "She put the value at £4 million and said ..."), unless it
    holds the figure."""
    if verb.dep_ != "conj" or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and (number is None or number not in subject.subtree) else None


def _behind(who: Token) -> Token:
    """Who stands behind a count or a set of figures that reports: "a count ... by Occurra",
    "figures released by the transport ministry", "figures from the ministry". A common noun
    with such a "by" or "from" gives way to it; anything else is itself."""
    if who.pos_ != "NOUN":
        return who
    for child in who.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            obj = next((t for t in child.children if t.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return obj
        # Only a restrictive participle ("figures released by the ministry"): one set off by a
        # comma describes a voice already named ("The agency, known by its initials HUR, said").
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.nbor(-1).text != ",":
            # "a count carried out for the Record by Occurra": the parser may hang the "by" on
            # the participle's last noun rather than on the participle.
            by = next((t for t in child.subtree if t.dep_ in ("agent", "prep") and t.lower_ == "by"), None)
            obj = next((t for t in by.children if t.dep_ == "pobj"), None) if by is not None else None
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return obj
    return who


# Reporting verbs whose subject is often evidence rather than a voice ("modelling suggested",
# "tests confirmed", "figures show"): general English verbs of showing.
_EVIDENCE = {"show", "suggest", "indicate", "confirm", "find", "reveal", "record", "register", "measure"}


def _weak(verb: Token, who: Token) -> bool:
    """Whether a reporting verb's doer may be only the evidence or a part of a voice named
    above it: a common noun without a name reporting by a verb of showing ("modelling of wind
    direction suggested", "confirmed by laboratory tests"), or a phrase owned by a pronoun
    ("its own engineers had calculated": the company's)."""
    owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in who.children)
    named = any(t.pos_ == "PROPN" for t in who.subtree)
    return owned or (verb.lemma_ in _EVIDENCE and who.pos_ == "NOUN" and not named)


def _name_before(verb: Token, number: Token | None) -> str | None:
    """A name written just before a reporting verb left without a subject: "..., Ukraine's
    Defence Intelligence Directorate said". The small parser sometimes hangs such a name on the
    noun before it ("Russia, Ukraine's ... Directorate" as an apposition), but the word order
    of "NAME said" is unambiguous, so the named entity ending right before the verb speaks."""
    if verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if not before.ent_type_ or before.ent_type_ not in _SPEAKING or (number is not None and before == number):
        return None
    ent = next((e for e in verb.doc.ents if e.end == verb.i), None)
    if ent is None:
        return None
    start = ent.start
    # Keep the owner of an organisation's name: "Ukraine's Defence Intelligence Directorate".
    if start >= 2 and verb.doc[start - 1].tag_ == "POS" and verb.doc[start - 2].ent_type_:
        owner = next((e for e in verb.doc.ents if e.end == start - 1), None)
        start = owner.start if owner is not None else start
    return verb.doc[start : verb.i].text


# Entities that can give a figure: people, organisations, places acting as governments, groups.
_SPEAKING = {"PERSON", "ORG", "GPE", "NORP"}


def _puts_at(verb: Token, number: Token | None) -> bool:
    # "at" may hang on the verb ("put the number at 4,000") or on its object's clause ("put
    # the number deployed at some 15,000").
    return any(
        tok.dep_ == "prep"
        and tok.lower_ == "at"
        and (tok.head == verb or tok.head.dep_ == "acl")
        and (number is None or number in tok.subtree)
        for tok in verb.subtree
    )


def _owner(number: Token) -> str | None:
    """The subject whose own figure the number is: "X stands by its figure of €15 million",
    "the ministry revised its estimate to 40": a possessive pronoun on the figure's noun
    points back to the subject of the clause."""
    tok = number
    while tok.head.i != tok.i and tok.dep_ in ("pobj", "prep", "nummod", "appos", "compound", "quantmod"):
        tok = tok.head
        if tok.pos_ == "NOUN" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return _named(subject) if subject is not None else None
    return None


def according_to(doc: Doc | Span) -> str | None:
    """The object of "according to" in ``doc``, as written, else None."""
    for tok in doc:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    obj = next((t for t in to.children if t.dep_ == "pobj"), None)
                    if obj is not None:
                        # "according to estimates compiled by the ministry": the ministry's.
                        return _named(_behind(obj))
    return None


def _given_by(number: Token) -> str | None:
    """The agent of a participle on the figure's own noun phrase: "the 220 cubic metres a second
    given by the dam's operator", "the 1,200 jobs cited by the management", "the 2,000 reported
    by the police". That is who gives this figure, whoever reports the sentence around it, so it
    comes before the reporting verb above. Only a reporting participle (or "given") names a
    source: "300 homes destroyed by the flood" names a cause."""
    head = number
    while head.dep_ in ("compound", "nummod", "quantmod") and head.head.i != head.i:
        head = head.head
    nouns = [head, *(c for c in head.children if c.dep_ == "npadvmod")]
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_ in (REPORTING | {"give"}):
                agent = _agent(child)
                if agent is not None:
                    return _named(agent)
    return None


def name_reporting(number: Token) -> Token | None:
    """The name a number was parsed as counting when it is really the subject reporting it.

    "well below the 23,000 Ukraine says are there": the small parser reads "23,000 Ukraine"
    as one phrase, the subject of "says". A proper name that reports is the speaker of the
    figure before it, not what it counts.
    """
    head = number.head
    if (
        number.dep_ == "nummod"
        and head.pos_ == "PROPN"
        and head.dep_ == "nsubj"
        and head.head.lemma_ in REPORTING
    ):
        return head
    return None


def speaker_of(number: Token) -> str | None:
    """Who the sentence says gives the figure at ``number``: the agent of a reporting participle on
    it, else the nearest reporting verb above it, else "according to"."""
    if (who := _given_by(number)) is not None:
        return who
    if (name := name_reporting(number)) is not None:
        first = min([t.i for t in name.lefts if t.dep_ == "compound"] + [name.i])
        return name.doc[first : name.i + 1].text
    tok = number
    weak: str | None = None  # a doer that gives way to a voice named above it or "according to"
    while tok.head.i != tok.i:
        came_from, tok = tok, tok.head
        if tok.pos_ in ("NOUN", "PROPN") and came_from.dep_ in ("acl", "ccomp") and (who := _possessor(tok)):
            return who  # "disputed the council's estimate that about 2,900 children had been served"
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        doer = _verb_doer(tok, number)
        if doer is not None and _weak(tok, doer):
            weak = weak or _named(_behind(doer))
            continue
        if (who := verb_speaker(tok, number)) is not None:
            return who
    # "According to X" speaks for its own sentence only: a statement of several sentences is
    # read as one text, and its second sentence's source is not the first one's.
    return according_to(_sentence_of(number)) or weak or _said_of(number) or _owner(number) or _aside(number)


def _possessor(noun: Token) -> str | None:
    """The named owner of a noun ("the council's estimate"), not a pronoun ("its estimate")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.pos_ == "PRON":
        return None
    name = _named(owner)
    return None if name is None else re.sub(r"\s*['’]s?$", "", name) or None


def _sentence_of(number: Token) -> Doc | Span:
    """The parsed sentence holding ``number``; the whole text when the parse has no sentences."""
    return number.sent if number.doc.has_annotation("SENT_START") else number.doc


def _aside(number: Token) -> str | None:
    """The speaker of a reporting clause set inside the sentence ("24,000 troops are in Russia,
    the directorate said, including units moved ..."), which the small parser may hang as a
    parataxis on a verb above the figure instead of above it."""
    tok = number
    while tok.head.i != tok.i:
        tok = tok.head
        for child in tok.children:
            if (
                child.dep_ == "parataxis"
                and number not in child.subtree
                and (who := verb_speaker(child, number)) is not None
            ):
                return who
    return None


# Pronouns that point back to one speaker named before: a person ("he said") or a body ("it said").
# "They" and "we" are left alone: a group, or the speaker's side, not one earlier name.
PERSON_PRONOUNS = {"he", "she"}
BODY_PRONOUNS = {"it"}


def pronoun_of(number: Token) -> str | None:
    """The pronoun subject of the nearest reporting verb above ``number`` ("he", "she", "it"), if any.

    "It said 18,000 troops were there": the sentence names its speaker only by a pronoun, which
    the article resolves against the speakers of the sentences before (``article.read_article``).
    """
    tok = number
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and _reports(tok, number):
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            subject = _shared_subject(tok, number) if subject is None else subject
            if subject is not None and number not in subject.subtree:
                pronoun = subject.lower_
                return pronoun if pronoun in PERSON_PRONOUNS | BODY_PRONOUNS else None
    return None


def _said_of(number: Token) -> str | None:
    """The speaker of a relative clause on the figure: "the €120 million that opposition
    councillors say the project will cost", "the 300 jobs the union says are at risk"."""
    head = number
    while head.dep_ in ("compound", "nummod", "quantmod") and head.head.i != head.i:
        head = head.head
    for child in head.children:
        if child.dep_ == "relcl" and (who := verb_speaker(child)) is not None:
            return who
    return None


def subject(doc: Doc) -> tuple[int, str] | None:
    """The named subject of the sentence's main verb, with its character offset, else None.

    A later "it" or "he" may stand for it though it reported nothing ("Ukraine's military
    intelligence agency, known as the HUR, gives a much higher figure. In a statement it said
    22,000 ..."); the parse does not tag such a description as an entity.
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    head = None if root is None else next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if head is None:
        return None
    name = _named(head)
    if name is None:
        return None
    start, _ = _phrase(head)
    return doc[start].idx, name


def speakers(doc: Doc) -> tuple[str, ...]:
    """Every speaker the sentence names, in order, each once."""
    found: list[str] = []
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and (who := verb_speaker(tok)) is not None and who not in found:
            found.append(who)
    if (who := according_to(doc)) is not None and who not in found:
        found.append(who)
    return tuple(found)
