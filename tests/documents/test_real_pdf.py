"""The real 淮安市人民政府 2024 report (a 6-page PDF): every figure of 表三 and 表四,
read by hand from the printed pages, through `govlake inspect --json`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

PDF = REPO.parent / "shared" / "real" / "huaian_2024_szfgs.pdf"
pytestmark = pytest.mark.skipif(not PDF.is_file(),
                                reason="real report ../shared/real/huaian_2024_szfgs.pdf not available")

APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service",
              "other_org", "total")
# 表三, row by row as printed (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计),
# and the page each row stands on (the table runs from page 4 onto page 5)
TABLE_3 = {
    "new_received": ((3001, 53, 0, 0, 61, 4, 3119), 4),
    "carried_over": ((34, 0, 0, 0, 0, 0, 34), 4),
    "granted": ((1288, 21, 0, 0, 50, 3, 1362), 4),
    "partially_granted": ((447, 7, 0, 0, 0, 0, 454), 4),
    "denied_state_secret": ((2, 0, 0, 0, 0, 0, 2), 4),
    "denied_prohibited_by_law": ((30, 1, 0, 0, 0, 0, 31), 4),
    "denied_three_safety_one_stability": ((5, 0, 0, 0, 0, 0, 5), 4),
    "denied_third_party_rights": ((6, 0, 0, 0, 0, 0, 6), 4),
    "denied_internal_affairs": ((7, 1, 0, 0, 0, 0, 8), 4),
    "denied_process_info": ((12, 0, 0, 0, 0, 0, 12), 4),
    "denied_enforcement_files": ((9, 0, 0, 0, 0, 0, 9), 4),
    "denied_administrative_query": ((105, 0, 0, 0, 0, 0, 105), 4),
    "unavailable_not_held": ((746, 12, 0, 0, 10, 1, 769), 4),
    "unavailable_needs_creation": ((11, 0, 0, 0, 0, 0, 11), 5),
    "unavailable_unclear": ((1, 0, 0, 0, 0, 0, 1), 5),
    "not_processed_petition": ((56, 6, 0, 0, 0, 0, 62), 5),
    "not_processed_duplicate": ((25, 0, 0, 0, 0, 0, 25), 5),
    "not_processed_publication": ((0, 0, 0, 0, 0, 0, 0), 5),
    "not_processed_excessive": ((0, 0, 0, 0, 0, 0, 0), 5),
    "not_processed_confirmation": ((1, 0, 0, 0, 0, 0, 1), 5),
    "other_overdue_correction": ((67, 3, 0, 0, 1, 0, 71), 5),
    "other_overdue_fee": ((6, 0, 0, 0, 0, 0, 6), 5),
    "other_misc": ((108, 2, 0, 0, 0, 0, 110), 5),
    "results_total": ((2932, 53, 0, 0, 61, 4, 3050), 5),
    "carried_forward": ((103, 0, 0, 0, 0, 0, 103), 5),
}
# （六）其他处理 in the 2021 template is the sum of its three sub-rows
OTHER = (67 + 6 + 108, 3 + 0 + 2, 0, 0, 1, 0, 71 + 6 + 110)
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
# 表四 on page 5: 行政复议; 未经复议直接起诉; 复议后起诉
TABLE_4 = {
    "review": (72, 64, 178, 37, 351),
    "litigation_direct": (13, 4, 8, 1, 26),
    "litigation_after_review": (12, 1, 1, 6, 20),
    "litigation": (25, 5, 9, 7, 46),   # all litigation: the two added (as 第二部分 says: 46 件)
}


@pytest.fixture(scope="module")
def result():
    proc = subprocess.run([sys.executable, "-m", "govlake.cli", "inspect", str(PDF), "--json"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_report_identity(result):
    rep = result["report"]
    assert rep["unit_name"] == "淮安市人民政府"
    assert (rep["year"], rep["format"], rep["format_source"]) == (2024, "2021", "tables")
    assert (rep["province_key"], rep["region_code"], rep["admin_level"]) == ("jiangsu", "3208",
                                                                           "prefecture")
    assert rep["document_kind"] == "pdf"
    assert rep["parse_status"] == "ok" and rep["parse_errors"] == []
    assert all(q["passed"] for q in result["quality_checks"]) and len(result["quality_checks"]) == 5


def test_every_figure_of_table_3_with_its_page(result):
    apps = result["facts"]["applications"]
    where = result["provenance"]["applications"]
    expected = {code: values for code, (values, _) in TABLE_3.items()} | {"other": OTHER}
    assert set(apps) == set(expected)
    for code, values in expected.items():
        assert apps[code] == dict(zip(APPLICANTS, values)), code
    for code, (_, page) in TABLE_3.items():
        for col, applicant in enumerate(APPLICANTS):
            w = where[code][applicant]
            assert (w["page"], w["section"], w["column"]) == (page, "三", col), (code, applicant, w)


def test_every_figure_of_table_4_with_its_page(result):
    rl = result["facts"]["review_litigation"]
    where = result["provenance"]["review_litigation"]
    assert rl == {p: dict(zip(OUTCOMES, v)) for p, v in TABLE_4.items()}
    for proceeding in ("review", "litigation_direct", "litigation_after_review"):
        for outcome in OUTCOMES:
            assert where[proceeding][outcome]["page"] == 5
            assert where[proceeding][outcome]["section"] == "四"


def test_section_2_figures(result):
    disc = result["facts"]["active_disclosure"]
    assert disc["rules"] == {"issued": 1, "repealed": 0, "in_force": 11}
    assert disc["normative_docs"] == {"issued": 8, "repealed": 26, "in_force": 66}
    assert disc["licensing"] == {"decisions": 447228}
    assert disc["penalty"] == {"decisions": 3985758}
    assert disc["enforcement"] == {"decisions": 88283}
    assert disc["fees"] == {"amount_wan_yuan": 96171.6}
    assert result["provenance"]["active_disclosure"]["licensing"]["decisions"]["page"] == 3
    assert result["provenance"]["active_disclosure"]["penalty"]["decisions"]["page"] == 4
