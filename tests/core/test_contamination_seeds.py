"""Acceptance on the five seed copies: which are flagged, with which evidence, and the repairs."""

from __future__ import annotations

import pytest

from govlake.contamination import analyze
from govlake.contamination.seeds import load_seed



@pytest.fixture(scope="module")
def results():
    return {p: analyze(load_seed(p)) for p in ("000", "001", "002", "003", "004")}


def test_clean_seeds_not_flagged(results):
    for p in ("001", "002"):
        r = results[p]
        assert not r.is_spam and r.spam_score < 0.5, (p, r.signals)
        assert r.signals == [] and not r.repaired
        assert r.repaired_text == load_seed(p)
        assert r.script == "simplified"


def test_contaminated_seeds_flagged_with_their_kinds(results):
    assert results["000"].is_spam and results["000"].signal_kinds == {"traditional_pinyin", "rewritten_url"}
    assert results["003"].is_spam
    assert {"phrase_substitution", "gambling_lexicon", "title_injection"} <= results["003"].signal_kinds
    assert results["004"].is_spam
    assert {"title_injection", "spliced_phrase", "gambling_lexicon", "word_salad", "rewritten_url"} \
        <= results["004"].signal_kinds
    for p in ("000", "003", "004"):
        assert results[p].spam_score >= 0.9


def test_evidence_is_checkable(results):
    raw = {p: load_seed(p) for p in results}
    r = results["003"]
    sub = [s for s in r.signals if s.kind == "phrase_substitution"]
    assert any("《中华人民共和国365体育备用网址条例》" in s.evidence and "→ 政府信息公开" in s.evidence for s in sub)
    assert any("365体育备用:" in s.evidence and "云南省人民政府" in s.evidence for s in sub)
    for p, r in results.items():
        lines = raw[p].split("\n")
        for s in r.signals:
            assert s.location.startswith("line ") or s.location in ("title", "url")
            if s.kind in ("gambling_lexicon", "rewritten_url"):
                n = int(s.location.split()[1])
                assert s.evidence.replace(" (weak)", "") in lines[n - 1], s
    r4 = results["004"]
    salad = [s for s in r4.signals if s.kind == "word_salad"]
    assert salad and "站点圣庙帮狗吃食" in salad[0].evidence and salad[0].location == "line 10"
    assert any(s.evidence == "- 广东快乐十分官方网" and s.location == "line 1" for s in r4.signals)
    assert any("www.uqngq.com.cn" in s.evidence for s in r4.signals if s.kind == "rewritten_url")
    r0 = results["000"]
    assert any(s.evidence == "據(jù)" for s in r0.signals if s.kind == "traditional_pinyin")
    assert any("www.aji87.cn" in s.evidence for s in r0.signals if s.kind == "rewritten_url")
    assert results["000"].script == "traditional"


def test_seed_003_repaired(results):
    r = results["003"]
    t = r.repaired_text
    assert r.repaired
    assert "《中华人民共和国政府信息公开条例》" in t
    assert "《云南省政府信息公开规定》" in t
    assert "365" not in t
    assert "来源: 云南省人民政府办公厅" in t
    assert "《2018年云南省政府信息公开工作报告》" in t
    assert "四、政府信息公开行政复议、行政诉讼情况" in t or "五、因政府信息公开申请行政复议、提起行政诉讼情况" in t
    kinds = {x.kind for x in r.repairs}
    assert {"restore_phrase", "restore_unit_name", "strip_title_injection"} <= kinds
    assert any(x.before == "365体育备用网址" and x.after == "政府信息公开" for x in r.repairs)


def test_seed_000_repaired_to_simplified_without_glosses(results):
    r = results["000"]
    t = r.repaired_text
    assert "根据《中华人民共和国政府信息公开条例》" in t
    assert "数据" in t and "根据" in t and "网站" in t
    assert "本年新制作数量" in t and "规范性文件" in t and "商业企业" in t
    assert "(jù)" not in t and "(shù)" not in t and "據" not in t and "數" not in t
    assert any(x.kind == "strip_pinyin_gloss" and x.before == "據(jù)" and x.after == "據" for x in r.repairs)
    assert t.count("\n") == load_seed("000").count("\n")  # lines kept, so evidence locations still hold


def test_seed_004_repaired(results):
    r = analyze(load_seed("004"), title="华安县人民政府办公室关于2017年度政府信息公开工作年度报告 - 广东快乐十分官方网")
    assert r.repaired_title == "华安县人民政府办公室关于2017年度政府信息公开工作年度报告"
    assert any(s.kind == "title_injection" and s.location == "title" for s in r.signals)
    t = r.repaired_text
    assert "快乐十分" not in t and "站点圣庙帮狗吃食" not in t and "氯胺酮" not in t
    assert "进行梳理汇总,清晰明了;" in t
    assert "本报告是根据《中华人民共和国政府信息公开条例》" in t


def test_unit_name_helps_restoration():
    text = "根据《中华人民共和国政府信息公开条例》要求,365bet(中国)官方网站办公室编制本报告。主办单位:365bet(中国)官方网站"
    r = analyze(text, unit_name="武定县人民政府")
    assert r.is_spam and "phrase_substitution" in r.signal_kinds
    assert "武定县人民政府办公室编制本报告" in r.repaired_text and "365" not in r.repaired_text
