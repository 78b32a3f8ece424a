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


def test_header_cells_not_understood_keep_their_columns():
    # a real copy's header lost its second lines (本年新制作数量 → 本年新): the column that
    # is understood (对外公开总数量) is still the third, and the two cut ones are read in the
    # 2019 template's fixed order (新制作, 新公开) — the order the hand labels of four real
    # copies read them in (test_real_shapes.py keeps an unknown cut header unread)
    text = """2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 |
本年新 |
本年新 |
对外公开总数量 |
规章 |
1 |
2 |
3 |
规范性文件 |
4 |
5 |
16 |
"""
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "issued"): 1, ("rules", "published"): 2, ("rules", "total_public"): 3,
                   ("normative_docs", "issued"): 4, ("normative_docs", "published"): 5,
                   ("normative_docs", "total_public"): 16}


def test_a_stray_figure_after_a_one_per_line_row_places_nothing():
    # two columns, three figures one per line (the last a cut-off "20" of the next line):
    # which is the amount is unknown — nothing is read rather than a wrong column
    text = """2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(九)项

信息内容

采购项目数量

采购总金额

政府集中采购

0

0

20"""
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert ("procurement", "amount_wan_yuan") not in got
    assert ("procurement", "projects") not in got


def test_a_2021_header_with_its_characters_dropped_is_read():
    # one CMS prints the 2021 header as 本年发件 | 本年废止件数 | 现行有效件 (制 and 数 lost),
    # one cell per line; seen on real pages of 新疆 and 陕西 (fresh6 r025, t027)
    text = """2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(一)项
信息内容
本年发件
本年废止件数
现行有效件
规章
0
0
0
行政规范性文件
3
1
12
第二十条第(五)项
信息内容
本年处理决定数量
行政许可
7
"""
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "issued"): 0, ("rules", "repealed"): 0, ("rules", "in_force"): 0,
                   ("normative_docs", "issued"): 3, ("normative_docs", "repealed"): 1,
                   ("normative_docs", "in_force"): 12, ("licensing", "decisions"): 7}


def test_cells_indented_with_tabs_and_a_row_end_on_a_line_of_its_own():
    # fresh8 y025 (a mirror's copy of 遂溪县农业农村局 2023): the page's HTML indentation kept as
    # leading tabs, and each row's last cell followed by its "|" on the next line
    text = ("2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项 |\n\t\t\n"
            "信息内容 |\n\t\t\t本年制发件数 |\n\t\t\t本年废止件数 |\n\t\t\t现行有效件数 |\n\t\t\n"
            "规章 |\n\t\t\t1 |\n\t\t\t2 |\n\t\t\t3\n |\n\t\t\n"
            "行政规范性文件 |\n\t\t\t4 |\n\t\t\t5 |\n\t\t\t16\n |\n\t\t\n"
            "第二十条第(五)项 |\n\t\t\n信息内容 |\n\t\t\t本年处理决定数量 |\n\t\t\n行政许可 |\n\t\t\t951 |\n")
    got = {(f.item, f.measure): f.value for f in parse_report(text).active_disclosure}
    assert got == {("rules", "issued"): 1, ("rules", "repealed"): 2, ("rules", "in_force"): 3,
                   ("normative_docs", "issued"): 4, ("normative_docs", "repealed"): 5,
                   ("normative_docs", "in_force"): 16, ("licensing", "decisions"): 951}


def test_a_tab_separated_row_still_splits_into_its_cells():
    from govlake.parsing.cells import build_cells

    cells = build_cells("规章\t1\t2\t3\n\t\t\t7")
    assert [(c.text, c.col) for c in cells[:4]] == [("规章", 0), ("1", 1), ("2", 2), ("3", 3)]
    assert [(c.text, c.col) for c in cells[4:]] == [("7", 0)]   # one indented cell
