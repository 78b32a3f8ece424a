"""Per-page cost of each pipeline stage beside the bare trafilatura loop, one process.

    .venv/bin/python benchmarks/bench_stages.py [--corpus DIR] [--stride K] [--limit N]
                                                [--wall] [--profile FILE]

Every page of a synthetic corpus (DIR/pages/**/*.html; default: `govlake synth --scale
province` into a temporary directory) goes, in one run, through the real
govlake.pipeline.clean_snapshot and parse_cleaned with decode_bytes, clean_document and
analyze wrapped by timers. Stages: decode; clean (our trafilatura call, title, date,
normalize); contamination (the rest of clean_snapshot: analyze and the record);
parse (parse_cleaned: parse, resolve, route, fact rows). Each page also goes through the
call of bench_backfill.bare_loop (decode_bytes + bare_extract: trafilatura.extract(html,
include_tables=True, output_format="txt", favor_recall=True)), the two alternating in
order page by page. A first page is run untimed (imports and models load once per
worker). Times are this process's CPU time unless --wall: on a shared machine CPU time
is the steadier measure. Prints ms/page and totals per stage, each as a share of the bare
loop and of the bare extract call alone (the reference no change of ours can move: the
bare loop shares our decode_bytes). --profile FILE writes cProfile stats of our side (and slows it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(fn, name: str, acc: dict, clock):
    def wrapper(*args, **kwargs):
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += clock() - t0
    return wrapper


def run(pages: list[Path], profile: str | None = None, wall: bool = False) -> dict[str, float]:
    """Seconds per stage, summed over `pages`."""
    import cProfile

    from bench_backfill import bare_extract
    from govlake import pipeline
    from govlake.decoding import decode_bytes

    clock = time.perf_counter if wall else time.process_time
    acc: dict[str, float] = defaultdict(float)
    for name, attr in (("decode", "decode_bytes"), ("clean", "clean_document"),
                       ("analyze", "analyze")):
        setattr(pipeline, attr, _timed(getattr(pipeline, attr), name, acc, clock))
    prof = cProfile.Profile() if profile else None

    def bare(data: bytes) -> None:
        t0 = clock()
        html = decode_bytes(data).text
        t1 = clock()
        bare_extract(html)
        acc["bare decode"] += t1 - t0
        acc["bare extract"] += clock() - t1

    def ours(data: bytes, ref) -> None:
        if prof:
            prof.enable()
        t0 = clock()
        rec = pipeline.clean_snapshot(data, ref)
        t1 = clock()
        pipeline.parse_cleaned(rec, ref.hints)
        t2 = clock()
        if prof:
            prof.disable()
        acc["clean_snapshot"] += t1 - t0
        acc["parse"] += t2 - t1

    warm = pages[0].read_bytes()
    bare(warm)
    ours(warm, pipeline.SourceRef(filename=pages[0].name))
    acc.clear()
    for i, p in enumerate(pages):
        data = p.read_bytes()
        ref = pipeline.SourceRef(filename=p.name, source_path=str(p))
        if i % 2:
            bare(data)
            ours(data, ref)
        else:
            ours(data, ref)
            bare(data)
    if prof:
        prof.dump_stats(profile)
    acc["contamination"] = acc["clean_snapshot"] - acc["decode"] - acc["clean"]
    acc["ours"] = acc["clean_snapshot"] + acc["parse"]
    acc["bare"] = acc["bare decode"] + acc["bare extract"]
    return acc


ROWS = [("decode", "decode"), ("clean (our trafilatura call)", "clean"),
        ("contamination (analyze+record)", "contamination"), ("parse_cleaned", "parse"),
        ("= ours, total", "ours"), None,
        ("bare: decode", "bare decode"), ("bare: trafilatura.extract", "bare extract"),
        ("= bare loop, total", "bare")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", help="a corpus dir with pages/ (default: synth province scale)")
    ap.add_argument("--stride", type=int, default=1, help="every K-th page")
    ap.add_argument("--limit", type=int, help="at most N pages")
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    ap.add_argument("--profile", help="write cProfile stats of our side to FILE (profiling "
                    "slows our side: the ratios of that run mean nothing)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        corpus = Path(a.corpus) if a.corpus else Path(tmp) / "corpus"
        if not a.corpus:
            from govlake.synth import generate

            print("generating a province-scale corpus …", flush=True)
            generate(corpus, "province", None, 0)
        pages = sorted(corpus.glob("pages/**/*.html"))[::a.stride][:a.limit]
        if not pages:
            print(f"no pages under {corpus}/pages", file=sys.stderr)
            return 1
        mib = sum(p.stat().st_size for p in pages) / 2**20
        print(f"{len(pages)} pages ({mib:.1f} MiB) from {corpus}", flush=True)
        acc = run(pages, a.profile, a.wall)
    n, bare, extract = len(pages), acc["bare"], acc["bare extract"]
    clock = "wall" if a.wall else "CPU"
    print(f"\n  {'stage (' + clock + ' time)':<32}{'ms/page':>9}{'total s':>9}"
          f"{'÷ bare loop':>13}{'÷ bare extract':>16}")
    for row in ROWS:
        if row is None:
            print()
            continue
        label, key = row
        v = acc[key]
        print(f"  {label:<32}{1000 * v / n:>9.2f}{v:>9.2f}{v / bare:>13.1%}{v / extract:>16.1%}")
    print(f"\n  ours ÷ bare loop, one process: {acc['ours'] / bare:.3f}; with two workers and "
          f"no pool overhead at best {acc['ours'] / bare / 2:.3f} (target ≤ 0.7)")
    if a.profile:
        print(f"  profile: {a.profile}  (python -m pstats {a.profile})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
