"""The synthetic corpus generator (govlake.synth): determinism, size, truth, encodings, parsing."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from govlake import schema
from govlake.synth import corpus, generate
from govlake.synth.cli import main
from govlake.synth.evaluate import Score, truth_cells
from govlake.synth.numbers import break_identity, identity_failures, make_figures


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "_truth" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small"
    assert main(["--out", str(out), "--scale", "small", "--seed", "7", "--quiet"]) == 0
    return out


def test_small_scale_size_and_files(small):
    truth = _truth(small)
    assert 180 <= len(truth) <= 240
    assert {t["province_key"] for t in truth} == {"ningxia", "hainan"}
    assert {t["format"] for t in truth} == {"legacy", "2019", "2021"}
    assert len({t["file"] for t in truth}) == len(truth)
    assert all((small / t["file"]).is_file() for t in truth)
    levels = {t["admin_level"] for t in truth}
    assert levels == {"province", "prefecture", "county"}
    missing = [json.loads(line) for line in (small / "_truth" / "missing.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {m["status"] for m in missing} <= {"missing", "late"}
    late = [m for m in missing if m["status"] == "late"]
    assert all(m["published_date"] > m["deadline"] for m in late)
    assert {m["file"] for m in late} == {t["file"] for t in truth if t["late"]}
    manifest = json.loads((small / "_truth" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pages"] == len(truth)


def test_same_seed_gives_byte_identical_files(small, tmp_path):
    again = tmp_path / "again"
    generate(again, "small", seed=7)
    assert _digest(again) == _digest(small)
    other = tmp_path / "other"
    generate(other, "small", years=(2021, 2021), seed=8)
    assert _digest(other) != _digest(small)


def test_scales_plan():
    gov = sum(1 for _ in corpus.plan("province", (2023, 2023)))
    assert 90 <= gov <= 110                      # guizhou: 1 + 9 + 88 governments
    small = sum(1 for _ in corpus.plan("small"))
    assert 200 <= small <= 250
    deps = sum(1 for _ in corpus.plan("small", (2021, 2021), departments=True))
    assert deps == 4 * sum(1 for _ in corpus.plan("small", (2021, 2021)))


def test_truth_identities_hold_except_the_listed_ones(small):
    truth = _truth(small)
    tables = [t for t in truth if t["format"] != "legacy" and not t["tables_as_images"]]
    broken = [t for t in tables if t["inconsistent"]]
    assert broken, "the corpus must contain deliberately inconsistent reports"
    for t in tables:
        assert corpus.check_identities(t) == t["inconsistent"], t["file"]
        for code in t["applications"]:
            assert code in schema.APPLICATION_ROW_CODES
        for proc, outs in t["review_litigation"].items():
            assert proc in schema.PROCEEDING_CODES and set(outs) <= set(schema.OUTCOME_CODES)
        for item, ms in t["active_disclosure"].items():
            assert item in schema.DISCLOSURE_ITEM_CODES and set(ms) <= set(schema.DISCLOSURE_MEASURE_CODES)


def test_break_identity_names_every_failing_check():
    for i in range(200):
        rng = random.Random(i)
        f = make_figures(rng, "county", rng.choice(["2019", "2021"]))
        assert identity_failures(f) == []
        break_identity(rng, f)
        assert identity_failures(f) == f.inconsistent and f.inconsistent


def test_encodings(small):
    truth = _truth(small)
    encs = {t["encoding"] for t in truth}
    assert {"gbk", "utf-8"} <= encs
    gbk = [t for t in truth if t["encoding"] == "gbk"]
    assert 0.25 <= len(gbk) / len(truth) <= 0.55
    from govlake.decoding import decode_bytes

    for t in gbk[:15]:
        data = (small / t["file"]).read_bytes()
        assert b"charset" not in data.lower()
        d = decode_bytes(data)
        assert d.encoding == "gb18030" and data.decode("gb18030") == d.text
    for t in [t for t in truth if t["encoding"] == "utf-8"][:5]:
        assert decode_bytes((small / t["file"]).read_bytes()).encoding.startswith("utf-8")


def test_contamination_rate_and_kinds(tmp_path):
    m = generate(tmp_path / "c", "province", years=(2021, 2023), seed=3)
    share = m["contamination"]["any"] / m["pages"]
    assert 0.04 <= share <= 0.18
    kinds = {k for k, v in m["contamination"].items() if k != "any" and v}
    # every kind docs/DOMAIN.md §4 names appears in a province-scale corpus
    assert kinds == {"phrase_substitution", "spliced_phrase", "title_injection",
                     "traditional_pinyin", "word_salad"}


def test_pages_parse_to_the_truth(small):
    """A few pages of every format and shape through the real pipeline."""
    from govlake.pipeline import SourceRef, process

    truth = _truth(small)
    picked: dict[str, list[dict]] = {}
    for t in truth:
        bucket = picked.setdefault(f"{t['format']}/{t['shape']}", [])
        if len(bucket) < 2:
            bucket.append(t)
    spam = [t for t in truth if t["is_spam"]][:3]
    score = Score()
    for t in [x for b in picked.values() for x in b] + spam:
        path = small / t["file"]
        _, placed = process(path.read_bytes(), SourceRef(filename=path.name))
        score.add(t, placed.report, placed.facts)
        assert truth_cells(t) or t["format"] == "legacy"
    s = score.summary()
    assert s["fact_cells_exact"] >= 0.95, score.misses[:5]
    assert s["routing"] >= 0.95, score.misses[:5]
    assert s["spam_recall"] >= 0.6
