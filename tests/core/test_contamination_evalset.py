"""The evaluation set meets the acceptance thresholds (precision ≥ 0.98, recall ≥ 0.95)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest



sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


@pytest.fixture(scope="module")
def evaluation():
    from bench_contamination import evaluate
    from govlake.contamination.evalset import build

    cases = build()
    return cases, evaluate(cases)


def test_evalset_is_deterministic_and_covers_kinds(evaluation):
    from govlake.contamination.evalset import build

    cases, _ = evaluation
    again = build()
    assert [(c.id, c.text, c.title, c.url) for c in cases] == [(c.id, c.text, c.title, c.url) for c in again]
    prefixes = {c.id.split("/")[0] for c in cases}
    assert {"clean", "subst", "unit", "splice", "title", "title-line", "salad", "trad", "url", "url+host"} <= prefixes
    assert sum(not c.spam for c in cases) >= 40


def test_overall_precision_recall(evaluation):
    from bench_contamination import pr

    _, (per, overall, errors, _) = evaluation
    p, r = pr(overall)
    assert p >= 0.98 and r >= 0.95, errors[:10]


def test_per_signal_precision_recall(evaluation):
    from bench_contamination import pr

    _, (per, _, errors, _) = evaluation
    for kind, d in per.items():
        p, r = pr(d)
        assert p >= 0.95 and r >= 0.9, (kind, d, [e for e in errors if kind in e[1]][:5])


def test_no_clean_case_flagged(evaluation):
    from govlake.contamination import analyze

    cases, _ = evaluation
    for c in cases:
        if not c.spam:
            r = analyze(c.text, title=c.title, url=c.url, unit_name=c.unit_name)
            assert not r.is_spam, (c.id, r.signals[:3])
