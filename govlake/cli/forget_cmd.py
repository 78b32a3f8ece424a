"""`govlake forget`: drop a partition or a source from the lake, recorded (govlake.forget).

After the catalog is updated, the partitions that keep other snapshots are rebuilt and
the marts with them, through the same runner as `govlake run`.
"""

from __future__ import annotations

import sys

from govlake.cli import codes
from govlake.cli.common import EXECUTORS, lake_of


def cmd_forget(args) -> int:
    from govlake.forget import forget

    if not (args.partition or args.url or args.sha256):
        print("govlake forget: say what to forget: --partition, --url or --sha256",
              file=sys.stderr)
        return codes.USAGE
    if args.restore and args.partition:
        print("govlake forget: --restore takes --url or --sha256 (a partition's sources are "
              "restored by their sha256s, listed in catalog/forgotten.jsonl)", file=sys.stderr)
        return codes.USAGE
    lake = lake_of(args.lake)
    if not lake.catalog_file.exists():
        print(f"govlake forget: {lake.root} holds no catalog: nothing to forget",
              file=sys.stderr)
        return codes.NOTHING_READ
    shas = [s.lower() for s in args.sha256 or []]
    done = forget(lake, partitions=args.partition or [], urls=args.url or [], sha256s=shas,
                  reason=args.reason, restore=args.restore)
    record = lake.layer("catalog") / "forgotten.jsonl"
    if args.restore:
        print(f"restored {len(done.sha256s)} sha256(s) and {len(done.urls)} URL(s): the next "
              f"run imports them again if still offered (recorded in {record})")
        return codes.OK
    for what in done.unmatched:
        print(f"govlake forget: {what}: not in the catalog", file=sys.stderr)
    print(f"forgot {done.sources} source(s), {len(done.sha256s)} snapshot(s); partitions "
          f"changed: {', '.join(f'{p}|{y}' for p, y in done.changed) or 'none'}"
          + (f"; emptied and removed: {', '.join(f'{p}|{y}' for p, y in done.emptied)}"
             if done.emptied else "") + f" (recorded in {record})")
    if not done.sources:
        return codes.NOTHING_READ
    if args.no_rebuild:
        print("marts now stale: run `govlake run` to rebuild them")
        return codes.OK
    from govlake.cli.run import build

    # every partition left unchanged is skipped (current); the changed ones are rebuilt
    return build("govlake forget", lake, inputs_given=False, quiet=args.quiet,
                 need_partitions=False, refresh_marts=True, executor=args.executor)


def add_parsers(sub, common) -> None:
    from govlake.cli import keys

    p = sub.add_parser("forget", parents=[common["lake"]],
                       help="drop a partition or a source from the lake (recorded; later "
                            "runs do not import it again)",
                       description="Remove a partition's snapshots, or a source by URL or "
                                   "sha256, from the catalog and the lake; record it in "
                                   "catalog/forgotten.jsonl so later runs do not import it "
                                   "again; rebuild what changed and the marts.",
                       **common["fmt"])
    p.add_argument("--partition", action="append", type=keys.partition, metavar="PROVINCE|YEAR",
                   help="forget every snapshot of this partition, e.g. yunnan|2018 (repeatable)")
    p.add_argument("--url", action="append", metavar="URL",
                   help="forget this source URL (or landing path as the catalog names it); "
                        "its snapshot goes when no other source offers it (repeatable)")
    p.add_argument("--sha256", action="append", metavar="SHA",
                   help="forget this snapshot, by the sha256 of its bytes (repeatable)")
    p.add_argument("--reason", help="why, kept in the record (a takedown request, say)")
    p.add_argument("--restore", action="store_true",
                   help="lift an earlier forget of these URLs or sha256s (recorded too)")
    p.add_argument("--no-rebuild", action="store_true",
                   help="only update the catalog: leave the partitions and marts stale")
    p.add_argument("--executor", choices=EXECUTORS,
                   help="where the rebuild's steps run (default: in_process)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress while rebuilding")
    p.set_defaults(func=cmd_forget)
