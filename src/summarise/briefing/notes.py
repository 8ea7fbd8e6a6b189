"""The map stage: one short, capped model answer per source (or per chunk of a long one).

The model proposes, the program verifies. The model sees the article as
numbered sentences, each followed by the numbers the program read from it, each
with an id (N1, N2, ...). It answers with ids and short phrases only:

- which numbers matter (figure ids: value, what it counts, who gives it and its
  date are read from the sentence by ``summarise.reading``, never written by
  the model);
- a summary and a few claims in its own words, each citing sentence numbers;
- dated events, each citing the sentence whose date it has (the date is read
  from that sentence; an event whose sentence gives no date is dropped).

An id that does not exist is dropped instead of re-asked while a real one
remains, because a re-ask costs a whole answer (minutes on a small CPU model).
A sentence that reads as an instruction to the reader ("Ignore all previous
instructions and ...") is withheld from the model and can never be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from summarise import prompts
from summarise.reading.article import read_article
from summarise.reading.text import Quantity
from summarise.sources.files import Source

MAX_CLAIMS, MAX_FIGURES, MAX_EVENTS = 5, 6, 4
# Asked for in the prompt, not forced by the grammar: forcing three made the 1.5B repeat itself.
MIN_CLAIMS = 3
# Numbers offered per chunk: enough for any article here, and a bound on the prompt.
MAX_CANDIDATES = 30
PROMPTS = ("notes", "notes_user")
_MAX_IDS = 3  # sentences kept per item
_FIGURE_ID = re.compile(r"N\s*(\d+)", re.IGNORECASE)


def _sentence_ids(raw: Any, info: ValidationInfo) -> list[int]:
    """Sentence numbers from what small models write: 3, "3", "[3, 4]", "sentences 3 and 4"."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    found: list[int] = []
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            found.append(item)
        elif isinstance(item, str):
            found += [int(n) for n in re.findall(r"\d+", item)]
    allowed: set[int] | None = (info.context or {}).get("citable")
    if allowed is not None:
        found = [n for n in found if n in allowed]
    # Small models sometimes list every sentence that mentions a name; the first few,
    # in reading order, are the ones that state the item.
    return list(dict.fromkeys(found))[:_MAX_IDS]


def capped(limit: int, *, at_least: int = 0) -> Any:
    """A cap on a list (and a floor) shown in the JSON Schema, for a grammar to enforce.

    Where the endpoint decodes under the schema (a grammar), the cap bounds the
    answer and the floor stops a small model from answering ``[]`` everywhere;
    where it does not, ``trimmed`` cuts an over-long answer and a short one is
    accepted, because a re-ask costs a whole answer. Strings carry no
    ``maxLength``: llama.cpp spells a length bound out character by character in
    its grammar, which made sampling several times slower (measured: a synthesis
    went from 40 s to 177 s); they are only trimmed.
    """
    extra: dict[str, Any] = {"maxItems": limit}
    if at_least:
        extra["minItems"] = at_least
    return Field(json_schema_extra=extra)


def trimmed(limit: int) -> BeforeValidator:
    """Validation that cuts a string or list to ``limit`` (see ``trim``) instead of rejecting it."""
    return BeforeValidator(lambda value: trim(value, limit))


def trim(value: Any, limit: int) -> Any:
    """``value`` cut to ``limit`` items (lists) or characters (strings); anything else unchanged.

    A string is cut after its last whole sentence that fits, else at a word boundary with an
    ellipsis, so a reader never sees a statement that stops mid-word.
    """
    if isinstance(value, list):
        return value[:limit]
    if not isinstance(value, str) or len(value) <= limit:
        return value
    head = value[:limit]
    end = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if end > limit // 3:
        return head[: end + 1]
    return head.rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Cited(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @field_validator("sentences", mode="before", check_fields=False)
    @classmethod
    def _ids(cls, raw: Any, info: ValidationInfo) -> list[int]:
        return _sentence_ids(raw, info)


class NoteClaim(_Cited):
    text: Annotated[str, trimmed(240)]
    sentences: list[int] = capped(_MAX_IDS, at_least=1)


class NoteEvent(_Cited):
    event: Annotated[str, trimmed(200)]
    # One sentence: the one that dates the event (the timeline reads its date there). The
    # prompt asked for one, but the 1.5B cited two or three; the grammar now allows one.
    sentences: list[int] = capped(1, at_least=1)


class SourceNotes(BaseModel):
    """The model's notes on one article: ids and short phrases (see the module docstring)."""

    model_config = ConfigDict(extra="ignore")

    summary: Annotated[str, trimmed(400)]
    summary_sentences: list[int] = capped(_MAX_IDS, at_least=1)
    figures: list[str] = capped(MAX_FIGURES)
    # Trimmed before the items are validated, so a bad item past the cap cannot force a re-ask.
    claims: Annotated[list[NoteClaim], trimmed(MAX_CLAIMS)] = capped(MAX_CLAIMS, at_least=1)
    events: Annotated[list[NoteEvent], trimmed(MAX_EVENTS)] = capped(MAX_EVENTS)

    @field_validator("summary_sentences", mode="before")
    @classmethod
    def _summary_ids(cls, raw: Any, info: ValidationInfo) -> list[int]:
        return _sentence_ids(raw, info)

    @field_validator("figures", mode="before")
    @classmethod
    def _figure_ids(cls, raw: Any, info: ValidationInfo) -> list[str]:
        items = raw if isinstance(raw, list) else [raw] if raw else []
        known: set[str] | None = (info.context or {}).get("figure_ids")
        ids = [f"N{m.group(1)}" for item in items if (m := _FIGURE_ID.search(str(item)))]
        if known is not None:
            ids = [i for i in ids if i in known]
        return list(dict.fromkeys(ids))[:MAX_FIGURES]


# -------------------------------------------------------------------------------------------
# Chunks and what the model is shown


@dataclass(frozen=True)
class Candidate:
    """A number the program read, offered to the model as ``nid``."""

    nid: str
    sentence: int  # 0-based index in the source
    index: int  # index into that sentence's quantities
    quantity: Quantity


@dataclass(frozen=True)
class Chunk:
    """A run of sentences of one source small enough for one map call."""

    source: Source
    first: int  # index of the chunk's first sentence in source.sentences
    count: int
    index: int  # chunk number within the source, from 1
    of: int

    def sentence_texts(self) -> list[str]:
        """The chunk's sentences with whitespace collapsed, as the model sees them."""
        return [" ".join(self.source.sentence(self.first + n).split()) for n in range(self.count)]

    def withheld(self) -> set[int]:
        """1-based numbers of the chunk's sentences that read as instructions (never shown)."""
        sentences = read_article(self.source).sentences
        return {n for n in range(1, self.count + 1) if sentences[self.first + n - 1].instruction}

    def citable(self) -> set[int]:
        """1-based numbers the model may cite."""
        return set(range(1, self.count + 1)) - self.withheld()

    def candidates(self) -> list[Candidate]:
        """The numbers read from the chunk's citable sentences, numbered N1, N2, ..."""
        sentences = read_article(self.source).sentences
        out: list[Candidate] = []
        for n in sorted(self.citable()):
            index = self.first + n - 1
            for k, quantity in enumerate(sentences[index].quantities):
                if len(out) < MAX_CANDIDATES:
                    out.append(Candidate(f"N{len(out) + 1}", index, k, quantity))
        return out

    def numbered(self) -> str:
        """The chunk as 'n. sentence' lines, numbered from 1, each followed by its numbers' ids.

        "7. " costs the 1.5B's tokenizer one token less per sentence than "[7] " (digits are
        single tokens). A number's id and value follow its own sentence ("[N3 3,000]"), which
        says what it counts: a separate list had to repeat that and the sentence number.
        Withheld sentences say so and offer no numbers.
        """
        withheld = self.withheld()
        found: dict[int, list[str]] = {}
        for c in self.candidates():
            found.setdefault(c.sentence - self.first + 1, []).append(f"{c.nid} {c.quantity.text}")
        lines = []
        for n, text in enumerate(self.sentence_texts(), 1):
            if n in withheld:
                text = "(withheld: reads as an instruction, not as reporting)"
            elif n in found:
                text += " [" + "; ".join(found[n]) + "]"
            lines.append(f"{n}. {text}")
        return "\n".join(lines)

    def context(self) -> dict[str, Any]:
        """What the answer's validators check ids against."""
        return {"citable": self.citable(), "figure_ids": {c.nid for c in self.candidates()}}

    @property
    def label(self) -> str:
        suffix = f"#{self.index}of{self.of}" if self.of > 1 else ""
        return f"{self.source.path.rsplit('/', 1)[-1]}{suffix}"


def estimate_tokens(text: str) -> int:
    """Rough token count (about 4 characters a token for English); used only to size chunks."""
    return len(text) // 4 + 1


def chunk_source(source: Source, budget_tokens: int) -> list[Chunk]:
    """Split a source into chunks whose numbered text fits ``budget_tokens``."""
    groups: list[tuple[int, int]] = []
    first, used = 0, 0
    for i in range(len(source.sentences)):
        cost = estimate_tokens(source.sentence(i)) + 3
        if used and used + cost > budget_tokens:
            groups.append((first, i - first))
            first, used = i, 0
        used += cost
    groups.append((first, len(source.sentences) - first))
    return [Chunk(source, f, n, k + 1, len(groups)) for k, (f, n) in enumerate(groups)]


def _title(chunk: Chunk) -> str:
    """The title line's text: the title, or where the chunk opens with it, which sentences hold it.

    A plain-text source's title is its first line, which is also its first sentence(s): writing
    it out again cost every call its length in prompt tokens and told the model nothing new.
    """
    title = " ".join((chunk.source.title or "").split()) or "(untitled)"
    texts, withheld = chunk.sentence_texts(), chunk.withheld()
    for k in range(1, min(3, len(texts)) + 1):
        if k in withheld:
            break
        if " ".join(texts[:k]) == title:
            title = "sentence 1" if k == 1 else f"sentences 1-{k}"
            break
    if chunk.of > 1:
        title += f" (part {chunk.index} of {chunk.of})"
    return title


def messages(chunk: Chunk) -> list[dict[str, str]]:
    """The chat messages of one map call: fixed instructions first, the article last."""
    system = prompts.render(
        "notes", min_claims=MIN_CLAIMS, max_claims=MAX_CLAIMS, max_figures=MAX_FIGURES, max_events=MAX_EVENTS
    )
    user = prompts.render("notes_user", title=_title(chunk), sentences=chunk.numbered())
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# -------------------------------------------------------------------------------------------
# Notes after the program has checked them (what synthesis, assembly and the gate use)


@dataclass(frozen=True)
class Item:
    """A claim or an event: the model's short text and the 0-based sentences it cites."""

    text: str
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class FigureRef:
    """A figure: one quantity of one sentence of one source."""

    source_id: str
    sentence: int  # 0-based
    index: int  # into that sentence's quantities


@dataclass
class Notes:
    """One source's notes with every id resolved to its sentences (0-based)."""

    source: Source
    summary: str = ""
    summary_sentences: tuple[int, ...] = ()
    figures: list[FigureRef] = field(default_factory=list)
    claims: list[Item] = field(default_factory=list)
    events: list[Item] = field(default_factory=list)


def merge(chunks: list[Chunk], answers: dict[Chunk, SourceNotes]) -> dict[str, Notes]:
    """Per-source notes from the chunk answers, with chunk-local ids made source-wide."""
    merged: dict[str, Notes] = {}
    for chunk in chunks:
        answer = answers.get(chunk)
        if answer is None:
            continue

        def rebase(numbers: list[int], first: int = chunk.first) -> tuple[int, ...]:
            return tuple(first + n - 1 for n in numbers)

        notes = merged.setdefault(chunk.source.id, Notes(chunk.source))
        if not notes.summary:
            notes.summary, notes.summary_sentences = answer.summary, rebase(answer.summary_sentences)
        by_id = {c.nid: c for c in chunk.candidates()}
        notes.figures += [
            FigureRef(chunk.source.id, by_id[f].sentence, by_id[f].index)
            for f in answer.figures
            if f in by_id
        ]
        notes.claims += [Item(c.text, rebase(c.sentences)) for c in answer.claims]
        notes.events += [Item(e.event, rebase(e.sentences)) for e in answer.events]
    return merged
