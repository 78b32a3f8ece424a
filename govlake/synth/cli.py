"""`govlake synth --out DIR --scale small|province|full [--years A-B] [--seed N] [--departments]`.

Pages go to DIR/pages/, their truth to DIR/_truth/ (never read as landing input).
"""

from __future__ import annotations

import argparse
import sys
import time

from .corpus import SCALES, generate


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise ValueError(message)


def _years(text: str) -> tuple[int, int]:
    a, sep, b = text.partition("-")
    lo, hi = int(a), int(b) if sep else int(a)
    if not (2008 <= lo <= hi <= 2100):
        raise ValueError(f"--years {text!r}: expected A-B with 2008 ≤ A ≤ B")
    return lo, hi


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govlake synth", description="Write a synthetic corpus of report pages with ground truth.")
    p.add_argument("--out", required=True, help="output directory (created; a previous corpus there is replaced)")
    p.add_argument("--scale", choices=sorted(SCALES), default="small",
                   help="small: ningxia and hainan (~200 pages); province: one province's "
                        "governments; full: every provincial, prefecture and county government")
    p.add_argument("--years", help="A-B (default: small 2018-2021, province 2017-2023, full 2019-2023)")
    p.add_argument("--seed", type=int, default=0,
                   help="random seed (default 0): the same seed writes byte-identical files")
    p.add_argument("--departments", action="store_true", help="also three departments per government")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        years = _years(args.years) if args.years else None
    except (ValueError, SystemExit) as exc:
        if isinstance(exc, SystemExit):      # --help
            return int(exc.code or 0)
        print(f"govlake synth: {exc}", file=sys.stderr)
        return 2
    say = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr))
    t0 = time.monotonic()
    try:
        m = generate(args.out, args.scale, years, args.seed, args.departments, progress=say)
    except (OSError, FileExistsError) as exc:
        print(f"govlake synth: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{m['pages']} pages in {args.out} ({time.monotonic() - t0:.1f}s); "
              f"missing {m['status'].get('missing', 0)}, late {m['status'].get('late', 0)}, "
              f"contaminated {m['contamination'].get('any', 0)}; truth in {args.out}/_truth/ "
              "(truth.jsonl, missing.jsonl, manifest.json)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
