"""The `govlake` command: demo, run, inspect, synth, forget, ui (docs/SCHEMA.md § Command line).

One module per command (run.py: run and demo, inspect_cmd.py, forget_cmd.py, ui.py; synth
has its own parser in govlake.synth.cli); codes.py holds the exit codes, keys.py the
checked keys and years, display.py the progress, report.py what a run prints at the end.

Errors are one clear line on stderr and a documented non-zero exit (codes.py, README),
never a traceback. SIGINT and SIGTERM stop a command the same way (exit 128 + the
signal's number: 130, 143): a run that is waiting (for a pool slot, say) or busy (its
partitions spread over a process pool, whose workers are then terminated) stops at once,
and is marked failed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from govlake.cli import codes
from govlake.cli.common import EXECUTORS, Formatter, parents  # noqa: F401 (EXECUTORS: re-exported)


def build_parser() -> argparse.ArgumentParser:
    from govlake.cli import forget_cmd, inspect_cmd, run, ui

    ap = argparse.ArgumentParser(
        prog="govlake", formatter_class=Formatter, epilog=codes.epilog(),
        description="A data lake of China's government information-disclosure annual "
                    "reports, built through Dagster.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = parents()
    run.add_parsers(sub, common)
    inspect_cmd.add_parsers(sub, common)
    sub.add_parser("synth", help="write a synthetic corpus with ground truth "
                                 "(govlake synth --help)", add_help=False)
    forget_cmd.add_parsers(sub, common)
    ui.add_parsers(sub, common)
    return ap


class Stopped(KeyboardInterrupt):
    """A SIGINT or SIGTERM (Dagster treats both as an interrupt during its runs)."""

    def __init__(self, signo: int):
        super().__init__(signal.Signals(signo).name)
        self.signo = signo


def _on_signal(signo, _frame):
    raise Stopped(signo)


def _signal_record() -> int | None:
    """A pipe the interpreter writes every caught signal's number to (signal.set_wakeup_fd):
    during a Dagster run its own handler takes SIGINT and SIGTERM alike, and this still
    tells which one came. Returns the read end, or None where it cannot be set up."""
    try:
        read_fd, write_fd = os.pipe()
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
        return read_fd
    except (ValueError, OSError):  # not the main thread
        return None


def _last_signal(read_fd: int | None) -> int | None:
    if read_fd is None:
        return None
    try:
        data = os.read(read_fd, 4096)
    except (BlockingIOError, OSError):
        return None
    wanted = [b for b in data if b in (signal.SIGINT, signal.SIGTERM)]
    return wanted[-1] if wanted else None


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", message=".*(beta|preview|deprecated).*")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["synth"]:  # its own argument parser (govlake.synth.cli)
        from govlake.synth.cli import main as synth_main

        return synth_main(argv[1:])
    args = build_parser().parse_args(argv)
    previous = {}
    record = None
    try:
        for signo in (signal.SIGINT, signal.SIGTERM):
            previous[signo] = signal.signal(signo, _on_signal)
        record = _signal_record()
    except ValueError:  # not the main thread (a test calling main): leave signals alone
        pass
    try:
        return args.func(args)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Stopped):
            print(f"govlake {args.command}: stopped by {exc.args[0]}", file=sys.stderr)
            return 128 + exc.signo
        # a run stopped by the signal (Dagster's handler took it; the pipe says which)
        why = f": {exc.args[0]}" if exc.args else ""
        signo = _last_signal(record)
        name = signal.Signals(signo).name if signo else "SIGINT or SIGTERM"
        print(f"govlake {args.command}: interrupted ({name}){why}", file=sys.stderr)
        return 128 + signo if signo else 130
    except Exception as exc:  # the promise: one line, never a traceback
        print(f"govlake {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        if os.environ.get("GOVLAKE_DEBUG"):
            raise
        return codes.SOME_FAILED
    finally:
        for signo, handler in previous.items():
            signal.signal(signo, handler)
        if record is not None:
            write_fd = signal.set_wakeup_fd(-1)
            for fd in {record, write_fd} - {-1}:
                os.close(fd)
