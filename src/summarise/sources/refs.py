"""The briefing's entry for a source: everything a reader needs to check its citations."""

from __future__ import annotations

from summarise.schema import SourceRef
from summarise.sources.files import Source


def source_ref(source: Source) -> SourceRef:
    """The ``sources`` entry of the briefing for ``source``, metadata included where known."""
    return SourceRef(
        id=source.id,
        path=source.path,
        sha256=source.sha256,
        title=source.title,
        outlet=source.outlet,
        author=source.author,
        published=source.published,
        url=source.url,
        extractor=source.extractor,
        extractor_version=source.extractor_version,
        text_sha256=source.text_sha256,
    )
