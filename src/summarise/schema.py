"""The briefing: what `summarise` emits, and what `summarise schema` prints.

Every statement-bearing object carries ``citations``; each citation satisfies
``quote == text[start:end]`` against the source file decoded as UTF-8 (the
citation contract in DESIGN.md). The model never writes these objects directly:
it cites sentence ids, and ``summarise.briefing.assemble`` builds citations from the
spans, so they resolve by construction.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Out):
    """An exact span of one source file."""

    source_id: str = Field(description="Id of an entry in `sources`.")
    start: int = Field(ge=0, description="Character offset where the quote starts.")
    end: int = Field(ge=0, description="Character offset just past the quote.")
    quote: str = Field(description="Exactly text[start:end] of the source file.")


class Cited(_Out):
    citations: list[Citation] = Field(description="Spans that support this statement.")


class KeyPoint(Cited):
    text: str


class FigureClaim(Cited):
    """One source's value for a disputed figure, and who it says claims it."""

    source_id: str
    value: str
    what: str = Field(default="", description="What this source says the figure counts (sent, offered…).")
    attributed_to: str = Field(description="Who the source says gives this figure.")
    as_of: str | None = Field(default=None, description="Date the source states or reports.")


class DisputedFigure(_Out):
    topic: str
    claims: list[FigureClaim] = Field(min_length=2)
    note: str | None = Field(default=None, description="Why the values may differ.")


class NotableFigure(Cited):
    what: str
    value: str
    source_id: str
    attributed_to: str
    as_of: str | None = None


class Actor(Cited):
    name: str
    role: str


class TimelineEntry(Cited):
    date: str = Field(description="The date as the source states or reports it.")
    event: str
    source_id: str


class SourceSummary(Cited):
    source_id: str
    title: str | None
    outlet: str | None = Field(description="Outlet or author where the text states one.")
    summary: str


class SourceRef(_Out):
    id: str
    path: str = Field(description="The file read; for a URL, its saved snapshot.")
    sha256: str = Field(description="sha256 of the file's bytes.")
    title: str | None
    outlet: str | None = Field(default=None, description="Site or publication, from the page's metadata.")
    author: str | None = Field(default=None, description="Author, from the page's or PDF's metadata.")
    published: str | None = Field(default=None, description="Publication date the metadata states.")
    url: str | None = Field(default=None, description="Where a fetched page came from.")
    extractor: str | None = Field(
        default=None, description="What chose or extracted the text (trafilatura for HTML, pypdf for PDF)."
    )
    extractor_version: str | None = None
    text_sha256: str | None = Field(
        default=None,
        description="For a PDF: sha256 of the extracted text that citations index "
        "(what `summarise extract FILE` prints).",
    )


class Usage(_Out):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Failure(_Out):
    """A model call that failed after retries; the rest of the briefing still stands."""

    stage: str
    subject: str = Field(description="Source id or 'synthesis'.")
    error: str


class RunMetadata(_Out):
    model: str
    endpoint_host: str
    mode: str
    prompt_version: str
    usage: Usage
    model_calls: int = Field(description="Calls that reached the model (not served from cache).")
    cache_hits: int
    seconds: dict[str, float] = Field(description="Wall time per stage.")
    model_seconds: float = Field(description="Time spent inside model calls.")
    failures: list[Failure] = Field(default_factory=list)
    skipped_inputs: list[str] = Field(default_factory=list, description="Files that could not be read.")
    warnings: list[str] = Field(default_factory=list)


class Briefing(_Out):
    """A structured, cited briefing of several articles."""

    title: str
    bottom_line: str
    bottom_line_citations: list[Citation]
    key_points: list[KeyPoint]
    disputed_figures: list[DisputedFigure]
    notable_figures: list[NotableFigure]
    actors: list[Actor]
    timeline: list[TimelineEntry]
    source_summaries: list[SourceSummary]
    open_questions: list[str]
    sources: list[SourceRef]
    metadata: RunMetadata
