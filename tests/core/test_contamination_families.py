"""Contamination that generalizes beyond the seeds' brands: mirror hosts, families of
spam names, brands in the slot of a place name, spliced symbols — and the ordinary
government wording that must stay clean. Examples follow real copies in
tests/data/real/ (their URLs are named where one is the model)."""

from __future__ import annotations

import pytest

from govlake.contamination import analyze
from govlake.contamination.mirrors import cms_shape, is_official_source, mirror_signal


# ---------------------------------------------------------------- mirror hosts

def test_mirror_host_names_the_cms_path_it_kept():
    # a real farm copy of 抚州's site: http://iaands.org/art/2024/1/22/art_23998_4136577.html
    r = analyze("抚州市政务服务管理局2023年政府信息公开工作年度报告",
                url="http://iaands.org/art/2024/1/22/art_23998_4136577.html")
    assert r.is_spam and r.signal_kinds == {"mirror_host"}
    (s,) = r.signals
    assert s.evidence == "iaands.org (government CMS path kept: /art/2024/1/22/art_23998)"
    assert s.location == "url" and s.weight == 0.9


def test_mirror_host_without_a_cms_path_still_counts():
    r = analyze("某县人民政府2022年政府信息公开工作年度报告", url="https://dyrmt.com/article-138902-1.html")
    assert r.is_spam and [x.evidence for x in r.signals] == ["dyrmt.com (not a government host)"]


@pytest.mark.parametrize("url", ["http://www.huaxi.gov.cn/zwgk/a.html", "https://xxgk.yn.gov.cn/x",
                                 "http://gov.cn/a", None, ""])
def test_official_or_unknown_hosts_give_no_host_signal(url):
    r = analyze("某县人民政府2022年政府信息公开工作年度报告", url=url)
    assert not r.is_spam and r.signals == []


def test_gov_cn_lookalikes_are_not_official():
    assert not is_official_source("gov.cn.example.com")
    assert not is_official_source("www.xxgov.cn")
    assert is_official_source("WWW.Huaxi.GOV.CN.")


def test_the_allowlist_is_configurable(monkeypatch):
    assert mirror_signal("http://www.example-official.org.cn/a", "www.example-official.org.cn")
    monkeypatch.setenv("GOVLAKE_OFFICIAL_HOSTS", "example-official.org.cn, other.cn")
    assert mirror_signal("http://www.example-official.org.cn/a", "www.example-official.org.cn") is None
    assert is_official_source("other.cn") and not is_official_source("notother.cn")


@pytest.mark.parametrize("url,shape", [
    ("http://x.com/art/2020/2/28/art_1229_42.html", "/art/2020/2/28/art_1229"),
    ("http://x.com/xxgk/202301/t20230116_4412.html", "/xxgk"),
    ("http://x.com/a/b/202301/t20230116_4412.html", "/202301/t20230116_4412"),
    ("http://x.com/zfxxgk/content/post_2244455.html", "/zfxxgk"),
    ("http://x.com/news/2020/hello.html", None),
])
def test_cms_path_shapes(url, shape):
    assert cms_shape(url) == shape


# ---------------------------------------------------------------- families of spam names

@pytest.mark.parametrize("text", [
    # brands none of the seeds carry, each from a real copy
    "为进一步推进英国威廉希尔公司,十大博彩公司工作,现将报告公布如下。",
    "严格落实海棠直播公开的相关规定,不断规范海棠直播公开内容。",
    "主动买球网站买球网站信息情况主要从以下几方面开展。",
    "四川省德赢VWIN信息公开办公室负责本报告的编制工作。",
    "皇冠体育,皇冠体育平台区人民政府办公室2023年政府信息公开工作年度报告",
    # family members no list names: a trade word joined to a site word
    "本单位通过金沙娱乐城官网和彩票app下载平台发布信息。",
    "亚洲av无码专区 午夜影院 2022年政府信息公开工作年度报告",
])
def test_spam_families_flag_unseen_brands(text):
    r = analyze(text)
    assert r.is_spam, r.signals


@pytest.mark.parametrize("text", [
    "市民政局负责福利彩票发行管理,全年筹集福利彩票公益金2300万元。",
    "体育彩票公益金用于全民健身设施建设,省体育彩票管理中心开展销售管理。",
    "联合公安部门开展打击赌博专项行动,查处涉赌案件12起,打击六合彩等非法彩票活动。",
    "市成人教育中心开展成人高考报名咨询,市场监督管理局参与娱乐场所检查。",
    "加强福利彩票市场管理,规范彩票销售行为,县民政局、区体育局配合。",
    "通过政务服务平台,市政府办公室统一发布政府信息。",
    "组织开展群众性文化娱乐活动,建设县域文化娱乐设施。",
])
def test_government_usage_stays_clean(text):
    r = analyze(text)
    assert not r.is_spam and r.spam_score < 0.5, r.signals


# ---------------------------------------------------------------- brand in the place slot

@pytest.mark.parametrize("text,brand", [
    ("现将中国体育彩票市统计局2019年政府信息公开工作年度报告向社会公布。", "中国体育彩票"),
    ("英国威廉希尔公司市人民政府2021年政府信息公开工作年度报告", "威廉希尔公司"),
    ("一、总体情况。手机彩票网文化和旅游局严格对照政务信息公开自查的内容", "彩票网"),
])
def test_brand_in_the_slot_of_a_place(text, brand):
    r = analyze(text)
    slot = [s for s in r.signals if s.kind == "brand_in_place_slot"]
    assert r.is_spam and slot and brand in slot[0].evidence, r.signals


# ---------------------------------------------------------------- spliced symbols

def test_symbols_spliced_between_characters():
    text = "本年度政府★信息公开工作按照条例要求,主动㊣公开各类信息,依申请✔公开办理及时。"
    r = analyze(text)
    kinds = [s.kind for s in r.signals]
    assert kinds.count("spliced_symbols") == 3 and r.spam_score > 0.5


def test_bullets_and_a_single_symbol_are_not_splices():
    text = "★一、总体情况\n●主动公开信息120条\n本年度政府★信息公开工作按条例开展。"
    assert analyze(text).signals == []


def test_masked_figures():
    # http://www.zhongcaigou.com/… : an aggregator masked every digit
    text = ("全年发布**条重点项目推进信息。全年线上办理**件事项。****年度新收依申请公开申请数*件,"
            "结果维持*件。")
    r = analyze(text)
    assert r.is_spam and {s.kind for s in r.signals} == {"spliced_symbols"}
