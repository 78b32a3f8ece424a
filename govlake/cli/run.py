"""`govlake run` and `govlake demo`: build the lake through Dagster, say what happened.

Checks the request first (files and folders exist; keys and years are checked by the
parser), runs (govlake.defs.runner) with a progress display, then prints every input
problem as ``file:line: reason`` on stderr, the summary on stdout, and exits with the
code that says what happened (govlake/cli/codes.py).
"""

from __future__ import annotations

import sys

from govlake import storage
from govlake.cli import codes
from govlake.cli.common import lake_of
from govlake.cli.display import Display
from govlake.cli.report import exit_code, print_problems, print_summary


def build(prog: str, lake, *, inputs_given: bool, quiet: bool = False,
          need_partitions: bool = True, **kwargs) -> int:
    """Run, report, and return the exit code (shared by run, demo and forget)."""
    # the Dagster instance is the lake's own (govlake.defs.instance), unless $DAGSTER_HOME
    from govlake.defs.runner import run_lake

    display = Display(quiet=quiet)
    with display.active():
        summary = run_lake(lake, progress=display.message, **kwargs)
    print_problems(prog, lake, summary.input_problems)
    print_summary(lake, summary)
    code, why = exit_code(summary, inputs_given=inputs_given, need_partitions=need_partitions,
                          lake=lake)
    if why:
        print(f"{prog}: {why} (exit {code})", file=sys.stderr)
    return code


def cmd_demo(args) -> int:
    lake = lake_of(args.lake)
    if not any(lake.samples_dir.glob("*.htm*")):
        print(f"govlake demo: no sample pages in {lake.samples_dir} (is govlake installed "
              "with its package data?)", file=sys.stderr)
        return codes.USAGE
    return build("govlake demo", lake, inputs_given=True, quiet=args.quiet,
                 include_samples=True, force=args.force, executor=args.executor)


def _before_dagster(lake, manifests, landing, provinces, years) -> int | None:
    """The requests that need no run to answer (answered in a second, not after Dagster
    starts): every manifest unreadable as a whole, an empty lake, a selection matching
    none of the lake's partitions. None when a run is needed."""
    from govlake import catalog
    from govlake.ingest.landing import landing_files
    from govlake.ingest.manifest import ManifestError, read_manifest

    broken = []
    for m in manifests:
        try:
            read_manifest(m)
        except ManifestError as exc:
            broken.append(str(exc))
    if manifests and len(broken) == len(manifests) and landing is None:
        for problem in broken:
            print(problem, file=sys.stderr)
        print(f"govlake run: nothing could be read: {len(broken)} input problem(s), nothing "
              f"read (exit {codes.NOTHING_READ})", file=sys.stderr)
        return codes.NOTHING_READ
    if manifests or landing is not None or landing_files(lake.landing_dir):
        return None
    have = catalog.partitions_with_data(lake)
    wanted = [(p, y) for p, y in have
              if (not provinces or p in provinces) and (not years or y in years)]
    if wanted:
        return None
    if not have:
        why = "the lake holds no report (give --manifest or --landing)"
    else:
        listed = ", ".join(f"{p}|{y}" for p, y in have[:12]) + (" …" if len(have) > 12 else "")
        why = f"no partition with reports for this selection (the lake has {len(have)}: {listed})"
    print(f"govlake run: nothing to build: {why} (exit {codes.NOTHING_READ})", file=sys.stderr)
    return codes.NOTHING_READ


def cmd_run(args) -> int:
    lake = lake_of(args.lake)
    manifests = [storage.as_path(m) for m in args.manifest or []]
    for m in manifests:
        if not m.is_file():
            print(f"govlake run: manifest {m} does not exist", file=sys.stderr)
            return codes.USAGE
    landing = storage.as_path(args.landing) if args.landing else None
    if landing and not landing.is_dir():
        print(f"govlake run: landing folder {landing} does not exist", file=sys.stderr)
        return codes.USAGE
    years = sorted(set(args.year)) if args.year else None
    early = _before_dagster(lake, manifests, landing, args.province, years)
    if early is not None:
        return early
    return build("govlake run", lake, inputs_given=bool(manifests or landing),
                 quiet=args.quiet, landing=landing, manifests=manifests,
                 provinces=args.province, years=years, force=args.force,
                 executor=args.executor)


def add_parsers(sub, common) -> None:
    from govlake.cli import keys

    p = sub.add_parser("demo", parents=[common["lake"], common["build"]],
                       help="catalogue the bundled sample and build every layer for it",
                       description="Catalogue the sample pages bundled with the package "
                                   "and materialize every layer for their partitions.",
                       **common["fmt"])
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", parents=[common["lake"], common["build"]],
                       help="fetch, import and build the selected partitions through Dagster",
                       description="Fetch what the manifests list, import the landing "
                                   "folder, then build raw → cleaned → facts for the "
                                   "selected partitions (default: every one with data) "
                                   "and the marts.", **common["fmt"])
    p.add_argument("--manifest", action="append", metavar="FILE",
                   help="CSV (header url[,province,year,unit]) or JSON Lines of URLs to "
                        "fetch; repeatable")
    p.add_argument("--landing", metavar="DIR",
                   help="folder of saved pages, JSON Lines corpus records or WARC files to "
                        "import (default: the lake's landing/ folder)")
    p.add_argument("--province", action="append", type=keys.province, metavar="KEY",
                   help="build only this province (pinyin key such as yunnan; repeatable)")
    p.add_argument("--year", action="extend", type=keys.years, metavar="YEARS",
                   help="build only these years: 2019, 2018-2020 or 2018,2020 (repeatable; "
                        "within the reporting years, 2008 to last year)")
    p.set_defaults(func=cmd_run)
