"""Contamination benchmark: precision and recall per signal and overall (is_spam)
on the evaluation set built by govlake.contamination.evalset, plus timing.

    .venv/bin/python benchmarks/bench_contamination.py [-v]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govlake.contamination import analyze  # noqa: E402
from govlake.contamination.evalset import build  # noqa: E402

KINDS = ["phrase_substitution", "gambling_lexicon", "title_injection", "spliced_phrase", "word_salad",
         "traditional_pinyin", "mirror_host", "rewritten_url", "brand_in_place_slot", "spliced_symbols"]


def evaluate(cases=None):
    """Per-kind and overall counts. A kind firing on a case that allows it is not a false positive."""
    cases = cases if cases is not None else build()
    per = {k: {"tp": 0, "fp": 0, "fn": 0} for k in KINDS}
    overall = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    errors, times = [], []
    analyze(cases[0].text)  # warm up: tables and the model load once per process
    for c in cases:
        t0 = time.perf_counter()
        r = analyze(c.text, title=c.title, url=c.url, unit_name=c.unit_name)
        times.append((time.perf_counter() - t0, len(c.text.encode('utf-8'))))
        fired = r.signal_kinds
        for k in KINDS:
            if k in c.expected:
                per[k]["tp" if k in fired else "fn"] += 1
            elif k in fired and k not in c.allowed:
                per[k]["fp"] += 1
                errors.append((c.id, f"unexpected {k}", [s for s in r.signals if s.kind == k][:2]))
        for k in c.expected - fired:
            errors.append((c.id, f"missed {k}", []))
        key = ("tp" if r.is_spam else "fn") if c.spam else ("fp" if r.is_spam else "tn")
        overall[key] += 1
        if key in ("fp", "fn"):
            errors.append((c.id, f"overall {key} score={r.spam_score}", r.signals[:3]))
    return per, overall, errors, times


def pr(d) -> tuple[float, float]:
    p = d["tp"] / (d["tp"] + d["fp"]) if d["tp"] + d["fp"] else 1.0
    r = d["tp"] / (d["tp"] + d["fn"]) if d["tp"] + d["fn"] else 1.0
    return p, r


def held_out_salad() -> None:
    """Word salad with the seed under test left out of the model's training text:
    how the model fares on report prose it has never seen (a truer field estimate)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import random

    from train_salad_model import clean_texts, train

    from govlake.contamination import lexicon, salad
    from govlake.contamination.evalset import _salad, _salad_words

    names = ["001", "002", None, None, "000", "003", "004"]
    texts = clean_texts()
    words, rng = _salad_words(), random.Random(7)
    fp = clauses = tp = n = 0
    for i, name in enumerate(names):
        if name is None:
            continue
        m = train([t for j, t in enumerate(texts) if j != i])
        model = salad.CharModel(m["uni"], m["bi"])
        found = salad.find_salad(texts[i], model, lexicon.mentions_any)
        fp += len(found)
        clauses += len(salad.score_clauses(texts[i], model))
        for f in found:
            print(f"   held-out false salad in {name}: {f.text} ({f.bits:.1f} bits)")
        for _ in range(20):
            s = _salad(rng, words)
            tp += bool(salad.find_salad(s, model, lexicon.mentions_any))
            n += 1
    print(f"held-out word_salad: {fp} false runs in {clauses} clean clauses; recall {tp / n:.3f} on {n} salad sentences")


def sample_timing(repeat: int = 5) -> None:
    """analyze per bundled sample page (cleaned as the pipeline cleans it): best of `repeat`, ms."""
    import glob

    from govlake.cleaning import clean_document
    from govlake.decoding import decode_bytes

    root = Path(__file__).resolve().parents[1] / "govlake" / "data" / "samples"
    docs = [(Path(f).stem, clean_document(decode_bytes(Path(f).read_bytes()).text, filename="x.html"))
            for f in sorted(glob.glob(str(root / "*.html")))]
    best = []
    for name, d in docs:
        ts = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            analyze(d.text, title=d.title)
            ts.append(time.perf_counter() - t0)
        best.append(1000 * min(ts))
        print(f"   {name}: {len(d.text.encode('utf-8')) / 1000:.0f} KB  {best[-1]:.2f} ms")
    if best:
        print(f"sample pages: mean {sum(best) / len(best):.2f} ms/report, max {max(best):.2f} ms")


def main() -> None:
    per, overall, errors, times = evaluate()
    print(f"{'signal':22} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for k, d in per.items():
        p, r = pr(d)
        print(f"{k:22} {d['tp']:4} {d['fp']:4} {d['fn']:4} {p:10.3f} {r:8.3f}")
    p, r = pr(overall)
    n = sum(overall.values())
    print(f"{'OVERALL is_spam':22} {overall['tp']:4} {overall['fp']:4} {overall['fn']:4} {p:10.3f} {r:8.3f}"
          f"   ({n} cases, {overall['tp'] + overall['fn']} contaminated)")
    big = max(times, key=lambda t: t[1])
    print(f"timing: mean {1000 * sum(t for t, _ in times) / len(times):.1f} ms/report, "
          f"max {1000 * max(t for t, _ in times):.1f} ms; largest case {big[1] / 1000:.0f} KB in {1000 * big[0]:.1f} ms")
    sample_timing()
    held_out_salad()
    if "-v" in sys.argv:
        for e in errors:
            print(*e)


if __name__ == "__main__":
    main()
