"""The map stage: one short, capped model answer per source (or per chunk of a long one).

The model sees the article as numbered sentences and cites numbers, never
quotes: small local models copy quotes badly but cite numbers reliably
(README, "How it works"). A number outside the article is a validation error, which
instructor turns into a re-ask. Lists longer than asked for are trimmed rather
than re-asked, because a re-ask costs a whole answer's worth of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from summarise import prompts
from summarise.sources.files import Source

MAX_CLAIMS, MAX_FIGURES, MAX_ACTORS, MAX_EVENTS = 5, 6, 5, 4
PROMPTS = ("notes", "notes_user")
# Citations kept per item (see _check_ids).
_MAX_IDS = 3


def _check_ids(ids: list[int], info: ValidationInfo) -> list[int]:
    count = (info.context or {}).get("n_sentences")
    if count is not None:
        bad = [i for i in ids if not 1 <= i <= count]
        if bad:
            raise ValueError(f"sentence numbers {bad} do not exist; the article has sentences 1 to {count}")
    # Small models sometimes list every sentence that mentions a name. A re-ask
    # costs a full answer (~100 s on the 1.5B), so keep the first few instead:
    # models list sentences in reading order, and the first mention is the one
    # that introduces the item.
    return list(dict.fromkeys(ids))[:_MAX_IDS]


def _quoted_sentence(text: str, sentences: list[str]) -> int | None:
    """The 1-based number of the sentence that ``text`` quotes (perhaps cut with "..."), if any."""
    fragments = [" ".join(f.split()).strip(" \"'“”‘’") for f in re.split(r"\.\.\.|…", text)]
    longest = max(fragments, key=len)
    if len(longest) < 12:  # too short to name one sentence
        return None
    return next((n for n, sentence in enumerate(sentences, 1) if longest in sentence), None)


def _read_ids(raw: Any, info: ValidationInfo) -> Any:
    """Sentence numbers from what small models write instead of a list of ints.

    "3", "[3, 4]", "sentences 3 and 4" and ["3"] give their numbers. The 0.5B
    also quotes the sentence itself ("North Korean troops sent ... fierce."); a
    quote is looked up in the chunk's sentences, which gives the number exactly,
    and dropped when it matches none. (Validators, not type changes, so the
    schema shown to the model, and so every cache key, stays the same.)
    """
    if raw is None:
        return []
    if isinstance(raw, int | str):
        raw = [raw]
    if not isinstance(raw, list):
        return raw
    sentences: list[str] = (info.context or {}).get("sentences", [])
    out: list[Any] = []
    for item in raw:
        if not isinstance(item, str):
            out.append(item)
        elif re.search(r"[A-Za-z]{3,}", re.sub(r"(?i)\b(sentences?|and)\b", "", item)) is None:
            out += [int(n) for n in re.findall(r"\d+", item)]
        elif (number := _quoted_sentence(item, sentences)) is not None:
            out.append(number)
    return out


class _Note(BaseModel):
    # `sentences` is declared last in each subclass: a small model writes the
    # statement first and then cites it, which it does more accurately.
    model_config = ConfigDict(extra="ignore")

    @field_validator("sentences", mode="before", check_fields=False)
    @classmethod
    def _lenient_ids(cls, raw: Any, info: ValidationInfo) -> Any:
        return _read_ids(raw, info)

    @field_validator("sentences", check_fields=False)
    @classmethod
    def _ids_exist(cls, ids: list[int], info: ValidationInfo) -> list[int]:
        return _check_ids(ids, info)


# Citations are asked for but not required by the schema: the 1.5B sometimes
# leaves them out, and a re-ask costs a whole answer. grounding.repair finds the
# sentences for an uncited item from the article text, or drops the item.
_CITE = "Numbers of the one to three sentences that state it."


class NoteClaim(_Note):
    text: str = Field(description="One important claim in at most 25 words, saying who claims it.")
    sentences: list[int] = Field(default_factory=list, description=_CITE)


class NoteFigure(_Note):
    @model_validator(mode="before")
    @classmethod
    def _fill_missing(cls, raw: Any) -> Any:
        # The 0.5B leaves out attributed_to; say so plainly instead of re-asking (~1 min each).
        if isinstance(raw, dict):
            raw = {"what": "", **raw}
            if not raw.get("attributed_to"):
                raw["attributed_to"] = "unattributed"
        return raw

    what: str = Field(description="What the figure counts, in a few words.")
    value: str = Field(description="The figure exactly as the article writes it.")
    attributed_to: str = Field(description="Who the article says gives the figure; 'the article' if no one.")
    as_of: str | None = Field(default=None, description="Date the article gives for the figure, else null.")
    sentences: list[int] = Field(default_factory=list, description=_CITE)


class NoteActor(_Note):
    name: str
    role: str = Field(description="Their role in the story, in a few words.")
    sentences: list[int] = Field(default_factory=list, description=_CITE)


class NoteEvent(_Note):
    date: str = Field(description="The date exactly as the article writes it.")
    event: str = Field(description="What happened, in at most 20 words.")
    sentences: list[int] = Field(default_factory=list, description=_CITE)


class SourceNotes(BaseModel):
    """Notes on one article, every item citing sentence numbers."""

    model_config = ConfigDict(extra="ignore")

    outlet_or_author: str | None = Field(description="Publication or writer named in the text, or null.")
    summary: str = Field(description="The article's main point in one or two sentences of your own.")
    summary_sentences: list[int] = Field(default_factory=list, description="Sentences it rests on.")
    # Figures before claims: a small model fills the first lists most carefully,
    # and figures with their attribution are what disputes are built from.
    figures: list[NoteFigure] = Field(description=f"Up to {MAX_FIGURES} key figures with attribution.")
    claims: list[NoteClaim] = Field(description=f"The {MAX_CLAIMS} most important claims at most.")
    actors: list[NoteActor] = Field(description=f"Up to {MAX_ACTORS} people or bodies and their roles.")
    events: list[NoteEvent] = Field(description=f"Up to {MAX_EVENTS} dated events.")

    @field_validator("summary_sentences", mode="before")
    @classmethod
    def _lenient_summary_ids(cls, raw: Any, info: ValidationInfo) -> Any:
        return _read_ids(raw, info)

    @field_validator("summary_sentences")
    @classmethod
    def _summary_ids(cls, ids: list[int], info: ValidationInfo) -> list[int]:
        return _check_ids(ids, info)

    @field_validator("claims", "figures", "actors", "events", mode="before")
    @classmethod
    def _trim(cls, items: Any, info: ValidationInfo) -> Any:
        # Trim before validating, so a bad item past the cap cannot force a re-ask.
        caps = {"claims": MAX_CLAIMS, "figures": MAX_FIGURES, "actors": MAX_ACTORS, "events": MAX_EVENTS}
        return items[: caps[info.field_name or ""]] if isinstance(items, list) else items


@dataclass(frozen=True)
class Chunk:
    """A run of sentences of one source small enough for one map call."""

    source: Source
    first: int  # index of the chunk's first sentence in source.sentences
    count: int
    index: int  # chunk number within the source, from 1
    of: int

    def numbered(self) -> str:
        """The chunk as '[n] sentence' lines, numbered from 1."""
        return "\n".join(f"[{n}] {sentence}" for n, sentence in enumerate(self.sentence_texts(), 1))

    def sentence_texts(self) -> list[str]:
        """The chunk's sentences with whitespace collapsed, as the model sees them."""
        return [" ".join(self.source.sentence(self.first + n).split()) for n in range(self.count)]

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


def messages(chunk: Chunk) -> list[dict[str, str]]:
    """The chat messages of one map call."""
    system = prompts.render(
        "notes",
        max_claims=MAX_CLAIMS,
        max_figures=MAX_FIGURES,
        max_actors=MAX_ACTORS,
        max_events=MAX_EVENTS,
    )
    title = chunk.source.title or "(untitled)"
    if chunk.of > 1:
        title += f" (part {chunk.index} of {chunk.of})"
    user = prompts.render("notes_user", title=title, sentences=chunk.numbered())
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
