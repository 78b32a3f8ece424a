"""The `govlake` command: demo, run, inspect, ui (SCHEMA.md § Command line).

Errors are one clear line on stderr and a non-zero exit, never a traceback. SIGINT and
SIGTERM stop a command the same way (exit 128 + the signal's number: 130, 143): a run
that is waiting (for a pool slot, say) or busy (its partitions spread over a process
pool, whose workers are then terminated) stops at once, and is marked failed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from govlake import schema, storage


def _repo_root() -> Path:
    """The checkout this package runs from (for dagster_home and the bundled sample)."""
    return Path(__file__).resolve().parent.parent


def _lake(arg: str | None):
    from govlake.lake import Lake

    return Lake.at(arg)


def cmd_inspect(args) -> int:
    from govlake.inspect import InspectError, inspect_file, render_text

    try:
        result = inspect_file(args.path, url=args.url)
    except InspectError as exc:
        print(f"govlake inspect: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        print(render_text(result))
    return 0


def _run(lake, *, include_samples, landing=None, manifests=None, provinces=None, years=None,
         force=False, executor=None) -> int:
    os.environ.setdefault("DAGSTER_HOME", str(_repo_root() / "dagster_home"))
    from govlake.defs.runner import print_summary, run_lake

    summary = run_lake(lake, include_samples=include_samples, landing=landing,
                       manifests=manifests,
                       provinces=provinces, years=years, force=force, executor=executor,
                       progress=lambda m: print(m, flush=True))
    print_summary(lake, summary)
    return 1 if summary.failed_runs else 0


def cmd_demo(args) -> int:
    lake = _lake(args.lake)
    if not any(lake.samples_dir.glob("*.htm*")):
        print(f"govlake demo: no bundled sample pages in {lake.samples_dir}", file=sys.stderr)
        return 2
    return _run(lake, include_samples=True, force=args.force, executor=args.executor)


def cmd_run(args) -> int:
    lake = _lake(args.lake)
    for p in args.province or []:
        if p not in schema.PROVINCE_KEYS:
            print(f"govlake run: unknown province key {p!r} (see SCHEMA.md)", file=sys.stderr)
            return 2
    manifests = [storage.as_path(m) for m in args.manifest or []]
    for m in manifests:
        if not m.is_file():
            print(f"govlake run: manifest {m} does not exist", file=sys.stderr)
            return 2
    landing = storage.as_path(args.landing) if args.landing else None
    if landing and not landing.is_dir():
        print(f"govlake run: landing folder {landing} does not exist", file=sys.stderr)
        return 2
    return _run(lake, include_samples=False, landing=landing, manifests=manifests,
                provinces=args.province, executor=args.executor,
                years=args.year, force=args.force)


def cmd_ui(args) -> int:
    root = _repo_root()
    env = dict(os.environ, DAGSTER_HOME=str(root / "dagster_home"))
    if args.lake:
        env["GOVLAKE_LAKE"] = str(storage.lake_root(args.lake))
    cmd = [sys.executable, "-m", "dagster", "dev", "-m", "govlake.defs",
           "--host", args.host, "--port", str(args.port)]
    os.chdir(root)
    os.execvpe(cmd[0], cmd, env)
    return 0  # not reached


EXECUTORS = ("in_process", "multiprocess", "dask")  # govlake.defs.executors (not imported here:
                                                   # it loads dagster, which --help need not)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="govlake", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="materialize every layer for the bundled sample")
    p.add_argument("--lake", help="lake root: a directory or an fsspec URL such as "
                                   "s3://bucket/lake (default: $GOVLAKE_LAKE or ./data_lake)")
    p.add_argument("--force", action="store_true", help="rebuild unchanged partitions too")
    p.add_argument("--executor", choices=EXECUTORS,
                   help="where the steps run (default: $GOVLAKE_EXECUTOR, else in_process; "
                        "each step already uses every core)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="materialize through Dagster for selected partitions")
    p.add_argument("--lake", help="lake root: a directory or an fsspec URL (s3://bucket/lake)")
    p.add_argument("--manifest", action="append", help="CSV or JSON Lines of URLs to fetch")
    p.add_argument("--landing")
    p.add_argument("--province", action="append")
    p.add_argument("--year", action="append", type=int)
    p.add_argument("--force", action="store_true", help="rebuild unchanged partitions too")
    p.add_argument("--executor", choices=EXECUTORS,
                   help="where the steps run (default: $GOVLAKE_EXECUTOR, else in_process; "
                        "each step already uses every core)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("inspect", help="what the pipeline makes of one saved page")
    p.add_argument("path")
    p.add_argument("--url")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_inspect)

    sub.add_parser("synth", help="synthetic corpus with ground truth (govlake synth --help)")

    p = sub.add_parser("ui", help="dagster dev on this project (DAGSTER_HOME=dagster_home)")
    p.add_argument("--lake")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=3000)
    p.set_defaults(func=cmd_ui)
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
        return 1
    finally:
        for signo, handler in previous.items():
            signal.signal(signo, handler)
        if record is not None:
            write_fd = signal.set_wakeup_fd(-1)
            for fd in {record, write_fd} - {-1}:
                os.close(fd)


if __name__ == "__main__":
    sys.exit(main())
