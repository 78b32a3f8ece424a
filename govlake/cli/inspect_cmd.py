"""`govlake inspect PATH`: what the pipeline makes of one saved page."""

from __future__ import annotations

import json
import sys

from govlake.cli import codes


def cmd_inspect(args) -> int:
    from govlake.inspect import InspectError, inspect_file, render_text

    try:
        result = inspect_file(args.path, url=args.url)
    except InspectError as exc:
        print(f"govlake inspect: {exc}", file=sys.stderr)
        return codes.USAGE
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        print(render_text(result))
    return codes.OK


def add_parsers(sub, common) -> None:
    p = sub.add_parser("inspect", help="what the pipeline makes of one saved page",
                       description="Decode, clean, check and parse one saved page (.html/.htm "
                                   "in any encoding, or .txt) as the pipeline would.",
                       **common["fmt"])
    p.add_argument("path", metavar="PATH", help="the saved page")
    p.add_argument("--url", help="the address it was saved from (the host counts: an "
                                 "official host or a mirror)")
    p.add_argument("--json", action="store_true",
                   help="print the JSON object docs/SCHEMA.md defines instead of a text view")
    p.set_defaults(func=cmd_inspect)
