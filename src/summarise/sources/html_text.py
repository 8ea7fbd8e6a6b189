"""Readable text blocks of an HTML file, each mapped to exact offsets in the raw file.

The citation contract measures offsets in the file's decoded text *as is*, so
for HTML a citation points into the markup. Boilerplate extractors such as
trafilatura return cleaned text without positions, so on their own they cannot
honour the contract. The standard library's maintained tokenizer, ``html.parser``,
reports where every piece of text sits; we keep those positions, skip elements
that are never prose, and hand back blocks of readable text plus the raw offset
of each of their characters. ``summarise.sources.web`` then keeps only the
sentences the extractor chose as the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose text is never article prose.
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "head",
}
# Elements that end a block of text (a sentence never crosses one).
_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "br",
    "hr",
    "figcaption",
    "title",
    "dd",
    "dt",
    "body",
    "html",
}


@dataclass
class TextBlock:
    """Decoded block text; ``raw_at[i]`` is the raw offset of ``text[i]``."""

    text: str = ""
    raw_at: list[int] = field(default_factory=list)
    raw_end: list[int] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of the raw file it came from."""
        return self.raw_at[start], self.raw_end[end - 1]


class _Extractor(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0]
        for i, ch in enumerate(raw):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.blocks: list[TextBlock] = [TextBlock()]
        self.skip_depth = 0
        self.title: str | None = None
        self._in_title = False
        self._in_h1 = False
        self.h1: str | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _new_block(self) -> None:
        if self.blocks[-1].text:
            self.blocks.append(TextBlock())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag != "head":
            self.skip_depth += 1
        if tag in _BLOCK:
            self._new_block()
        self._in_title = self._in_title or tag == "title"
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head" and self.skip_depth:
            self.skip_depth -= 1
        if tag in _BLOCK:
            self._new_block()
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def _add(self, decoded: str, raw_start: int, raw_len: int, *, verbatim: bool) -> None:
        if self._in_title:
            self.title = (self.title or "") + decoded
            return  # the <title> duplicates the headline; keep it as metadata only
        if self._in_h1:
            self.h1 = (self.h1 or "") + decoded
        if self.skip_depth:
            return
        block = self.blocks[-1]
        block.text += decoded
        if verbatim:
            block.raw_at.extend(range(raw_start, raw_start + len(decoded)))
            block.raw_end.extend(range(raw_start + 1, raw_start + len(decoded) + 1))
        else:  # an entity: every decoded char maps to the whole reference
            block.raw_at.extend([raw_start] * len(decoded))
            block.raw_end.extend([raw_start + raw_len] * len(decoded))

    def handle_data(self, data: str) -> None:
        self._add(data, self._offset(), len(data), verbatim=True)

    def _ref(self, decoded: str) -> None:
        start = self._offset()
        end = self.raw.find(";", start)
        length = (end + 1 - start) if 0 <= end - start <= 32 else len(decoded)
        self._add(decoded, start, length, verbatim=False)

    def handle_entityref(self, name: str) -> None:
        import html

        self._ref(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        import html

        self._ref(html.unescape(f"&#{name};"))


def extract_blocks(raw: str) -> tuple[list[TextBlock], str | None]:
    """Return the readable text blocks of ``raw`` HTML and its title, if any."""
    parser = _Extractor(raw)
    parser.feed(raw)
    parser.close()
    blocks = [b for b in parser.blocks if b.text.strip()]
    title = " ".join((parser.h1 or parser.title or "").split())
    return blocks, title or None
