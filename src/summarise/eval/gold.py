"""Hand-written gold briefings: the ruler every eval score is measured with.

Gold lives in ``gold/<case>.toml`` and is written by a person reading the
articles, never by a model. TOML is used because it is pleasant to write by
hand and Python reads it without a dependency.

Gold never refers to sentence ids: those depend on the sentence splitter, and
gold must outlive splitter changes. Instead every fact and claim carries one or
more verbatim ``quotes`` from the article, which ``GoldCase.check_quotes``
verifies against the files.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, field_validator

from summarise.errors import GoldError
from summarise.prompts import data_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldFact(_Strict):
    """A fact a good briefing of this case should state."""

    id: str
    statement: str = Field(description="The fact in plain words, as a person would write it.")
    figures: list[str] = Field(
        default_factory=list,
        description="Canonical figures as written in the article ('12,000', '€300', '50%').",
    )
    names: list[list[str]] = Field(
        default_factory=list,
        description="Names that must appear; each inner list holds accepted aliases of one name.",
    )
    sources: list[str] = Field(min_length=1, description="Seed file names that state the fact.")
    quotes: list[str] = Field(min_length=1, description="Verbatim substrings of the source files.")


class GoldClaim(_Strict):
    """One source's side of a disputed figure."""

    source: str
    value: str = Field(description="The figure as the article writes it ('1,500').")
    attributed_to: list[str] = Field(
        min_length=1,
        description="Accepted names for whoever the article says made the claim.",
    )
    quote: str = Field(description="Verbatim substring of the source file that states the claim.")


class GoldFigure(GoldClaim):
    """A figure that matters, disputed or not: one source's value with whoever gives it.

    Dispute claims only cover figures that disagree; a briefing must also keep the figures
    nobody contradicts with their source and speaker (issue 9's "figures that matter"), and
    this list is where gold names them. The eval metrics do not read it yet;
    ``bench/unseen_figures.py`` does.
    """

    id: str
    what: str = Field(description="What the figure counts, in plain words ('workers evacuated').")


class GoldDispute(_Strict):
    """A figure on which sources (or statements in one source) disagree."""

    id: str
    topic: str
    claims: list[GoldClaim] = Field(min_length=2)


class GoldMustNot(_Strict):
    """Something a faithful briefing must not say."""

    id: str
    description: str
    patterns: list[str] = Field(
        min_length=1, description="Case-insensitive regexes; a statement matching any is suspect."
    )
    unless: list[str] = Field(
        default_factory=list,
        description="Case-insensitive words that make a matching statement acceptable "
        "(e.g. an attribution such as 'claimed' or 'Korotchenko').",
    )

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            re.compile(pattern)
        return patterns


class GoldCase(_Strict):
    """One eval case: which article files go in, and what a good briefing contains."""

    case: str
    description: str
    articles: str = Field(
        default="seeds",
        description="Folder of the case's articles, relative to the data root ('seeds', or "
        "'evals/articles/<case>' for articles that `summarise seeds/` must not pick up).",
    )
    sources: list[str] = Field(min_length=1, description="Article file names, relative to `articles`.")
    facts: list[GoldFact] = Field(min_length=1)
    disputes: list[GoldDispute] = Field(default_factory=list)
    must_not: list[GoldMustNot] = Field(default_factory=list)
    figures: list[GoldFigure] = Field(
        default_factory=list, description="Every figure that matters, each with its source and speaker."
    )

    @field_validator("articles")
    @classmethod
    def _relative(cls, articles: str) -> str:
        # Resolved under the data root so that it works in a checkout and installed alike.
        parts = PurePosixPath(articles).parts
        if not parts or PurePosixPath(articles).is_absolute() or ".." in parts or "\\" in articles:
            raise ValueError(
                f"articles must be a relative folder such as 'evals/articles/x', not {articles!r}"
            )
        return articles

    def articles_dir(self) -> Path:
        """The folder holding this case's articles, in a checkout or an installed wheel."""
        head, *rest = PurePosixPath(self.articles).parts
        folder = data_dir(head).joinpath(*rest)
        if not folder.is_dir():
            raise GoldError(
                f"gold case {self.case}: articles folder {self.articles!r} not found ({folder})",
                hint="Fix `articles` in the gold file; it is relative to the repository root.",
            )
        return folder

    def check_quotes(self, folder: Path | None = None) -> list[str]:
        """Return a problem description for every quote not found verbatim in its file.

        `folder` defaults to the case's own articles folder.
        """
        folder = folder or self.articles_dir()
        texts = {name: (folder / name).read_text(encoding="utf-8") for name in self.sources}
        problems = []
        for fact in self.facts:
            for src in fact.sources:
                if src not in texts:
                    problems.append(f"{self.case}/{fact.id}: source {src} is not in the case")
            if not any(q in texts.get(s, "") for q in fact.quotes for s in fact.sources):
                problems.append(f"{self.case}/{fact.id}: no quote found verbatim in its sources")
        for dispute in self.disputes:
            for claim in dispute.claims:
                if claim.quote not in texts.get(claim.source, ""):
                    problems.append(f"{self.case}/{dispute.id}: quote not in {claim.source}")
        for figure in self.figures:
            if figure.quote not in texts.get(figure.source, ""):
                problems.append(f"{self.case}/{figure.id}: quote not in {figure.source}")
            elif figure.value not in figure.quote:
                problems.append(f"{self.case}/{figure.id}: value {figure.value!r} not in its quote")
        return problems


def load_gold(path: Path) -> GoldCase:
    """Read and validate one gold file, naming the file in any error."""
    try:
        return GoldCase.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise GoldError(f"{path}: {exc}", hint="Fix the gold file; see gold/README.md.") from exc
