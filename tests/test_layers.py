"""The package's layers: a lower layer never imports a higher one (README, "Project layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "summarise"

# Each layer may import its own and the ones listed; the base modules sit below everything.
BASE = {"errors", "settings", "schema", "prompts", "progress", "safe_text"}
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "sources": {"base"},
    "model": {"base"},
    "reading": {"base", "sources"},
    "briefing": {"base", "sources", "model", "reading"},
    "eval": {"base", "sources", "model", "reading", "briefing"},
    "cli": {"base", "sources", "model", "reading", "briefing", "eval"},
}


def layer_of(module: str) -> str:
    """The layer of a dotted module name below ``summarise``."""
    head = module.split(".")[0]
    return "base" if head in BASE or head == "" else head


def imports_of(path: Path) -> list[tuple[int, str]]:
    """``(line, module below summarise)`` for every import of ``summarise.*`` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("summarise"):
            rest = node.module.removeprefix("summarise").lstrip(".")
            if rest:
                found.append((node.lineno, rest))
            else:  # from summarise import prompts
                found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name.removeprefix("summarise."))
                for a in node.names
                if a.name.startswith("summarise.")
            ]
    return found


def violations(root: Path) -> list[str]:
    """Every import in ``root`` that reaches a layer its own layer may not import."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        own = layer_of(".".join(rel.parts))
        for line, target in imports_of(path):
            other = layer_of(target)
            if other != own and other not in ALLOWED[own]:
                out.append(f"{path.relative_to(root)}:{line} ({own}) imports summarise.{target} ({other})")
    return out


def test_no_layer_imports_a_higher_one() -> None:
    assert violations(PACKAGE) == []


def test_every_subpackage_is_a_known_layer() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages <= set(ALLOWED), packages - set(ALLOWED)


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("from summarise.briefing.pipeline import summarise\n", True),  # model -> briefing
        ("from summarise.errors import SummariseError\n", False),
        ("import summarise.cli.main\n", True),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, source: str, bad: bool) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "client.py").write_text(source, encoding="utf-8")
    assert bool(violations(tmp_path)) is bad
