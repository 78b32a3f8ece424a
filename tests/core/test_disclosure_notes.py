"""Section 二 rows printed with the 2019 template's notes after their labels."""

from govlake.parsing import parse_report

TEXT = """2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项 | | | |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章(设区的市、自治州应提供相关数据) | 2 | 3 | 4 |
规范性文件(行政机关制定发布的决定、公告、通告、意见、通知,以及标题采用“规定”“办法”“细则”“规范”“规程”“规则”等字样的公文,一般情况下属于规范性文件) | 5 | 6 | 17 |
第二十条第(五)项 | | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 8 | -1 | 30 |
"""


def test_long_noted_labels_are_read():
    r = parse_report(TEXT)
    got = {(f.item, f.measure): f.value for f in r.active_disclosure}
    assert got[("rules", "issued")] == 2 and got[("rules", "total_public")] == 4
    assert got[("normative_docs", "issued")] == 5
    assert got[("normative_docs", "published")] == 6
    assert got[("normative_docs", "total_public")] == 17
    assert got[("licensing", "prior_year_items")] == 8 and got[("licensing", "change")] == -1


def test_prose_with_a_parenthesis_is_no_label():
    text = TEXT.replace("规范性文件(行政机关", "本机关认真落实上级要求并对全部规范性文件进行了清理(行政机关")
    r = parse_report(text)
    got = {(f.item, f.measure) for f in r.active_disclosure}
    assert ("normative_docs", "issued") not in got
