"""Named people, organisations, places and groups in a parsed sentence, with roles the text gives.

Names are spaCy's entities, trimmed of a leading "the" and a possessive "'s" so
that "the Pentagon's" and "Pentagon" compare equal. A role is read only from
two shapes the parse shows, never inferred:

- an appositive: "Lee Un-gil, a former member of the Storm Corps, said" gives
  "a former member of the Storm Corps";
- a title before a person's name, attached to it as a compound or modifier:
  "Russian President Vladimir Putin" gives "Russian President".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from summarise.reading.readings import Entity

NAMES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_TITLE_DEPS = {"compound", "amod", "nmod"}


def _trimmed(ent: Span) -> Span:
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and end - start > 1:
        start += 1
    if ent.doc[end - 1].lower_ in ("'s", "’s") and end - start > 1:
        end -= 1
    return ent.doc[start:end]


def _appositive(span: Span) -> str | None:
    for tok in span:
        for child in tok.children:
            if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ == "":
                words = [
                    t
                    for t in child.subtree
                    if not (t.is_punct and t.i in (child.left_edge.i, child.right_edge.i))
                ]
                # A role is a noun phrase ("a spokesman for the directorate"); one with a verb
                # is a clause the parser hung on the name ("the highest estimate any
                # government has given"), not what the name is.
                if any(t.pos_ in ("VERB", "AUX") for t in words):
                    return None
                if words:
                    text = span.doc[words[0].i : words[-1].i + 1].text
                    # A role ends at its first comma: the parser may run the apposition on into
                    # the clause after it ("its general secretary, nine in ten drivers").
                    role = text.split(",")[0].strip()
                    return role or None
    return None


def _inside(tok: Token, span: Span, extra: list[Token]) -> bool:
    return span.start <= tok.head.i < span.end or tok.head in extra


def _title(span: Span) -> str | None:
    """Words before a person's name that the parse attaches to it as a title."""
    doc = span.doc
    title: list[Token] = []
    i = span.start - 1
    while i >= 0:
        tok = doc[i]
        if tok.dep_ not in _TITLE_DEPS or not _inside(tok, span, title) or tok.ent_type_ in ("PERSON", "ORG"):
            break
        title.append(tok)
        i -= 1
    # A title names an office: at least one noun that is not itself a name or a number.
    if not any(t.pos_ in ("NOUN", "PROPN") and not t.ent_type_ and not t.like_num for t in title):
        return None
    return doc[title[-1].i : span.start].text


def _acts(span: Span) -> bool:
    """Whether the sentence shows the named one doing something: the subject of a verb, the
    agent of a passive ("was reported by the ministry"), or the source "according to" whom.

    A name that only modifies another noun ("Dravenna earthquake death toll"), sits inside a
    prepositional phrase ("the people of Kellford") or is the object of the action is named,
    not shown acting.
    """
    tok = span.root
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "csubj"):
        return True
    head = tok.head
    return tok.dep_ == "pobj" and (
        head.dep_ == "agent" or (head.lower_ == "to" and head.head.lower_ == "according")
    )


def entities(doc: Doc) -> tuple[Entity, ...]:
    """Every named entity in ``doc`` with its role where the text states one."""
    out: list[Entity] = []
    for ent in doc.ents:
        if ent.label_ not in NAMES:
            continue
        span = _trimmed(ent)
        # A name is made of nouns, proper nouns, adjectives and the odd function word; a span
        # with a verb in it is the small model's misreading ("Keeping Russian" as a PERSON).
        if any(t.pos_ == "VERB" for t in span):
            continue
        role = _appositive(span)
        if role is None and ent.label_ == "PERSON":
            role = _title(span)
        out.append(Entity(span.text, span.start_char, span.end_char, ent.label_, role, _acts(span)))
    return tuple(out)
