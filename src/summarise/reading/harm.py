"""Whether a sentence says a number of people died, were hurt, are missing or were casualties.

This is a general-English notion, read by lemma, not a list fitted to a story.
The words that decide it are the ones the parse ties to the number: the noun it
counts and its modifiers ("1,204 dead", "300 deaths"), the nouns and the first
verb on the way up from it ("the deaths of six officers", "six officers were
injured", with the verb's coordinated verbs: "killed, injured, or captured"), and
that verb's subject when the number is not in it ("the death toll rose to 1,204").
More than one kind of harm in those words is "casualties".
"""

from __future__ import annotations

from spacy.tokens import Token

HARMS = {
    "killed": {"kill", "die", "dead", "death", "fatality", "perish", "slay", "execute", "drown", "murder"},
    "injured": {"injure", "wound", "hurt", "injury", "wounded", "injured", "maim"},
    "missing": {"missing", "disappear", "unaccounted"},
    "casualties": {"casualty"},
}


_OWN = {"dobj", "nsubj", "nsubjpass", "attr"}


def _own_clause(verb: Token, passive: bool) -> bool:
    """Whether a coordinated ``verb`` has its own subject or object, and so its own number.

    A participle coordinated with a passive ("have been killed or wounded fighting for ...")
    takes no object: the small parser sometimes hangs a following noun on it as one, and that
    must not take the shared number away from it. Only its own subject counts then.
    """
    own = ("nsubj", "nsubjpass") if passive and verb.tag_ == "VBN" else _OWN
    return any(g.dep_ in own for g in verb.children)


def _words_about(number: Token) -> list[Token]:
    """The tokens whose meaning says what happened to what ``number`` counts."""
    words: list[Token] = [number, *number.children]
    tok = number
    while tok.head.i != tok.i:
        tok = tok.head
        words.append(tok)
        words.extend(
            c
            for c in tok.children
            if c.dep_ in ("amod", "compound", "acl")
            or (c.dep_ == "conj" and not any(g.dep_ in _OWN for g in c.children))
        )
        if tok.pos_ in ("VERB", "AUX", "ADJ") and tok.dep_ not in ("amod", "acl"):
            # Coordinated verbs share the number ("killed, injured, or captured") unless they
            # have their own object or subject ("killing 41 people and injuring 160").
            passive = any(c.dep_ == "auxpass" for c in tok.children)
            words.extend(
                c
                for c in tok.children
                if c.dep_ in ("acomp", "oprd")
                # The small parser also tags a listed verb as advcl ("killed, wounded or captured").
                or (c.dep_ in ("conj", "advcl") and not _own_clause(c, passive))
            )
            via_at = any(
                t.dep_ == "prep" and t.lower_ == "at" and t.head.i == tok.i for t in number.ancestors
            )
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and number not in child.subtree:
                    words.extend(child.subtree)
                # "Officials put the death toll at 118": the verb values its object at the number.
                if via_at and child.dep_ == "dobj" and number not in child.subtree:
                    words.extend(child.subtree)
                # What the verb's people were treated, admitted or hospitalised for or with is
                # their condition ("712 people had been treated for injuries"); only an injury
                # is read this way, since "arrested for murder" names a charge, not a harm.
                if child.dep_ == "prep" and child.lower_ in ("for", "with"):
                    words.extend(
                        g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in HARMS["injured"]
                    )
            break
    return words


def _kinds(tokens: list[Token]) -> set[str]:
    return {
        kind for tok in tokens for kind, words in HARMS.items() if {tok.lemma_.lower(), tok.lower_} & words
    }


def harm_of(number: Token, within: set[int] | None = None) -> str | None:
    """The kind of harm the sentence says befell what ``number`` counts, else None.

    The number's own word decides first: "about 3,800 killed and some 7,500 wounded" gives the
    7,500 its "wounded", though the verb above it is coordinated with "killed". Only words in
    ``within`` (the figure's own words, ``clauses.excerpt_tokens``) count when it is given: in
    "puts the deployment at about 14,000 and the dead at about 4,700" the dead are not the 14,000.
    """
    mine = [c for c in number.children if c.dep_ in ("amod", "acl")]
    # "5,000 killed and wounded": the coordinated word is the number's own too.
    own = _kinds(mine + [g for c in mine for g in c.children if g.dep_ == "conj"])
    if len(own) == 1:
        return own.pop()
    if len(own) > 1:
        return "casualties"
    kinds = {
        kind
        for tok in _words_about(number)
        if within is None or tok.i in within
        for kind, words in HARMS.items()
        if {tok.lemma_.lower(), tok.lower_} & words
    }
    if len(kinds) > 1:
        return "casualties"
    return next(iter(kinds), None)
