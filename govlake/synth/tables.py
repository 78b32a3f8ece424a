"""Sections 二/三/四 as rows of cells with the official rowspan/colspan grouping.

The grids follow 国办公开办函〔2019〕60号 / 〔2021〕30号 (and scripts/build_samples.py):
section 二 sub-tables four columns wide under 第二十条 captions; section 三 with
3 label columns and 7 value columns; section 四 as one row of 15 numbers under a
three-row header. Cell texts carry the value spellings real pages use (减4, 960 万,
2506.18万元, blanks); the truth keeps what each spelling means.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from govlake import schema

from .numbers import Figures


@dataclass
class TCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    value: bool = False            # a figure (not a label)


def num(v: float) -> str:
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- section 二

def _change(v: float, rng: random.Random, style: dict) -> str:
    if style.get("cn_change") and v != 0:
        return ("减" if v < 0 else "增") + num(abs(v))
    return num(v)


def _amount(v: float, rng: random.Random, style: dict, wan_header: bool) -> str:
    kind = style.get("amount", "plain")
    if wan_header or kind == "plain":
        return num(v)
    if kind == "wan":
        return num(v) + "万元"
    if kind == "wan_space":
        return num(v) + " 万"
    if kind == "yuan":
        return str(round(v * 10000)) + "元"
    return num(v)


def section2_rows(f: Figures, rng: random.Random, style: dict) -> list[list[TCell]]:
    d = f.active_disclosure
    cap = "第二十条第({})项"
    reg = "行政规范性文件" if f.fmt == "2021" or style.get("xz_docs") else "规范性文件"
    if f.fmt == "2021":
        groups = [
            ("一", ["本年制发件数", "本年废止件数", "现行有效件数"],
             [("规章", "rules", ["issued", "repealed", "in_force"]),
              (reg, "normative_docs", ["issued", "repealed", "in_force"])]),
            ("五", ["本年处理决定数量"], [("行政许可", "licensing", ["decisions"])]),
            ("六", ["本年处理决定数量"], [("行政处罚", "penalty", ["decisions"]),
                                        ("行政强制", "enforcement", ["decisions"])]),
            ("八", ["本年收费金额(单位:万元)"], [("行政事业性收费", "fees", ["amount_wan_yuan"])]),
        ]
    else:
        trio = ["prior_year_items", "change", "decisions"]
        groups = [
            ("一", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("规章", "rules", ["issued", "published", "total_public"]),
              (reg, "normative_docs", ["issued", "published", "total_public"])]),
            ("五", ["上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政许可", "licensing", trio), ("其他对外管理服务事项", "other_services", trio)]),
            ("六", ["上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政处罚", "penalty", trio), ("行政强制", "enforcement", trio)]),
            ("八", ["上一年项目数量", "本年增/减"],
             [("行政事业性收费", "fees", ["prior_year_items", "change"])]),
            ("九", ["采购项目数量", "采购总金额"],
             [("政府集中采购", "procurement", ["projects", "amount_wan_yuan"])]),
        ]
    rows: list[list[TCell]] = []
    for no, headers, items in groups:
        width = len(headers)
        rows.append([TCell(cap.format(no), colspan=4, header=True)])
        hdr = [TCell("信息内容", header=True)] + [TCell(h, header=True) for h in headers]
        hdr[-1].colspan = 4 - width
        rows.append(hdr)
        for label, item, measures in items:
            cells = [TCell(label)]
            for m in measures:
                v = d[item][m]
                if m == "change":
                    t = _change(v, rng, style)
                elif m == "amount_wan_yuan":
                    t = _amount(v, rng, style, wan_header=f.fmt == "2021")
                else:
                    t = num(v)
                cells.append(TCell(t, value=True))
            cells[-1].colspan = 4 - width
            rows.append(cells)
    return rows


# ---------------------------------------------------------------- section 三

CORNER = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
GROUP_LABELS = {"denied": "(三)不予公开", "unavailable": "(四)无法提供", "not_processed": "(五)不予处理",
                "other": "(六)其他处理"}
ROW_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "(一)予以公开",
    "partially_granted": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "results_total": "(七)总计",
    "carried_forward": "四、结转下年度继续办理",
}


def app_row_layout(fmt: str) -> list[tuple[str, str | None, str]]:
    """(code, group label or None, row label) in template order."""
    out = []
    counters: dict[str, int] = {}
    for r in schema.APPLICATION_ROWS:
        if fmt == "2021" and r.code == "other":
            continue
        if fmt != "2021" and r.code in schema.OTHER_SUBROWS:
            continue
        if r.code in ROW_LABELS:
            out.append((r.code, None, ROW_LABELS[r.code]))
        elif r.code == "other":
            out.append((r.code, None, "(六)其他处理"))
        else:
            counters[r.group] = counters.get(r.group, 0) + 1
            out.append((r.code, GROUP_LABELS[r.group], f"{counters[r.group]}.{r.label}"))
    return out


def app_value_text(f: Figures, code: str, applicant: str, style: dict) -> str:
    v = f.applications[code][applicant]
    if style.get("blank_zero_orgs") and v == 0 and applicant in schema.ORG_APPLICANTS:
        return style.get("blank_mark", "")
    return num(v)


ORG_HEADERS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def section3_rows(f: Figures, style: dict) -> list[list[TCell]]:
    org = ["商业 企业", "科研 机构", *ORG_HEADERS[2:]] if style.get("split_org_labels") else ORG_HEADERS
    texts = {code: [app_value_text(f, code, a, style) for a in schema.APPLICANT_CODES]
             for code, _, _ in app_row_layout(f.fmt)}
    return section3_grid(f.fmt, texts, org)


def section3_grid(fmt: str, texts: dict[str, list[str]],
                  org: list[str] = ORG_HEADERS) -> list[list[TCell]]:
    """Section 三 with the template's spans; `texts`: each row code's seven cell texts
    (whatever they hold: the property tests put blanks and marks in them)."""
    rows: list[list[TCell]] = [
        [TCell(CORNER, rowspan=3, colspan=3, header=True), TCell("申请人情况", colspan=7, header=True)],
        [TCell("自然人", rowspan=2, header=True), TCell("法人或其他组织", colspan=5, header=True),
         TCell("总计", rowspan=2, header=True)],
        [TCell(h, header=True) for h in org],
    ]
    layout = app_row_layout(fmt)
    n_results = sum(1 for code, _, _ in layout
                    if code not in ("new_received", "carried_over", "carried_forward"))
    sizes: dict[str, int] = {}
    for _, g, _ in layout:
        if g:
            sizes[g] = sizes.get(g, 0) + 1
    done: set[str] = set()
    for code, group, label in layout:
        vals = [TCell(t, value=True) for t in texts[code]]
        if code in ("new_received", "carried_over", "carried_forward"):
            rows.append([TCell(label, colspan=3)] + vals)
        elif group is None:
            lead = [TCell("三、本年度办理结果", rowspan=n_results)] if code == "granted" else []
            rows.append(lead + [TCell(label, colspan=2)] + vals)
        else:
            lead = [] if group in done else [TCell(group, rowspan=sizes[group])]
            done.add(group)
            rows.append(lead + [TCell(label)] + vals)
    return rows


# ---------------------------------------------------------------- section 四

OUTCOME_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


SHORT_OUTCOME_LABELS = ["维持", "纠正", "其他", "尚未审结", "总计"]


def section4_rows(f: Figures, style: dict | None = None) -> list[list[TCell]]:
    return section4_grid([num(f.review_litigation[p][o]) for p, o in schema.REVIEW_LITIGATION_ORDER],
                         bool((style or {}).get("short_rl")))


def section4_grid(texts: list[str], short: bool = False) -> list[list[TCell]]:
    """Section 四's header and its row of 15 cell texts (in REVIEW_LITIGATION_ORDER)."""
    labels = SHORT_OUTCOME_LABELS if short else OUTCOME_LABELS
    return [
        [TCell("行政复议", colspan=5, header=True), TCell("行政诉讼", colspan=10, header=True)],
        [TCell(o, rowspan=2, header=True) for o in labels]
        + [TCell("未经复议直接起诉", colspan=5, header=True), TCell("复议后起诉", colspan=5, header=True)],
        [TCell(o, header=True) for o in labels * 2],
        [TCell(t, value=True) for t in texts],
    ]


# ---------------------------------------------------------------- legacy 附表

def annex_rows(f: Figures, year: int, with_cumulative: bool) -> list[list[TCell]]:
    L = f.legacy
    ch = L["channels"]
    answered = L["granted"] + L["partially_granted"] + L["denied"]
    head = ["指标名称", "单位", f"{year}年" if with_cumulative else "数量"] + (["历年累计"] if with_cumulative else [])
    body = [
        ("主动公开政府信息数", "条", L["active_disclosed"], L["active_cumulative"]),
        ("收到申请数", "件", L["received"], None),
        ("其中:1.当面申请数", "件", ch["当面"], None),
        ("2.传真申请数", "件", ch["传真"], None),
        ("3.网络申请数", "件", ch["网络"], None),
        ("4.信函申请数", "件", ch["信函"], None),
        ("对申请的答复总数", "件", answered, None),
        ("其中:1.同意公开答复数", "件", L["granted"], None),
        ("2.同意部分公开答复数", "件", L["partially_granted"], None),
        ("3.不同意公开答复数", "件", L["denied"], None),
        ("行政复议数量", "件", L["review"], None),
        ("行政诉讼数量", "件", L["litigation"], None),
        ("举报投诉数量", "件", L["complaints"], None),
    ]
    rows = [[TCell(h, header=True) for h in head]]
    for name, unit, v, cum in body:
        r = [TCell(name), TCell(unit), TCell(num(v), value=True)]
        if with_cumulative:
            r.append(TCell(num(cum) if cum is not None else "", value=cum is not None))
        rows.append(r)
    return rows


def annex_truth(f: Figures, year: int, with_cumulative: bool) -> list[dict]:
    """The legacy_indicators rows the 附表 states (name, unit, value, cumulative)."""
    out = []
    for r in annex_rows(f, year, with_cumulative)[1:]:
        out.append({"indicator": r[0].text, "unit": r[1].text, "value": float(r[2].text),
                    "cumulative": False})
        if with_cumulative and r[3].text:
            out.append({"indicator": r[0].text, "unit": r[1].text, "value": float(r[3].text),
                        "cumulative": True})
    return out
