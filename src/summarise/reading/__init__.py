"""Reading: what a sentence says, read by the program, not the model.

Numbers and what they count, who gives them, dates, names and roles. Both the
briefing pipeline and the eval's metrics read text through this package, so
there is one ruler. May import the base modules and ``summarise.sources``.

``text`` reads sentences with spaCy (``read``, ``read_sentences``,
``publication_date``); ``support`` checks that a statement's numbers, dates and
names are in its cited sentences; ``article`` reads a whole source once (its
date, its byline); ``overlap`` and ``instructions`` serve the support gate.

The names below are re-exported lazily: importing spaCy takes about a second,
and a command that never reads text (``summarise schema``) should not pay it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarise.reading.readings import DateMention, Entity, Quantity, SentenceReading
    from summarise.reading.support import Support, check_support, invented_dates
    from summarise.reading.text import publication_date, read, read_sentences

_HOMES = {
    "DateMention": "readings",
    "Entity": "readings",
    "Quantity": "readings",
    "SentenceReading": "readings",
    "Support": "support",
    "check_support": "support",
    "invented_dates": "support",
    "publication_date": "text",
    "read": "text",
    "read_sentences": "text",
}
__all__ = [
    "DateMention",
    "Entity",
    "Quantity",
    "SentenceReading",
    "Support",
    "check_support",
    "invented_dates",
    "publication_date",
    "read",
    "read_sentences",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name in _HOMES:
        return getattr(importlib.import_module(f"summarise.reading.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'summarise.reading' has no attribute {name!r}")
