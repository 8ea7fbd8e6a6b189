"""Progress bars on stderr for long work, silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Advance = Callable[[int], None]


class Reporter:
    """Hands out progress bars; a disabled reporter hands out no-ops."""

    def __init__(self, enabled: bool = True, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal

    @contextmanager
    def task(self, description: str, total: int, *, as_bytes: bool = False) -> Iterator[Advance]:
        """A bar for ``total`` units of work; yields a function that advances it."""
        if not self.enabled:
            yield lambda n: None
            return
        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn() if as_bytes else TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            # A rough ETA from the calls finished so far (rich estimates it from the rate).
            TimeRemainingColumn(),
        ]
        with Progress(*columns, console=self.console, transient=True) as progress:
            task_id = progress.add_task(description, total=total)
            yield lambda n: progress.advance(task_id, n)

    def note(self, message: str) -> None:
        """A one-line status message, shown only when progress is."""
        if self.enabled:
            self.console.print(f"[dim]{message}[/dim]")
