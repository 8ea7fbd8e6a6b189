"""The HTML briefing: one offline file in which every citation opens its exact span.

The exact character spans are what makes a briefing checkable, so the page is
built around them. Each citation marker shows its quote on hover and, when
clicked, opens the cited source's full text with exactly ``text[start:end]``
highlighted and scrolled into view. Disputes are nested, one small table per
disputed figure. A source panel lists every source with its metadata.

Safety. Article text is hostile input (a saved page is full of markup and
scripts). Everything from an article or a model is either HTML-escaped where it
is written into the page, or carried as JSON inside a non-executable
``<script type="application/json">`` block with every ``<`` written as
``\\u003c`` (so no ``</script>`` can end it), and put on screen only through
``textContent``. On top of that, a Content-Security-Policy allows exactly one
script, ours, by its sha256: even a string that escaped escaping could not run.

Offsets. Python counts code points, JavaScript strings count UTF-16 units, so
the page slices ``Array.from(text)`` (code points): an emoji before a quote
does not shift its highlight.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path

from summarise.briefing.render import credit_line
from summarise.errors import SummariseError
from summarise.safe_text import printable
from summarise.schema import Briefing, Citation, FigureClaim, SourceRef
from summarise.sources.files import read_source


def _E(text: str) -> str:
    """HTML-escaped, without control characters (terminal escape codes from an article)."""
    return html.escape(printable(text))


_CSS = """
:root { --ink:#1d1d1f; --muted:#5f6368; --line:#dadce0; --accent:#0b57d0; --mark:#ffe08a; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); }
.layout { display:grid; grid-template-columns:minmax(0,1fr) minmax(0,1fr); height:100vh; }
main { overflow:auto; padding:1.5rem 2rem; border-right:1px solid var(--line); }
#reader { overflow:auto; padding:1.5rem 2rem; background:#fafafa; }
h1 { font-size:1.6rem; line-height:1.25; margin:0 0 .75rem; }
h2 { font-size:1.15rem; margin:1.6rem 0 .5rem; border-bottom:1px solid var(--line); }
h3 { font-size:1rem; margin:1rem 0 .3rem; }
.bottom { font-size:1.05rem; }
a.cite { color:var(--accent); text-decoration:none; font-size:.8em; vertical-align:super; padding:0 1px; }
a.cite:hover, a.cite.active { background:var(--mark); }
table { border-collapse:collapse; width:100%; font-size:.9rem; margin:.3rem 0 .8rem; }
th, td { border:1px solid var(--line); padding:.25rem .45rem; text-align:left; vertical-align:top; }
th { background:#f1f3f4; }
.note { color:var(--muted); font-size:.9rem; }
.sources dl { display:grid; grid-template-columns:max-content 1fr; gap:.1rem .8rem; font-size:.85rem; }
.sources dt { color:var(--muted); } .sources dd { margin:0; overflow-wrap:anywhere; }
.sources section { border:1px solid var(--line); border-radius:6px; padding:.5rem .8rem; margin:.5rem 0; }
button.open { font:inherit; font-size:.85rem; }
.pin { position:sticky; top:-1.5rem; background:#fafafa; padding:.6rem 0 .4rem; z-index:1; }
#quote:empty { display:none; }
#quote { border-left:4px solid var(--mark); padding:.4rem .8rem; background:#fff; white-space:pre-wrap; }
#where { color:var(--muted); font-size:.85rem; margin:.4rem 0; overflow-wrap:anywhere; }
#text { white-space:pre-wrap; overflow-wrap:anywhere; font:13px/1.45 ui-monospace, Menlo, monospace;
        background:#fff; border:1px solid var(--line); padding:.8rem; }
mark { background:var(--mark); outline:2px solid #e0a800; }
.meta { color:var(--muted); font-size:.8rem; margin-top:2rem; }
.warn { color:#a50e0e; }
@media (max-width: 900px) { .layout { grid-template-columns:1fr; height:auto; } }
"""

# The page's only script. It reads the JSON data block and writes with textContent only.
_JS = """
(() => {
  const data = JSON.parse(document.getElementById("briefing-data").textContent);
  const quote = document.getElementById("quote");
  const where = document.getElementById("where");
  const box = document.getElementById("text");
  const points = {};  // code points of each source text, sliced by Python's offsets
  const codePoints = (id) => points[id] || (points[id] = Array.from(data.texts[id]));
  function showText(id, start, end) {
    box.replaceChildren();
    if (data.texts[id] == null) {
      box.textContent = "The text of " + id + " is not in this page (the file was unreadable or changed).";
      return null;
    }
    const cps = codePoints(id);
    if (start == null) { box.textContent = data.texts[id]; box.scrollTop = 0; return null; }
    const hit = document.createElement("mark");
    hit.id = "hit";
    hit.textContent = cps.slice(start, end).join("");
    box.append(document.createTextNode(cps.slice(0, start).join("")), hit,
               document.createTextNode(cps.slice(end).join("")));
    hit.scrollIntoView({block: "center"});
    return hit;
  }
  function openCite(n, marker) {
    const c = data.cites[n];
    const src = data.sources[c.source_id] || {};
    document.querySelectorAll("a.cite.active").forEach((a) => a.classList.remove("active"));
    if (marker) marker.classList.add("active");
    quote.textContent = c.quote;
    where.textContent = "[" + n + "] " + c.source_id + " " + (src.title || "") + " \\u2014 " +
      (src.path || "") + " [" + c.start + ":" + c.end + "]";
    showText(c.source_id, c.start, c.end);
  }
  document.addEventListener("click", (event) => {
    const marker = event.target.closest("a.cite");
    if (marker) { event.preventDefault(); openCite(marker.dataset.cite, marker); return; }
    const open = event.target.closest("button.open");
    if (open) {
      const id = open.dataset.source, src = data.sources[id] || {};
      quote.textContent = "";
      where.textContent = id + " " + (src.title || "") + " \\u2014 " + (src.path || "");
      showText(id, null, null);
    }
  });
})();
"""


def _cite_data(c: Citation) -> dict[str, object]:
    return {"source_id": c.source_id, "start": c.start, "end": c.end, "quote": c.quote}


class _Marks:
    """Numbers each distinct citation once, in order of first use, and writes its marker."""

    def __init__(self) -> None:
        self.order: dict[tuple[str, int, int], str] = {}
        self.cites: dict[str, dict[str, object]] = {}

    def __call__(self, cites: list[Citation]) -> str:
        out = []
        for c in cites:
            key = (c.source_id, c.start, c.end)
            if key not in self.order:
                self.order[key] = str(len(self.order) + 1)
                self.cites[self.order[key]] = _cite_data(c)
            n = self.order[key]
            hover = _E(" ".join(c.quote.split())[:300])
            out.append(f'<a class="cite" href="#" data-cite="{n}" title="{hover}">[{n}]</a>')
        return "".join(out)


def _bold(text: str) -> str:
    """Escape ``text``, keeping the **bold** the briefing uses for names."""
    parts = _E(text).split("**")
    return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))


def source_texts(sources: list[SourceRef]) -> dict[str, str | None]:
    """Each source's text as citations index it, or None when the file is gone or changed.

    A changed file would highlight the wrong span, so its sha256 must still match.
    """
    texts: dict[str, str | None] = {}
    for ref in sources:
        try:
            source = read_source(Path(ref.path), ref.id)
        except SummariseError:
            texts[ref.id] = None
            continue
        texts[ref.id] = source.text if source.sha256 == ref.sha256 else None
    return texts


_C1 = re.compile("[\x7f-\x9f]")


def _json_block(value: object) -> str:
    # "<" never appears raw, so nothing in the data can close the script element.
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    # json escapes C0 controls itself; C1 controls (U+007F-U+009F) would reach the page raw.
    text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _source_panel(sources: list[SourceRef], texts: Mapping[str, str | None]) -> str:
    rows = ['<div class="sources"><h2>Sources</h2>']
    for s in sources:
        fields = [
            ("Title", s.title),
            ("Outlet", s.outlet),
            ("Author", s.author),
            ("Published", s.published),
            ("URL", s.url),
            ("File", s.path),
            ("sha256", s.sha256),
            ("Extractor", " ".join(x for x in (s.extractor, s.extractor_version) if x) or None),
            ("Text sha256", s.text_sha256),
        ]
        dl = "".join(f"<dt>{k}</dt><dd>{_E(v)}</dd>" for k, v in fields if v)
        button = (
            f'<button class="open" data-source="{_E(s.id)}">Read {_E(s.id)}</button>'
            if texts.get(s.id) is not None
            else '<span class="note">text not available</span>'
        )
        rows.append(f'<section id="source-{_E(s.id)}"><h3>{_E(s.id)} {button}</h3><dl>{dl}</dl></section>')
    rows.append("</div>")
    return "".join(rows)


def _counts(c: FigureClaim) -> str:
    """The sentence's own words for a figure, quoted, else what it counts (as the Markdown does)."""
    return f"“{c.says}”" if c.says else c.what


def _disputes(b: Briefing, mark: _Marks) -> str:
    out = []
    for d in b.disputed_figures:
        rows = "".join(
            f"<tr><td>{_E(c.value)}</td><td>{_E(_counts(c))}</td><td>{_E(c.attributed_to)}</td>"
            f"<td>{_E(c.as_of or '')}</td><td>{_E(c.source_id)}</td><td>{mark(c.citations)}</td></tr>"
            for c in d.claims
        )
        note = f'<p class="note">{_E(d.note)}</p>' if d.note else ""
        out.append(
            f'<section class="dispute"><h3>{_E(d.topic)}</h3>{note}<table><thead><tr><th>Value</th>'
            "<th>What it says</th><th>Who</th><th>As of</th><th>Source</th><th>Cited</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></section>"
        )
    return "".join(out)


def _list(items: list[tuple[str, list[Citation]]], mark: _Marks) -> str:
    return "<ul>" + "".join(f"<li>{_bold(text)}{mark(cites)}</li>" for text, cites in items) + "</ul>"


def to_html_view(b: Briefing, texts: Mapping[str, str | None] | None = None) -> str:
    """The briefing as one self-contained HTML page; ``texts`` default to reading each source file."""
    texts = source_texts(b.sources) if texts is None else texts
    mark = _Marks()
    body = [f"<h1>{_E(b.title)}</h1>", f'<p class="bottom"><b>Bottom line:</b> {_E(b.bottom_line)}']
    body.append(mark(b.bottom_line_citations) + "</p>")
    sections: list[tuple[str, str]] = [
        ("Key points", _list([(p.text, p.citations) for p in b.key_points], mark)),
        ("Disputed figures", _disputes(b, mark)),
        (
            "Figures that change over time",
            _list(
                [
                    (
                        f"{s.topic}: {c.value} {_counts(c)} — {c.attributed_to} ({c.source_id}"
                        + (f", as of {c.as_of})" if c.as_of else ")"),
                        c.citations,
                    )
                    for s in b.figures_over_time
                    for c in s.points
                ],
                mark,
            ),
        ),
        (
            "Notable figures",
            _list(
                [
                    (
                        f"{f.value}: {_counts(f)} — {f.attributed_to} ({f.source_id}"
                        + (f", as of {f.as_of})" if f.as_of else ")"),
                        f.citations,
                    )
                    for f in b.notable_figures
                ],
                mark,
            ),
        ),
        ("Actors", _list([(f"**{a.name}** — {a.role}", a.citations) for a in b.actors], mark)),
        (
            "Timeline",
            _list([(f"{t.date} ({t.source_id}): {t.event}", t.citations) for t in b.timeline], mark),
        ),
        (
            "What each source says",
            _list(
                [
                    (
                        f"{s.source_id} {s.title or ''}"
                        + (f" ({credit_line(s)})" if s.outlet or s.author else "")
                        + f": {s.summary}",
                        s.citations,
                    )
                    for s in b.source_summaries
                ],
                mark,
            ),
        ),
        ("Open questions", _list([(q, []) for q in b.open_questions], mark)),
    ]
    for heading, content in sections:
        if content not in ("", "<ul></ul>"):
            body.append(f"<h2>{_E(heading)}</h2>{content}")
    body.append(_source_panel(b.sources, texts))
    m = b.metadata
    body.append(
        f'<p class="meta">{_E(m.model)} via {_E(m.endpoint_host)} ({_E(m.mode)} mode), prompts '
        f"{_E(m.prompt_version)}; {m.model_calls} model calls, {m.cache_hits} from cache.</p>"
    )
    body.extend(
        f'<p class="warn">Not included: {_E(f.stage)} of {_E(f.subject)} failed: {_E(f.error)}</p>'
        for f in m.failures
    )
    data = {
        "cites": mark.cites,
        "texts": {s.id: texts.get(s.id) for s in b.sources},
        "sources": {s.id: {"title": s.title, "path": s.path} for s in b.sources},
    }
    script_hash = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    reader = (
        '<aside id="reader"><h2>Source text</h2><p class="note">Click a citation marker to see its '
        'quote highlighted in its source.</p><div class="pin"><div id="where"></div>'
        '<div id="quote"></div></div><div id="text"></div></aside>'
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_E(b.title)}</title><style>{_CSS}</style></head><body>"
        f'<div class="layout"><main>{"".join(body)}</main>{reader}</div>'
        f'<script type="application/json" id="briefing-data">{_json_block(data)}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )
