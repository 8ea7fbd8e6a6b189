"""Render a briefing as Markdown (default), JSON or HTML.

Markdown and HTML number every distinct citation once, mark statements with
those numbers, and list the numbered quotes with their source and offsets at
the end, so a reader can check each statement. HTML escapes every string that
came from an article or a model.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from summarise.schema import Briefing, Citation


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


def _sections(b: Briefing) -> list[tuple[str, list[tuple[str, list[Citation]]]]]:
    """The briefing as (heading, [(text, citations)]) in reading order; shared by md and html."""
    disputes: list[tuple[str, list[Citation]]] = []
    for d in b.disputed_figures:
        disputes.append((f"**{d.topic}**" + (f" — {d.note}" if d.note else ""), []))
        for c in d.claims:
            when = f", as of {c.as_of}" if c.as_of else ""
            disputes.append(
                (
                    f"  - {c.value}{f' ({c.what})' if c.what else ''}: according to {c.attributed_to} "
                    f"({c.source_id}{when})",
                    c.citations,
                )
            )
    return [
        ("Key points", [(p.text, p.citations) for p in b.key_points]),
        ("Disputed figures", disputes),
        (
            "Notable figures",
            [
                (f"{f.what}: {f.value} — {f.attributed_to} ({f.source_id})", f.citations)
                for f in b.notable_figures
            ],
        ),
        ("Actors", [(f"**{a.name}** — {a.role}", a.citations) for a in b.actors]),
        ("Timeline", [(f"{t.date} ({t.source_id}): {t.event}", t.citations) for t in b.timeline]),
        (
            "Sources",
            [
                (
                    f"{s.source_id} {s.title or ''}"
                    + (f" ({s.outlet})" if s.outlet else "")
                    + f": {s.summary}",
                    s.citations,
                )
                for s in b.source_summaries
            ],
        ),
        ("Open questions", [(q, []) for q in b.open_questions]),
    ]


def to_markdown(b: Briefing) -> str:
    """A readable Markdown briefing with numbered citations."""
    nums = _Numbers()
    path = {s.id: s.path for s in b.sources}
    lines = [
        f"# {b.title}",
        "",
        f"**Bottom line:** {b.bottom_line}" + nums.marks(b.bottom_line_citations, lambda n: f" [{n}]"),
        "",
    ]
    for heading, items in _sections(b):
        if not items:
            continue
        lines += [f"## {heading}", ""]
        for text, cites in items:
            bullet = "" if text.startswith("  - ") else "- "  # dispute claims are nested already
            lines.append(f"{bullet}{text}{nums.marks(cites, lambda n: f' [{n}]')}")
        lines.append("")
    lines += ["## Citations", ""]
    for n, c in enumerate(nums.cites, 1):
        quote = " ".join(c.quote.split())
        lines.append(f"{n}. {c.source_id} `{path.get(c.source_id, '?')}` [{c.start}:{c.end}]: “{quote}”")
    m = b.metadata
    lines += [
        "",
        "---",
        f"*{m.model} via {m.endpoint_host} ({m.mode} mode), prompts {m.prompt_version}; "
        f"{m.model_calls} model calls, {m.cache_hits} from cache; "
        f"{m.usage.prompt_tokens} prompt + {m.usage.completion_tokens} completion tokens; "
        f"{m.seconds.get('total', 0):.1f} s, of which {m.model_seconds:.1f} s waiting on the model.*",
    ]
    for f in m.failures:
        lines.append(f"\n> **Not included:** {f.stage} of {f.subject} failed: {f.error}")
    for w in m.warnings:
        lines.append(f"\n> **Warning:** {w}")
    for s in m.skipped_inputs:
        lines.append(f"\n> **Skipped input:** {s}")
    return "\n".join(lines) + "\n"


def to_json(b: Briefing) -> str:
    """The briefing as indented JSON (the citation contract's format)."""
    return b.model_dump_json(indent=2) + "\n"


_CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
sup a{text-decoration:none}ol.cites li{font-size:.9em;margin:.3em 0}code{font-size:.85em}
.meta{color:#666;font-size:.85em}.warn{background:#fff4e5;padding:.5em}"""


def to_html(b: Briefing) -> str:
    """A standalone HTML page; every article- or model-derived string is escaped."""
    e = html.escape
    nums = _Numbers()
    path = {s.id: s.path for s in b.sources}

    def sup(n: int) -> str:
        return f'<sup><a href="#c{n}">[{n}]</a></sup>'

    def md_bold(text: str) -> str:  # the shared sections use **bold** for names; keep it
        parts = e(text).split("**")
        return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))

    body = [
        f"<h1>{e(b.title)}</h1>",
        f"<p><b>Bottom line:</b> {e(b.bottom_line)}{nums.marks(b.bottom_line_citations, sup)}</p>",
    ]
    for heading, items in _sections(b):
        if not items:
            continue
        body.append(f"<h2>{e(heading)}</h2><ul>")
        for text, cites in items:
            body.append(f"<li>{md_bold(text.strip().removeprefix('- '))}{nums.marks(cites, sup)}</li>")
        body.append("</ul>")
    body.append('<h2>Citations</h2><ol class="cites">')
    for n, c in enumerate(nums.cites, 1):
        body.append(
            f'<li id="c{n}">{e(c.source_id)} <code>{e(path.get(c.source_id, "?"))}</code> '
            f"[{c.start}:{c.end}]: “{e(' '.join(c.quote.split()))}”</li>"
        )
    body.append("</ol>")
    m = b.metadata
    body.append(
        f'<p class="meta">{e(m.model)} via {e(m.endpoint_host)} ({e(m.mode)} mode), prompts '
        f"{e(m.prompt_version)}; {m.model_calls} model calls, {m.cache_hits} from cache.</p>"
    )
    for f in m.failures:
        body.append(f'<p class="warn">Not included: {e(f.stage)} of {e(f.subject)} failed: {e(f.error)}</p>')
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(b.title)}</title>'
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _html_view(b: Briefing) -> str:
    # The page that opens every citation in its source (imported here: it reads the source files).
    from summarise.briefing.html_view import to_html_view

    return to_html_view(b)


RENDERERS: dict[str, Callable[[Briefing], str]] = {"md": to_markdown, "json": to_json, "html": _html_view}
