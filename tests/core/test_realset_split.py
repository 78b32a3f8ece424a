"""The fresh real-page splits (pages_holdout2.jsonl → fresh, pages_holdout3.jsonl → fresh2,
pages_holdout4.jsonl → fresh3, pages_holdout5a/5b.jsonl → fresh4, pages_holdout6a/6b.jsonl → fresh5, 7a/7b → fresh6, 8a/8b → fresh7, 9a/9b → fresh8, 10a/10b → fresh9, 11a/11b → fresh10) stay apart.

Why: the held-aside third was scored and the detectors were adjusted after, so a
second, never-tuned set was collected (fresh); after fresh was scored in turn, a
third one (fresh2), after fresh2 a fourth (fresh3), after fresh3 a fifth (fresh4, two
collectors, one file each), after fresh4 a sixth (fresh5, the same way), then fresh6 … fresh10. Their records must never
leak into dev, holdout or all (which the development tests and tuning use), nor
into each other, whatever their URL hashes to. No figures are asserted here: this only checks membership
and labels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govlake import realset

LEVELS = {"province", "prefecture", "county", "township", "department", None}
KINDS = {"mirror_host", "brand_substitution", "brand_in_place_slot", "injected_phrase", "word_salad",
         "spliced_symbols", "traditional_pinyin"}
TABLES = {"applications", "review_litigation", "active_disclosure"}
LABEL_KEYS = {"unit_name", "province", "province_key", "prefecture", "county", "admin_level", "year",
              "format", "format_source", "is_spam", "spam_kinds", "spam_evidence", "facts", "unreadable"}
FRESH = {"fresh": (("pages_holdout2.jsonl",), 72), "fresh2": (("pages_holdout3.jsonl",), 67),
         "fresh3": (("pages_holdout4.jsonl",), 63),
         "fresh4": (("pages_holdout5a.jsonl", "pages_holdout5b.jsonl"), 72),
         "fresh5": (("pages_holdout6a.jsonl", "pages_holdout6b.jsonl"), 72),
         "fresh6": (("pages_holdout7a.jsonl", "pages_holdout7b.jsonl"), 70),
         "fresh7": (("pages_holdout8a.jsonl", "pages_holdout8b.jsonl"), 73),
         "fresh8": (("pages_holdout9a.jsonl", "pages_holdout9b.jsonl"), 67),
         "fresh9": (("pages_holdout10a.jsonl", "pages_holdout10b.jsonl"), 74),
         "fresh10": (("pages_holdout11a.jsonl", "pages_holdout11b.jsonl"), 80)}


@pytest.mark.parametrize("split", sorted(FRESH))
def test_fresh_is_its_own_split(split):
    names, count = FRESH[split]
    fresh = realset.load(split)
    dev, holdout, every = realset.load("dev"), realset.load("holdout"), realset.load("all")
    others = [realset.load(s) for s in FRESH if s != split]
    assert len(fresh) == count
    assert {r["_where"].split(":")[0] for r in fresh} == set(names)
    fresh_urls = {r["url"] for r in fresh}
    for other in (dev, holdout, every, *others):
        assert not fresh_urls & {r["url"] for r in other}
        assert all(r["_where"].split(":")[0] not in names for r in other)
    # the old split is untouched: all is exactly dev + holdout
    assert sorted(r["url"] for r in every) == sorted(r["url"] for r in dev + holdout)
    # some fresh URLs hash into the held-aside third and some not: membership is by file
    assert any(realset.held_aside(u) for u in fresh_urls)
    assert any(not realset.held_aside(u) for u in fresh_urls)


@pytest.mark.parametrize("split", sorted(FRESH))
def test_fresh_urls_are_new_to_every_other_file(split):
    """Every record of a fresh split is a page no other file has (the files are read raw,
    not through load, which would drop a repeated URL silently)."""
    import json

    names = FRESH[split][0]
    others = set()
    for path in realset.REAL_DIR.glob("pages_*.jsonl"):
        if path.name not in names:
            others |= {json.loads(line)["url"] for line in path.read_text(encoding="utf-8").splitlines()
                       if line.strip()}
    urls = [json.loads(line)["url"] for name in names
            for line in (realset.REAL_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(urls) == len(set(urls)) == FRESH[split][1]
    assert not set(urls) & others


@pytest.mark.parametrize("split", sorted(FRESH))
def test_fresh_labels_are_complete(split):
    for r in realset.load(split):
        lab = r["labels"]
        assert r["url"].startswith(("http://", "https://")) and r["text"].strip()
        assert lab["admin_level"] in LEVELS, r["id"]
        assert lab["format"] in ("2019", "2021", "legacy") and lab["format_source"] in ("tables", "year")
        assert lab["is_spam"] == bool(lab["spam_kinds"]), r["id"]
        if lab["format_source"] == "year":
            y = lab["year"]
            assert lab["format"] == ("legacy" if y <= 2018 else "2019" if y <= 2020 else "2021"), r["id"]


def test_fresh2_labels_are_complete():
    """fresh2 records carry every label field, known kinds and tables, and no silent unknowns."""
    recs = realset.load("fresh2")
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        lab = r["labels"]
        assert set(lab) == LABEL_KEYS, r["id"]
        assert r["query"].strip() and isinstance(r["notes"], str), r["id"]
        assert set(lab["spam_kinds"]) <= KINDS, r["id"]
        assert bool(lab["spam_evidence"]) == lab["is_spam"], r["id"]
        assert set(lab["facts"]) <= TABLES, r["id"]
        for rows in lab["facts"].values():
            for cols in rows.values():
                assert cols and all(isinstance(v, (int, float)) for v in cols.values()), r["id"]
        assert isinstance(lab["year"], int) and 2009 <= lab["year"] <= 2025, r["id"]
        assert set(lab["unreadable"]) <= LABEL_KEYS, r["id"]
        # a field left empty is either structurally empty or declared unreadable
        for key in ("unit_name", "admin_level"):
            assert lab[key] is not None or key in lab["unreadable"], (r["id"], key)
        if lab["province"] is None:
            assert lab["province_key"] == "unknown" and "province" in lab["unreadable"], r["id"]
        else:
            assert lab["province_key"] not in (None, "unknown"), r["id"]
        if lab["admin_level"] in ("county", "township") and lab["province"] is not None:
            assert lab["county"] or "county" in lab["unreadable"], r["id"]
        if lab["admin_level"] == "prefecture":
            assert lab["county"] is None, r["id"]
    # the mix the collection aimed at
    assert sum(r["labels"]["is_spam"] for r in recs) >= 25
    assert len({r["labels"]["province"] for r in recs if r["labels"]["province"]}) >= 20


def test_bench_real_accepts_fresh2():
    """The split is offered on the command line (argparse refuses a bad choice before any run)."""
    assert "fresh2" in realset.SPLITS
    bench = Path(realset.__file__).resolve().parents[1] / "benchmarks" / "bench_real.py"
    res = subprocess.run([sys.executable, str(bench), "--split", "nosuch"], capture_output=True, text=True)
    assert res.returncode == 2 and "fresh2" in res.stderr


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="unknown split"):
        realset.load("holdout2")


def test_an_unregistered_file_joins_no_split(tmp_path):
    # a new collection dropped into the folder must not be scored as development pages
    rec = {"id": "q1", "url": "http://example.org/a", "text": "报告", "labels": {}}
    (tmp_path / "pages_spam.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert len(realset.load("all", tmp_path)) == 1
    (tmp_path / "pages_holdout99.jsonl").write_text(
        json.dumps({**rec, "url": "http://example.org/b"}) + "\n", encoding="utf-8")
    for split in ("dev", "all"):
        with pytest.raises(ValueError, match="pages_holdout99.jsonl: in no split"):
            realset.load(split, tmp_path)
