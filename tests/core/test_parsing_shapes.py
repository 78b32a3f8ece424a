"""The same report in every table shape of docs/DOMAIN.md §3, built from seed 001's numbers.

HTML with rowspans/colspans run through trafilatura exactly as the pipeline does,
TSV, PDF-style text with labels split one character per line, Traditional script,
and awkward cell values (减4, 约53.1万, 251000元, `/`, blank).
"""

from __future__ import annotations

import pytest

from govlake.normalize import normalize_text
from govlake.parsing import parse_report
from tests.core.conftest import (
    APPS_001, DISC_001, RL_001, app_matrix, assert_applications, assert_disclosure,
    assert_review_litigation, seed_text,
)

# (code, group label or None, row label) in template order, 2021 format
ROWS_2021 = [
    ("new_received", None, "一、本年新收政府信息公开申请数量"),
    ("carried_over", None, "二、上年结转政府信息公开申请数量"),
    ("granted", None, "(一)予以公开"),
    ("partially_granted", None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
    ("denied_state_secret", "(三)不予公开", "1.属于国家秘密"),
    ("denied_prohibited_by_law", "(三)不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_three_safety_one_stability", "(三)不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party_rights", "(三)不予公开", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "(三)不予公开", "5.属于三类内部事务信息"),
    ("denied_process_info", "(三)不予公开", "6.属于四类过程性信息"),
    ("denied_enforcement_files", "(三)不予公开", "7.属于行政执法案卷"),
    ("denied_administrative_query", "(三)不予公开", "8.属于行政查询事项"),
    ("unavailable_not_held", "(四)无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "(四)无法提供", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "(四)无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", "(五)不予处理", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "(五)不予处理", "2.重复申请"),
    ("not_processed_publication", "(五)不予处理", "3.要求提供公开出版物"),
    ("not_processed_excessive", "(五)不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "(五)不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_overdue_correction", "(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_overdue_fee", "(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "(六)其他处理", "3.其他"),
    ("results_total", None, "(七)总计"),
    ("carried_forward", None, "四、结转下年度继续办理"),
]
RESULT_CODES = {r[0] for r in ROWS_2021[2:-1]}
APPS_001_LEAVES = {k: v for k, v in APPS_001.items()}
PREAMBLE = ("根据《中华人民共和国政府信息公开条例》要求,现公布花溪区2021年政府信息公开工作年度报告。"
            "所列数据统计时限为2021年1月1日至2021年12月31日。")
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _cells(code, overrides):
    return [str(v) for v in overrides.get(code, APPS_001[code])]


def build_html(overrides=None, rl=None) -> str:
    """The 2021 report as an HTML page with the template's rowspans and colspans."""
    overrides = overrides or {}
    rl = rl or [str(v) for v in RL_001]
    td = lambda s, **a: "<td" + "".join(f' {k}="{v}"' for k, v in a.items()) + f">{s}</td>"  # noqa: E731
    p2 = ["<table>",
          "<tr>" + td("第二十条第(一)项", colspan=4) + "</tr>",
          "<tr>" + td("信息内容") + td("本年制发件数") + td("本年废止件数") + td("现行有效件数") + "</tr>",
          "<tr>" + td("规章") + td("0") + td("0") + td("0") + "</tr>",
          "<tr>" + td("行政规范性文件") + td("4") + td("1") + td("5") + "</tr>",
          "<tr>" + td("第二十条第(五)项", colspan=4) + "</tr>",
          "<tr>" + td("信息内容") + td("本年处理决定数量", colspan=3) + "</tr>",
          "<tr>" + td("行政许可") + td("32455", colspan=3) + "</tr>",
          "<tr>" + td("第二十条第(六)项", colspan=4) + "</tr>",
          "<tr>" + td("信息内容") + td("本年处理决定数量", colspan=3) + "</tr>",
          "<tr>" + td("行政处罚") + td("5149", colspan=3) + "</tr>",
          "<tr>" + td("行政强制") + td("128", colspan=3) + "</tr>",
          "<tr>" + td("第二十条第(八)项", colspan=4) + "</tr>",
          "<tr>" + td("信息内容") + td("本年收费金额(单位:万元)", colspan=3) + "</tr>",
          "<tr>" + td("行政事业性收费") + td("736.5", colspan=3) + "</tr>",
          "</table>"]
    p3 = ["<table>",
          "<tr>" + td("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", colspan=3, rowspan=3)
          + td("申请人情况", colspan=7) + "</tr>",
          "<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>",
          "<tr>" + td("商业<br>企业") + td("科研<br>机构") + td("社会公益组织") + td("法律服务机构") + td("其他")
          + "</tr>"]
    groups_done = set()
    group_sizes = {g: sum(1 for r in ROWS_2021 if r[1] == g) for g in {r[1] for r in ROWS_2021} if g}
    n_results = len(RESULT_CODES)
    for code, group, label in ROWS_2021:
        vals = "".join(td(v) for v in _cells(code, overrides))
        if code in ("new_received", "carried_over", "carried_forward"):
            p3.append("<tr>" + td(label, colspan=3) + vals + "</tr>")
        elif group is None:
            lead = td("三、本年度办理结果", rowspan=n_results) if code == "granted" else ""
            p3.append("<tr>" + lead + td(label, colspan=2) + vals + "</tr>")
        else:
            lead = "" if group in groups_done else td(group, rowspan=group_sizes[group])
            groups_done.add(group)
            p3.append("<tr>" + lead + td(label) + vals + "</tr>")
    p3.append("</table>")
    p4 = ["<table>",
          "<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>",
          "<tr>" + "".join(td(o, rowspan=2) for o in OUTCOMES) + td("未经复议直接起诉", colspan=5)
          + td("复议后起诉", colspan=5) + "</tr>",
          "<tr>" + "".join(td(o) for o in OUTCOMES * 2) + "</tr>",
          "<tr>" + "".join(td(v) for v in rl) + "</tr>",
          "</table>"]
    body = ("<h1>花溪区2021年政府信息公开工作年度报告</h1>"
            f"<p>{PREAMBLE}</p><p>一、总体情况</p><p>{'我区坚持便民、务实、高效原则,紧紧围绕重点领域工作。' * 6}</p>"
            "<p>二、主动公开政府信息情况</p>" + "".join(p2)
            + "<p>三、收到和处理政府信息公开申请情况</p>" + "".join(p3)
            + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + "".join(p4)
            + f"<p>五、存在的主要问题及改进情况</p><p>{'一是部分重点领域信息质量不达标。' * 6}</p>")
    return f"<html><head><title>x</title></head><body><article>{body}</article></body></html>"


def via_trafilatura(html: str) -> str:
    import trafilatura

    out = trafilatura.extract(html, include_tables=True, output_format="txt", favor_recall=True)
    return normalize_text(out or "")


def build_tsv() -> str:
    lines = [PREAMBLE, "二、主动公开政府信息情况",
             "第二十条第(一)项\t\t\t", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "规章\t0\t0\t0", "行政规范性文件\t4\t1\t5",
             "第二十条第(五)项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政许可\t32455\t\t",
             "第二十条第(六)项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政处罚\t5149\t\t", "行政强制\t128\t\t",
             "第二十条第(八)项\t\t\t", "信息内容\t本年收费金额(单位:万元)\t\t", "行政事业性收费\t736.5\t\t",
             "三、收到和处理政府信息公开申请情况",
             "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\t\t\t申请人情况" + "\t" * 7,
             "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
             "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    last_group = None
    for code, group, label in ROWS_2021:
        vals = "\t".join(_cells(code, {}))
        if code in ("new_received", "carried_over", "carried_forward"):
            lines.append(f"{label}\t\t\t{vals}")
        elif group is None:
            lead = "三、本年度办理结果" if code == "granted" else ""
            lines.append(f"{lead}\t{label}\t\t{vals}")
        else:
            lead = group if group != last_group else ""
            last_group = group
            lines.append(f"\t{lead}\t{label}\t{vals}")
    lines += ["四、政府信息公开行政复议、行政诉讼情况",
              "行政复议\t\t\t\t\t行政诉讼" + "\t" * 9,
              "\t".join(OUTCOMES) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
              "\t" * 5 + "\t".join(OUTCOMES * 2),
              "\t".join(str(v) for v in RL_001),
              "五、存在的主要问题及改进情况", "一是部分重点领域信息质量不达标。"]
    return "\n".join(lines)


def build_pdf_text() -> str:
    """PDF-to-text: every table label split one character per line, numbers alone."""
    def split(label):
        return "\n".join(label)

    lines = [PREAMBLE, "二、主动公开政府信息情况", "第二十条第(一)项", split("信息内容"),
             split("本年制发件数"), split("本年废止件数"), split("现行有效件数"),
             split("规章"), "0", "0", "0", split("行政规范性文件"), "4", "1", "5",
             "第二十条第(五)项", split("信息内容"), split("本年处理决定数量"), split("行政许可"), "32455",
             "第二十条第(六)项", split("信息内容"), split("本年处理决定数量"), split("行政处罚"), "5149",
             split("行政强制"), "128",
             "第二十条第(八)项", split("信息内容"), "本年收费金额", "(单位:万元)", split("行政事业性收费"), "736.5",
             "三、收到和处理政府信息公开申请情况", split("申请人情况"), split("自然人"), split("法人或其他组织"),
             split("总计"), split("商业企业"), split("科研机构"), split("社会公益组织"), split("法律服务机构"),
             split("其他")]
    last_group = None
    for code, group, label in ROWS_2021:
        if code == "granted":
            lines.append(split("三、本年度办理结果"))
        if group and group != last_group:
            lines.append(split(group))
            last_group = group
        lines.append(split(label))
        lines += _cells(code, {})
    lines += ["四、政府信息公开行政复议、行政诉讼情况", split("行政复议"), split("行政诉讼")]
    lines += [split(o) for o in OUTCOMES]
    lines += [split("未经复议直接起诉"), split("复议后起诉")] + [split(o) for o in OUTCOMES * 2]
    lines += [str(v) for v in RL_001]
    lines += ["五、存在的主要问题及改进情况", "一是部分重点领域信息质量不达标。"]
    return "\n".join(lines)


def _assert_001(r):
    assert_applications(r, APPS_001_LEAVES)
    assert_review_litigation(r, RL_001)
    assert_disclosure(r, DISC_001)
    assert r.format == "2021" and r.year == 2021
    assert r.parse_status == "ok", r.parse_errors
    assert all(q.passed for q in r.quality_checks), r.quality_checks


def test_html_rowspans_through_trafilatura():
    text = via_trafilatura(build_html())
    assert "|  | (二)部分公开" in text or "| (二)部分公开" in text
    r = parse_report(text, title="花溪区2021年政府信息公开工作年度报告")
    _assert_001(r)
    assert r.unit_name == "花溪区人民政府"


def test_tsv():
    _assert_001(parse_report(normalize_text(build_tsv())))


def test_pdf_text_split_one_char_per_line():
    _assert_001(parse_report(normalize_text(build_pdf_text())))


def test_seed_001_in_traditional_script():
    from opencc import OpenCC

    trad = OpenCC("s2t").convert(seed_text("001"))
    assert "與" in trad or "資" in trad or "條" in trad
    r = parse_report(trad)
    _assert_001(r)
    assert r.unit_name == "花溪区人民政府"


def test_full_width_input_after_normalize():
    fw = build_tsv().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789()"})
    _assert_001(parse_report(normalize_text(fw)))


def test_blank_and_slash_cells_are_absent_not_zero():
    over = {"granted": ["15", "", "0", "/", "0", "0", "16"], "carried_forward": ["0"] * 6 + [""]}
    r = parse_report(via_trafilatura(build_html(over)))
    got = app_matrix(r)
    assert got["granted"] == [15, None, 0, None, 0, 0, 16]
    assert got["carried_forward"] == [0, 0, 0, 0, 0, 0, None]
    assert got["partially_granted"] == APPS_001["partially_granted"]
    assert len(r.applications) == 7 * len(APPS_001) - 3


def test_failed_checks_name_the_numbers():
    over = {"new_received": ["117", "8", "0", "0", "0", "0", "126"]}
    r = parse_report(via_trafilatura(build_html(over)))
    checks = {q.check: q for q in r.quality_checks}
    assert not checks["applications_balance"].passed
    assert "total: 126+0 != 125+0" in checks["applications_balance"].detail
    assert not checks["applications_applicant_sum"].passed
    assert "117+8+0+0+0+0 != 126" in checks["applications_applicant_sum"].detail
    assert checks["applications_results_sum"].passed
    # recorded, never fixed
    assert app_matrix(r)["new_received"][6] == 126


def test_review_totals_check():
    rl = [str(v) for v in RL_001]
    rl[4] = "6"
    r = parse_report(via_trafilatura(build_html(rl=rl)))
    check = next(q for q in r.quality_checks if q.check == "review_litigation_sum")
    assert not check.passed and "review: 3+2+0+0 != 6" in check.detail


# ---------------------------------------------------------------- awkward values, 2019 tables
def _html_2019(licensing_change, amount, fees_change="0", penalty_prior="2532"):
    rows = [("第二十条第(一)项", []), ("信息内容", ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
            ("规章", ["0", "0", "0"]), ("规范性文件", ["17", "17", "58"]),
            ("第二十条第(五)项", []), ("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"]),
            ("行政许可", ["1418", licensing_change, "536"]),
            ("第二十条第(六)项", []), ("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"]),
            ("行政处罚", [penalty_prior, "-139 条", "2393"]),
            ("第二十条第(八)项", []), ("信息内容", ["上一年项目数量", "本年增/减", ""]),
            ("行政事业性收费", ["11", fees_change, ""]),
            ("第二十条第(九)项", []), ("信息内容", ["采购项目数量", "采购总金额", ""]),
            ("政府集中采购", ["24", amount, ""])]
    trs = "".join("<tr><td>" + a + "</td>" + ("".join(f"<td>{c}</td>" for c in cs) if cs
                                            else '<td colspan="3"></td>') + "</tr>" for a, cs in rows)
    body = (f"<h1>泾源县人民政府2020年政府信息公开年报</h1><p>{'正文内容。' * 30}</p>"
            f"<p>二、主动公开政府信息情况</p><table>{trs}</table><p>三、收到和处理政府信息公开申请情况</p>"
            f"<p>{'正文内容。' * 30}</p>")
    return f"<html><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("change,amount,exp_change,exp_amount", [
    ("减4", "960 万", -4, 960),
    ("-882", "约53.1万", -882, 53.1),
    ("增3", "251000元", 3, 25.1),
    ("-4", "2506.18万元", -4, 2506.18),
])
def test_cell_values_and_units(change, amount, exp_change, exp_amount):
    r = parse_report(via_trafilatura(_html_2019(change, amount)))
    got = {(f.item, f.measure): f.value for f in r.active_disclosure}
    assert got[("licensing", "change")] == exp_change
    assert got[("procurement", "amount_wan_yuan")] == pytest.approx(exp_amount)
    assert got[("penalty", "change")] == -139
    assert r.format == "2019"


def test_disclosure_slash_and_blank_are_absent():
    r = parse_report(via_trafilatura(_html_2019("-882", "960", fees_change="/", penalty_prior="")))
    got = {(f.item, f.measure): f.value for f in r.active_disclosure}
    assert ("fees", "change") not in got and ("penalty", "prior_year_items") not in got
    assert got[("fees", "prior_year_items")] == 11
    assert got[("penalty", "change")] == -139 and got[("penalty", "decisions")] == 2393
    # section 三 and 四 missing → partial with reasons
    assert r.parse_status == "partial"
    assert any("三" in e for e in r.parse_errors)
