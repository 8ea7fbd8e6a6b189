"""Find figures that different sources give for the same quantity, without a model.

The synthesis model is asked to group disputed figures, but a small model often
misses a group or mixes unrelated figures. A disagreement hidden from the
reader is the worst failure of a briefing, so this module groups figures the
program can see are about the same thing, and the assembly adds any group the
model missed. It is deliberately conservative:

- only figures with *different* numbers from *different* voices (another
  source, or another claimant in the same source) are grouped;
- their descriptions ("what") must start with the same three content words
  after light normalisation (soldiers/troops/volunteers/forces count as one
  word), e.g. "North Korean troops ...", or overlap by half or more;
- casualty figures (killed, wounded…) and money figures (paid, salary…) are
  never grouped with plain counts, because "6,000 killed or wounded" and
  "12,000 sent" do not contradict each other.

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
from itertools import combinations

from summarise.grounding import numbers
from summarise.notes import NoteFigure

FigureRef = tuple[str, int]  # (source id, index into that source's figures)

_SAME = {
    "soldiers": "troops",
    "soldier": "troops",
    "troop": "troops",
    "forces": "troops",
    "volunteers": "troops",
    "personnel": "troops",
    "fighters": "troops",
    "koreans": "korean",
}
_STOP = {
    "a", "an", "the", "of", "in", "to", "and", "or", "for", "on", "at", "by", "with", "from", "as",
    "be", "been", "being", "is", "are", "was", "were", "that", "this", "these", "those", "about",
    "more", "than", "some", "around", "over", "up", "into", "its", "their", "his", "her", "it",
    "they", "another", "other", "thousands", "hundreds", "dozens", "many", "several", "number",
}  # fmt: skip
_KINDS = {
    "casualties": {
        "killed",
        "wounded",
        "captured",
        "dead",
        "died",
        "deaths",
        "casualties",
        "losses",
        "injured",
        "lost",
    },
    "money": {
        "paid",
        "pay",
        "salary",
        "salaries",
        "wage",
        "wages",
        "income",
        "euros",
        "dollars",
        "cost",
        "budget",
        "month",
        "currency",
    },
}
_HEAD = 3  # content words that name what is counted
_MIN_OVERLAP = 0.5  # Jaccard overlap of whole descriptions, when the heads differ
GROUP_NOTE = (
    "Grouped by summarise, not by the model: these sources give different numbers for what reads "
    "as the same quantity. Check what each one counts and when."
)


def _words(what: str) -> list[str]:
    out: list[str] = []
    for word in re.findall(r"[a-z]+", what.lower()):
        word = _SAME.get(word, word)
        if word not in _STOP and word not in out:
            out.append(word)
    return out


def _kind(words: set[str]) -> str:
    return next((kind for kind, marks in _KINDS.items() if words & marks), "count")


def same_quantity(a: NoteFigure, b: NoteFigure) -> bool:
    """Whether two figure descriptions read as the same quantity (see the module docstring)."""
    la, lb = _words(a.what), _words(b.what)
    wa, wb = set(la), set(lb)
    if not wa or not wb or _kind(wa) != _kind(wb):
        return False
    # The head of a description ("North Korean troops ...") names what is counted.
    if len(la) >= _HEAD and set(la[:_HEAD]) == set(lb[:_HEAD]):
        return True
    return len(wa & wb) >= 2 and len(wa & wb) / len(wa | wb) >= _MIN_OVERLAP


def _names(what: str) -> set[str]:
    """Capitalised content words of a description: who is counted ("North Korean", "Russian")."""
    return {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", what)} - _STOP - set(_SAME) - set(_SAME.values())


def compatible(a: NoteFigure, b: NoteFigure) -> bool:
    """Whether two figures could count the same thing: same kind, and no different named group."""
    if same_quantity(a, b):
        return True
    if _kind(set(_words(a.what))) != _kind(set(_words(b.what))):
        return False
    na, nb = _names(a.what), _names(b.what)
    return not (na and nb and not na & nb)


def prune(figures: list[NoteFigure]) -> list[int]:
    """Indexes of the members of a model's dispute that are compatible with at least half the others.

    Half, not one: an unnamed description ("thousands of young soldiers") is
    compatible with anything, and must not keep an outlier in on its own.
    """
    keep = []
    for i, fig in enumerate(figures):
        others = [other for j, other in enumerate(figures) if j != i]
        if others and 2 * sum(compatible(fig, o) for o in others) >= len(others):
            keep.append(i)
    return keep


def group_figures(figures: dict[FigureRef, NoteFigure]) -> list[list[FigureRef]]:
    """Groups of two or more figures, from different voices, that disagree on one quantity."""
    parent = {ref: ref for ref in figures}

    def root(ref: FigureRef) -> FigureRef:
        while parent[ref] != ref:
            ref = parent[ref]
        return ref

    for a, b in combinations(figures, 2):
        fa, fb = figures[a], figures[b]
        different_voice = a[0] != b[0] or fa.attributed_to.lower() != fb.attributed_to.lower()
        if different_voice and numbers(fa.value) != numbers(fb.value) and same_quantity(fa, fb):
            parent[root(a)] = root(b)
    groups: dict[FigureRef, list[FigureRef]] = {}
    for ref in figures:
        groups.setdefault(root(ref), []).append(ref)
    return [sorted(g) for g in groups.values() if len(g) >= 2]
