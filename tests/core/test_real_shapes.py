"""Shapes met on real web copies (tests/data/real/) that the synthetic corpus never made:
the template's format when no table is seen, headers Word broke over two lines, titles
that start with the place, a title spelt only in a wiki URL, a province from a postcode."""

from __future__ import annotations

import pytest

from govlake.cleaning import title_from_url
from govlake.geography.clues import stated_province
from govlake.geography.postcode import province_of_postcode, stated_postcodes
from govlake.parsing import parse_report
from govlake.pipeline import SourceRef, process


def _report(text: str, url: str | None = None) -> dict:
    _, placed = process(text.encode("utf-8"), SourceRef(filename="page.txt", source_url=url))
    return placed.report


@pytest.mark.parametrize("year,fmt", [(2016, "legacy"), (2018, "legacy"), (2019, "2019"),
                                      (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_format_from_the_year_when_no_table_is_seen(year, fmt):
    text = (f"某县人民政府{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年,我县认真贯彻落实"
            "《中华人民共和国政府信息公开条例》,全年主动公开政府信息1200条。\n二、主动公开政府信息情况\n")
    r = parse_report(text)
    assert (r.year, r.format, r.format_source) == (year, fmt, "year")


def test_format_from_the_tables_beats_the_year():
    # a 2022 report on 2019 columns (real: c001 and c010 of the development set)
    text = ("2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
            "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n规章 | 0 | 0 | 0\n"
            "规范性文件 | 3 | 3 | 12\n")
    r = parse_report(text)
    assert (r.format, r.format_source) == ("2019", "tables")


def test_a_year_unknown_and_no_table_leaves_the_format_unknown():
    r = parse_report("政府信息公开工作情况\n全年主动公开政府信息1200条,办理依申请公开12件。")
    assert (r.format, r.format_source) == (None, None)


def test_header_cells_word_broke_over_two_lines():
    # 彰武县 2019 (https://www.fuxin.gov.cn/content/2020/129326.html), as the page's text reads
    text = ("2019年彰武县政府办公室信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
            "信息内容\n本年新\n制作数量\n本年新\n公开数量\n对外公开总数量\n规章\n  0\n 0\n 0\n"
            "规范性文件\n 181\n 121\n 121\n")
    r = parse_report(text)
    got = {(f.item, f.measure): f.value for f in r.active_disclosure}
    assert got == {("rules", "issued"): 0, ("rules", "published"): 0, ("rules", "total_public"): 0,
                   ("normative_docs", "issued"): 181, ("normative_docs", "published"): 121,
                   ("normative_docs", "total_public"): 121}


def test_header_cells_whose_second_line_was_lost_are_read_in_template_order():
    # 大余县民政局 2020 and 宜春市审计局 2019 (fresh2 h013, h046): both 本年新… headers cut to
    # 本年新; the 2019 template fixes their order, 新制作 then 新公开
    text = ("2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 | |||\n"
            "信息内容 | 本年新 | 本年新 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n规范性文件 | 82 | 7 | 3 |\n")
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "issued"): 0, ("rules", "published"): 0, ("rules", "total_public"): 0,
                   ("normative_docs", "issued"): 82, ("normative_docs", "published"): 7,
                   ("normative_docs", "total_public"): 3}
    # a cut header that is not the template's (本年新 | 合计): only the column understood is read
    text = text.replace("本年新 | 本年新 |", "本年新 | 合计 |")
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "total_public"): 0, ("normative_docs", "total_public"): 3}


def test_a_year_inside_the_column_labels():
    # 绍兴市越城区东湖街道 2023 (fresh2 h067): 本年(2023)制发件数
    text = ("2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 | |||\n"
            "信息内容 | 本年(2023)制发件数 | 本年(2023)废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n"
            "规范性文件 | 2 | 1 | 9 |\n")
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "issued"): 0, ("rules", "repealed"): 0, ("rules", "in_force"): 0,
                   ("normative_docs", "issued"): 2, ("normative_docs", "repealed"): 1,
                   ("normative_docs", "in_force"): 9}


@pytest.mark.parametrize("title,unit", [
    ("2009上海市政府信息公开工作年度报告", "上海市人民政府"),
    ("东台市2013年度政府信息公开工作年度报告", "东台市人民政府"),
    ("市政府信息公开工作年度报告", None),
])
def test_titles_that_start_with_the_place(title, unit):
    assert parse_report("一、总体情况\n本年度,我市主动公开政府信息1200条。", title=title).unit_name == unit


def test_a_title_spelt_only_in_the_url():
    url = ("https://jendow.com.tw/wiki/2009%E4%B8%8A%E6%B5%B7%E5%B8%82%E6%94%BF%E5%BA%9C%E4%BF%A1"
           "%E6%81%AF%E5%85%AC%E9%96%8B%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E5%A0%B1%E5%91%8A")
    assert title_from_url(url) == "2009上海市政府信息公開工作年度報告"
    assert title_from_url("http://www.huaxi.gov.cn/zwgk/t20220131_1.html") is None
    r = _report("一、概述\n2009年,本市各级政府部门坚持以公开为原则。", url)
    assert (r["province_key"], r["admin_level"], r["year"]) == ("shanghai", "province", 2009)
    assert r["is_spam"]  # a wiki scraper's copy is a mirror


@pytest.mark.parametrize("text,postcodes,province", [
    ("联系地址:某路8号;邮编:344000;联系电话:0794-1234567", [("344000", "jiangxi")], "jiangxi"),
    ("邮政编码:637300", [("637300", "sichuan")], "sichuan"),
    ("邮编:100010 ……邮编:100020", [("100010", "beijing"), ("100020", "beijing")], "beijing"),
    ("邮编:344000 ……邮编:637300",              # two provinces: no answer
     [("344000", "jiangxi"), ("637300", "sichuan")], None),
    ("联系电话:0794-1234567", [], "jiangxi"),   # no postcode: the telephone alone
    ("邮编:999077", [("999077", None)], None),  # not a mainland province's prefix
])
def test_postcode_province(text, postcodes, province):
    assert [(c, province_of_postcode(c)) for c in stated_postcodes(text)] == postcodes
    assert (stated_province(text) or (None,))[0] == province


def test_a_postcode_places_only_what_nothing_else_does():
    # 抚州's pages with the place replaced by a brand (http://www.iaands.org/art/2018/1/10/…)
    r = _report("英国威廉希尔公司市公路局2017年度政府信息公开工作年度报告\n如对本报告有疑问,请与我局"
                "联系(地址:某路8号;邮编:344000)。")
    assert r["province_key"] == "jiangxi" and r["prefecture"] is None
    # a named place wins over a postcode of another province
    r = _report("泾源县人民政府2020年政府信息公开年报\n联系地址:某路8号;邮编:344000。")
    assert (r["province_key"], r["county"]) == ("ningxia", "泾源县")


def _apps(r, row: str) -> dict:
    return {f.applicant: f.value for f in r.applications if f.row_code == row}


def test_a_row_whose_blank_cell_was_dropped_is_not_read():
    # one cell per line ending in '|' (花溪区 2021's shape): a blank cell leaves no line,
    # so the row's six figures could stand in any six of its seven columns
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 |\n117 |\n|\n0 |\n0 |\n"
            "0 |\n0 |\n125 | ||\n二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 | ||\n")
    r = parse_report(text)
    assert _apps(r, "new_received") == {}
    assert _apps(r, "carried_over") == dict.fromkeys(
        ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org",
         "total"), 0)
    assert r.parse_status != "ok"
    assert any("一、本年新收政府信息公开申请数量: 6 figures in 8 cells for 7 columns" in e
               for e in r.parse_errors)


def test_a_tab_row_with_label_padding_and_dash_blanks_is_read_by_position():
    text = ("三、收到和处理政府信息公开申请情况\n"
            "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
            "一、本年新收政府信息公开申请数量\t\t\t15\t1\t-\t-\t-\t-\t16\n"
            "二、上年结转政府信息公开申请数量\t\t\t0\t-\t-\t-\t-\t-\t0\n")
    r = parse_report(text)
    assert _apps(r, "new_received") == {"natural_person": 15, "commercial": 1, "total": 16}
    assert _apps(r, "carried_over") == {"natural_person": 0, "total": 0}


def test_normative_documents_in_a_taiwan_phrase_rendering():
    # a mirror's s2twp copy (fresh5 p032, 武漢市退役軍人事務局 2021): 行政規範性文件 → 行政規範性檔案
    text = ("2021年政府信息公開工作年度報告\n二、主動公開政府信息情況\n第二十條第(一)項\n信息內容\n本年制發件數\n"
            "本年廢止件數\n現行有效件數\n規章\n0\n0\n0\n行政規範性檔案\n2\n1\n7\n")
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got[("normative_docs", "issued")] == 2 and got[("normative_docs", "in_force")] == 7
    assert got[("normative_docs", "repealed")] == 1
