"""Prompt templates, kept as files under ``prompts/`` and versioned by content.

A prompt's version is the sha256 of its template file, so editing a prompt
changes every cache key that used it: a recorded fixture can never be replayed
against a prompt it was not recorded with. Templates use ``string.Template``
(``$name``) because prompts mention JSON, whose braces would fight ``str.format``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from summarise.errors import ConfigError


def data_dir(name: str) -> Path:
    """Find a top-level data folder (prompts, gold, evals, seeds) installed or in a checkout.

    A wheel carries them inside the package (see pyproject's force-include); an
    editable install or a checkout finds them at the repository root.
    """
    packaged = Path(str(resources.files("summarise"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise ConfigError(f"data folder {name!r} not found", hint="Reinstall summarise.")


@cache
def _read(name: str) -> str:
    path = data_dir("prompts") / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"prompt template {path} cannot be read", hint="Reinstall.") from exc


def version(*names: str) -> str:
    """Short content hash of the named templates, recorded in cache keys and metadata."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update(_read(name).encode())
    return digest.hexdigest()[:12]


def render(name: str, **values: object) -> str:
    """Fill template ``name`` with ``values``; a missing value is a bug, so it raises."""
    return Template(_read(name)).substitute({k: str(v) for k, v in values.items()}).strip()
