"""Every number of the five real seeds, read by hand, extracted exactly."""

from __future__ import annotations

import pytest

from govlake.parsing import parse_report
from tests.core.conftest import (
    APPS_000, APPS_001, APPS_002, DISC_000, DISC_001, DISC_002, RL_000, RL_001, RL_002,
    assert_applications, assert_disclosure, assert_review_litigation, repair_traditional, seed_text,
)


def _yunnan() -> str:
    """Seed 003 with the contamination undone (test-only, the way contamination/ will)."""
    return seed_text("003").replace("365体育备用网址", "政府信息公开").replace("365体育备用:", "云南省人民政府")


@pytest.fixture(scope="module")
def r000():
    return parse_report(repair_traditional(seed_text("000")))


@pytest.fixture(scope="module")
def r001():
    return parse_report(seed_text("001"))


@pytest.fixture(scope="module")
def r002():
    return parse_report(seed_text("002"))


@pytest.fixture(scope="module")
def r003():
    return parse_report(_yunnan())


@pytest.fixture(scope="module")
def r004():
    return parse_report(seed_text("004"))


# ---------------------------------------------------------------- 001 花溪区 2021

def test_001_applications(r001):
    assert_applications(r001, APPS_001)


def test_001_review_litigation(r001):
    assert_review_litigation(r001, RL_001)


def test_001_disclosure(r001):
    assert_disclosure(r001, DISC_001)
    fees = next(f for f in r001.active_disclosure if f.item == "fees")
    assert fees.unit == "万元" and fees.source.section == "二" and fees.source.label == "行政事业性收费"


def test_001_meta_and_checks(r001):
    assert (r001.format, r001.year, r001.unit_name) == ("2021", 2021, "花溪区人民政府")
    assert r001.parse_status == "ok" and r001.parse_errors == []
    checks = {q.check: q for q in r001.quality_checks}
    for name in ("applications_balance", "applications_results_sum", "applications_applicant_sum",
                 "applications_other_sum", "review_litigation_sum"):
        assert checks[name].passed, checks[name]


def test_001_provenance(r001):
    f = next(f for f in r001.applications if f.row_code == "unavailable_not_held" and f.applicant == "total")
    assert f.source.section == "三" and f.source.label == "1.本机关不掌握相关政府信息"
    assert f.source.column == 6
    assert seed_text("001").split("\n")[f.source.line - 1].startswith("72")


# ---------------------------------------------------------------- 002 泾源县 2020

def test_002_applications(r002):
    assert_applications(r002, APPS_002)


def test_002_split_label_row(r002):
    f = [f for f in r002.applications if f.row_code == "not_processed_petition"]
    assert len(f) == 7 and f[0].source.label == "1.信访举报投诉"


def test_002_review_litigation(r002):
    assert_review_litigation(r002, RL_002)


def test_002_disclosure(r002):
    assert_disclosure(r002, DISC_002)
    amount = next(f for f in r002.active_disclosure if f.measure == "amount_wan_yuan")
    assert amount.unit == "万元"


def test_002_meta(r002):
    assert (r002.format, r002.year, r002.unit_name) == ("2019", 2020, "泾源县人民政府")
    assert r002.parse_status == "ok"
    assert all(q.passed for q in r002.quality_checks)


# ---------------------------------------------------------------- 000 武定县 2020 (Traditional mirror)

def test_000_repaired_numbers(r000):
    assert_applications(r000, APPS_000)
    assert_review_litigation(r000, RL_000)
    assert_disclosure(r000, DISC_000)
    assert (r000.format, r000.year, r000.unit_name) == ("2019", 2020, "武定县人民政府")
    assert r000.parse_status == "ok"


def test_000_raw_traditional_text_parses_too():
    r = parse_report(seed_text("000"))
    assert_applications(r, APPS_000)
    assert_review_litigation(r, RL_000)
    assert_disclosure(r, DISC_000)
    assert (r.format, r.year, r.unit_name) == ("2019", 2020, "武定县人民政府")


# ---------------------------------------------------------------- 003 云南省 2018 (legacy, prose)

def test_003_prose_headlines(r003):
    assert (r003.format, r003.year, r003.unit_name) == ("legacy", 2018, "云南省人民政府")
    assert r003.published_date == "2019-12-19"
    apps = {(f.row_code, f.applicant): f.value for f in r003.applications}
    assert apps == {("new_received", "total"): 3605, ("granted", "total"): 1240,
                    ("partially_granted", "total"): 146}
    rl = {(f.proceeding, f.outcome): f.value for f in r003.review_litigation}
    assert rl == {("review", "total"): 105, ("review", "upheld"): 42, ("review", "corrected"): 32,
                  ("review", "other"): 31, ("litigation", "total"): 102, ("litigation", "upheld"): 48,
                  ("litigation", "corrected"): 9, ("litigation", "other"): 45}
    assert all(f.source.section == "prose" for f in r003.applications)
    assert r003.parse_status == "ok"
    check = next(q for q in r003.quality_checks if q.check == "review_litigation_sum")
    assert check.passed


def test_003_contaminated_raw_does_not_break():
    r = parse_report(seed_text("003"))
    assert r.format == "legacy" and r.year == 2018
    assert {(f.row_code, f.value) for f in r.applications} >= {("new_received", 3605)}


# ---------------------------------------------------------------- 004 华安县 2017 (legacy, 附表)

def test_004_annex(r004):
    assert (r004.format, r004.year, r004.unit_name) == ("legacy", 2017, "华安县人民政府办公室")
    assert r004.published_date == "2018-01-09"
    main = [i for i in r004.legacy_indicators if i.indicator == "主动公开文件数"]
    assert {(i.value, i.cumulative) for i in main} == {(410, False), (1879, True)}
    assert all(i.source.section == "legacy" for i in main)
    names = {i.indicator for i in r004.legacy_indicators}
    # blank 附表 rows give no indicator rows
    assert names == {"主动公开文件数", "其中:1.政府网站公开数"}
    assert r004.applications == [] and r004.review_litigation == []
    assert r004.parse_status == "ok"


@pytest.mark.parametrize("prefix,year,fmt", [("000", 2020, "2019"), ("001", 2021, "2021"),
                                              ("002", 2020, "2019"), ("003", 2018, "legacy"),
                                              ("004", 2017, "legacy")])
def test_year_and_format_detection(prefix, year, fmt):
    text = _yunnan() if prefix == "003" else seed_text(prefix)
    r = parse_report(text)
    assert (r.year, r.format) == (year, fmt)
