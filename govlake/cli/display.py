"""What a long command shows while it works: phase lines, and progress bars on a terminal.

Phase lines are the runner's (``▸ cataloguing sources``, ``done in 3.2s``); the bars come
from govlake.progress ticks of the steps running in this process (inputs read, new pages
processed, URLs fetched, raw/cleaned/facts partitions) with count, rate, elapsed time and
ETA, drawn with rich on stderr. Not a terminal (a pipe, a log file, a test): phase lines
only, on stdout, as before. ``--quiet``: nothing but problems and the summary.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager

from govlake import progress


class Display:
    def __init__(self, quiet: bool = False, bars: bool | None = None):
        self.quiet = quiet
        self.bars = (not quiet and sys.stderr.isatty()) if bars is None else bars
        self._progress = None
        self._tasks: dict[str, int] = {}

    # ------------------------------------------------------------ phase lines
    def message(self, text: str) -> None:
        if self.quiet:
            return
        if self._progress is None:
            print(text, flush=True)
            return
        if text.startswith("▸"):   # a new phase: the last one's bars stay, finished
            self._end_phase()
        self._progress.console.print(text, highlight=False, markup=False)

    def _end_phase(self) -> None:
        p = self._progress
        for task_id in self._tasks.values():
            t = p.tasks[task_id]
            p.update(task_id, total=t.completed)
            p.stop_task(task_id)
        self._tasks.clear()

    # ------------------------------------------------------------ bars
    def _tick(self, phase: str, n: int, total: int | None) -> None:
        p = self._progress
        task = self._tasks.get(phase)
        if task is None:
            task = self._tasks[phase] = p.add_task(f"  {phase}", total=total)
        if total is not None:
            p.update(task, total=total)
        if n:
            p.advance(task, n)

    @contextmanager
    def active(self):
        """Draw the bars (on a terminal) and listen to this process's ticks while inside."""
        if not self.bars:
            yield self
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)
        from rich.table import Column
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text("" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")

        with ExitStack() as stack:
            self._progress = stack.enter_context(Progress(
                TextColumn("{task.description}", table_column=Column(width=22, no_wrap=True)),
                BarColumn(bar_width=16), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False))
            stack.enter_context(progress.listening(self._tick))
            try:
                yield self
            finally:
                self._end_phase()
                self._progress = None
