"""The briefing: what `summarise` emits, and what `summarise schema` prints.

Every statement-bearing object carries ``citations``; each citation satisfies
``quote == text[start:end]`` against the source file decoded as UTF-8 (the
citation contract, README "How it works"). The model never writes these objects directly:
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
    """One figure as its cited sentence states it: value, what it counts, who gives it, as of when.

    All four parts are read from the cited sentence by the program
    (``summarise.reading``), never written by the model.
    """

    source_id: str
    value: str = Field(description="The number exactly as the sentence writes it.")
    what: str = Field(default="", description="What the sentence says the number counts; empty if unsure.")
    says: str = Field(
        default="",
        description="The words of the cited sentence that state the figure, quoted exactly; ' … ' marks "
        "words left out. Empty when the sentence is not read that way.",
    )
    attributed_to: str = Field(
        description="Who the sentence says gives the number; 'the article' when it states it itself."
    )
    as_of: str | None = Field(
        default=None, description="The date the sentence gives for it, as written; else the source's date."
    )
    as_of_date: str | None = Field(
        default=None, description="``as_of`` resolved to an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    as_of_basis: str | None = Field(
        default=None,
        description="'sentence' (the sentence gives the date), 'published' (the source's stated date) "
        "or 'inferred' (a bound read from the source's latest date).",
    )


class DisputedFigure(_Out):
    """One quantity that sources (or voices in one source) give different values for."""

    topic: str
    claims: list[FigureClaim] = Field(min_length=2)
    note: str | None = Field(default=None, description="Why the values may differ.")


class FigureSeries(_Out):
    """One quantity reported for different dates (a toll that rises day by day): not a contradiction."""

    topic: str
    points: list[FigureClaim] = Field(min_length=2, description="In date order.")
    note: str | None = None


class NotableFigure(FigureClaim):
    """A figure that no dispute or series holds."""


class Actor(Cited):
    name: str = Field(description="A named person or organisation as a cited sentence writes it.")
    role: str | None = Field(default=None, description="Only where the text gives one; else null.")


class TimelineEntry(Cited):
    date: str = Field(description="The date expression as its cited sentence writes it.")
    date_resolved: str | None = Field(
        default=None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD), null when it cannot be resolved."
    )
    anchor: str | None = Field(
        default=None, description="The source date a relative date was resolved against, if any."
    )
    event: str
    source_id: str


class SourceSummary(Cited):
    source_id: str
    title: str | None
    outlet: str | None = Field(description="Outlet from a byline, dateline, sign-off or metadata; else null.")
    author: str | None = Field(
        default=None, description="Author from a byline, sign-off or metadata; else null (never in `outlet`)."
    )
    summary: str


class SourceRef(_Out):
    id: str
    path: str = Field(description="The file read; for a URL, its saved snapshot.")
    sha256: str = Field(description="sha256 of the file's bytes.")
    title: str | None
    published: str | None = Field(
        default=None, description="Publication date (ISO) the source states; else a bound, see below."
    )
    published_basis: str | None = Field(
        default=None,
        description="'stated' (the text or metadata gives it) or 'inferred' (not before the latest date "
        "the text mentions); null when unknown.",
    )
    outlet: str | None = Field(default=None, description="Site or publication, from the page's metadata.")
    author: str | None = Field(default=None, description="Author, from the page's or PDF's metadata.")
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


class GateCount(_Out):
    """What the support gate did to one section's statements."""

    checked: int = 0
    recited: int = Field(default=0, description="Moved to a sentence of the same source that states them.")
    trimmed: int = Field(
        default=0, description="Cut to those of their sentences that their citations state; the rest removed."
    )
    dropped: int = Field(default=0, description="Removed: no sentence of their sources states them.")


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
    model_seconds: float = Field(
        description="Wall time during which at least one model call was in flight (at most the run's)."
    )
    cached_usage: Usage = Field(
        default_factory=Usage,
        description="Tokens the answers served from cache or fixtures cost when recorded.",
    )
    failures: list[Failure] = Field(default_factory=list)
    skipped_inputs: list[str] = Field(default_factory=list, description="Files that could not be read.")
    warnings: list[str] = Field(default_factory=list)
    gate: dict[str, GateCount] = Field(
        default_factory=dict, description="Support gate counts per section (see summarise.briefing.gate)."
    )


class Briefing(_Out):
    """A structured, cited briefing of several articles."""

    title: str
    bottom_line: str
    bottom_line_citations: list[Citation]
    key_points: list[KeyPoint]
    disputed_figures: list[DisputedFigure]
    figures_over_time: list[FigureSeries] = Field(default_factory=list)
    notable_figures: list[NotableFigure]
    actors: list[Actor]
    timeline: list[TimelineEntry]
    source_summaries: list[SourceSummary]
    open_questions: list[str]
    sources: list[SourceRef]
    metadata: RunMetadata
