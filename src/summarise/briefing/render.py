"""Render a briefing as Markdown (default), JSON or HTML.

Markdown numbers every distinct citation once, marks statements with those
numbers, and lists the numbered quotes with their source and offsets at the
end, so a reader can check each statement; the HTML page is ``html_view``.
Both escape every string that came from an article or a model: HTML with
entities, Markdown with backslashes
(so no raw HTML, link, image or autolink survives a CommonMark renderer, and
the raw Markdown still reads as the text). Neither carries control characters
(terminal escape codes); JSON keeps the exact text, which it escapes itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summarise.safe_text import printable
from summarise.schema import Briefing, Citation, FigureClaim, SourceSummary, TimelineEntry
from summarise.sources.files import OUTPUT_MARK

# Inline syntax CommonMark gives meaning to: raw HTML and autolinks (<), links and images
# ([ ]), emphasis (* _), code spans (`) and the escape character itself. Backslash-escaping
# these is what CommonMark defines for "this character, literally", and reads naturally.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
# An entity reference would be decoded ("&lt;script&gt;" renders as "<script>" text); the
# article said "&lt;", so escape the ampersand that starts one.
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What starts a block at the beginning of a line: heading, quote, list item, setext underline.
_MD_LEAD = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline content, on one line, without control characters.

    Whitespace runs (newlines included) become one space, so no text can end a
    list item or start a block of its own.
    """
    one_line = " ".join(printable(text).split())
    return _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", one_line))


def _md_line(text: str) -> str:
    """Escape a block marker at the start of an already escaped line of content."""
    # A backslash before a marker character escapes it; a list number is escaped at its "." or ")".
    return _MD_LEAD.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def _md_code(text: str) -> str:
    """``text`` as a code span: a fence longer than any backtick run inside, so it cannot end early."""
    text = " ".join(printable(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Numbers:
    """Assigns each distinct citation a number in order of first use."""

    def __init__(self) -> None:
        self.order: dict[tuple[str, int, int], int] = {}
        self.cites: list[Citation] = []

    def marks(self, cites: list[Citation], fmt: Callable[[int], str]) -> str:
        out = []
        for c in cites:
            key = (c.source_id, c.start, c.end)
            if key not in self.order:
                self.cites.append(c)
                self.order[key] = len(self.cites)
            out.append(fmt(self.order[key]))
        return "".join(out)


def _when(c: FigureClaim, esc: Callable[[str], str]) -> str:
    """A figure's date as the reader needs it: what the sentence says, or where the date came from."""
    if not c.as_of:
        return ""
    if c.as_of_basis == "sentence":
        resolved = f" = {c.as_of_date}" if c.as_of_date and c.as_of_date != c.as_of else ""
        return f", {esc(c.as_of)}{resolved}"
    if c.as_of_basis == "published":
        return f", source dated {esc(c.as_of)}"
    return f", source {esc(c.as_of)} (inferred)"


def _figure(c: FigureClaim, esc: Callable[[str], str]) -> str:
    """A figure line: its value, then its sentence's own words for it where they were read (so
    its hedge, rate and verb reach the reader as written), else what it counts."""
    if c.says:
        shown = f"{esc(c.value)}: “{esc(c.says)}”"
    else:
        what = f" {esc(c.what)}" if c.what and c.what not in c.value else ""
        shown = f"{esc(c.value)}{what}"
    return f"{shown}, according to {esc(c.attributed_to)} ({esc(c.source_id)}{_when(c, esc)})"


def _date(t: TimelineEntry, esc: Callable[[str], str]) -> str:
    if not t.date_resolved or t.date_resolved == t.date:
        return esc(t.date)
    anchor = f", from the source's date {t.anchor}" if t.anchor else ""
    return f"{esc(t.date)} (= {t.date_resolved}{anchor})"


def _published(b: Briefing, source_id: str) -> str:
    ref = next((r for r in b.sources if r.id == source_id), None)
    if ref is None or not ref.published:
        return ""
    return f", dated {ref.published}" if ref.published_basis == "stated" else f", not before {ref.published}"


def _sections(b: Briefing, esc: Callable[[str], str]) -> list[tuple[str, list[tuple[str, list[Citation]]]]]:
    """The Markdown briefing as (heading, [(text, citations)]) in reading order.

    ``esc`` is applied to every article- or model-derived string: ``md_escape`` for
    readers, the identity for the judge, which must see the text its fixtures recorded.
    """
    disputes: list[tuple[str, list[Citation]]] = []
    for d in b.disputed_figures:
        disputes.append((f"**{esc(d.topic)}**" + (f" — {esc(d.note)}" if d.note else ""), []))
        disputes += [(f"  - {_figure(c, esc)}", c.citations) for c in d.claims]
    series: list[tuple[str, list[Citation]]] = []
    for s in b.figures_over_time:
        series.append((f"**{esc(s.topic)}**" + (f" — {esc(s.note)}" if s.note else ""), []))
        series += [(f"  - {_figure(c, esc)}", c.citations) for c in s.points]
    return [
        ("Key points", [(esc(p.text), p.citations) for p in b.key_points]),
        ("Disputed figures", disputes),
        ("Figures that change over time", series),
        ("Notable figures", [(_figure(f, esc), f.citations) for f in b.notable_figures]),
        (
            "Actors",
            [(f"**{esc(a.name)}**" + (f" — {esc(a.role)}" if a.role else ""), a.citations) for a in b.actors],
        ),
        (
            "Timeline",
            [(f"{_date(t, esc)} ({esc(t.source_id)}): {esc(t.event)}", t.citations) for t in b.timeline],
        ),
        (
            "Sources",
            [
                (
                    f"{esc(s.source_id)} {esc(s.title or '')}"
                    + (f" ({esc(credit_line(s))})" if s.outlet or s.author else "")
                    + _published(b, s.source_id)
                    + f": {esc(s.summary) or '(no summary passed the support check)'}",
                    s.citations,
                )
                for s in b.source_summaries
            ],
        ),
        ("Open questions", [(esc(q), []) for q in b.open_questions]),
    ]


def to_markdown(b: Briefing, *, escape: bool = True) -> str:
    """A readable Markdown briefing with numbered citations; article and model text is escaped.

    ``escape=False`` gives the text as the model and articles wrote it, for the
    eval's judge, which reads it as plain text (its recorded prompts predate escaping).
    """
    e: Callable[[str], str] = md_escape if escape else str
    line_start: Callable[[str], str] = _md_line if escape else str
    nums = _Numbers()
    path = {s.id: s.path for s in b.sources}
    lines = [
        f"# {line_start(e(b.title))}",
        "",
        f"**Bottom line:** {e(b.bottom_line)}" + nums.marks(b.bottom_line_citations, lambda n: f" [{n}]"),
        "",
    ]
    for heading, items in _sections(b, e):
        if not items:
            continue
        lines += [f"## {heading}", ""]
        for text, cites in items:
            if text.startswith("  - "):  # dispute claims are nested already
                line = "  - " + line_start(text.removeprefix("  - "))
            else:
                line = "- " + line_start(text)
            lines.append(f"{line}{nums.marks(cites, lambda n: f' [{n}]')}")
        lines.append("")
    lines += ["## Citations", ""]
    for n, c in enumerate(nums.cites, 1):
        shown = _md_code(path.get(c.source_id, "?")) if escape else f"`{path.get(c.source_id, '?')}`"
        where = f"{e(c.source_id)} {shown} [{c.start}:{c.end}]"
        lines.append(f"{n}. {where}: “{e(' '.join(c.quote.split()))}”")
    m = b.metadata
    lines += [
        "",
        "---",
        f"*{e(m.model)} via {e(m.endpoint_host)} ({e(m.mode)} mode), prompts {e(m.prompt_version)}; "
        f"{m.model_calls} model calls, {m.cache_hits} from cache; "
        f"{m.usage.prompt_tokens} prompt + {m.usage.completion_tokens} completion tokens"
        + (
            f" (the cached answers cost {m.cached_usage.prompt_tokens} + {m.cached_usage.completion_tokens} "
            "when recorded)"
            if m.cached_usage.prompt_tokens or m.cached_usage.completion_tokens
            else ""
        )
        + "; "
        f"{m.seconds.get('total', 0):.1f} s, of which {m.model_seconds:.1f} s waiting on the model.*",
    ]
    if m.gate:
        counts = "; ".join(
            f"{section.replace('_', ' ')}: {c.recited} re-cited, "
            + (f"{c.trimmed} cut to their supported sentences, " if c.trimmed else "")
            + f"{c.dropped} dropped of {c.checked}"
            for section, c in m.gate.items()
            if c.recited or c.dropped or c.trimmed
        )
        lines.append(
            f"\n*Support gate: every number, date and name shown is in its cited sentences, and each "
            f"sentence in the model's words uses their words, adding at most one in ten and no name "
            f"(not a check of meaning: see --verify). "
            f"{counts or 'Nothing re-cited, cut or dropped'}.*"
        )
    for f in m.failures:
        lines.append(f"\n> **Not included:** {e(f.stage)} of {e(f.subject)} failed: {e(f.error)}")
    for w in m.warnings:
        lines.append(f"\n> **Warning:** {e(w)}")
    for s in m.skipped_inputs:
        lines.append(f"\n> **Skipped input:** {e(s)}")
    return "\n".join(lines) + "\n"


def to_json(b: Briefing) -> str:
    """The briefing as indented JSON (the citation contract's format)."""
    return b.model_dump_json(indent=2) + "\n"


def mark_output(text: str, fmt: str) -> str:
    """``text`` with the mark that tells summarise never to read it back as an article.

    Added when the CLI writes a briefing, not by the renderers: the eval's judge
    reads ``to_markdown`` and its recorded prompts must not change. JSON needs no
    mark, as it is never read as an article.
    """
    doctype = "<!doctype html>"
    if fmt == "html" and text.startswith(doctype):
        return doctype + OUTPUT_MARK + text[len(doctype) :]
    if fmt in ("md", "html"):
        return f"{OUTPUT_MARK}\n{text}"
    return text


def _html_view(b: Briefing) -> str:
    # The page that opens every citation in its source (imported here: it reads the source files).
    from summarise.briefing.html_view import to_html_view

    return to_html_view(b)


RENDERERS: dict[str, Callable[[Briefing], str]] = {"md": to_markdown, "json": to_json, "html": _html_view}


def credit_line(s: SourceSummary) -> str:
    """A source's credit as a reader expects it: "Lowenby Echo, by Priya Castellane"."""
    return ", ".join(p for p in (s.outlet, f"by {s.author}" if s.author else None) if p)
