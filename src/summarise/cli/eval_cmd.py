"""`summarise eval`: score recorded fixtures against gold, report, and enforce thresholds."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click
from rich.console import Console

from summarise.cli.common import fail as _fail
from summarise.errors import ConfigError, FixtureError, SummariseError, ThresholdError


@click.command("eval")
@click.option(
    "--compare",
    "configs",
    multiple=True,
    metavar="CONFIG",
    help="Configurations to run side by side (repeatable); default: all in evals/configs.",
)
@click.option("--case", "cases", multiple=True, help="Only these gold cases (repeatable).")
@click.option("--record", is_flag=True, help="Call the models and re-record the fixtures of the configs.")
@click.option("--no-judge", is_flag=True, help="Skip the LLM-judge metrics.")
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path),
    default=Path("eval-report"),
    show_default=True,
    help="Folder for report.md, report.html, chart.png, results.json.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.argument("extra", nargs=-1, required=False)
def eval_cmd(
    configs: tuple[str, ...],
    cases: tuple[str, ...],
    record: bool,
    no_judge: bool,
    report_dir: Path,
    debug: bool,
    extra: tuple[str, ...],
) -> None:
    """Run the eval suite offline from recorded fixtures; exit 5 below a threshold.

    \b
    Examples:
      summarise eval                                   all configs, all cases
      summarise eval --compare qwen2.5-coder-1.5b qwen2.5-coder-0.5b
      summarise eval --case seed-004 --no-judge
      summarise eval --record --compare qwen2.5-coder-1.5b     re-record (calls the model)
    """
    from summarise.eval.report import check, load_thresholds, print_table, write_report
    from summarise.eval.runner import load_cases, load_configs, run_config
    from summarise.progress import Reporter
    from summarise.prompts import data_dir
    from summarise.settings import Settings

    # `--compare A B` reads naturally; click gives B to EXTRA, so fold it back in.
    configs = (*configs, *extra)
    try:
        available = load_configs()
        chosen = list(configs) or list(available)
        unknown = [c for c in chosen if c not in available]
        if unknown:
            raise SummariseError(
                f"unknown eval config(s): {', '.join(unknown)}",
                hint=f"Known: {', '.join(available)} (files in evals/configs/).",
            )
        gold = load_cases(list(cases) or None)
        for name in chosen:
            # A config that lists its cases runs only those; asked for another by name, it would
            # otherwise print an empty table (or --record would record nothing) without a word.
            listed = available[name].cases
            left_out = [c for c in cases if listed is not None and c not in listed]
            if left_out:
                raise ConfigError(
                    f"eval config {name} does not run case(s) {', '.join(left_out)}",
                    hint=f"Add them to `cases` in evals/configs/{name}.toml (record them with "
                    "`summarise eval --record` before they can replay), or pick another --compare.",
                )
        base = Settings.resolve({"debug": debug}, os.environ)
        reporter = Reporter(enabled=True)
        results = {}
        for name in chosen:
            if record and not cases:
                shutil.rmtree(data_dir("evals") / "fixtures" / name, ignore_errors=True)
            results[name] = run_config(
                available[name], gold, base, record=record, judge=not no_judge, reporter=reporter
            )
        # Off a terminal (CI logs, pipes) rich assumes 80 columns and truncates the metric names.
        console = Console(width=None if sys.stdout.isatty() else 200)
        print_table(results, console)
        config, thresholds = load_thresholds()
        breaches = check(results, config, thresholds) if not cases and not no_judge else []
        folder = write_report(results, report_dir, breaches)
        console.print(f"Report: {folder / 'report.md'}, {folder / 'report.html'}")
        errors = [r.error for rows in results.values() for r in rows if r.error]
        if errors:
            raise FixtureError(
                "; ".join(errors),
                hint="Restore the fixture from git, or re-record with `summarise eval --record`.",
            )
        if breaches:
            lines = "; ".join(
                f"{b.metric} {b.mean if b.mean is None else round(b.mean, 3)} {b.threshold.describe()}"
                for b in breaches
            )
            raise ThresholdError(
                f"{config} is below its thresholds: {lines}",
                hint="See the report's 'Points lost', or evals/thresholds.toml.",
            )
    except SummariseError as exc:
        _fail(exc, debug)
    sys.exit(0)
