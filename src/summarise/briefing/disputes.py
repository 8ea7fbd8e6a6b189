"""Find figures that different sources give for the same quantity, without a model.

The synthesis model is asked to group disputed figures, but a small model often
misses a group or mixes unrelated figures. A disagreement hidden from the
reader is the worst failure of a briefing, so this module groups figures the
program can see are about the same thing, and the assembly adds any group the
model missed. It is deliberately conservative:

- only figures with *different* numbers from *different* voices (another
  source, or another claimant in the same source) are grouped;
- what a number counts is read first from the article: the word the number
  counts in its cited sentence ("10,000 troops", "3,000 North Korean
  soldiers", "4,000 workers"; soldiers/troops/volunteers/forces count as one
  word), the names between them ("North Korean", "Russian") and the words
  around it (killed, paid...). Two figures whose sentences both show that
  word must count the same word, be of the same kind and not name different
  groups. This is what groups the Pentagon's "about 10,000 troops" with
  "12,000 North Korean soldiers" although the model described the first as
  "thousands of young soldiers", and what keeps apart "50,000 women" that a
  model described as "North Korean troops";
- otherwise (no counted word within three words of the number), their
  descriptions ("what") must start with the same three content words after
  light normalisation, e.g. "North Korean troops ...", or overlap by half or
  more;
- casualty figures (killed, wounded…) and money figures (paid, salary…) are
  never grouped with plain counts, because "6,000 killed or wounded" and
  "12,000 sent" do not contradict each other; and two casualty figures are
  grouped only when both sentences name the same group, because losses differ
  in scope (a unit, a battle, a whole war) more often than sources disagree.

Every group it adds carries a note saying the program grouped it, so a reader
knows to check what each source counts.

It also checks the model's own groups (``prune``): a member that is of another
kind (a casualty count among troop counts) or names another group of people
("Russian soldiers" among "North Korean troops") than most of the others is
taken out of the dispute and stays a notable figure. The check is loose on
purpose (a member needs to be compatible with half the others, not all),
because the model may word one quantity several ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import combinations

from summarise.reading.counting import SAME, STOP, Counted, counted, kind_of, numbers, same_counted, words
from summarise.briefing.notes import NoteFigure

FigureRef = tuple[str, int]  # (source id, index into that source's figures)

_HEAD = 3  # content words that name what is counted
_MIN_OVERLAP = 0.5  # Jaccard overlap of whole descriptions, when the heads differ
ADDED_NOTE = (
    "Completed by summarise: the model grouped only some of these figures, and the program added "
    "the others that read as the same quantity. Check what each one counts and when."
)
GROUP_NOTE = (
    "Grouped by summarise, not by the model: these sources give different numbers for what reads "
    "as the same quantity. Check what each one counts and when."
)


def same_quantity(a: NoteFigure, b: NoteFigure) -> bool:
    """Whether two figure descriptions read as the same quantity (see the module docstring)."""
    la, lb = words(a.what), words(b.what)
    wa, wb = set(la), set(lb)
    if not wa or not wb or kind_of(wa) != kind_of(wb):
        return False
    # The head of a description ("North Korean troops ...") names what is counted.
    if len(la) >= _HEAD and set(la[:_HEAD]) == set(lb[:_HEAD]):
        return True
    return len(wa & wb) >= 2 and len(wa & wb) / len(wa | wb) >= _MIN_OVERLAP


def _names(what: str) -> set[str]:
    """Capitalised content words of a description: who is counted ("North Korean", "Russian")."""
    return {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", what)} - STOP - set(SAME) - set(SAME.values())


def compatible(a: NoteFigure, b: NoteFigure) -> bool:
    """Whether two figures could count the same thing: same kind, and no different named group."""
    if same_quantity(a, b):
        return True
    if kind_of(set(words(a.what))) != kind_of(set(words(b.what))):
        return False
    na, nb = _names(a.what), _names(b.what)
    return not (na and nb and not na & nb)


def _reading(fig: NoteFigure, context: str | None) -> Counted | None:
    return counted(fig.value, context) if context else None


def _same(a: NoteFigure, b: NoteFigure, ca: Counted | None, cb: Counted | None) -> bool:
    """Same quantity: by the article's counted words when both have one, else by descriptions."""
    return same_counted(ca, cb, strict=True) if ca and cb else same_quantity(a, b)


def _compatible(a: NoteFigure, b: NoteFigure, ca: Counted | None, cb: Counted | None) -> bool:
    return same_counted(ca, cb) if ca and cb else compatible(a, b)


def prune(figures: list[NoteFigure], contexts: list[str] | None = None) -> list[int]:
    """Indexes of the members of a model's dispute that are compatible with at least half the others.

    Half, not one: an unnamed description ("thousands of young soldiers") is
    compatible with anything, and must not keep an outlier in on its own.
    ``contexts`` are the members' cited sentences, read as in ``counted``.
    """
    texts: list[str | None] = list(contexts) if contexts is not None else [None] * len(figures)
    read = [_reading(f, c) for f, c in zip(figures, texts, strict=True)]
    keep = []
    for i, fig in enumerate(figures):
        others = [j for j in range(len(figures)) if j != i]
        fits = sum(_compatible(fig, figures[j], read[i], read[j]) for j in others)
        if others and 2 * fits >= len(others):
            keep.append(i)
    return keep


def group_figures(
    figures: Mapping[FigureRef, NoteFigure], contexts: Mapping[FigureRef, str] | None = None
) -> list[list[FigureRef]]:
    """Groups of two or more figures, from different voices, that disagree on one quantity.

    ``contexts`` holds each figure's cited sentences, read as in ``counted``.
    """
    read = {ref: _reading(fig, (contexts or {}).get(ref)) for ref, fig in figures.items()}
    parent = {ref: ref for ref in figures}

    def root(ref: FigureRef) -> FigureRef:
        while parent[ref] != ref:
            ref = parent[ref]
        return ref

    for a, b in combinations(figures, 2):
        fa, fb = figures[a], figures[b]
        different_voice = a[0] != b[0] or fa.attributed_to.lower() != fb.attributed_to.lower()
        if different_voice and numbers(fa.value) != numbers(fb.value) and _same(fa, fb, read[a], read[b]):
            parent[root(a)] = root(b)
    groups: dict[FigureRef, list[FigureRef]] = {}
    for ref in figures:
        groups.setdefault(root(ref), []).append(ref)
    return [sorted(g) for g in groups.values() if len(g) >= 2]
