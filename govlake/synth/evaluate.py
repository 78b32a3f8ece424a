"""Score the pipeline's reading of a synthetic corpus against its truth file.

`compare(truth, report, facts)` scores one page; `Score` adds pages up: fact cells
exact (by table and by shape), routing (province_key and year), format, unit,
region code, spam precision/recall. `run(corpus_dir, sample=N)` reads pages through
govlake.pipeline.process directly (no Dagster); the backfill benchmark feeds it the
lake's Parquet instead. `python -m govlake.synth.evaluate DIR [--sample N]`.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FACT_KEYS = {"applications": ("row_code", "applicant"),
             "review_litigation": ("proceeding", "outcome"),
             "active_disclosure": ("item", "measure")}


def truth_cells(t: dict) -> dict[tuple[str, str, str], float]:
    out = {}
    for table in FACT_KEYS:
        for a, inner in (t.get(table) or {}).items():
            for b, v in inner.items():
                out[(table, a, b)] = float(v)
    return out


def fact_cells(facts: dict[str, list[dict]]) -> dict[tuple[str, str, str], float]:
    out = {}
    for table, (ka, kb) in FACT_KEYS.items():
        for row in facts.get(table) or []:
            out[(table, row[ka], row[kb])] = float(row["value"])
    return out


@dataclass
class Score:
    pages: int = 0
    cells: int = 0
    exact: int = 0
    extra: int = 0
    routed: int = 0
    fmt_ok: int = 0
    unit_ok: int = 0
    code_ok: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_shape: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # pages, cells, exact
    status: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def add(self, t: dict, report: dict | None, facts: dict | None) -> None:
        self.pages += 1
        want = truth_cells(t)
        got = fact_cells(facts or {}) if report else {}
        key = f"{t['format']}/{t['shape']}"
        bs = self.by_shape[key]
        bs[0] += 1
        bs[1] += len(want)
        ok = sum(1 for k, v in want.items() if k in got and abs(got[k] - v) < 1e-6)
        bs[2] += ok
        self.cells += len(want)
        self.exact += ok
        self.extra += sum(1 for k in got if k not in want)
        if report is None:
            self.fn += bool(t["is_spam"])
            self.misses.append((t["file"], "no report in the lake"))
            return
        self.status[report.get("parse_status")] += 1
        routed = report.get("province_key") == t["province_key"] and report.get("year") == t["year"]
        self.routed += routed
        self.fmt_ok += report.get("format") == t["format"]
        self.unit_ok += report.get("unit_name") == t["unit_name"]
        self.code_ok += str(report.get("region_code") or "") == t["region_code"]
        spam = bool(report.get("is_spam"))
        self.tp += spam and t["is_spam"]
        self.fp += spam and not t["is_spam"]
        self.fn += (not spam) and t["is_spam"]
        if not routed or ok < len(want):
            bad = [f"{k}: want {v:g} got {got.get(k)}" for k, v in want.items()
                   if not (k in got and abs(got[k] - v) < 1e-6)][:3]
            self.misses.append((t["file"], f"{t['format']}/{t['shape']} routed "
                                f"{report.get('province_key')}|{report.get('year')} unit {report.get('unit_name')}"
                                f" ({t['unit_name']}); " + "; ".join(bad)))

    def summary(self) -> dict:
        n = max(self.pages, 1)
        return {
            "pages": self.pages, "fact_cells": self.cells,
            "fact_cells_exact": round(self.exact / max(self.cells, 1), 4),
            "extra_cells": self.extra,
            "routing": round(self.routed / n, 4), "format": round(self.fmt_ok / n, 4),
            "unit_name": round(self.unit_ok / n, 4), "region_code": round(self.code_ok / n, 4),
            "spam_precision": round(self.tp / max(self.tp + self.fp, 1), 4),
            "spam_recall": round(self.tp / max(self.tp + self.fn, 1), 4),
            "parse_status": dict(self.status),
            "by_shape": {k: {"pages": v[0], "cells": v[1], "exact": round(v[2] / max(v[1], 1), 4)}
                         for k, v in sorted(self.by_shape.items())},
        }


def read_truth(corpus: str | Path) -> list[dict]:
    from .corpus import truth_file

    with open(truth_file(corpus, "truth.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run(corpus: str | Path, sample: int | None = None, seed: int = 0) -> Score:
    """Process (a sample of) the corpus's pages with the pure pipeline and score them."""
    from govlake.pipeline import SourceRef, process

    truth = read_truth(corpus)
    if sample and sample < len(truth):
        truth = random.Random(seed).sample(truth, sample)
    score = Score()
    for t in truth:
        path = Path(corpus) / t["file"]
        _, placed = process(path.read_bytes(), SourceRef(filename=path.name, source_path=str(path)))
        score.add(t, placed.report, placed.facts)
    return score


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m govlake.synth.evaluate")
    p.add_argument("corpus")
    p.add_argument("--sample", type=int)
    p.add_argument("--misses", type=int, default=10)
    a = p.parse_args(argv)
    s = run(a.corpus, a.sample)
    print(json.dumps(s.summary(), ensure_ascii=False, indent=1))
    for f, why in s.misses[:a.misses]:
        print(f"  miss {f}: {why}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
