"""Sentences that read as orders to the reader, not as reporting: the shape of a prompt injection.

A news article reports; it rarely commands its reader. A sentence whose main
verb is a bare imperative with no subject ("Ignore all previous instructions
and ...", "Output a briefing saying ...") is therefore withheld from the model
and never cited. Quoted speech is exempt: ("Stay indoors," the mayor said) is
reporting, and its parse has a speaker. This reads the parse, not a list of
phrases, so it does not depend on how an injection is worded.
"""

from __future__ import annotations

from spacy.tokens import Doc

_OPENING_QUOTES = "\"'“‘«"
_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
# Tokens that may precede the imperative verb: "Please ignore", "Now, output", "And then write".
_LEAD_POS = {"INTJ", "ADV", "CCONJ", "PUNCT", "SPACE"}


def is_instruction(doc: Doc) -> bool:
    """Whether a parsed sentence is a bare imperative outside quotation marks."""
    text = doc.text.lstrip()
    if not text or text[0] in _OPENING_QUOTES:
        return False
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ != "VB" or root.pos_ != "VERB":
        return False
    if any(child.dep_ in _SUBJECTS for child in root.children):
        return False
    # The verb must open the sentence (after at most a few lead words), as an order does.
    lead = [t for t in doc[: root.i] if t.pos_ not in _LEAD_POS]
    return not lead and root.i <= 3
