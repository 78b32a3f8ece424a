"""The lake on real report copies from the web (tests/data/real/): every metric, every miss.

    .venv/bin/python benchmarks/bench_real.py                # the development two thirds
    .venv/bin/python benchmarks/bench_real.py --split holdout # the held-aside third (final figures)
    .venv/bin/python benchmarks/bench_real.py --split fresh   # pages_holdout2.jsonl, seen once
    .venv/bin/python benchmarks/bench_real.py --split fresh2  # pages_holdout3.jsonl, never tuned on
    .venv/bin/python benchmarks/bench_real.py --split fresh3  # pages_holdout4.jsonl, never tuned on
    .venv/bin/python benchmarks/bench_real.py --json out.json

Each record is run as `govlake inspect PAGE --url URL` would run it (the excerpt
saved as text, the URL it was found at as its source).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govlake import realset  # noqa: E402

TARGETS = {"spam_precision": 0.97, "spam_recall": 0.95, "province": 0.95, "admin_level": 0.90,
           "format": 0.95, "fact_accuracy": 0.99, "fact_recall": 0.95}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=realset.SPLITS, default="dev")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    args = ap.parse_args(argv)
    records = realset.load(args.split)
    t0 = time.perf_counter()
    results = [realset.run(r) for r in records]
    elapsed = time.perf_counter() - t0
    s = realset.score(records, results)
    spam = s["spam"]
    print(f"real pages, split {args.split}: {s['records']} records "
          f"({spam['tp'] + spam['fn']} contaminated, {spam['fp'] + spam['tn']} clean), "
          f"{elapsed:.1f} s")
    rows = [("spam_precision", s["spam_precision"], f"tp {spam['tp']} fp {spam['fp']}"),
            ("spam_recall", s["spam_recall"], f"tp {spam['tp']} fn {spam['fn']}")]
    for name, m in s["metrics"].items():
        rows.append((name, m.rate, f"{m.right}/{m.total}"))
    for name, rate, detail in rows:
        target = TARGETS.get(name)
        flag = "" if target is None else ("  ok" if rate >= target else f"  BELOW {target}")
        print(f"  {name:16s} {rate:6.3f}  {detail}{flag}")
    print(f"  wrong province   {len(s['wrong_province'])}" + ("  ok" if not s["wrong_province"] else "  BAD"))
    if not args.quiet:
        for line in s["wrong_province"]:
            print("    wrong province:", line)
        for line in s["spam_misses"]:
            print("    spam", line)
        for name, m in s["metrics"].items():
            for line in m.misses:
                print(f"    {name}: {line}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "split": args.split, "records": s["records"], "spam": spam,
            "spam_precision": s["spam_precision"], "spam_recall": s["spam_recall"],
            "wrong_province": len(s["wrong_province"]),
            **{k: {"rate": m.rate, "right": m.right, "total": m.total} for k, m in s["metrics"].items()},
        }, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
