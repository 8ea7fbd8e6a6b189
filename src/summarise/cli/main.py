"""The command line: parse flags, build one Settings, call the library, print the result.

Errors derived from ``SummariseError`` print one line plus a hint and exit with
the error's code (2 user error, 3 endpoint failure, 4 embedded model, 5 eval
threshold, 6 partial briefing: written, but a source or the synthesis is
missing); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import click

from summarise.cli.common import fail as _fail
from summarise.cli.common import show_library_warnings
from summarise.cli.common import warn as _warn
from summarise.errors import PartialBriefing, SummariseError, UserError
from summarise.schema import Briefing
from summarise.settings import MODES, Settings, default_cache_root

_COMMANDS = ("eval", "serve", "schema", "extract", "run")


class _DefaultGroup(click.Group):
    """`summarise PATH...` means `summarise run PATH...`; named subcommands win.

    Commands in ``_LAZY`` are imported only when used or listed, so `summarise
    run` never loads the eval harness and neither CLI module imports the other.
    """

    _LAZY: ClassVar[dict[str, tuple[str, str]]] = {"eval": ("summarise.cli.eval_cmd", "eval_cmd")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self._LAZY and name not in self.commands:
            module, attr = self._LAZY[name]
            command: click.Command = getattr(importlib.import_module(module), attr)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            args
            and args[0] not in self.commands
            and args[0] not in self._LAZY
            and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that calls a model."""
    options = [
        click.option(
            "-m", "--model", help="Model name at the endpoint (embedded: qwen2.5-coder-1.5b or -0.5b)."
        ),
        click.option(
            "--base-url",
            help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1. "
            "Unset: the embedded model. [env: OPENAI_BASE_URL]",
        ),
        click.option("--mode", type=click.Choice(MODES), help="Structured-output mode (default auto)."),
        click.option(
            "--offline",
            is_flag=True,
            default=None,
            help="Serve only from the cache and recorded fixtures; a miss is an error.",
        ),
        click.option(
            "--no-cache",
            "no_cache",
            is_flag=True,
            default=False,
            help="Do not use the cache at all: ask the model for every answer.",
        ),
        click.option("--concurrency", type=int, help="Parallel model calls (default 4)."),
        click.option(
            "--timeout",
            type=float,
            help="Seconds one request to the endpoint may take, from connect to the last byte of the "
            "answer (default 600); a request that runs out fails its source and is not retried.",
        ),
        click.option("--max-retries", type=int, help="Validation re-asks per call (default 2)."),
        click.option("--context-window", type=int, help="Tokens the model accepts (default 8192)."),
        click.option("--cache-dir", type=click.Path(path_type=Path), help="Cache folder."),
        click.option("--debug", is_flag=True, default=None, help="Show tracebacks."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(**flags: Any) -> Settings:
    """Settings from the flags; --offline and --no-cache become one replay policy."""
    no_cache = flags.pop("no_cache", False)
    offline = flags.pop("offline", None)
    if offline:
        flags["replay"] = "offline"
    elif no_cache:
        flags["replay"] = "live"
    settings = Settings.resolve(flags, os.environ)
    if offline and no_cache:  # replay from recorded fixtures only
        settings = settings.with_(cache_dir=None)
    return settings


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarise")
def cli() -> None:
    """Turn news articles into a briefing whose every statement cites exact spans.

    \b
    Examples:
      summarise seeds/                         Markdown briefing, embedded model
      summarise seeds/ --format json -o b.json
      summarise a.txt b.html --base-url http://localhost:11434/v1 --model qwen2.5:7b
      summarise seeds/ --offline               replay from cache and recorded fixtures
      summarise eval                           score recorded fixtures against gold
      summarise serve --port 8080              the embedded model for other programs
      summarise schema                         JSON Schema of the briefing
    """
    show_library_warnings()


@cli.command("run")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to FILE, not stdout (checked before any model call; never read as an input).",
)
@click.option(
    "--snapshot-dir",
    type=click.Path(path_type=Path),
    help="Where fetched URLs and stdin are saved; citations point there (default: CACHE_DIR/snapshots).",
)
@click.option(
    "--max-source-mb",
    type=float,
    help="Warn about a source above this size in MB (default 1); above 20 MB --force is needed.",
)
@click.option(
    "--verify",
    is_flag=True,
    default=None,
    help="Ask the model whether each statement's quotes say what it says, and drop those they do not "
    "(one more model call). [env: SUMMARISE_VERIFY]",
)
@click.option(
    "--force", is_flag=True, default=None, help="Read sources above the 20 MB cap (many model calls)."
)
@_common
def run_cmd(
    paths: Sequence[str], fmt: str, output: Path | None, snapshot_dir: Path | None, **flags: Any
) -> None:
    """Summarise the files, folders and URLs in PATHS (.txt, .md, .html, .pdf; - reads stdin).

    \b
    Examples:
      summarise seeds/
      summarise seeds/ --format html -o briefing.html
      summarise https://example.com/news/story.html report.pdf
      pbpaste | summarise -
      OPENAI_BASE_URL=http://localhost:8000/v1 summarise news/ --model my-model
    """
    from summarise.briefing.pipeline import summarise
    from summarise.briefing.render import RENDERERS, mark_output
    from summarise.progress import Reporter

    debug = bool(flags.get("debug"))
    try:
        settings = _settings(**flags)
        if settings.offline:
            from summarise.prompts import data_dir

            settings = settings.with_(fixtures_dirs=(*settings.fixtures_dirs, data_dir("evals") / "fixtures"))
        if output is not None:
            _check_writable(output)  # before any model call, not after all of them
        # Snapshots must outlive the run (citations point into them), even with --no-cache.
        snapshots = snapshot_dir or (settings.cache_dir or default_cache_root()) / "snapshots"
        inputs, unread = _inputs(paths, snapshots)
        # With nothing left to read, the first failure is the run's error; the rest are listed.
        for error in unread[0 if inputs else 1 :]:
            click.secho(f"error: skipped {error.message}", fg="red", err=True)
        if not inputs:
            raise unread[0]
        started = time.perf_counter()
        briefing = summarise(
            inputs, settings, Reporter(enabled=settings.progress), exclude=[output] if output else []
        )
        # Markdown and HTML are control-character free and marked so a later run skips them;
        # JSON keeps every quote exact (it escapes control characters itself).
        text = mark_output(RENDERERS[fmt](briefing), fmt)
        if output is None:
            click.echo(text, nl=False)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UserError(f"cannot write {output}: {exc.strerror}", hint="Check the path.") from exc
        for failure in briefing.metadata.failures:
            _warn(f"{failure.stage} of {failure.subject} failed: {failure.error}")
        for skipped in briefing.metadata.skipped_inputs:
            _warn(f"skipped {skipped}")
        for warning in briefing.metadata.warnings:
            _warn(warning)
        _closing_line(briefing, fmt, output, time.perf_counter() - started)
        missing = _missing(briefing, len(unread))
        if missing:
            raise PartialBriefing(
                f"partial briefing, written without {missing}",
                hint="Rerun to retry the failed calls (finished ones are cached); see the warnings above.",
            )
    except SummariseError as exc:
        _fail(exc, debug)
    except KeyboardInterrupt:
        click.echo("interrupted; finished calls are cached, rerun to resume", err=True)
        sys.exit(130)


def _check_writable(output: Path) -> None:
    """Fail now, with exit 2, if ``output`` cannot be written: the model calls would be wasted.

    Opening the file is the only honest test (permissions, read-only mounts, a
    missing folder, running as root); a file that did not exist is removed again.
    """
    hint = "Check that the folder exists and is writable, or leave out -o to write to stdout."
    if output.is_dir():
        raise UserError(f"cannot write {output}: it is a folder", hint="Give a file name for -o.")
    try:
        if output.exists():
            with output.open("r+b"):
                pass
        else:
            with output.open("xb"):
                pass
            output.unlink()
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}", hint=hint) from exc


def _missing(briefing: Briefing, unfetched: int = 0) -> str:
    """What a briefing lacks, in words ("S2 (b.txt), the synthesis"), or "" if it is complete.

    A run exits 0 only when every input is in the briefing; anything else is a
    partial briefing (exit 6), so that a script never mistakes one for the whole.
    """
    paths = {s.id: s.path for s in briefing.sources}
    parts = []
    for failure in briefing.metadata.failures:
        subject = failure.subject
        name = f"{subject} ({paths[subject]})" if subject in paths else subject
        part = "the synthesis" if failure.stage == "synthesis" else name
        if part not in parts:
            parts.append(part)
    skipped = len(briefing.metadata.skipped_inputs) + unfetched
    if skipped:
        parts.append(f"{skipped} unreadable input{'s' if skipped > 1 else ''}")
    return ", ".join(parts)


def _closing_line(briefing: Briefing, fmt: str, output: Path | None, seconds: float) -> None:
    """One line on stderr: what was written, how many citations, how long it took."""
    from summarise.briefing.citations import all_citations

    cites = {(c.source_id, c.start, c.end) for c in all_citations(briefing)}
    where = str(output) if output else "stdout"
    click.echo(
        f"wrote {fmt} briefing to {where}: {len(cites)} distinct citations from "
        f"{len(briefing.sources)} sources in {seconds:.1f} s",
        err=True,
    )


def _inputs(args: Sequence[str], snapshot_dir: Path) -> tuple[list[Path], list[SummariseError]]:
    """Paths to read: files and folders as given, URLs and stdin (``-``) as saved snapshots."""
    from summarise.sources.fetch import fetch, is_url, snapshot_stdin

    paths: list[Path] = []
    errors: list[SummariseError] = []
    for arg in args:
        try:
            if arg == "-":
                paths.append(snapshot_stdin(click.get_binary_stream("stdin").read(), snapshot_dir))
            elif is_url(arg):
                paths.append(fetch(arg, snapshot_dir))
            else:
                paths.append(Path(arg))
        except SummariseError as exc:
            errors.append(exc)
    return paths, errors


@cli.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the briefing (the --format json output)."""
    from summarise.schema import Briefing

    click.echo(json.dumps(Briefing.model_json_schema(), indent=2))


@cli.command("extract")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, default=None, help="Show tracebacks.")
def extract_cmd(path: Path, debug: bool | None) -> None:
    """Print exactly the text that citations of PATH index (`quote == text[start:end]`).

    For .txt, .md and .html that is the file itself, decoded as UTF-8; for a PDF it is
    the extracted text, whose sha256 the briefing's source entry records.

    \b
    Examples:
      summarise extract report.pdf > report.txt
      summarise extract report.pdf | sha256sum
    """
    from summarise.sources.files import read_source

    try:
        source = read_source(path, "S1")
    except SummariseError as exc:
        _fail(exc, bool(debug))
    # Bytes, not click.echo: no newline added and no terminal encoding in the way.
    stream = click.get_binary_stream("stdout")
    stream.write(source.text.encode("utf-8"))
    stream.flush()


@cli.command("serve")
@click.option("--model", help="Embedded model: qwen2.5-coder-1.5b (default) or qwen2.5-coder-0.5b.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--context-window", type=int, help="Tokens of context (default 8192).")
@click.option("--debug", is_flag=True, default=None, help="Show tracebacks.")
def serve_cmd(
    model: str | None, host: str, port: int, context_window: int | None, debug: bool | None
) -> None:
    """Run the embedded model as an OpenAI-compatible server in the foreground.

    \b
    Examples:
      summarise serve --port 8080
      OPENAI_BASE_URL=http://127.0.0.1:8080/v1 summarise seeds/ --model qwen2.5-coder-1.5b
    """
    import subprocess

    from summarise.model.embedded import packaged_model, server_command
    from summarise.model.endpoint import prepare_model
    from summarise.progress import Reporter

    try:
        settings = _settings(model=model, context_window=context_window, debug=debug)
        packaged = packaged_model(settings.model or settings.embedded_model)
        gguf = prepare_model(packaged, settings.data_dir, Reporter())
        command = server_command(gguf, packaged.name, port, settings.context_window, settings.n_threads)
        command[command.index("--host") + 1] = host
        click.echo(f"Serving {packaged.name} at http://{host}:{port}/v1 (Ctrl-C stops)", err=True)
        sys.exit(subprocess.call(command))
    except SummariseError as exc:
        _fail(exc, bool(debug))
    except KeyboardInterrupt:
        sys.exit(130)


def main() -> None:
    """Console-script entry point."""
    # instructor logs every failed attempt at ERROR; our own messages say it once, better.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    # SIGTERM (kill, CI timeouts) unwinds like Ctrl-C, so `finally` blocks stop the server.
    # A shell starts background jobs with SIGINT ignored, and Python then keeps it ignored:
    # an interrupt would be lost instead of stopping the run cleanly. Take it back.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted)
    cli()


def _interrupted(signum: int, frame: object) -> None:
    """The first Ctrl-C or SIGTERM unwinds (calls in flight are abandoned, the server child is
    stopped); a second one, while that runs, ends the process at once and quietly."""
    for again in (signal.SIGINT, signal.SIGTERM):
        signal.signal(again, _interrupted_again)
    raise KeyboardInterrupt


def _interrupted_again(signum: int, frame: object) -> None:
    # No unwinding, so no traceback from whatever was cleaning up. The embedded server's
    # child watches its parent and exits on its own (server_child.py).
    os.write(2, b"interrupted again; stopping now\n")
    os._exit(130)
