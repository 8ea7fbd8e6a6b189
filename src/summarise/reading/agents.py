"""Who does what: a statement must not give a cited action to someone else.

The support check (``support.py``) finds each name of a statement somewhere in
its cited sentences, and the wording check (``overlap.py``) finds its words
there. Neither sees who does what: "The group acknowledged that data had been
stolen and posted a sample of the documents online", cited to "The group
acknowledged ..." and "Blackreed, the gang behind the attack, posted a sample
...", has every word and name, and gives the gang's act to the group.

So, for each verb of the statement whose doer it names (the subject of an
active verb, or of the verb it is coordinated with; the agent of a passive),
where a cited sentence has the same verb (by lemma) with a doer of its own, one
of those doers must be the same: their phrases share a word that tells who
(compared by lemma or a shared stem, ``voices.meet``, so "Korea" meets "Korean"). A verb the
cited sentences do not use, or use with no named doer, is not judged here: a
paraphrase is the wording check's business, and a doer given only by a pronoun
("it said") is nobody the parse can compare. Reporting verbs are left out: who
says a figure is checked on the figure (``support._speaker_given``), and "the
article says" is no one's act.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from spacy.tokens import Token

from summarise.reading.language import LOCK, nlp
from summarise.reading.speakers import REPORTING
from summarise.reading.voices import FILLER, any_meet


def _doer(verb: Token) -> Token | None:
    """The token naming who does ``verb``: its active subject, a passive's agent, or the
    subject of the verb it is coordinated with ("acknowledged ... and posted")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    if any(c.dep_ in ("nsubjpass", "csubj") for c in verb.children):
        return None
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _doer(verb.head)
    return None


def _words(doer: Token) -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas of the doer's phrase that tell who it is, and those of them that are names;
    both empty for a pronoun. An apposition names the same doer ("Blackreed, the gang behind
    the attack"); a relative clause on it says something else."""
    if doer.pos_ == "PRON":
        return frozenset(), frozenset()
    inside = [
        t
        for t in doer.subtree
        if not any(a.dep_ in ("relcl", "acl") and a.i in _span(doer) for a in _upto(t, doer))
    ]
    words = [
        t for t in inside if t.is_alpha and t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in FILLER
    ]
    return (
        frozenset(t.lemma_.lower() for t in words),
        frozenset(t.lemma_.lower() for t in words if t.pos_ == "PROPN"),
    )


def _span(doer: Token) -> set[int]:
    return {t.i for t in doer.subtree}


def _upto(tok: Token, top: Token) -> list[Token]:
    """``tok`` and its ancestors below ``top``."""
    chain = []
    while tok != top and tok.head.i != tok.i:
        chain.append(tok)
        tok = tok.head
    return chain


@functools.lru_cache(maxsize=8192)
def _acts(text: str) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """Each (verb lemma, words of its doer, names among them) of ``text``; reporting verbs left out."""
    with LOCK:
        doc = nlp()(text)
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_ in REPORTING:
            continue
        doer = _doer(tok)
        if doer is not None:
            out.append((tok.lemma_.lower(), *_words(doer)))
    return tuple(out)


def _same(words: frozenset[str], names: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether a doer is one the sources name: every name of it among their words ("South
    Korea" is not "North Korea"), or, named by common nouns only, one word in common."""
    if names:
        return all(any_meet([n], theirs) for n in names)
    return any_meet(words, theirs)


def misattributed(statement: str, cited: Sequence[str]) -> list[str]:
    """Acts of the statement whose doer is not the doer the cited sentences give the same act.

    Each is described for a person to read: "post by gang (the sources: attack, blackreed)".
    """
    theirs: dict[str, list[frozenset[str]]] = {}
    for text in cited:
        for verb, words, _ in _acts(text):
            theirs.setdefault(verb, []).append(words)
    wrong = []
    for verb, words, names in _acts(statement):
        doers = [w for w in theirs.get(verb, []) if w]
        if not words or not doers or any(_same(words, names, d) for d in doers):
            continue
        named = sorted({w for d in doers for w in d})
        wrong.append(f"{verb} by {' '.join(sorted(words))} (the sources: {', '.join(named)})")
    return wrong
