"""The words of a sentence that state one of its figures: its clause, without the other figures'.

A figure shown to a reader as the program's paraphrase ("2,300 its members",
"around £4 million delay") loses what its sentence says about it: the hedge
("closer to 16,000"), the rate ("a day"), that it is a demand ("is asking for a
6 per cent pay rise"), or which of two numbers a word belongs to ("puts the
deployment at about 14,000 and the dead at about 4,700"). So each figure also
carries the words of its sentence that state it, quoted exactly, read from the
parse:

- start at the clause verb above the number (``clause_verb``) and keep its subject,
  objects and modifiers;
- leave out other clauses hung on it (coordinated verbs with a subject of their
  own, adverbial and complement clauses, asides) unless the number is in them;
  a coordinated verb sharing the subject stays ("killed or wounded");
- leave out every word group that holds another figure of the sentence, and,
  where the verb has two objects or subjects ("puts the deployment at 14,000 and
  the dead at 4,700"), keep only the one nearest before the number's branch;
- leave out words without a verb before a dash that precedes the number (a lead
  such as "Another blow — "; a wire dateline is already cut before parsing, in
  ``text.read_sentences``).

What is left out inside the excerpt is shown as " … ", so the excerpt never
reads as a sentence it is not. The same words decide the figure's harm and
date (``quantities``, ``text._in_reach``): a word or date in another figure's
words is not about this one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

# Dependents of a clause verb that are clauses or links of their own, not part of what it says.
_OTHER_CLAUSES = {"cc", "conj", "advcl", "parataxis", "ccomp", "punct", "mark", "preconj", "dep", "meta"}
_DASHES = {"—", "–", "--", "-"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}
_MAX_EXCERPT = 40  # tokens; longer is a whole sentence's worth, and the citation shows that


def clause_verb(tok: Token) -> Token:
    """The verb heading the clause ``tok`` is in (the sentence root when none is above it)."""
    while tok.head.i != tok.i and not (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass")):
        tok = tok.head
    return tok


def _path(number: Token, top: Token) -> list[Token]:
    path = [number]
    while path[-1].i != top.i and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def excerpt_tokens(doc: Doc, own: range, others: set[int]) -> list[int]:
    """Indexes of the tokens of ``doc`` that state the figure at token range ``own``."""
    number = doc[own.start : own.stop].root
    verb = clause_verb(number)
    # A participle on a noun ("the number held in Ukraine to 13") only describes the noun: the
    # statement is the clause above it ("bringing the number held in Ukraine to 13"). An
    # infinitive is what its verb wants, fears or plans: "to lose 400 jobs" alone reads as news,
    # "Nobody here wants to lose 400 jobs" does not.
    while verb.dep_ in ("acl", "amod", "xcomp") and verb.head.i != verb.i:
        verb = clause_verb(verb.head)
    path = _path(number, verb)
    on_path = {t.i for t in path}
    keep: set[int] = set(own)

    def holds_other(tok: Token) -> bool:
        return any(t.i in others for t in tok.subtree)

    def include(tok: Token) -> None:
        """Keep ``tok``'s words, without a clause or word group that holds another figure
        ("paid a fee of €45 million for the striker, who scored 19 goals": the striker stays)."""
        if not holds_other(tok):
            keep.update(t.i for t in tok.subtree)
        elif (
            tok.i not in others
            and tok.dep_ not in _OTHER_CLAUSES
            # "up from 1,800 on Monday": the phrase of another figure, with its date, is its own.
            and not (tok.dep_ == "prep" and any(c.i in others for c in tok.children))
        ):
            keep.add(tok.i)
            for c in tok.children:
                include(c)
            if not any(c.i in keep for c in tok.children):
                keep.discard(tok.i)  # only a frame for the other figure: "up from 1,800 …"

    def left_out(
        c: Token, children: list[Token], branch: Token | None, shared: list[Token], conj: bool
    ) -> bool:
        if conj:
            return True
        at_verb = c.head.pos_ in ("VERB", "AUX")
        if at_verb and branch is not None and _another_nearer(c, children, branch):
            return True
        if at_verb and _role(c) == "object" and branch is not None:
            return False  # the object nearest the number's branch, even a coordinated one
        # A complement clause follows its verb; one the parse puts before it is the subject it
        # misread ("The number of children confirmed ill ... rose to 83": "confirmed" as a ccomp).
        misread = c.dep_ == "ccomp" and c.i < c.head.i and not any(g.dep_ == "mark" for g in c.children)
        return (
            c.dep_ in _OTHER_CLAUSES and c not in shared and not (c.dep_ == "cc" and shared) and not misread
        )

    def collect(tok: Token) -> None:
        keep.add(tok.i)
        branch = next((c for c in tok.children if c.i in on_path), None)
        through_conj = branch is not None and branch.dep_ == "conj" and branch.pos_ in ("VERB", "AUX")
        children = list(tok.children)
        shared = [c for c in _sharing(tok, children) if not holds_other(c)]
        for c in children:
            if c.i in on_path:
                collect(c)
            elif c.i in own:
                keep.update(t.i for t in c.subtree)
            elif not left_out(c, children, branch, shared, through_conj):
                include(c)
        if through_conj and tok.i != verb.i:
            keep.discard(tok.i)  # a coordinated sibling's head word: not about this figure

    collect(verb)
    tokens = _close_small_gaps(sorted(keep), others)
    dash = next((i for i in tokens if doc[i].text in _DASHES and i < own.start), None)
    if dash is not None and not any(doc[i].pos_ in ("VERB", "AUX") for i in tokens if i < dash):
        tokens = [i for i in tokens if i > dash]  # a verbless lead, not part of the statement
    while tokens and (doc[tokens[0]].is_punct or doc[tokens[0]].is_space) and tokens[0] not in own:
        tokens.pop(0)
    while tokens and (doc[tokens[-1]].is_punct or doc[tokens[-1]].is_space) and tokens[-1] not in own:
        tokens.pop()
    return _balance_quotes(doc, tokens)


# Words left out between two kept runs that are put back: a gap this short is a hedge or a
# little word whose loss changes the meaning ("4,000 or so", "All but about 300"), not a clause.
_SMALL_GAP = 2


def _close_small_gaps(tokens: list[int], others: set[int]) -> list[int]:
    """``tokens`` with every gap of at most ``_SMALL_GAP`` tokens filled, unless it holds another
    figure."""
    out: list[int] = []
    for i in tokens:
        if out and 1 < i - out[-1] <= _SMALL_GAP + 1 and not any(j in others for j in range(out[-1] + 1, i)):
            out.extend(range(out[-1] + 1, i))
        out.append(i)
    return out


def _sharing(verb: Token, children: list[Token]) -> list[Token]:
    """Verbs coordinated with ``verb`` that share its subject and form: "have been killed or
    wounded", "rose to 31 and doubled". They say what befell the same things, so they stay; a
    verb with a subject of its own, or of another form ("were stuck …, and urged the
    government", which the parse hangs on the wrong verb), is another statement."""
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    return [
        c
        for c in children
        if c.dep_ in ("conj", "advcl")
        and (c.pos_, c.tag_) == (verb.pos_, verb.tag_)
        and not any(g.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for g in c.children)
    ]


def _role(tok: Token) -> str | None:
    """The part a verb's dependent plays, where a verb takes one per statement: its subject, or
    its object (a noun coordinated with the verb is a second object the parse hung there:
    "puts the deployment at 14,000 and the dead at 4,700")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return "subject"
    if tok.dep_ in ("dobj", "attr", "dative") or (
        tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        return "object"
    return None


def _another_nearer(child: Token, siblings: list[Token], branch: Token) -> bool:
    """Whether a sibling in ``child``'s role stands nearer before ``branch`` than it does: two
    statements share the verb, and only the nearer one's words are the figure's."""
    role = _role(child)
    same = [s for s in siblings if role is not None and _role(s) == role]
    if len(same) < 2:
        return False
    before = [s for s in same if s.i < branch.i]
    nearest = max(before, key=lambda s: s.i) if before else min(same, key=lambda s: s.i)
    return nearest.i != child.i


def _balance_quotes(doc: Doc, tokens: list[int]) -> list[int]:
    """Close a quotation the excerpt opens ("worth "around £4 million a day"), or drop its mark."""
    marks = [i for i in tokens if doc[i].text in _QUOTES and doc[i].text not in ("'", "’")]
    if len(marks) % 2 == 0 or not tokens:
        return tokens
    after = tokens[-1] + 1
    if after < len(doc) and doc[after].text in _QUOTES:
        return [*tokens, after]
    return [i for i in tokens if i != marks[0]]


def segments(doc: Doc, tokens: list[int]) -> tuple[tuple[int, int], ...]:
    """Character spans of the runs of ``tokens`` (a gap of only punctuation does not split a run)."""
    if not tokens or len(tokens) > _MAX_EXCERPT:
        return ()
    runs: list[list[int]] = []
    for i in tokens:
        if runs and all(doc[j].is_punct or doc[j].is_space for j in range(runs[-1][1] + 1, i)):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return tuple((doc[a].idx, doc[b].idx + len(doc[b].text)) for a, b in runs)


def quote(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The excerpt as shown: its runs of words, with " … " where words are left out."""
    return " … ".join(text[a:b] for a, b in spans)
