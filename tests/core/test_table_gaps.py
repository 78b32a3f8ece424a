"""Which rows of section 三 count as gaps (rows the HTML grid must check).

A row of trafilatura's grid as wide as the header line, its seven figures exactly
under 自然人 … 总计 and every other cell truly empty (its label's colspan), reads each
figure under its own header: no gap, the grid is not read (half the template pages
carry such rows). Anything else — a figure outside those columns, a row of another
width, a blank mark, a figure missing — stays a gap.
"""

from __future__ import annotations

import pytest

from govlake.parsing import parse_report
from govlake.parsing.applications import find_start, parse_applications_at
from govlake.parsing.cells import build_cells

HEAD = """三、收到和处理政府信息公开申请情况
| (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | | | 申请人情况 | | | | | | |
| | | | 自然人 | 法人或其他组织 | | | | | 总计 |
| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |
"""
CARRIED = "| 二、上年结转政府信息公开申请数量 | | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"


def _read(row: str):
    cells = build_cells(HEAD + row + CARRIED)
    gaps: list[str] = []
    facts, _, errors = parse_applications_at(cells, find_start(cells), gaps)
    new = {f.applicant: f.value for f in facts if f.row_code == "new_received"}
    return gaps, new, errors


def test_row_under_its_header_is_no_gap():
    gaps, new, _ = _read("| 一、本年新收政府信息公开申请数量 | | | 14 | 0 | 0 | 1 | 0 | 2 | 17 |\n")
    assert gaps == []
    assert new == {"natural_person": 14, "commercial": 0, "research": 0, "social_org": 1,
                   "legal_service": 0, "other_org": 2, "total": 17}


@pytest.mark.parametrize("row", [
    # one figure missing: the six stand one column right of their headers
    "| 一、本年新收政府信息公开申请数量 | | | | 14 | 0 | 0 | 1 | 0 | 2 |\n",
    # a row one cell wider than the header line
    "| 一、本年新收政府信息公开申请数量 | | | | 14 | 0 | 0 | 1 | 0 | 2 | 17 |\n",
    # a blank mark where a figure belongs
    "| 一、本年新收政府信息公开申请数量 | | | - | 0 | 0 | 1 | 0 | 2 | 3 |\n",
    # a figure in the label's padding
    "| 一、本年新收政府信息公开申请数量 | | 5 | 14 | 0 | 0 | 1 | 0 | 2 | 17 |\n",
])
def test_other_rows_stay_gaps(row):
    gaps, _, _ = _read(row)
    assert "三/new_received" in gaps


def test_header_columns_must_be_seven_apart():
    # a header whose 总计 is not six columns after 自然人 proves nothing: the padded row
    # stays a gap and the grid is read
    head = HEAD.replace("| 法律服务机构 | 其他 | |", "| 法律服务机构 | 其他 | | |").replace(
        "| | | | | 总计 |", "| | | | | | 总计 |")
    cells = build_cells(head + "| 一、本年新收政府信息公开申请数量 | | | 14 | 0 | 0 | 1 | 0 | 2 | 17 |\n"
                        + CARRIED)
    gaps: list[str] = []
    parse_applications_at(cells, find_start(cells), gaps)
    assert "三/new_received" in gaps


def test_shifted_row_is_never_ok_through_parse_report():
    # the text reading alone (no HTML grid to check against) must not place six figures
    text = ("2021年度政府信息公开工作年度报告\n" + HEAD
            + "| 一、本年新收政府信息公开申请数量 | | | | 14 | 0 | 0 | 1 | 0 | 2 |\n" + CARRIED)
    r = parse_report(text)
    assert not [f for f in r.applications if f.row_code == "new_received"]
    assert any("positions unknown" in e for e in r.parse_errors), r.parse_errors
