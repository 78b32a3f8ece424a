"""A province from what a report states of itself — telephone area codes and the channels
it names — when a brand replaced its place and its host is a mirror's. The shapes are
real copies (tests/data/real/, ids in the comments)."""

from __future__ import annotations

import pytest

from govlake.geography.areacode import area_codes, stated_area_codes
from govlake.geography.channels import channel_clues
from govlake.geography.clues import stated_province
from govlake.pipeline import SourceRef, process


def _report(text: str, url: str) -> dict:
    _, placed = process(text.encode("utf-8"), SourceRef(filename="page.txt", source_url=url))
    return placed.report


def test_area_code_table_is_libphonenumbers():
    table = area_codes()
    assert len(table) == 320
    assert (table["010"], table["029"], table["0577"], table["0512"], table["0991"]) == (
        "beijing", "shaanxi", "zhejiang", "jiangsu", "xinjiang")
    assert table["0731"] == "hunan"      # 长沙, 湘潭, 株洲 share it
    assert "0490" not in table


@pytest.mark.parametrize("text,want", [
    ("地址:puroview.com县前路115号,电话0577-67222273。", ["0577"]),          # s029
    ("请联系:澳門賭場办公室,电话:0512-65241084。", ["0512"]),                # s002
    ("联系电话:029-84938351。", ["029"]),                                       # p034
    ("（0512）65241084", ["0512"]),
    ("电话：0577—67137027", ["0577"]),
    ("索引号 05776722227312", []),            # a run of digits is not a telephone
    ("发布于 2024011116350888835200000", []),
    ("电话：010-1234567", []),                # 010 numbers have eight digits
    ("电话：0490-1234567", []),               # not an area code
])
def test_stated_area_codes(text, want):
    assert stated_area_codes(text) == want


def test_area_codes_of_two_provinces_give_none():
    assert stated_province("电话0577-67137027,传真021-12345678") is None
    assert stated_province("电话0577-67137027,传真0577-67137028") == (
        "zhejiang", "the telephone area code 0577")


@pytest.mark.parametrize("text,want", [
    # a portal named with its place (t010, v008, g021)
    ("2024年通过根河市政府门户网站发布政府信息96条。", [("neimenggu", "根河市", "portal")]),
    ("通过衡南县政府网(www.qclgf.com)信息公开栏发布。", [("hunan", "衡南县", "portal")]),
    ("可以从“中国永嘉”门户网站(//www.puroview.com/)下载。", [("zhejiang", "永嘉", "portal")]),
    ("通过四川省政府信息公开目录管理系统发布126条政府信息。", [("sichuan", "四川省", "portal")]),
    # an account named for place + sector (h013, w032, t028)
    ("微信公众号“大余民政”制作发布推文99条。", [("jiangxi", "大余", "account")]),
    ("在“永嘉交通”微信公众号上发布信息91条。", [("zhejiang", "永嘉", "account")]),
    ("优化调整“淮安自然资源和规划”微信公众号栏目设置。", [("jiangsu", "淮安", "account")]),
    # a local paper (x009)
    ("继续深化与乐山日报社全媒体平台合作。", [("sichuan", "乐山", "media")]),
    # a cited document whose title opens with its issuer's place (m031)
    ("依据《浙江省政府信息公开暂行办法》等规定编制本报告。", [("zhejiang", "浙江省", "cited")]),
    # not clues: an account not named for a sector (平安 is 青海's 平安区), a name two
    # provinces share, a two-character name inside a longer word (更新县政府网站 is no 新县)
    ("镇微信公众号“平安乐安”上主动公开190余条。", []),
    ("微信公众号“吉安发布”推送。", [("jiangxi", "吉安", "account")]),
    ("及时完善和更新县政府网站。", []),
    ("通过市政府网站、省政府门户网站公开。", []),
])
def test_channel_clues(text, want):
    assert [(c.province_key, c.name, c.kind) for c in channel_clues(text)] == want


def test_stated_province_needs_every_clue_to_agree():
    assert stated_province("在“永嘉交通”微信公众号上发布。电话0577-67222273。") == (
        "zhejiang", "the telephone area code 0577; 永嘉 named as its account (“永嘉交通”微信)")
    # a telephone of one province and a portal of another: no province
    assert stated_province("通过衡南县政府网发布。电话0577-67222273。") is None
    # a postcode of one province and a telephone of another: no province
    assert stated_province("邮编:344000,电话0577-67222273。") is None
    assert stated_province("本局全年主动公开政府信息187条。") is None


def test_a_mirror_copy_is_placed_by_its_telephone_and_account():
    # w032: 永嘉县交通运输局's report on puroview.com, the county replaced by the domain
    text = ("puroview.com交通运输局2023年政府信息公开工作年度报告\n"
            "如对本年报有任何疑问,请与本单位政府信息公开受理机构联系,地址:puroview.com县前路115号,"
            "电话0577-67222273。\n一、总体情况\n2023年,我局严格按照《中华人民共和国政府信息公开条例》"
            "规范做好全局政府信息公开工作。在“永嘉交通”微信公众号上发布信息91条。\n")
    r = _report(text, "https://puroview.com/module/xxgk/xxgkAnnualReport.jsp?area=001008003014014")
    assert (r["province_key"], r["prefecture"], r["county"]) == ("zhejiang", None, None)
    assert r["is_spam"]


def test_a_named_place_wins_over_stated_clues():
    # the unit's own name places it; a telephone of another province does not move it
    text = ("泾源县人民政府2020年政府信息公开年报\n一、总体情况\n2020年,我县认真贯彻落实《条例》。"
            "联系电话:0577-67222273。\n")
    r = _report(text, "http://example.org/a.html")
    assert (r["province_key"], r["county"]) == ("ningxia", "泾源县")


def test_no_clue_names_a_wrong_province_on_the_development_pages():
    from govlake import realset
    from govlake.geography.names import clean_text

    seen = 0
    for rec in realset.load("dev"):
        want = rec["labels"]["province_key"]
        text = clean_text(rec["text"])
        codes = {area_codes()[c] for c in stated_area_codes(text)}   # read when they agree
        keys = {c.province_key for c in channel_clues(text)} | (codes if len(codes) == 1 else set())
        seen += bool(keys)
        assert keys <= {want}, (rec["id"], keys, want)
    assert seen >= 30   # the clues are there to be read on real pages
