"""The bundled sample in govlake/data/samples/ (built by scripts/build_samples.py).

Every expectation here is written by hand from the seed texts; nothing is imported from the
generator except in the determinism test.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "govlake" / "data" / "samples"
SEEDS = REPO.parent / "shared" / "seeds"

SEED_IDS = ["000_413ec341411ee789", "001_49ee148252c18417", "002_a0f62e3ec90446e4",
            "003_15bfe3d677f0b558", "004_b5a77726d5a63a67"]

# seed id -> (province_key, year, format, how to decode the page)
PARTITIONS = {
    "000_413ec341411ee789": ("yunnan", 2020, "2019", "utf-8-sig"),
    "001_49ee148252c18417": ("guizhou", 2021, "2021", "utf-8"),
    "002_a0f62e3ec90446e4": ("ningxia", 2020, "2019", "gb18030"),
    "003_15bfe3d677f0b558": ("yunnan", 2018, "legacy", "utf-8"),
    "004_b5a77726d5a63a67": ("fujian", 2017, "legacy", "utf-8"),
}

# What trafilatura must keep: text fragments, and table rows ("|" lines holding all the fragments).
KEEP = {
    "000_413ec341411ee789": {
        "text": ["一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
                 "四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況",
                 "根據(jù)《中華人民共和國政府信息公開條例》", "接收依申請公開1件"],
        "rows": [["一、本年新收政府信息公開申請數(shù)量", "| 1 |"],
                 ["三、本年度辦理結果", "(一)予以公開", "| 1 |"],
                 ["(七)總計", "| 1 |"],
                 ["規(guī)范性文件", "| 3 | 3 | 33 |"],
                 ["行政許可", "| 248 | -3 | 2142 |"],
                 ["政府集中采購", "| 31 | 2506.18萬元 |"]],
    },
    "001_49ee148252c18417": {
        "text": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                 "2021年以来,花溪区按照国家、省、市工作要求",  # the year is split across spans
                 "共收到政府信息公开申请125件"],
        "rows": [["一、本年新收政府信息公开申请数量", "| 117 | 8 | 0 | 0 | 0 | 0 | 125 |"],
                 ["三、本年度办理结果", "(一)予以公开", "| 15 | 1 | 0 | 0 | 0 | 0 | 16 |"],
                 ["(二)部分公开", "| 17 | 1 | 0 | 0 | 0 | 0 | 18 |"],
                 ["1.本机关不掌握相关政府信息", "| 68 | 4 | 0 | 0 | 0 | 0 | 72 |"],
                 ["3.其他", "| 5 | 0 | 0 | 0 | 0 | 0 | 5 |"],
                 ["(七)总计", "| 117 | 8 | 0 | 0 | 0 | 0 | 125 |"],
                 ["行政许可", "32455"],
                 ["行政事业性收费", "736.5"],
                 ["| 3 | 2 | 0 | 0 | 5 | 3 | 0 | 0 | 0 | 3 | 8 | 0 | 0 | 0 | 8 |"]],
    },
    "002_a0f62e3ec90446e4": {
        "text": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                 "共受理政府信息公开申请 6 件", "1. 推进权力配置信息公开。监督指导"],
        "rows": [["一、本年新收政府信息公开申请数量", "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |"],
                 ["4.保护第三方合法权益", "| 3 | 0 | 0 | 0 | 0 | 0 | 3 |"],
                 ["8.属于行政查询事项", "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"],
                 ["(五)不予处理", "1.信访举报投诉类申请", "| 0 |"],
                 ["(七)总计", "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |"],
                 ["行政处罚", "| 2532 | -139 条 | 2393 |"],
                 ["政府集中采购", "| 24 | 960 万 |"]],
    },
    "003_15bfe3d677f0b558": {
        "text": ["一、概述", "三、主动公开政府信息情况", "四、政府信息依申请公开情况",
                 "五、因365体育备用网址申请行政复议、提起行政诉讼情况",
                 "全省共收到依申请公开3605件", "“同意公开”的1240件", "“同意部分公开”的146件",
                 "行政复议共105件", "行政诉讼案件共102件", "《中华人民共和国365体育备用网址条例》"],
        "rows": [],
    },
    "004_b5a77726d5a63a67": {
        "text": ["一、概述", "二、主动公开政府信息情况", "六、需要说明的其他事项与附表",
                 "其中主动公开政府信息数410条", "广东快乐十分官方网:清晰明了", "(此件主动公开)"],
        "rows": [["指", "单位", "2017年", "历年累计"],
                 ["| 主动公开文件数 |", "| 410 | 1879 |"],
                 ["其中:1.政府网站公开数", "| 410 | 1879 |"],
                 ["| 行政诉讼数 |"]],
    },
}

# Navigation / footer / breadcrumb boilerplate that must not survive extraction.
DROP = {
    "000_413ec341411ee789": ["滇ICP備", "5323290001", "走進武定", "您當前的位置", "主辦單位：", "打印本頁"],
    "001_49ee148252c18417": ["黔ICP备", "5201110001", "走进花溪", "当前位置", "主办单位", "分享到",
                             "索引号"],
    "002_a0f62e3ec90446e4": ["宁ICP备", "6404240001", "走进泾源", "当前位置", "打印本页", "**", "索引号"],
    "003_15bfe3d677f0b558": ["滇ICP备05000002号", "5300000033", "政协云南省委员会", "分享到", "当前位置",
                             "运行维护"],
    "004_b5a77726d5a63a67": ["RSS订阅", "闽ICP备", "3506290001", "您现在的位置", "魅力华安"],
}

VALUE = re.compile(r"^-?\d+(?:\.\d+)?(?:\s*[\u4e00-\u9fff]+)?$")


def read_page(seed: str) -> str:
    return (SAMPLES / f"{seed}.html").read_bytes().decode(PARTITIONS[seed][3])


_EXTRACTED: dict[str, str] = {}


def extracted(seed: str) -> str:
    if seed not in _EXTRACTED:
        trafilatura = pytest.importorskip("trafilatura")
        _EXTRACTED[seed] = trafilatura.extract(read_page(seed), include_tables=True,
                                               output_format="txt", favor_recall=True) or ""
    return _EXTRACTED[seed]


def test_all_files_present():
    names = {p.name for p in SAMPLES.iterdir()}
    for seed in SEED_IDS:
        assert f"{seed}.txt" in names
        assert f"{seed}.html" in names
    assert "ORIGIN.md" in names and "expected.json" in names


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed folder ../shared/seeds not available")
@pytest.mark.parametrize("seed", SEED_IDS)
def test_txt_is_byte_copy_of_seed(seed):
    assert (SAMPLES / f"{seed}.txt").read_bytes() == (SEEDS / f"{seed}.txt").read_bytes()


def test_encodings():
    raw = {s: (SAMPLES / f"{s}.html").read_bytes() for s in SEED_IDS}
    # 000: UTF-8 with BOM, no declaration
    assert raw["000_413ec341411ee789"].startswith(b"\xef\xbb\xbf")
    assert b"charset" not in raw["000_413ec341411ee789"].lower()
    # 001 / 004: http-equiv; 003: <meta charset>
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' in raw["001_49ee148252c18417"]
    assert b'<meta charset="utf-8">' in raw["003_15bfe3d677f0b558"]
    assert b"charset=UTF-8" in raw["004_b5a77726d5a63a67"]
    for s in ("001_49ee148252c18417", "003_15bfe3d677f0b558", "004_b5a77726d5a63a67"):
        raw[s].decode("utf-8")
        assert not raw[s].startswith(b"\xef\xbb\xbf")
    # 002: GBK, no charset anywhere, not valid UTF-8
    gbk = raw["002_a0f62e3ec90446e4"]
    assert b"charset" not in gbk.lower()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    text = gbk.decode("gbk")  # strict: plain two-byte GBK
    assert text == gbk.decode("gb18030")
    assert "泾源县人民政府" in text and "(五)不予处理" in text


def test_expected_json():
    doc = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    files = doc["files"]
    assert len(files) == 10
    for seed, (key, year, fmt, _) in PARTITIONS.items():
        for kind in ("txt", "html"):
            f = files[f"{seed}.{kind}"]
            assert (f["seed_id"], f["province_key"], f["year"], f["format"], f["kind"]) == (seed, key, year, fmt, kind)
    assert files["002_a0f62e3ec90446e4.html"]["encoding"] == "gbk"
    assert files["002_a0f62e3ec90446e4.html"]["charset_declared"] is None
    h = {s: files[f"{s}.html"]["headline"] for s in SEED_IDS}
    assert (h["000_413ec341411ee789"]["new_received_total"], h["000_413ec341411ee789"]["granted_total"]) == (1, 1)
    assert (h["001_49ee148252c18417"]["new_received_total"], h["001_49ee148252c18417"]["new_received_natural_person"],
            h["001_49ee148252c18417"]["granted_total"]) == (125, 117, 16)
    assert h["002_a0f62e3ec90446e4"]["new_received_total"] == 6
    assert (h["003_15bfe3d677f0b558"]["new_received_total"], h["003_15bfe3d677f0b558"]["granted_total"],
            h["003_15bfe3d677f0b558"]["partially_granted_total"], h["003_15bfe3d677f0b558"]["reviews_total"],
            h["003_15bfe3d677f0b558"]["litigations_total"]) == (3605, 1240, 146, 105, 102)
    assert (h["004_b5a77726d5a63a67"]["proactive_docs_2017"],
            h["004_b5a77726d5a63a67"]["proactive_docs_cumulative"]) == (410, 1879)
    assert files["001_49ee148252c18417.txt"]["figures"]["applications"]["new_received"]["total"] == 125
    assert files["004_b5a77726d5a63a67.html"]["title"].endswith("- 广东快乐十分官方网")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_trafilatura_keeps_article_and_tables(seed):
    out = extracted(seed)
    lines = out.split("\n")
    for frag in KEEP[seed]["text"]:
        assert frag in out, f"{seed}: {frag!r} missing from the extraction"
    for need in KEEP[seed]["rows"]:
        assert any(l.startswith("|") and all(n in l for n in need) for l in lines), \
            f"{seed}: no table row with {need}"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_trafilatura_drops_boilerplate(seed):
    out = extracted(seed)
    for frag in DROP[seed]:
        assert frag not in out, f"{seed}: boilerplate {frag!r} kept"


def _txt_table_values(seed: str) -> list[str]:
    """Cell values of the bundled .txt's tables, in reading order (independent of the generator)."""
    text = (SAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
    if seed.startswith("004"):
        region = text[text.index("指 标 名 称"):text.index("华安县人民政府办公室\n\n2018年1月3日")]
    else:
        start = re.search(r"^二、主[动動]公[开開]政府信息情[况況]$", text, re.M).end()
        end = re.search(r"^五、", text[start:], re.M).start() + start
        region = text[start:end]
    cells = re.split(r"[|\t\n]", region)
    return [c.strip() for c in cells if VALUE.match(c.strip())]


@pytest.mark.parametrize("seed", ["000_413ec341411ee789", "001_49ee148252c18417", "002_a0f62e3ec90446e4",
                                  "004_b5a77726d5a63a67"])
def test_page_tables_yield_the_txt_figures(seed):
    got = [c.strip() for l in extracted(seed).split("\n") if l.startswith("|")
           for c in l.split("|") if VALUE.match(c.strip())]
    want = _txt_table_values(seed)
    assert len(want) > 3
    assert got == want


@pytest.mark.parametrize("seed", SEED_IDS)
def test_page_keeps_every_prose_line(seed):
    """Every prose line of the report (outside the tables) reads the same in the extraction."""
    text = (SAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    if seed.startswith("003"):
        lines = lines[10:lines.index("(2018年度)") + 1]
    elif seed.startswith("004"):
        lines = lines[11:lines.index("指 标 名 称")] + lines[lines.index("2018年1月3日") - 2:]
    else:
        lines = [l for l in lines if "|" not in l and "\t" not in l and l not in ("予处理", "")]
        lines = [l for l in lines if not re.match(r"^(?:予处理|[0-9.\-]+\s*)$", l)]
    flat = re.sub(r"[ \xa0\u3000]+", " ", extracted(seed))
    for line in lines:
        line = re.sub(r"[ \xa0\u3000]+", " ", line.replace("**", "")).strip()
        if line:
            assert line in flat, f"{seed}: {line[:50]!r} lost"


def _cells(seed: str):
    lxml_html = pytest.importorskip("lxml.html")
    tree = lxml_html.fromstring(read_page(seed).encode("utf-8"),
                                parser=lxml_html.HTMLParser(encoding="utf-8"))
    return {re.sub(r"\s+", "", td.text_content().replace("\xa0", " ")): td for td in tree.iter("td")}


@pytest.mark.parametrize("seed,results_rows", [("000_413ec341411ee789", 20), ("001_49ee148252c18417", 22),
                                               ("002_a0f62e3ec90446e4", 20)])
def test_table_spans_follow_the_template(seed, results_rows):
    trad = seed.startswith("000")
    cells = _cells(seed)

    def span(label, attr):
        return int(cells[label].get(attr, "1"))

    assert span("三、本年度辦理結果" if trad else "三、本年度办理结果", "rowspan") == results_rows
    assert span("(三)不予公開" if trad else "(三)不予公开", "rowspan") == 8  # 002: "(三) 不予公开"
    assert span("(四)無法提供" if trad else "(四)无法提供", "rowspan") == 3
    assert span("(五)不予處理" if trad else "(五)不予处理", "rowspan") == 5
    assert span("申請人情況" if trad else "申请人情况", "colspan") == 7
    assert span("法人或其他組織" if trad else "法人或其他组织", "colspan") == 5
    assert span("一、本年新收政府信息公開申請數(shù)量" if trad else "一、本年新收政府信息公开申请数量", "colspan") == 3
    assert span("(七)總計" if trad else "(七)总计", "colspan") == 2
    assert span("行政復議" if trad else "行政复议", "colspan") == 5
    assert span("行政訴訟" if trad else "行政诉讼", "colspan") == 10
    assert span("未經(jīng)復議直接起訴" if trad else "未经复议直接起诉", "colspan") == 5
    assert span("復議后起訴" if trad else "复议后起诉", "colspan") == 5
    if seed.startswith("001"):
        assert span("(六)其他处理", "rowspan") == 3
    else:
        assert span("(六)其他處理" if trad else "(六)其他处理", "colspan") == 2


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed folder ../shared/seeds not available")
def test_generator_is_deterministic(tmp_path):
    spec = importlib.util.spec_from_file_location("build_samples", REPO / "scripts" / "build_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build(SEEDS, tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in SAMPLES.iterdir())
    for name in built:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), f"{name} differs"
