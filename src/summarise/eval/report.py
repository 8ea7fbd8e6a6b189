"""Eval reports: a terminal table, and a folder with Markdown, HTML, a PNG chart and raw JSON.

Rows are cases, columns are metrics; with several configurations each cell
shows one score per configuration side by side, so a model or prompt change
reads as a diff. Thresholds (``evals/thresholds.toml``) apply to the mean of
each metric over the cases of the configuration they name.
"""

from __future__ import annotations

import html
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from summarise.errors import ConfigError
from summarise.eval.runner import CaseResult
from summarise.prompts import data_dir


@dataclass(frozen=True)
class Threshold:
    """A bound on a metric's mean: ``min`` for most, ``max`` for counts where lower is better."""

    metric: str
    minimum: float | None
    why: str
    maximum: float | None = None

    def broken_by(self, mean: float | None) -> bool:
        if mean is None:
            return True
        return (self.minimum is not None and mean < self.minimum) or (
            self.maximum is not None and mean > self.maximum
        )

    def describe(self) -> str:
        return f"> {self.maximum}" if self.maximum is not None else f"< {self.minimum}"


@dataclass(frozen=True)
class Breach:
    config: str
    metric: str
    mean: float | None
    threshold: Threshold


def load_thresholds(path: Path | None = None) -> tuple[str, list[Threshold]]:
    """The configuration the thresholds apply to, and the thresholds."""
    path = path or data_dir("evals") / "thresholds.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return data["config"], [
            Threshold(
                metric=name,
                minimum=float(spec["min"]) if "min" in spec else None,
                maximum=float(spec["max"]) if "max" in spec else None,
                why=spec.get("why", ""),
            )
            for name, spec in data["metrics"].items()
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}", hint="Fix the thresholds file.") from exc


def metric_names(results: dict[str, list[CaseResult]]) -> list[str]:
    """Metric names in first-seen order."""
    names: dict[str, None] = {}
    for rows in results.values():
        for row in rows:
            for m in row.metrics:
                names.setdefault(m.name)
    return list(names)


def means(rows: list[CaseResult]) -> dict[str, float | None]:
    """Mean of each metric over the cases where it applies."""
    out: dict[str, float | None] = {}
    for name in metric_names({"": rows}):
        scores = [s for r in rows if (s := r.score(name)) is not None]
        out[name] = sum(scores) / len(scores) if scores else None
    return out


def check(results: dict[str, list[CaseResult]], config: str, thresholds: list[Threshold]) -> list[Breach]:
    """Every threshold the named configuration breaks (nothing if it was not run)."""
    if config not in results:
        return []
    avg = means(results[config])
    return [
        Breach(config, t.metric, avg.get(t.metric), t) for t in thresholds if t.broken_by(avg.get(t.metric))
    ]


def _fmt(score: float | None) -> str:
    return "–" if score is None else f"{score:.2f}"


def _cells(results: dict[str, list[CaseResult]]) -> tuple[list[str], list[list[str]]]:
    configs = list(results)
    names = metric_names(results)
    cases = [r.case for r in next(iter(results.values()))]
    rows = []
    for case in [*cases, "mean"]:
        row = [case]
        for name in names:
            vals = []
            for config in configs:
                if case == "mean":
                    vals.append(_fmt(means(results[config]).get(name)))
                else:
                    hit = next((r for r in results[config] if r.case == case), None)
                    vals.append("ERROR" if hit and hit.error else _fmt(hit.score(name) if hit else None))
            row.append(" / ".join(vals))
        if any(r.error for rows_ in results.values() for r in rows_):  # a case that scored nothing
            row.append(" / ".join(_status(results[c], case) for c in configs))
        rows.append(row)
    if any(r.error for rows_ in results.values() for r in rows_):
        return ["case", *names, "status"], rows
    return ["case", *names], rows


def _status(rows: list[CaseResult], case: str) -> str:
    """ERROR for a case that could not be scored (its message is in results.json), else ok."""
    if case == "mean":
        return ""
    hit = next((r for r in rows if r.case == case), None)
    return "ERROR" if hit is not None and hit.error else "ok"


def print_table(results: dict[str, list[CaseResult]], console: Console) -> None:
    """Cases × metrics; with several configurations, cells read 'A / B'."""
    header, rows = _cells(results)
    table = Table(title="summarise eval: " + " / ".join(results), show_lines=False)
    for col in header:
        table.add_column(col, justify="left" if col == "case" else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def write_report(results: dict[str, list[CaseResult]], folder: Path, breaches: list[Breach]) -> Path:
    """Write report.md, report.html, chart.png and results.json into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    header, rows = _cells(results)
    _chart(results, folder / "chart.png")
    legend = " / ".join(results)
    md = [
        f"# summarise eval report\n\nCells read `{legend}`.\n",
        "![mean scores](chart.png)\n",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    md.append("\n## Thresholds\n")
    md += [
        f"- **FAILED** {b.config} {b.metric}: mean {_fmt(b.mean)} {b.threshold.describe()}" for b in breaches
    ] or ["All thresholds met."]
    md.append("\n## Points lost\n")
    for config, case_rows in results.items():
        for r in case_rows:
            for m in r.metrics:
                for d in m.details[:5]:
                    md.append(f"- {config} / {r.case} / {m.name}: {d}")
    (folder / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    e = html.escape
    table = "<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>"
    table += "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    breach_html = (
        "".join(
            f"<li>FAILED {e(b.config)} {e(b.metric)}: {_fmt(b.mean)} {e(b.threshold.describe())}</li>"
            for b in breaches
        )
        or "<li>All thresholds met.</li>"
    )
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>summarise eval</title><style>"
        "body{font-family:system-ui;margin:2rem}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;"
        "text-align:right}td:first-child{text-align:left}</style></head><body>"
        f"<h1>summarise eval report</h1><p>Cells read {e(legend)}.</p><img src='chart.png' "
        f"alt='mean scores per metric' width='800'>{table}<h2>Thresholds</h2><ul>{breach_html}</ul>"
        "</body></html>\n"
    )
    (folder / "report.html").write_text(page, encoding="utf-8")
    raw = {
        config: [
            {
                "case": r.case,
                "error": r.error,
                "metrics": {m.name: {"score": m.score, "details": list(m.details)} for m in r.metrics},
                "run": r.briefing.metadata.model_dump() if r.briefing else None,
            }
            for r in rows_
        ]
        for config, rows_ in results.items()
    }
    (folder / "results.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    return folder


def _chart(results: dict[str, list[CaseResult]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display here or in CI
    import matplotlib.pyplot as plt

    names = metric_names(results)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / max(len(results), 1)
    for i, (config, rows) in enumerate(results.items()):
        avg = means(rows)
        xs = [j + i * width for j in range(len(names))]
        ax.bar(xs, [avg.get(n) or 0.0 for n in names], width, label=config)
    ax.set_xticks([j + width * (len(results) - 1) / 2 for j in range(len(names))])
    ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean score over cases")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
