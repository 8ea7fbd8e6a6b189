"""What every command shares: turning a ``SummariseError`` into one line, a hint and an exit code."""

from __future__ import annotations

import logging
import sys
import traceback

import click

from summarise.errors import SummariseError
from summarise.safe_text import printable


def fail(exc: SummariseError, debug: bool) -> None:
    """Print ``exc`` as one line plus its hint (or the traceback with ``debug``) and exit with its code.

    Messages can quote file names and model text, so control characters (terminal
    escape codes) are dropped from them.
    """
    if debug:
        traceback.print_exc()
    click.secho(f"error: {printable(exc.message)}", fg="red", err=True)
    if exc.hint:
        click.echo(f"hint: {printable(exc.hint)}", err=True)
    sys.exit(exc.exit_code)


def warn(message: str) -> None:
    """One warning line on stderr, without control characters."""
    click.secho(f"warning: {printable(message)}", fg="yellow", err=True)


class _WarningLine(logging.Handler):
    """Shows the library's log warnings (a healed cache, say) as our own warning lines."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


def show_library_warnings() -> None:
    """Route ``summarise.*`` log warnings to stderr as ``warning:`` lines (once per process)."""
    logger = logging.getLogger("summarise")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine(logging.WARNING))
        logger.propagate = False
