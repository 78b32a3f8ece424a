"""Detectors and repairs on small hand-written texts: the innocent vocabulary, script
conversion, gloss stripping, hosts, and the API's promises (pure, never raises, fast)."""

from __future__ import annotations

import time

from govlake.contamination import Repair, Signal, analyze
from govlake.contamination import hosts, lexicon, pinyin_gloss, script
from govlake.normalize import normalize_text

INNOCENT = normalize_text(
    "根据《中华人民共和国政府信息公开条例》,现公布本局2021年政府信息公开工作年度报告。"
    "全年销售福利彩票3.2亿元,体育彩票销售额增长12%,筹集彩票公益金9800万元。"
    "公安机关依法打击赌博违法犯罪,严厉打击六合彩等私彩活动,取缔非法棋牌室7家。"
    "教育局公开了成人教育、成人高考招生信息;本土作家处女作入选年度优秀图书。"
    "全年365天不打烊,通过中国政府网(www.gov.cn)和本机关门户网站(http://www.xa.gov.cn)发布信息。"
)


def test_innocent_government_vocabulary_not_flagged():
    r = analyze(INNOCENT, title="某市民政局2021年政府信息公开工作年度报告")
    assert not r.is_spam, r.signals
    assert r.signals == []
    assert r.repaired_text == INNOCENT and not r.repaired


def test_each_innocent_word_alone():
    for word in ("福利彩票", "体育彩票", "打击赌博", "成人教育", "处女作", "打击六合彩", "棋牌室", "黄赌毒", "赌场"):
        r = analyze(f"本机关依法公开政府信息,{word}相关信息已按要求公开。")
        assert not r.is_spam, (word, r.signals)


def test_single_weak_word_never_flags():
    r = analyze("本单位年度工作中涉及六合彩的信息一条,已依法处理。")
    assert not r.is_spam and r.spam_score < 0.5


def test_lexicon_strong_and_allowlisted():
    hits = lexicon.find_hits("对于各领域公开的信息进行梳理汇总,广东快乐十分官方网:清晰明了")
    assert [(h.strong, "对于各领域公开的信息进行梳理汇总,广东快乐十分官方网:清晰明了"[h.start:h.span_end]) for h in hits] \
        == [(True, "广东快乐十分官方网:")]
    assert lexicon.find_hits("积极发展福利彩票事业,打击六合彩,成人教育") == []


def test_qianxian_not_converted_in_simplified_text():
    text = "乾县人民政府2021年政府信息公开工作年度报告。乾县位于陕西省咸阳市。"
    r = analyze(text)
    assert r.script == "simplified"
    assert "乾县" in r.repaired_text and "干县" not in r.repaired_text
    assert not r.is_spam


def test_traditional_detection_and_safe_conversion():
    trad = "乾縣人民政府根據《中華人民共和國政府信息公開條例》的要求,編制本年度報告,數據統計時間為全年。"
    assert script.detect_script(trad) == "traditional"
    assert script.detect_script("根据《中华人民共和国政府信息公开条例》的要求编制本年度报告") == "simplified"
    out = script.to_simplified(trad)
    assert out.startswith("乾县人民政府根据《中华人民共和国政府信息公开条例》")
    r = analyze(trad)
    assert r.script == "traditional" and "数据统计" in r.repaired_text and "乾县" in r.repaired_text


def test_gloss_only_when_reading_of_previous_char():
    text = "根據(jù)規定,(一)主動公開(試行),項目(PPP)和網(wǎng)站,數(ān)據"
    found = [m.group(0) for m in pinyin_gloss.find_glosses(text)]
    assert found == ["據(jù)", "網(wǎng)"]  # (ān) is not a reading of 數
    stripped, edits = pinyin_gloss.strip_glosses(text)
    assert stripped == "根據規定,(一)主動公開(試行),項目(PPP)和網站,數(ān)據"
    assert len(edits) == 2


def test_hosts():
    assert hosts.is_official("www.huaxi.gov.cn") and hosts.is_official("www.people.com.cn")
    assert not hosts.is_official("www.uqngq.com.cn")
    r = analyze("本报告电子版可在某县人民政府门户网站(http://www.abcde.com)下载。", url="http://www.abcde.com/a.html")
    assert {"rewritten_url", "mirror_host"} <= r.signal_kinds and r.is_spam
    # an intact text on a non-government host is a mirror copy: contaminated (docs/DOMAIN.md §4)
    r = analyze("本报告电子版可在某县人民政府门户网站(http://www.mx.gov.cn)下载。", url="http://mirror.example.com/a")
    assert r.signal_kinds == {"mirror_host"} and r.is_spam
    assert [(s.location, s.evidence) for s in r.signals] == [("url", "mirror.example.com (not a government host)")]


def test_title_injection_only_for_spam_tails():
    r = analyze("正文。", title="花溪区2021年政府信息公开工作年度报告 - 花溪区人民政府")
    assert not r.is_spam and r.repaired_title == "花溪区2021年政府信息公开工作年度报告 - 花溪区人民政府"
    r = analyze("正文。", title="花溪区2021年政府信息公开工作年度报告_365体育备用")
    assert r.is_spam and r.repaired_title == "花溪区2021年政府信息公开工作年度报告"


def test_a_table_row_of_empty_cells_is_no_title_tail():
    # jiande.gov.cn's page opens with its metadata table, one row a line: the tail "| ||"
    # is only separators (it was read as an injected title: a clean report flagged)
    from govlake.contamination.injection import title_injection

    assert title_injection("索引号: | 002516748/2022-23645 | 公开方式: | 主动公开 | ||") is None
    r = analyze("一、总体情况\n2021年,我局认真贯彻落实条例。",
                title="索引号: | 002516748/2022-23645 | 公开方式: | 主动公开 | ||")
    assert not r.is_spam
    assert title_injection("年度报告 | ||_365体育备用").strong


def test_never_raises_and_types():
    for bad in (None, "", 123, "\x00" * 10, "(((" * 1000, "365" * 5000, b"bytes"):
        r = analyze(bad, title=42, url="::::", unit_name=[])  # type: ignore[arg-type]
        assert 0.0 <= r.spam_score <= 1.0
    r = analyze("广东快乐十分官方网:清晰明了,这是一个测试句子。")
    assert all(isinstance(s, Signal) for s in r.signals)
    assert all(isinstance(x, Repair) for x in r.repairs)
    d = r.to_dict()
    assert d["signals"][0].keys() == {"kind", "evidence", "location", "weight"}
    assert r.repairs[0].to_dict().keys() == {"kind", "before", "after", "offset"}


def test_fast_on_50kb():
    para = INNOCENT.replace("。", "。\n") * 1
    text = (para * (50_000 // len(para.encode("utf-8")) + 1))[:17_000]
    analyze(text)
    t0 = time.perf_counter()
    analyze(text)
    assert time.perf_counter() - t0 < 0.1
