"""What every command shares: turning a ``SummariseError`` into one line, a hint and an exit code."""

from __future__ import annotations

import sys
import traceback

import click

from summarise.errors import SummariseError


def fail(exc: SummariseError, debug: bool) -> None:
    """Print ``exc`` as one line plus its hint (or the traceback with ``debug``) and exit with its code."""
    if debug:
        traceback.print_exc()
    click.secho(f"error: {exc.message}", fg="red", err=True)
    if exc.hint:
        click.echo(f"hint: {exc.hint}", err=True)
    sys.exit(exc.exit_code)
