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
        if text.startswith("▸") or text.strip().startswith(("done in", "FAILED")):
            self._end_phase()   # the phase's bars become lines above the next
        self._progress.console.print(text, highlight=False, markup=False)

    def _end_phase(self) -> None:
        """The phase's bars leave the live area; one line each says what they counted."""
        p = self._progress
        if self._tasks:
            p.refresh()   # each bar's last state is drawn once, however fast the phase was
        for task_id in self._tasks.values():
            t = next(t for t in p.tasks if t.id == task_id)
            elapsed = t.finished_time or t.elapsed or 0.0
            rate = f", {t.completed / elapsed:,.1f}/s" if elapsed > 0 and t.completed else ""
            total = f"/{int(t.total)}" if t.total is not None and t.total != t.completed else ""
            p.remove_task(task_id)
            p.console.print(f"  {t.description.strip():<20} {int(t.completed)}{total} in "
                            f"{elapsed:.1f}s{rate}", highlight=False, markup=False)
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
            """Done per second since the bar started (rich's own estimate jumps when a
            pool hands back several results at once)."""

            def render(self, task):
                elapsed = task.finished_time or task.elapsed
                if not elapsed or not task.completed:
                    return Text("")
                return Text(f"{task.completed / elapsed:,.1f}/s", style="progress.data.speed")

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
