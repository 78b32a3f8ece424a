"""Test support: a seed's hand-read figures written back as a government web page.

The figures come from the hand-written expected dicts of tests/core/conftest.py
(never from the parser), laid out in the template of their format (docs/DOMAIN.md §2)
and written in the HTML shapes real sites produce (docs/DOMAIN.md §3):

- template     the published template: the section 三 corner cell rowspan=3 colspan=3
               (or 2), 申请人情况 colspan=7, 自然人/总计 rowspan=2, 法人或其他组织
               colspan=5; 三、本年度办理结果 and the （三）–（六） groups spanning their rows;
               section 四 with its merged header; the section 二 sub-tables.
- word_padded  the template with 1 or 2 empty cells appended to every row (Word exports),
               or 0/1/2 by turns.
- span_split   cell text wrapped in nested <span>/<font> that split labels and numbers,
               &nbsp; inside labels, &nbsp;-only blank cells, <p> inside <td> (two for a
               long label).
- flat         (seed 002 only) the seed text's own tab-separated rows, one <td> per tab
               cell, empty cells kept, plus 0–2 empty cells appended per row.
- th_thead     header rows in <thead> with <th>.
- layout       the report inside a site's layout tables, a metadata table above it.

Every function returns a whole page (str); tests feed it to govlake.pipeline.process.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from tests.core.conftest import (
    APPS_000, APPS_001, APPS_002, DISC_000, DISC_001, DISC_002, RL_000, RL_001, RL_002, seed_text,
)


@dataclass(frozen=True)
class Seed:
    key: str
    unit: str           # the unit as the title names it
    year: int
    fmt: str            # "2019" | "2021"
    apps: dict
    rl: list
    disc: dict
    published: str      # 公开日期 of the metadata table


SEEDS = {
    "000": Seed("000", "武定县人民政府", 2020, "2019", APPS_000, RL_000, DISC_000, "2021-01-26"),
    "001": Seed("001", "花溪区人民政府", 2021, "2021", APPS_001, RL_001, DISC_001, "2022-01-21"),
    "002": Seed("002", "泾源县人民政府", 2020, "2019", APPS_002, RL_002, DISC_002, "2021-01-22"),
}

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# (group, code, label) of section 三 below 三、本年度办理结果, template order
_DENIED = [("denied_state_secret", "1.属于国家秘密"),
           ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
           ("denied_three_safety_one_stability", "3.危及“三安全一稳定”"),
           ("denied_third_party_rights", "4.保护第三方合法权益"),
           ("denied_internal_affairs", "5.属于三类内部事务信息"),
           ("denied_process_info", "6.属于四类过程性信息"),
           ("denied_enforcement_files", "7.属于行政执法案卷"),
           ("denied_administrative_query", "8.属于行政查询事项")]
_UNAVAILABLE = [("unavailable_not_held", "1.本机关不掌握相关政府信息"),
                ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
                ("unavailable_unclear", "3.补正后申请内容仍不明确")]
_NOT_PROCESSED = [("not_processed_petition", "1.信访举报投诉类申请"),
                  ("not_processed_duplicate", "2.重复申请"),
                  ("not_processed_publication", "3.要求提供公开出版物"),
                  ("not_processed_excessive", "4.无正当理由大量反复申请"),
                  ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息")]
_OTHER_2021 = [("other_overdue_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
               ("other_overdue_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
               ("other_misc", "3.其他")]


def result_blocks(fmt: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(group label or None, [(code, label)]) of the result rows, template order."""
    other = (("（六）其他处理", _OTHER_2021) if fmt == "2021"
             else (None, [("other", "（六）其他处理")]))
    return [(None, [("granted", "（一）予以公开")]),
            (None, [("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]),
            ("（三）不予公开", _DENIED), ("（四）无法提供", _UNAVAILABLE),
            ("（五）不予处理", _NOT_PROCESSED), other,
            (None, [("results_total", "（七）总计")])]


# ---------------------------------------------------------------- a table model
# A table is a list of rows; a row is a list of cells; a cell is a dict:
# text, rs, cs, head (a header cell), num (a figure).

def C(text="", rs=1, cs=1, head=False, num=False) -> dict:  # noqa: N802
    return {"text": str(text), "rs": rs, "cs": cs, "head": head, "num": num}


def _fmt_num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _nums(values) -> list[dict]:
    return [C(_fmt_num(v), num=True) for v in values]


def disclosure_tables(seed: Seed) -> list[tuple[list, int]]:
    """Section 二 as one table (sub-tables captioned 第二十条第（…）项), as sites do.
    Returns [(rows, number of header rows)] (the header rows of a 二 table are its
    captions and 信息内容 rows, spread through it: 0 means "none go to <thead>")."""
    d = seed.disc
    rows: list[list[dict]] = []

    def caption(text):
        rows.append([C(text, cs=4, head=True)])

    def header(*measures):
        rows.append([C("信息内容", head=True)] + [C(m, head=True, cs=cs) for m, cs in measures])

    def item(label, *cells):
        rows.append([C(label)] + [c for c in cells])

    def v(item_code, measure, cs=1, suffix=""):
        return C(_fmt_num(d[(item_code, measure)]) + suffix, cs=cs, num=True)

    if seed.fmt == "2021":
        caption("第二十条第（一）项")
        header(("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1))
        for code, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
            item(label, v(code, "issued"), v(code, "repealed"), v(code, "in_force"))
        caption("第二十条第（五）项")
        header(("本年处理决定数量", 3))
        item("行政许可", v("licensing", "decisions", 3))
        caption("第二十条第（六）项")
        header(("本年处理决定数量", 3))
        item("行政处罚", v("penalty", "decisions", 3))
        item("行政强制", v("enforcement", "decisions", 3))
        caption("第二十条第（八）项")
        header(("本年收费金额（单位：万元）", 3))
        item("行政事业性收费", v("fees", "amount_wan_yuan", 3))
    else:
        caption("第二十条第（一）项")
        header(("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1))
        for code, label in (("rules", "规章"), ("normative_docs", "规范性文件")):
            item(label, v(code, "issued"), v(code, "published"), v(code, "total_public"))
        for cap, items in (("第二十条第（五）项", (("licensing", "行政许可"),
                                                  ("other_services", "其他对外管理服务事项"))),
                           ("第二十条第（六）项", (("penalty", "行政处罚"), ("enforcement", "行政强制")))):
            caption(cap)
            header(("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1))
            for code, label in items:
                item(label, v(code, "prior_year_items"), v(code, "change"), v(code, "decisions"))
        caption("第二十条第（八）项")
        header(("上一年项目数量", 1), ("本年增/减", 2))
        item("行政事业性收费", v("fees", "prior_year_items"), v("fees", "change", 2))
        caption("第二十条第（九）项")
        header(("采购项目数量", 1), ("采购总金额（万元）", 2))
        item("政府集中采购", v("procurement", "projects"), v("procurement", "amount_wan_yuan", 2))
    return [(rows, 0)]


def applications_table(seed: Seed, corner: int = 3, apps: dict | None = None) -> tuple[list, int]:
    """Section 三 in the template layout; `corner` label columns (3 as published, or 2)."""
    apps = seed.apps if apps is None else apps
    rows = [[C(CORNER, rs=3, cs=corner, head=True), C("申请人情况", cs=7, head=True)],
            [C("自然人", rs=2, head=True), C("法人或其他组织", cs=5, head=True),
             C("总计", rs=2, head=True)],
            [C(o, head=True) for o in ORGS]]
    rows.append([C("一、本年新收政府信息公开申请数量", cs=corner)] + _nums(apps["new_received"]))
    rows.append([C("二、上年结转政府信息公开申请数量", cs=corner)] + _nums(apps["carried_over"]))
    blocks = result_blocks(seed.fmt)
    # three label columns: 三、本年度办理结果 spans the result rows beside them; two: it is a
    # row of its own, blank cells after it
    first = corner == 3
    if not first:
        rows.append([C("三、本年度办理结果", cs=2)] + [C("") for _ in range(7)])
    n_results = sum(len(rows_) for _, rows_ in blocks)
    for group, items in blocks:
        for k, (code, label) in enumerate(items):
            row = []
            if first:
                row.append(C("三、本年度办理结果", rs=n_results))
                first = False
            if group is None:
                row.append(C(label, cs=2))
            else:
                if k == 0:
                    row.append(C(group, rs=len(items)))
                row.append(C(label))
            rows.append(row + _nums(apps[code]))
    rows.append([C("四、结转下年度继续办理", cs=corner)] + _nums(apps["carried_forward"]))
    return rows, 3


def review_litigation_table(seed: Seed, variant: str = "outcomes_rowspan") -> tuple[list, int]:
    """Section 四. "outcomes_rowspan" (the published template): 行政复议 colspan=5 over its
    five outcomes, each rowspan=2 beside 未经复议直接起诉/复议后起诉; "review_rowspan":
    行政复议 colspan=5 rowspan=2, all fifteen outcomes on the third header row;
    "truncated": outcomes_rowspan with the headers cut short ("结果", "尚未")."""
    if variant in ("outcomes_rowspan", "truncated"):
        # "truncated": the outcome headers as Word cut them on a real page (seed 001's)
        outs = ["结果维持", "结果", "其他", "尚未", "总计"] if variant == "truncated" else OUTCOMES
        lit = ["结果", "结果", "其他", "尚未", "总计"] if variant == "truncated" else OUTCOMES
        rows = [[C("行政复议", cs=5, head=True), C("行政诉讼", cs=10, head=True)],
                [C(o, rs=2, head=True) for o in outs]
                + [C("未经复议直接起诉", cs=5, head=True), C("复议后起诉", cs=5, head=True)],
                [C(o, head=True) for o in lit * 2]]
    else:
        rows = [[C("行政复议", cs=5, rs=2, head=True), C("行政诉讼", cs=10, head=True)],
                [C("未经复议直接起诉", cs=5, head=True), C("复议后起诉", cs=5, head=True)],
                [C(o, head=True) for o in OUTCOMES * 3]]
    rows.append(_nums(seed.rl))
    return rows, 3


# ---------------------------------------------------------------- writing HTML

_SPLIT_AT = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def _split_text(text: str, k: int) -> str:
    """Word-paste markup: nested <span>/<font> runs splitting the text, &nbsp; in labels."""
    if not text:
        return "&nbsp;"
    esc = _html.escape
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        if len(text) >= 2:  # "1</span><span>17": a number split across runs
            cut = 1 + k % (len(text) - 1)
            return (f'<span style="font-family:宋体"><font size="2">{esc(text[:cut])}</font></span>'
                    f'<span lang="EN-US">{esc(text[cut:])}</span>&nbsp;')
        return f'<span lang="EN-US"><font face="Times New Roman">{esc(text)}</font></span>'
    # split a label after its 2nd (or 3rd) character, and put &nbsp; at another joint
    joints = [m.start() for m in _SPLIT_AT.finditer(text)]
    if len(joints) >= 2:
        cut = joints[min(len(joints) - 1, 1 + k % 2)]
        nb = joints[0]
        head, tail = text[:cut], text[cut:]
        head = esc(head[:nb]) + "&nbsp;" + esc(head[nb:]) if k % 3 == 0 else esc(head)
        return (f'<span style="font-size:10.5pt"><span lang="ZH-CN">{head}</span></span>'
                f'<font face="宋体"><span>{esc(tail)}</span></font>')
    return f'<span style="font-size:10.5pt">{esc(text)}</span>'


def write_table(rows: list, head_rows: int, *, pad: int | tuple = 0, pad_text: str = "",
                split: bool = False, thead: bool = False, attrs: str = "") -> str:
    """One <table>: `pad` cells of `pad_text` appended to every row (a tuple: the
    counts row by row, cycled), Word-paste markup when `split`, the first `head_rows`
    rows in <thead> with <th> when `thead`."""
    pads = pad if isinstance(pad, tuple) else (pad,)
    out = [f"<table{attrs}>"]
    k = 0
    for r, row in enumerate(rows):
        in_head = thead and r < head_rows
        if thead and r == 0 and head_rows:
            out.append("<thead>")
        if thead and r == head_rows:
            out.append("<tbody>")
        cells = []
        for cell in row:
            tag = "th" if in_head else "td"
            span = (f' rowspan="{cell["rs"]}"' if cell["rs"] > 1 else "") + \
                (f' colspan="{cell["cs"]}"' if cell["cs"] > 1 else "")
            if split:
                text = cell["text"]
                if not cell["num"] and len(text) > 14:
                    # a long label in two paragraphs, as Word wraps it
                    half = len(text) // 2
                    body = "".join(f'<p class="MsoNormal" align="center">{_split_text(t, k)}</p>'
                                   for t in (text[:half], text[half:]))
                elif not cell["num"] and text:
                    body = (f'<p class="MsoNormal" align="center" style="text-align:center">'
                            f'{_split_text(text, k)}</p>')
                else:
                    body = _split_text(text, k)
            else:
                body = _html.escape(cell["text"])
            k += 1
            cells.append(f"<{tag}{span}>{body}</{tag}>")
        cells += [f"<td>{pad_text}</td>"] * pads[r % len(pads)]
        out.append("<tr>" + "".join(cells) + "</tr>")
        if thead and r == head_rows - 1:
            out.append("</thead>")
    if thead and head_rows and len(rows) > head_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def title_of(seed: Seed) -> str:
    return f"{seed.unit}{seed.year}年政府信息公开工作年度报告"


def _p(text: str) -> str:
    return f"<p>{_html.escape(text)}</p>"


def _prose(seed: Seed) -> dict[str, str]:
    unit, y = seed.unit, seed.year
    return {
        "intro": (f"本报告由{unit}办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
                  f"要求编制。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"),
        "一": (f"{y}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
              "全面推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效。" * 2),
        "五": "一是公开内容不够全面；二是信息更新不够及时。下一步将加强培训，健全工作机制。",
        "六": "本年度未收取信息处理费。",
    }


def page(seed: Seed, *, corner: int = 3, rl_variant: str = "outcomes_rowspan", pad: int | tuple = 0,
         pad_text: str = "", split: bool = False, thead: bool = False, layout: bool = False,
         apps: dict | None = None, apps_table: tuple | None = None,
         rl_table: tuple | None = None) -> str:
    """The seed's report as a whole page in one of the shapes (see the module doc).
    `apps_table`, `rl_table`: section 三 / 四 as (rows, header rows) instead of the
    template's."""
    prose = _prose(seed)

    def tab(rows_head):
        rows, head = rows_head
        return write_table(rows, head, pad=pad, pad_text=pad_text, split=split, thead=thead,
                           attrs=' border="1" cellspacing="0" cellpadding="0"')

    body = "\n".join([
        f'<p style="text-align:center"><strong>{_html.escape(title_of(seed))}</strong></p>',
        _p(prose["intro"]),
        _p("一、总体情况"), _p(prose["一"]),
        _p("二、主动公开政府信息情况"),
        *(tab(t) for t in disclosure_tables(seed)),
        _p("三、收到和处理政府信息公开申请情况"),
        tab(apps_table or applications_table(seed, corner, apps)),
        _p("四、政府信息公开行政复议、行政诉讼情况"),
        tab(rl_table or review_litigation_table(seed, rl_variant)),
        _p("五、存在的主要问题及改进情况"), _p(prose["五"]),
        _p("六、其他需要报告的事项"), _p(prose["六"]),
    ])
    return _frame(seed, body, layout)


def _frame(seed: Seed, body: str, layout: bool) -> str:
    title = _html.escape(title_of(seed))
    head = (f'<head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="ArticleTitle" content="{title}"></head>')
    if not layout:
        return (f"<!DOCTYPE html><html>{head}<body><div class=\"article\"><h1>{title}</h1>"
                f"<div class=\"content\" id=\"zoom\">{body}</div></div></body></html>")
    unit = _html.escape(seed.unit)
    meta = ('<table width="100%" border="0" cellspacing="1" cellpadding="3" class="xxgk">'
            f'<tr><td class="xxgk_th">索引号：</td><td>000000-{seed.key}/{seed.year + 1}-00008</td>'
            '<td class="xxgk_th">信息分类：</td><td>政府信息公开年报</td></tr>'
            f'<tr><td class="xxgk_th">发布机构：</td><td>{unit}办公室</td>'
            f'<td class="xxgk_th">公开日期：</td><td>{seed.published}</td></tr>'
            f'<tr><td class="xxgk_th">名称：</td><td colspan="3">{title}</td></tr></table>')
    nav = "".join(f'<td class="navtd"><a href="/col{i}.html">{n}</a></td>'
                  for i, n in enumerate(["网站首页", "走进本地", "政务动态", "信息公开", "政务服务", "互动交流"]))
    return (f"<!DOCTYPE html><html>{head}<body>"
            '<table width="1000" border="0" align="center" class="top"><tr>'
            f'<td height="120"><img src="/images/logo.gif" alt="{unit}"></td></tr></table>'
            f'<div class="nav"><table width="1000" border="0" align="center"><tr>{nav}</tr></table></div>'
            '<table width="1000" border="0" align="center" class="main"><tr>'
            '<td width="220" valign="top" class="left"><table width="100%"><tr><td>'
            '<a href="/xxgk/nb/">政府信息公开年报</a></td></tr><tr><td>'
            '<a href="/xxgk/zn/">政府信息公开指南</a></td></tr></table></td>'
            '<td valign="top"><div class="location">当前位置：<a href="/">网站首页</a> &gt;&gt; '
            '<a href="/xxgk/">信息公开</a> &gt;&gt; 政府信息公开年报</div>'
            f"{meta}"
            f'<table width="100%" border="0"><tr><td class="wz_title"><h1>{title}</h1></td></tr>'
            f'<tr><td class="main_content"><div id="zoom">{body}</div></td></tr></table>'
            '</td></tr></table>'
            '<table width="1000" align="center" class="footer"><tr><td>'
            f"主办单位：{unit}办公室 版权所有 网站标识码：0000000000</td></tr></table>"
            "</body></html>")


# ---------------------------------------------------------------- flat: the seed's own rows

def flat_page(seed_key: str = "002", pad: int = 0) -> str:
    """The seed text as a page: each run of tab-separated lines one <table> with one
    <td> per tab cell (empty cells kept) and `pad` empty cells appended per row; every
    other line a <p>. Blank lines between tab rows stay inside the table (seed 002
    breaks its （五）不予处理 label over one)."""
    seed = SEEDS[seed_key]
    lines = seed_text(seed_key).split("\n")
    parts: list[str] = []
    table: list[str] = []

    def flush():
        if table:
            parts.append('<table border="1" cellspacing="0">\n' + "\n".join(table) + "\n</table>")
            table.clear()

    for i, line in enumerate(lines):
        if "\t" in line:
            cells = line.split("\t")
            table.append("<tr>" + "".join(f"<td>{_html.escape(c.strip())}</td>" for c in cells)
                         + "<td></td>" * pad + "</tr>")
            continue
        if not line.strip():
            nxt = next((ln for ln in lines[i + 1:] if ln.strip()), "")
            if table and "\t" in nxt:
                continue  # a blank line inside a table
            flush()
            continue
        flush()
        parts.append(_p(line.strip()))
    flush()
    return _frame(seed, "\n".join(parts), layout=False)


# ---------------------------------------------------------------- mirror re-rendering

# pinyin glosses a mirror site puts after characters (seed 000 has the first ten; the
# last four would hide 行政複議 / 行政訴訟 / 結轉 from a plain substring test)
GLOSSES = {"發": "fā", "規": "guī", "網": "wǎng", "數": "shù", "據": "jù", "業": "yè", "穩": "wěn",
           "執": "zhí", "統": "tǒng", "現": "xiàn", "複": "fù", "議": "yì", "訴": "sù", "結": "jié"}


def mirror(page_html: str) -> str:
    """A page as mirror sites re-render it (docs/DOMAIN.md §4): Traditional characters with
    pinyin glosses after some of them ("數(shù)據(jù)")."""
    from opencc import OpenCC

    trad = OpenCC("s2t").convert(page_html)
    return "".join(ch + f"({GLOSSES[ch]})" if ch in GLOSSES else ch for ch in trad)
