"""What every command shares: the lake, the Dagster instance's home, common options."""

from __future__ import annotations

import argparse

from govlake.cli import codes

EXECUTORS = ("in_process", "multiprocess", "dask")  # govlake.defs.executors (not imported:
                                                   # it loads dagster, which --help need not)


def lake_of(arg: str | None):
    from govlake.lake import Lake

    return Lake.at(arg)


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the exit-code table's layout."""


def parents() -> dict:
    """Option groups several commands share, as argparse parent parsers."""
    lake = argparse.ArgumentParser(add_help=False)
    lake.add_argument("--lake", metavar="DIR|URL",
                      help="lake root: a directory or an fsspec URL such as s3://bucket/lake "
                           "(default: $GOVLAKE_LAKE, else ./data_lake)")
    build = argparse.ArgumentParser(add_help=False)
    build.add_argument("--force", action="store_true",
                       help="rebuild partitions whose snapshots and pipeline are unchanged too")
    build.add_argument("--executor", choices=EXECUTORS,
                       help="where the steps run (default: $GOVLAKE_EXECUTOR, else in_process; "
                            "each step already uses every core)")
    build.add_argument("--quiet", "-q", action="store_true",
                       help="no progress: only input problems, the summary and errors")
    return {"lake": lake, "build": build,
            "fmt": {"formatter_class": Formatter, "epilog": codes.epilog()}}
