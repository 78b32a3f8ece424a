"""The lake on real web copies (tests/data/real/, labelled by hand): the development
two thirds must stay at the figures benchmarks/bench_real.py reports. The held-aside
third is scored only by the benchmark, for the README's figures."""

from __future__ import annotations

import pytest

from govlake import realset


@pytest.fixture(scope="module")
def scored():
    records = realset.load("dev")
    return records, realset.score(records, [realset.run(r) for r in records])


def test_the_set_is_what_the_issue_asks_for():
    records = realset.load("all")
    assert len(records) >= 80
    spam = [r for r in records if r["labels"]["is_spam"]]
    assert len(spam) >= 30
    clean_units = [r for r in records if not r["labels"]["is_spam"]
                   and r["labels"]["admin_level"] in ("department", "township")
                   and 2021 <= (r["labels"]["year"] or 0) <= 2025]
    assert len(clean_units) >= 20
    holdout = realset.load("holdout")
    assert 0.25 <= len(holdout) / len(records) <= 0.42
    for r in records:
        assert r["url"].startswith(("http://", "https://")) and r["text"].strip()


def test_spam_on_real_pages(scored):
    _, s = scored
    assert s["spam_precision"] >= 0.97, s["spam_misses"]
    assert s["spam_recall"] >= 0.95, s["spam_misses"]


def test_places_on_real_pages(scored):
    _, s = scored
    m = s["metrics"]
    assert s["wrong_province"] == []
    # 88 of 94 on the development split: the six left are mirror copies whose place a
    # brand replaced everywhere, with no postcode, telephone, official host or channel
    # (portal, account, local paper) naming their place left
    assert m["province"].rate >= 0.93, m["province"].misses
    assert m["admin_level"].rate >= 0.90, m["admin_level"].misses


def test_format_and_facts_on_real_pages(scored):
    _, s = scored
    m = s["metrics"]
    assert m["format"].rate >= 0.95, m["format"].misses
    assert m["fact_accuracy"].rate >= 0.99, m["fact_accuracy"].misses
    assert m["fact_recall"].rate >= 0.95, m["fact_recall"].misses
