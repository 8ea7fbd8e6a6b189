"""Text that is safe to show: URLs without credentials, and no terminal control codes.

Two kinds of text reach a user's screen or a file we write without being ours:
the endpoint URL the user gave (which may carry ``user:pass@``), and article or
model text (which may carry terminal escape codes). Every place that shows,
stores or logs either goes through this module, so there is one rule for each
instead of one per call site.
"""

from __future__ import annotations

import re

# An authority's userinfo: after an optional "scheme://", everything up to the last "@"
# before the path. A URL given without a scheme ("user:pass@host/v1") is covered too, so
# even the error that rejects such a URL does not echo its password.
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.\-]*:)?//)?[^/?#\s]*@")

# C0 controls except tab and newline, DEL, and C1 controls (U+0080-U+009F, which some
# terminals read as escape introducers, e.g. U+009B for CSI). CR is dropped too: on a
# terminal it rewinds the line, so text after it could overwrite a warning.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_userinfo(url: str) -> str:
    """``url`` without ``user:pass@`` (or ``user@``); anything else is kept as written.

    >>> strip_userinfo("http://alice:s3cret@host:8080/v1")
    'http://host:8080/v1'
    """
    return _USERINFO.sub(lambda m: m.group(1) or "", url, count=1)


def url_host(url: str) -> str:
    """``host:port`` of ``url`` for metadata, never with credentials."""
    from urllib.parse import urlsplit

    return urlsplit(strip_userinfo(url)).netloc


def printable(text: str) -> str:
    """``text`` without control characters (terminal escape codes), newlines and tabs kept.

    For what goes to a terminal or a human-read format (Markdown, HTML, stderr).
    JSON output keeps the exact text instead: its quotes must equal the file's
    characters, and JSON escapes control characters itself.
    """
    return _CONTROLS.sub("", text)
