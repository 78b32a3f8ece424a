#!/usr/bin/env python3
"""Build the bundled sample in govlake/data/samples/ from the five real seed texts.

For every seed ``NNN_<hash>.txt`` of the seeds folder (default ``../shared/seeds`` relative to the
repository root) this writes into ``govlake/data/samples/``:

* the seed text, copied byte for byte under its original name;
* ``NNN_<hash>.html``: a saved web page rendered from that text the way real government CMS pages
  look -- header, navigation, breadcrumb, a metadata table (索引号 / 发布机构 / 日期), the article as
  ``<p>`` paragraphs, the section 二/三/四 tables (and 004's 附表) as real ``<table>`` markup with the
  official rowspan/colspan grouping, share bar and footer boilerplate;
* ``ORIGIN.md`` (provenance, what is synthetic, encodings) and ``expected.json`` (hand-read figures
  for the tests).

Every number and every word of a seed's report text is kept: contamination is not repaired (000 stays
Traditional with pinyin glosses, 003 keeps 365体育备用网址, 004 keeps its spam).  The only textual
changes are the ones a page has and a text copy has not: 002's label split across two rows
("(五) 不" / "予处理", "1.信访举报投诉" / "类申请") becomes one cell each, 002's markdown ``**bold**``
becomes ``<strong>``, and 004's title loses the stray "? " the text copy put in front of it.

The output is deterministic: re-running gives byte-identical files.  At the end every page is run
through ``trafilatura.extract(..., include_tables=True, output_format='txt', favor_recall=True)`` and
checked to keep the article and its tables and to drop the navigation/footer boilerplate.

Usage: python scripts/build_samples.py [--seeds DIR] [--out DIR] [--no-check]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = REPO_ROOT / "govlake" / "data" / "samples"

# a cell value: 0, -3, 2506.18萬元, -139 条, 960 万 (but not a row label such as "2.重复申请")
NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?(?:\s*[\u4e00-\u9fff]+)?$")


def esc(text: str) -> str:
    """HTML-escape text content; keep quotes as they are (they are fine in element content)."""
    return html.escape(text, quote=False)


def nbsp(text: str) -> str:
    """Escape, then write non-breaking spaces the way CMS editors save them."""
    return esc(text).replace("\xa0", "&nbsp;")


# ---------------------------------------------------------------------------------------------
# Table reconstruction (2019 / 2021 formats)
# ---------------------------------------------------------------------------------------------

def tokens_pipe(lines: list[str]) -> list[str]:
    """Cells of the 'one cell per line ending in |' rendering (seeds 000, 001)."""
    out = []
    for line in lines:
        for part in line.split("|"):
            part = part.strip()
            if part:
                out.append(part)
    return out


def tokens_tab(lines: list[str]) -> list[str]:
    """Cells of the tab-separated rendering (seed 002)."""
    out = []
    for line in lines:
        for part in line.split("\t"):
            part = part.strip()
            if part:
                out.append(part)
    return out


class Cell:
    def __init__(self, text: str, rowspan: int = 1, colspan: int = 1, header: bool = False):
        self.text = text
        self.rowspan = rowspan
        self.colspan = colspan
        self.header = header


def section2_rows(tokens: list[str]) -> list[list[Cell]]:
    """第二十条 sub-tables, four columns wide, in one table like the official template."""
    groups: list[list[str]] = []
    for tok in tokens:
        if tok.startswith(("第二十条", "第二十條")):
            groups.append([tok])
        else:
            if not groups:
                raise ValueError(f"section 二: cell before the first caption: {tok!r}")
            groups[-1].append(tok)
    rows: list[list[Cell]] = []
    for group in groups:
        caption, rest = group[0], group[1:]
        if not rest or not rest[0].startswith("信息"):
            raise ValueError(f"section 二: no 信息内容 header after {caption!r}")
        first_value = next(i for i, t in enumerate(rest) if NUMERIC.match(t))
        headers = rest[1:first_value - 1]  # between 信息内容 and the first row label
        body = rest[first_value - 1:]
        width = len(headers)
        if not 1 <= width <= 3:
            raise ValueError(f"section 二: {width} headers under {caption!r}")
        rows.append([Cell(caption, colspan=4, header=True)])
        hdr = [Cell(rest[0], header=True)] + [Cell(h, header=True) for h in headers]
        hdr[-1].colspan = 4 - width
        rows.append(hdr)
        if len(body) % (width + 1):
            raise ValueError(f"section 二: ragged rows under {caption!r}: {body}")
        for i in range(0, len(body), width + 1):
            label, values = body[i], body[i + 1:i + 1 + width]
            if NUMERIC.match(label) or not all(NUMERIC.match(v) for v in values):
                raise ValueError(f"section 二: bad row {body[i:i + width + 1]}")
            row = [Cell(label)] + [Cell(v) for v in values]
            row[-1].colspan = 4 - width
            rows.append(row)
    return rows


TOP = re.compile(r"^[一二三四]、")
SUB = re.compile(r"^[(（][一二三四五六七][)）]")


def section3_rows(tokens: list[str]) -> list[list[Cell]]:
    """The applications matrix: 3 label columns + 7 value columns, official spans."""
    head, body = tokens[:10], tokens[10:]
    if not head[0].startswith(("(", "（")) or any(NUMERIC.match(t) for t in head):
        raise ValueError(f"section 三: unexpected header cells {head}")
    rows_raw: list[tuple[list[str], list[str]]] = []
    i = 0
    while i < len(body):
        labels = []
        while i < len(body) and not NUMERIC.match(body[i]):
            labels.append(body[i])
            i += 1
        values = body[i:i + 7]
        i += 7
        if not labels or len(values) != 7 or not all(NUMERIC.match(v) for v in values):
            raise ValueError(f"section 三: bad row {labels} {values}")
        rows_raw.append((labels, values))
    rows: list[list[Cell]] = [
        [Cell(head[0], rowspan=3, colspan=3, header=True), Cell(head[1], colspan=7, header=True)],
        [Cell(head[2], rowspan=2, header=True), Cell(head[3], colspan=5, header=True),
         Cell(head[4], rowspan=2, header=True)],
        [Cell(h, header=True) for h in head[5:10]],
    ]
    for n, (labels, values) in enumerate(rows_raw):
        cells: list[Cell] = []
        rest = list(labels)
        if TOP.match(rest[0]):
            top = rest.pop(0)
            if rest:  # 三、本年度办理结果: spans every result row
                span = 1
                for later, _ in rows_raw[n + 1:]:
                    if TOP.match(later[0]):
                        break
                    span += 1
                cells.append(Cell(top, rowspan=span))
            else:
                cells.append(Cell(top, colspan=3))
        if rest and SUB.match(rest[0]):
            sub = rest.pop(0)
            if rest:  # a group with numbered sub-rows
                span = 1
                for later, _ in rows_raw[n + 1:]:
                    if later[0][:1].isdigit():
                        span += 1
                    else:
                        break
                cells.append(Cell(sub, rowspan=span))
            else:
                cells.append(Cell(sub, colspan=2))
        for leaf in rest:
            cells.append(Cell(leaf))
        cells.extend(Cell(v) for v in values)
        rows.append(cells)
    return rows


def section4_rows(tokens: list[str]) -> list[list[Cell]]:
    if len(tokens) != 34:
        raise ValueError(f"section 四: expected 34 cells, got {len(tokens)}: {tokens}")
    values = tokens[19:]
    if not all(NUMERIC.match(v) for v in values):
        raise ValueError(f"section 四: non-numeric values {values}")
    return [
        [Cell(tokens[0], colspan=5, header=True), Cell(tokens[1], colspan=10, header=True)],
        [Cell(t, rowspan=2, header=True) for t in tokens[2:7]]
        + [Cell(tokens[7], colspan=5, header=True), Cell(tokens[8], colspan=5, header=True)],
        [Cell(t, header=True) for t in tokens[9:19]],
        [Cell(v) for v in values],
    ]


def render_table(rows: list[list[Cell]], style: str, cls: str = "") -> str:
    """style: 'plain' (tidy CMS table) or 'word' (pasted from Word: MsoNormalTable, nested span/font)."""
    out = []
    if style == "word":
        out.append(f'<table class="MsoNormalTable{(" " + cls) if cls else ""}" border="1" cellspacing="0" '
                   'cellpadding="0" width="100%" style="border-collapse:collapse;border:none;'
                   'mso-border-alt:solid windowtext .5pt;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">')
    else:
        out.append(f'<table{(" class=%s" % chr(34) + cls + chr(34)) if cls else ""} border="1" cellspacing="0" '
                   'cellpadding="4" width="100%" style="border-collapse:collapse;">')
    out.append("<tbody>")
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, cell in enumerate(row):
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = nbsp(cell.text)
            if style == "word":
                text = text.replace(" ", "&nbsp;")  # Word saves the space inside "商业 企业" as &nbsp;
                # Word-paste: the text sits in <p class=MsoNormal><span><font>…; some cells nest deeper.
                inner = f'<span style="font-size:10.5pt;font-family:宋体">{text}</span>'
                if (r + c) % 3 == 0:
                    inner = f'<span lang="EN-US" style="font-size:10.5pt"><font face="宋体">{text}</font></span>'
                if cell.header:
                    inner = f"<b>{inner}</b>"
                out.append(f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt">'
                           f'<p class="MsoNormal" align="center" style="text-align:center">{inner}</p></td>')
            else:
                out.append(f'<td{attrs} align="center">{text}</td>')
        out.append("</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------------

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line)) and len(line) <= 30


def markdown_bold(text: str) -> str:
    """002's text copy marks bold runs with **…**; the page had <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)


def para(line: str, style: str) -> str:
    body = markdown_bold(nbsp(line))
    if style == "word":
        if is_heading(line):
            return (f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                    f'<b><span style="font-size:16.0pt;font-family:黑体">{body}</span></b></p>')
        return (f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{body}</span></p>')
    if is_heading(line):
        return f'<p style="text-indent:2em;"><strong>{body}</strong></p>'
    return f'<p style="text-indent:2em;">{body}</p>'


def split_year(p_html: str, year: str) -> str:
    """Word-paste trait: the first occurrence of a year is split across two spans (20|21)."""
    a, b = year[:2], year[2:]
    new = (f'</span><span lang="EN-US" style="font-size:16.0pt;font-family:仿宋_GB2312">{a}</span>'
           f'<span lang="EN-US" style="font-size:16.0pt;font-family:仿宋_GB2312">{b}</span>'
           f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">')
    if year not in p_html:
        raise ValueError(f"year {year} not in paragraph")
    return p_html.replace(year, new, 1)


def find_line(lines: list[str], start: int, prefixes: tuple[str, ...]) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip().startswith(prefixes) and "|" not in lines[i] and "\t" not in lines[i]:
            return i
    raise ValueError(f"no line starting with {prefixes} after line {start}")


def table_format_article(text: str, tokenizer, p_style: str, t_style: str,
                         skip_lines: int = 0) -> list[str]:
    """Article of a 2019/2021-format report: prose, section headings, the three tables, prose."""
    lines = text.split("\n")
    s2 = find_line(lines, skip_lines, ("二、主动公开", "二、主動公開"))
    s3 = find_line(lines, s2 + 1, ("三、收到和处理", "三、收到和處理"))
    s4 = find_line(lines, s3 + 1, ("四、政府信息公开行政复议", "四、政府信息公開行政復"))
    s5 = find_line(lines, s4 + 1, ("五、",))
    parts = [para(line, p_style) for line in lines[skip_lines:s2] if line.strip()]
    parts.append(para(lines[s2], p_style))
    parts.append(render_table(section2_rows(tokenizer(lines[s2 + 1:s3])), t_style, "table-zdgk"))
    parts.append(para(lines[s3], p_style))
    parts.append(render_table(section3_rows(tokenizer(lines[s3 + 1:s4])), t_style, "table-ysq"))
    parts.append(para(lines[s4], p_style))
    parts.append(render_table(section4_rows(tokenizer(lines[s4 + 1:s5])), t_style, "table-fyss"))
    parts.extend(para(line, p_style) for line in lines[s5:] if line.strip())
    return parts


# ---------------------------------------------------------------------------------------------
# The five samples
# ---------------------------------------------------------------------------------------------

def article_000(text: str) -> list[str]:
    return table_format_article(text, tokens_pipe, "plain", "plain")


def article_001(text: str) -> list[str]:
    parts = table_format_article(text, tokens_pipe, "word", "word")
    # Word-paste trait inside prose: the year of "2021年以来" split across two spans.
    for i, p in enumerate(parts):
        if "2021年以来,花溪区" in p:
            parts[i] = split_year(p, "2021")
            break
    else:
        raise ValueError("001: paragraph for the split year not found")
    return parts


SPLIT_002_BROKEN = ("(五) 不\t1.信访举报投诉\t0\t0\t0\t0\t0\t0\t0\t\n\n"
                    "予处理\t类申请\t\t\t\t\t\t\t\n")
SPLIT_002_FIXED = "(五)不予处理\t1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0\n"


def article_002(text: str) -> list[str]:
    if text.count(SPLIT_002_BROKEN) != 1:
        raise ValueError("002: the split (五) 不 / 予处理 label was not found exactly once")
    text = text.replace(SPLIT_002_BROKEN, SPLIT_002_FIXED)
    lines = text.split("\n")
    title_idx = next(i for i, l in enumerate(lines) if l.strip())
    parts = [f'<p align="center" style="text-align:center;"><strong>{esc(lines[title_idx])}</strong></p>']
    parts += table_format_article("\n".join(lines[title_idx + 1:]), tokens_tab, "plain", "plain")
    return parts


def article_003(text: str) -> list[str]:
    """Legacy prose; the statistics tables are images; the copy's page chrome goes to the page chrome."""
    lines = text.split("\n")
    start = lines.index(next(l for l in lines if l.startswith("根据《中华人民共和国365体育备用网址条例》")))
    end = lines.index("统计指标3.jpg")
    parts = []
    body = [l for l in lines[start:end + 1] if l.strip()]
    for line in body:
        if line.endswith(".jpg"):
            parts.append(f'<p style="text-align:center;"><a href="/uploadfile/2019/1219/{esc(line)}" '
                         f'target="_blank">{esc(line)}</a></p>')
        elif line in ("附件", "云南省365体育备用网址情况统计表", "(2018年度)"):
            parts.append(f'<p style="text-align:center;"><strong>{esc(line)}</strong></p>')
        else:
            parts.append(para(line, "plain"))
    return parts


def article_004(text: str) -> list[str]:
    lines = text.split("\n")
    start = lines.index("华政办2018〕2号")
    t0 = lines.index("指 标 名 称")
    t_end = lines.index("华安县人民政府办公室", t0)
    parts = []
    for line in lines[start:t0]:
        if not line:
            continue
        if line == "\xa0":
            parts.append('<p class="MsoNormal">&nbsp;</p>')
        elif line in ("华政办2018〕2号",):
            parts.append(f'<p class="MsoNormal" align="center" style="text-align:center">'
                         f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{esc(line)}</span></p>')
        elif line in ("华安县人民政府办公室", "关于2017年度政府信息公开工作年度报告"):
            parts.append(f'<p class="MsoNormal" align="center" style="text-align:center">'
                         f'<b><span style="font-size:22.0pt;font-family:方正小标宋简体">{esc(line)}</span></b></p>')
        else:
            parts.append(para(line, "word"))
    # 附表: 指标名称 | 单位 | 2017年 | 历年累计; the copy has no 单位 values (left blank here).
    cells = [l for l in lines[t0:t_end] if l != ""]
    header, data = cells[:4], cells[4:]
    if len(data) % 3 == 1 and data[-1] == "\xa0":  # the spacer paragraph after the table
        data.pop()
    if len(data) % 3:
        raise ValueError(f"004: 附表 cells not a multiple of 3: {len(data)}")
    rows = [[Cell(h.replace(" ", "\xa0"), header=True) for h in header]]
    for i in range(0, len(data), 3):
        label, v2017, vcum = data[i:i + 3]
        rows.append([Cell(label), Cell("\xa0"), Cell(v2017), Cell(vcum)])
    parts.append(render_table(rows, "word", "fb"))
    parts.append('<p class="MsoNormal">&nbsp;</p>')
    for line in lines[t_end:]:
        if line:
            parts.append(f'<p class="MsoNormal" align="right" style="text-align:right">'
                         f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{esc(line)}</span></p>')
    return parts


# Page chrome per sample.  Everything here except the strings quoted from the seed copies is
# synthetic (see ORIGIN.md).
SAMPLES = [
    {
        "seed": "000_413ec341411ee789",
        "unit": "武定县人民政府", "province": "云南省", "province_key": "yunnan",
        "prefecture": "楚雄彝族自治州", "county": "武定县", "region_code": "532329",
        "year": 2020, "format": "2019", "script": "traditional",
        "encoding": "utf-8-sig", "charset_decl": None, "newline": "\n",
        "article": article_000,
        "title": "武定縣人民政府2020年政府信息公開工作年度報告_武定縣人民政府網(wǎng)站",
        "h1": "武定縣人民政府2020年政府信息公開工作年度報告",
        "site": "武定縣人民政府", "host": "www.aji87.cn",
        "nav": ["首頁", "走進武定", "政務動態(tài)", "政府信息公開", "政務服務", "互動交流", "專題專欄"],
        "crumbs": ["首頁", "政府信息公開", "法定主動公開內容", "政府信息公開年報"],
        "crumb_label": "您當前的位置：",
        "meta": [("索引號：", "015110233/2021-00015"), ("信息分類：", "政府信息公開年報"),
                 ("發布機構：", "武定縣人民政府辦公室"), ("發布日期：", "2021-01-28")],
        "date": "2021-01-28", "date_synthetic": True,
        "footer": ["主辦單位：武定縣人民政府辦公室　　承辦單位：武定縣融媒體中心",
                   "網(wǎng)站標識碼：5323290001　　滇ICP備12004567號-1　　滇公網(wǎng)安備 53232902000101號",
                   "建議使用1366×768分辨率 IE9.0以上版本瀏覽器"],
        "body_wrap": "div-zoom",
    },
    {
        "seed": "001_49ee148252c18417",
        "unit": "花溪区人民政府", "province": "贵州省", "province_key": "guizhou",
        "prefecture": "贵阳市", "county": "花溪区", "region_code": "520111",
        "year": 2021, "format": "2021", "script": "simplified",
        "encoding": "utf-8", "charset_decl": "http-equiv", "newline": "\n",
        "article": article_001,
        "title": "花溪区2021年政府信息公开工作年度报告_花溪区人民政府",
        "h1": "花溪区2021年政府信息公开工作年度报告",
        "site": "贵阳市花溪区人民政府", "host": "www.huaxi.gov.cn",
        "nav": ["首页", "走进花溪", "政务公开", "政务服务", "政民互动", "专题专栏"],
        "crumbs": ["首页", "政务公开", "政府信息公开", "政府信息公开年报", "2021年"],
        "crumb_label": "当前位置：",
        "meta": [("索引号：", "520111/2022-00017"), ("信息分类：", "政府信息公开年报"),
                 ("发布机构：", "花溪区人民政府办公室"), ("发布日期：", "2022-01-26")],
        "date": "2022-01-26", "date_synthetic": True,
        "footer": ["主办单位：贵阳市花溪区人民政府办公室　　承办单位：花溪区大数据发展管理局",
                   "网站标识码：5201110001　　黔ICP备05001234号　　黔公网安备 52011102000123号",
                   "联系我们　|　网站地图　|　隐私声明"],
        "body_wrap": "div-article",
    },
    {
        "seed": "002_a0f62e3ec90446e4",
        "unit": "泾源县人民政府", "province": "宁夏回族自治区", "province_key": "ningxia",
        "prefecture": "固原市", "county": "泾源县", "region_code": "640424",
        "year": 2020, "format": "2019", "script": "simplified",
        "encoding": "gb18030", "charset_decl": None, "newline": "\r\n",
        "article": article_002,
        "title": "泾源县人民政府2020年政府信息公开年报-泾源县人民政府",
        "h1": "泾源县人民政府2020年政府信息公开年报",
        "site": "泾源县人民政府", "host": None,
        "nav": ["网站首页", "走进泾源", "新闻中心", "信息公开", "办事服务", "互动交流"],
        "crumbs": ["网站首页", "信息公开", "政府信息公开年报"],
        "crumb_label": "当前位置：",
        "meta": [("索引号：", "640424001/2021-00008"), ("主题分类：", "政府信息公开年报"),
                 ("发布机构：", "泾源县人民政府办公室"), ("公开日期：", "2021-01-22")],
        "date": "2021-01-22", "date_synthetic": True,
        "footer": ["主办：泾源县人民政府办公室　　技术支持：泾源县信息中心",
                   "网站标识码：6404240001　　宁ICP备05000123号",
                   "建议使用1024×768分辨率浏览本站"],
        "body_wrap": "layout-table",
    },
    {
        "seed": "003_15bfe3d677f0b558",
        "unit": "云南省人民政府", "province": "云南省", "province_key": "yunnan",
        "prefecture": None, "county": None, "region_code": "53",
        "year": 2018, "format": "legacy", "script": "simplified",
        "encoding": "utf-8", "charset_decl": "meta-charset", "newline": "\n",
        "article": article_003,
        "title": "365体育备用网址_365体育备用",
        "h1": "2018年云南省365体育备用网址工作报告",
        "site": "365体育备用:", "host": None,
        "nav": ["首页", "要闻动态", "365体育备用网址", "政务服务", "互动交流", "走进云南"],
        "crumbs": ["首页", "365体育备用网址", "年度报告"],
        "crumb_label": "当前位置：",
        "meta": [("索引号：", "000014349/2019-01219"), ("信息分类：", "政府信息公开年报"),
                 ("发布机构：", "365体育备用:办公厅"), ("发布日期：", "2019-12-19")],
        "date": "2019-12-19", "date_synthetic": False,
        "body_wrap": "div-content",
    },
    {
        "seed": "004_b5a77726d5a63a67",
        "unit": "华安县人民政府", "province": "福建省", "province_key": "fujian",
        "prefecture": "漳州市", "county": "华安县", "region_code": "350629",
        "year": 2017, "format": "legacy", "script": "simplified",
        "encoding": "utf-8", "charset_decl": "http-equiv", "newline": "\n",
        "article": article_004,
        "title": "华安县人民政府办公室关于2017年度政府信息公开工作年度报告 - 广东快乐十分官方网",
        "h1": "华安县人民政府办公室关于2017年度政府信息公开工作年度报告",
        "site": "华安县人民政府", "host": "www.uqngq.com.cn",
        "nav": ["网站首页", "魅力华安", "政务公开", "网上办事", "公众参与", "专题专栏"],
        "crumbs": ["网站首页", "政务公开", "政府信息公开年报"],
        "crumb_label": "您现在的位置：",
        "meta": [("索引号：", "FJ00350629-0400-2018-00002"), ("发布机构：", "华安县人民政府"),
                 ("发布时间：", "2018-01-09")],
        "date": "2018-01-09", "date_synthetic": False,
        "footer": ["主办单位：华安县人民政府办公室　　地址：华安县华丰镇　　邮编：363800",
                   "网站标识码：3506290001　　闽ICP备05012345号",
                   "Copyright © 华安县人民政府 版权所有"],
        "body_wrap": "div-article-004",
    },
]


def nav_html(s: dict, cls: str = "nav") -> str:
    items = "".join(f'<li><a href="/{"index" if i == 0 else "col%d" % i}.html">{esc(n)}</a></li>'
                    for i, n in enumerate(s["nav"]))
    return f'<div class="{cls}"><ul>{items}</ul></div>'


def crumbs_html(s: dict) -> str:
    links = " &gt; ".join(f'<a href="/{"index" if i == 0 else "list%d" % i}.html">{esc(c)}</a>'
                          for i, c in enumerate(s["crumbs"]))
    return f'<div class="location">{esc(s["crumb_label"])}{links}</div>'


def meta_table_html(s: dict) -> str:
    cells = []
    for k, v in s["meta"]:
        if k.startswith(("发布日期", "发布时间", "公开日期")) and s["seed"].startswith("001"):
            v_html = f"<publishtime>{esc(v)}</publishtime>"  # custom CMS tag (seen on real sites)
        else:
            v_html = esc(v)
        cells.append(f'<th>{esc(k)}</th><td>{v_html}</td>')
    rows = []
    for i in range(0, len(cells), 2):
        rows.append("<tr>" + "".join(cells[i:i + 2]) + "</tr>")
    return ('<div class="xxgk-meta"><table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">'
            + "".join(rows) + "</table></div>")


def footer_html(lines: list[str]) -> str:
    ps = "".join(f"<p>{nbsp(l)}</p>" for l in lines)
    return f'<div class="footer"><div class="footer-links"><a href="/wzdt.html">网站地图</a> | <a href="/lxwm.html">联系我们</a></div>{ps}</div>'


HEAD_COMMON = ('<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
               '<link rel="stylesheet" type="text/css" href="/css/common.css">\n'
               '<script type="text/javascript" src="/js/jquery.min.js"></script>\n')


def head_html(s: dict) -> str:
    decl = {
        None: "",
        "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
                      % ("UTF-8" if s["seed"].startswith("004") else "utf-8"),
        "meta-charset": '<meta charset="utf-8">\n',
    }[s["charset_decl"]]
    extra = ""
    if s["seed"].startswith(("000", "001", "002")):
        extra = (f'<meta name="SiteName" content="{esc(s["site"])}">\n'
                 f'<meta name="ArticleTitle" content="{esc(s["h1"])}">\n'
                 f'<meta name="PubDate" content="{s["date"]}">\n')
    return f"<head>\n{decl}<title>{esc(s['title'])}</title>\n{extra}{HEAD_COMMON}</head>"


def page_000_001(s: dict, article: list[str]) -> str:
    welcome, toggle, mobile = (("歡迎您", "簡體", "手機版") if s["seed"].startswith("000")
                               else ("欢迎您", "无障碍", "手机版"))
    top = (f'<div class="topbar"><div class="w1200"><span class="date">{esc(s["site"])}{welcome}</span>'
           f'<a href="/wza.html">{toggle}</a> <a href="/m/">{mobile}</a></div></div>')
    header = (f'<div class="header"><div class="w1200"><a href="/" class="logo">'
              f'<img src="/images/logo.png" alt="{esc(s["site"])}"></a>'
              '<div class="search"><form action="/search" method="get"><input type="text" name="q">'
              '<input type="submit" value="搜索"></form></div></div></div>')
    body_cls = "article-content" if s["body_wrap"] == "div-article" else "zoom-box"
    doc = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', head_html(s), "<body>", top, header,
        nav_html(s), '<div class="w1200 main-wrap">', crumbs_html(s),
        '<div class="detail">', meta_table_html(s),
        f'<div class="title"><h1>{esc(s["h1"])}</h1></div>',
        f'<div class="{body_cls}" id="zoom">', *article, "</div>",
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>'
        ' 【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>',
        "</div>", "</div>", footer_html(s["footer"]), "</body>", "</html>", "",
    ]
    return "\n".join(doc)


def page_002(s: dict, article: list[str]) -> str:
    """An old GBK site: layout tables all the way down, no charset declaration anywhere."""
    nav = "".join(f'<td class="navtd"><a href="/{"index" if i == 0 else "col%d" % i}.asp">{esc(n)}</a></td>'
                  for i, n in enumerate(s["nav"]))
    crumbs = " &gt;&gt; ".join(f'<a href="/list{i}.asp">{esc(c)}</a>' for i, c in enumerate(s["crumbs"]))
    meta_rows = "".join(f'<td class="xxgk_th">{esc(k)}</td><td class="xxgk_td">{esc(v)}</td>'
                        for k, v in s["meta"][:2])
    meta_rows2 = "".join(f'<td class="xxgk_th">{esc(k)}</td><td class="xxgk_td">{esc(v)}</td>'
                         for k, v in s["meta"][2:])
    foot = "".join(f"{nbsp(l)}<br>" for l in s["footer"])
    doc = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml">', head_html(s), '<body topmargin="0" leftmargin="0">',
        '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="top">',
        f'<tr><td height="120" background="/images/top_bg.jpg"><img src="/images/logo.gif" alt="{esc(s["site"])}" /></td></tr>',
        "</table>",
        '<div class="nav"><table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">'
        f"<tr>{nav}</tr></table></div>",
        '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">',
        "<tr>",
        '<td valign="top">',
        f'<div class="location">{esc(s["crumb_label"])}{crumbs}</div>',
        '<table width="100%" border="0" cellspacing="1" cellpadding="3" bgcolor="#cccccc" class="xxgk">'
        f"<tr>{meta_rows}</tr><tr>{meta_rows2}</tr></table>",
        f'<div class="wz_title"><h1>{esc(s["h1"])}</h1></div>',
        '<div class="main_content" id="zoom">', *article, "</div>",
        '<div class="print">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>',
        "</td>", "</tr>", "</table>",
        '<div class="footer"><table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">'
        f'<tr><td align="center" class="foot">{foot}</td></tr></table></div>',
        "</body>", "</html>", "",
    ]
    return "\n".join(doc)


def page_003(s: dict, article: list[str], text: str) -> str:
    lines = text.split("\n")
    info = lines[8]  # "来源: 365体育备用:办公厅 … 2019-12-19 15:07:05 【字体:"
    m = re.match(r"^(来源: )(\S+)(.*?)(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)( 【字体:)$", info)
    if not m:
        raise ValueError("003: info line not recognised")
    info_html = (f'<span class="source">{esc(m.group(1))}{esc(m.group(2))}</span>{nbsp(m.group(3))}'
                 f'<span class="time">{m.group(4)}</span>{esc(m.group(5))}<span id="fontsize"></span>')
    footer_lines = lines[lines.index("中国政府网"):]
    footer_lines = [l for l in footer_lines if l.strip()]
    related = lines[lines.index("\xa0相关文档:")]
    doc = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', head_html(s), "<body>",
        '<div class="header"><div class="logo"><a href="/"><img src="/images/banner.jpg" alt="图片"></a></div>'
        '<div class="header-search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div></div>',
        nav_html(s),
        '<div class="container">', crumbs_html(s),
        f'<div class="column-name"><h2>{esc(lines[4])}</h2></div>',
        meta_table_html(s),
        '<div class="detail">',
        f'<div class="detail-title"><h1>{esc(s["h1"])}</h1></div>',
        f'<div class="detail-info">{info_html}</div>',
        '<div class="content" id="zoom">', *article, "</div>",
        f'<div class="share">{nbsp(lines[lines.index(related) - 1])}<a href="#" class="wx"></a><a href="#" class="wb"></a></div>',
        f'<div class="related"><span>{nbsp(related)}</span><ul></ul></div>',
        "</div>", "</div>",
        '<div class="footer">',
        '<div class="footer-top">' + "".join(f"<p>{nbsp(l)}</p>" for l in footer_lines[:6]) + "</div>",
        '<div class="footer-bottom">' + "".join(f"<p>{nbsp(l)}</p>" for l in footer_lines[6:]) + "</div>",
        "</div>", "</body>", "</html>", "",
    ]
    return "\n".join(doc)


def page_004(s: dict, article: list[str], text: str) -> str:
    lines = text.split("\n")
    top, h1, pubtime, publisher, font, source = lines[1:7]
    url_line, summary = lines[8], lines[9]
    if h1 != s["h1"] or not pubtime.endswith(s["date"]):
        raise ValueError("004: page head lines not as expected")
    top_links = " | ".join(f'<a href="/{k}">{esc(t.strip())}</a>'
                           for k, t in zip(("rss.xml", "big5/", "gb/"), top.split("|")))
    doc = [
        "<!DOCTYPE html>", "<html>", head_html(s), "<body>",
        f'<div class="topbar"><div class="wrap"><span class="welcome">欢迎访问{esc(s["site"])}门户网站</span>'
        f'<span class="toplinks">{top_links}</span></div></div>',
        '<div class="header"><div class="wrap"><img src="/images/logo.png" alt="华安县人民政府"></div></div>',
        nav_html(s, "nav menu"),
        '<div class="wrap">', crumbs_html(s), meta_table_html(s),
        '<div class="article">',
        f'<h1 class="article-title">{esc(h1)}</h1>',
        f'<div class="article-info"><span>{esc(pubtime)}</span> <span>{esc(publisher)}</span> '
        f'<span>{esc(font)}<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span> '
        f'<span>{esc(source)}</span></div>',
        f'<div class="article-url">{esc(url_line)}</div>',
        f'<div class="article-summary">{esc(summary)}</div>',
        '<div class="article-content TRS_Editor" id="zoom">', *article, "</div>",
        "</div>", "</div>", footer_html(s["footer"]), "</body>", "</html>", "",
    ]
    return "\n".join(doc)


def render_page(s: dict, text: str) -> str:
    article = s["article"](text)
    seed = s["seed"][:3]
    if seed in ("000", "001"):
        page = page_000_001(s, article)
    elif seed == "002":
        page = page_002(s, article)
    elif seed == "003":
        page = page_003(s, article, text)
    else:
        page = page_004(s, article, text)
    if s["newline"] != "\n":
        page = page.replace("\n", s["newline"])
    return page


def encode_page(s: dict, page: str) -> bytes:
    data = page.encode(s["encoding"], errors="strict")
    back = data.decode(s["encoding"], errors="strict")
    if back != page:
        raise ValueError(f"{s['seed']}: page does not round-trip through {s['encoding']}")
    if s["encoding"] == "gb18030":
        # must be plain GBK (no four-byte GB18030 sequences) and declare no charset anywhere
        if data.decode("gbk", errors="strict") != page:
            raise ValueError(f"{s['seed']}: page is not plain GBK")
        if b"charset" in data.lower():
            raise ValueError(f"{s['seed']}: GBK page must not declare a charset")
    return data


# ---------------------------------------------------------------------------------------------
# Expected figures (read by hand from the seed texts) and the trafilatura check
# ---------------------------------------------------------------------------------------------

FIGURES = {
    "000": {
        "applications": {"new_received": {"natural_person": 1, "total": 1},
                         "granted": {"natural_person": 1, "total": 1},
                         "partially_granted": {"total": 0}, "results_total": {"total": 1},
                         "carried_forward": {"total": 0}},
        "review_litigation": {"review": {"total": 0}, "litigation_direct": {"total": 0},
                              "litigation_after_review": {"total": 0}},
        "active_disclosure": {"normative_docs": {"issued": 3, "published": 3, "total_public": 33},
                              "licensing": {"prior_year_items": 248, "change": -3, "decisions": 2142},
                              "procurement": {"projects": 31, "amount_wan_yuan": 2506.18}},
    },
    "001": {
        "applications": {"new_received": {"natural_person": 117, "commercial": 8, "total": 125},
                         "granted": {"natural_person": 15, "commercial": 1, "total": 16},
                         "partially_granted": {"total": 18}, "unavailable_not_held": {"total": 72},
                         "other_misc": {"total": 5}, "results_total": {"total": 125},
                         "carried_forward": {"total": 0}},
        "review_litigation": {"review": {"upheld": 3, "corrected": 2, "total": 5},
                              "litigation_direct": {"upheld": 3, "total": 3},
                              "litigation_after_review": {"upheld": 8, "total": 8}},
        "active_disclosure": {"normative_docs": {"issued": 4, "repealed": 1, "in_force": 5},
                              "licensing": {"decisions": 32455}, "penalty": {"decisions": 5149},
                              "enforcement": {"decisions": 128}, "fees": {"amount_wan_yuan": 736.5}},
    },
    "002": {
        "applications": {"new_received": {"natural_person": 6, "total": 6},
                         "granted": {"total": 0}, "partially_granted": {"total": 0},
                         "denied_third_party_rights": {"total": 3},
                         "denied_internal_affairs": {"total": 1},
                         "denied_administrative_query": {"total": 2},
                         "not_processed_petition": {"total": 0},
                         "results_total": {"total": 6}, "carried_forward": {"total": 0}},
        "review_litigation": {"review": {"total": 0}, "litigation_direct": {"total": 0},
                              "litigation_after_review": {"total": 0}},
        "active_disclosure": {"normative_docs": {"issued": 17, "published": 17, "total_public": 58},
                              "licensing": {"prior_year_items": 1418, "change": -882, "decisions": 536},
                              "penalty": {"prior_year_items": 2532, "change": -139, "decisions": 2393},
                              "procurement": {"projects": 24, "amount_wan_yuan": 960}},
    },
    "003": {
        "applications": {"new_received": {"total": 3605}, "granted": {"total": 1240},
                         "partially_granted": {"total": 146}},
        "review_litigation": {"review": {"upheld": 42, "corrected": 32, "other": 31, "total": 105},
                              "litigation": {"upheld": 48, "corrected": 9, "other": 45, "total": 102}},
        "legacy_prose": {"不同意公开答复总数": 261, "属于已主动公开范围": 1140, "当面申请": 740,
                         "传真申请": 46, "网络申请": 1531, "信函申请": 1288,
                         "主动公开政府信息": 2431294},
    },
    "004": {
        "legacy_indicators": [
            {"indicator": "主动公开文件数", "value": 410, "cumulative": 1879},
            {"indicator": "其中:1.政府网站公开数", "value": 410, "cumulative": 1879},
        ],
        "blank_indicators": ["2.政府公报公开数", "受理政府信息公开申请总数", "对申请的答复总数",
                             "行政复议数", "行政诉讼数"],
        "legacy_prose": {"全年主动公开政府信息": 2872, "累计主动公开政府信息": 15868},
    },
}

# The headline figures of the issue, flat (null = the report leaves it blank).
HEADLINE = {
    "000": {"new_received_total": 1, "new_received_natural_person": 1, "granted_total": 1},
    "001": {"new_received_total": 125, "new_received_natural_person": 117, "granted_total": 16},
    "002": {"new_received_total": 6, "new_received_natural_person": 6, "granted_total": 0},
    "003": {"new_received_total": 3605, "granted_total": 1240, "partially_granted_total": 146,
            "reviews_total": 105, "litigations_total": 102},
    "004": {"new_received_total": None, "granted_total": None,
            "proactive_docs_2017": 410, "proactive_docs_cumulative": 1879},
}

# What the trafilatura extraction of each page must keep (all hand-written) and must drop.
CHECKS = {
    "000": {
        "keep": ["一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
                 "四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況"],
        "rows": [["一、本年新收政府信息公開申請數(shù)量", "| 1 |"],
                 ["(一)予以公開", "| 1 |"],
                 ["政府集中采購", "31", "2506.18萬元"]],
        "drop": ["滇ICP備", "5323290001", "走進武定", "您當前的位置", "主辦單位：", "打印本頁"],
    },
    "001": {
        "keep": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "2021年以来,花溪区按照国家"],
        "rows": [["一、本年新收政府信息公开申请数量", "117", "125"],
                 ["(一)予以公开", "15", "16"],
                 ["行政许可", "32455"],
                 ["| 3 | 2 | 0 | 0 | 5 | 3 | 0 | 0 | 0 | 3 | 8 | 0 | 0 | 0 | 8 |"]],
        "drop": ["黔ICP备", "5201110001", "走进花溪", "当前位置", "主办单位", "分享到"],
    },
    "002": {
        "keep": ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "推进权力配置信息公开。"],
        "rows": [["一、本年新收政府信息公开申请数量", "| 6 |"],
                 ["(五)不予处理", "1.信访举报投诉类申请"],
                 ["4.保护第三方合法权益", "| 3 |"],
                 ["行政处罚", "2532", "-139 条", "2393"],
                 ["政府集中采购", "24", "960 万"]],
        "drop": ["宁ICP备", "6404240001", "走进泾源", "当前位置", "打印本页", "**"],
    },
    "003": {
        "keep": ["一、概述", "四、政府信息依申请公开情况", "全省共收到依申请公开3605件",
                 "“同意公开”的1240件", "“同意部分公开”的146件", "行政复议共105件",
                 "行政诉讼案件共102件", "(2018年度)"],
        "rows": [],
        "drop": ["滇ICP备05000002号", "5300000033", "政协云南省委员会", "分享到", "当前位置"],
    },
    "004": {
        "keep": ["一、概述", "二、主动公开政府信息情况", "其中主动公开政府信息数410条",
                 "广东快乐十分官方网:清晰明了"],
        "rows": [["主动公开文件数", "410", "1879"],
                 ["其中:1.政府网站公开数", "410", "1879"],
                 ["行政诉讼数"]],
        "drop": ["RSS订阅", "闽ICP备", "3506290001", "您现在的位置", "魅力华安"],
    },
}


def decode_page(s: dict, data: bytes) -> str:
    if s["encoding"] == "gb18030":
        return data.decode("gb18030")
    return data.decode("utf-8-sig")


def norm_ws(text: str) -> str:
    return re.sub(r"[ \t\xa0\u3000]+", " ", text).strip()


def seed_regions(seed3: str, text: str) -> tuple[list[str], list[str]]:
    """(the seed's article prose lines, the cell values of its tables in reading order)."""
    lines = text.split("\n")
    if seed3 in ("000", "001", "002"):
        s2 = find_line(lines, 0, ("二、主动公开", "二、主動公開"))
        s3 = find_line(lines, s2 + 1, ("三、收到和处理", "三、收到和處理"))
        s4 = find_line(lines, s3 + 1, ("四、政府信息公开行政复议", "四、政府信息公開行政復"))
        s5 = find_line(lines, s4 + 1, ("五、",))
        prose = lines[:s2 + 1] + [lines[s3], lines[s4]] + lines[s5:]
        tok = tokens_tab if seed3 == "002" else tokens_pipe
        cells = tok(lines[s2 + 1:s3]) + tok(lines[s3 + 1:s4]) + tok(lines[s4 + 1:s5])
    elif seed3 == "003":
        start = next(i for i, l in enumerate(lines) if l.startswith("根据《中华人民共和国365体育备用网址条例》"))
        prose = [l for l in lines[start:lines.index("(2018年度)") + 1]]
        cells = []
    else:
        t0 = lines.index("指 标 名 称")
        t_end = lines.index("华安县人民政府办公室", t0)
        prose = lines[lines.index("华政办2018〕2号"):t0] + lines[t_end:]
        cells = lines[t0:t_end]
    prose = [norm_ws(l.replace("**", "")) for l in prose]
    values = [c.strip() for c in cells if NUMERIC.match(c.strip())]
    return [l for l in prose if l], values


def check_page(seed3: str, page_text: str, seed_text: str | None = None) -> list[str]:
    """Return a list of problems (empty = fine) for one page's trafilatura extraction."""
    import trafilatura

    out = trafilatura.extract(page_text, include_tables=True, output_format="txt", favor_recall=True) or ""
    spec = CHECKS[seed3]
    problems = []
    if seed_text is not None:
        flat = norm_ws(out)
        prose, values = seed_regions(seed3, seed_text)
        for line in prose:
            if line not in flat:
                problems.append(f"seed line lost: {line[:40]!r}")
        got = [c.strip() for l in out.split("\n") if l.startswith("|")
               for c in l.split("|") if NUMERIC.match(c.strip())]
        if got != values:
            problems.append(f"table values differ from the seed: {len(got)} vs {len(values)}")
    for s in spec["keep"]:
        if s not in out:
            problems.append(f"missing {s!r}")
    lines = out.split("\n")
    for need in spec["rows"]:
        if not any("|" in l and all(n in l for n in need) for l in lines):
            problems.append(f"no table row with {need}")
    for s in spec["drop"]:
        if s in out:
            problems.append(f"boilerplate kept: {s!r}")
    return problems


# ---------------------------------------------------------------------------------------------
# ORIGIN.md and expected.json
# ---------------------------------------------------------------------------------------------

ENCODING_NOTE = {
    "000": "UTF-8 with BOM, no charset declaration (the BOM is the only signal)",
    "001": 'UTF-8, `<meta http-equiv="Content-Type" content="text/html; charset=utf-8">`',
    "002": "GBK (written with the gb18030 codec, plain two-byte GBK), **no charset declaration anywhere**, CRLF line ends",
    "003": 'UTF-8, `<meta charset="utf-8">`',
    "004": 'UTF-8, `<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">`',
}

CONTAMINATION = {
    "000": ("mirror re-rendering", "the whole page converted to Traditional characters with pinyin glosses "
            "after some characters (根據(jù), 數(shù)據(jù), 網(wǎng)站), site URL rewritten to http://www.aji87.cn"),
    "001": None,
    "002": None,
    "003": ("phrase substitution", "every 政府信息公开 replaced by 365体育备用网址 and 云南省人民政府 by "
            "\"365体育备用:\" (title, body, footer)"),
    "004": ("injected text", "title suffix \"- 广东快乐十分官方网\", spliced phrase \"广东快乐十分官方网:清晰明了\", "
            "word-salad summary \"站点圣庙帮狗吃食,不倦氯胺酮毛重\", site URL rewritten to http://www.uqngq.com.cn"),
}

PAGE_NOTES = {
    "000": "Tidy CMS page (Traditional boilerplate with glosses, as the mirror rendered it); the three "
           "tables in plain `<table>` markup.",
    "001": "Word-paste traits: `MsoNormal` paragraphs in `<span>` with font styles, tables as "
           "`MsoNormalTable` with nested `<span>`/`<font>` in the cells, `&nbsp;` inside the labels "
           "商业&nbsp;企业 / 科研&nbsp;机构 (the copy had a space there), the year in \"2021年以来\" split "
           "across two spans (`<span>20</span><span>21</span>`); publication date inside a custom "
           "`<publishtime>` tag. Section 四 headers keep the copy's truncated 结果 / 其他 / 尚未.",
    "002": "Old-style site: page laid out with nested layout `<table>`s, the article inside a table cell; "
           "the copy's `**bold**` markdown rendered as `<strong>`; the split label \"(五) 不\" / \"予处理\" "
           "(and \"1.信访举报投诉\" / \"类申请\") is one cell each: \"(五)不予处理\", \"1.信访举报投诉类申请\".",
    "003": "Legacy prose. The statistics tables are images (统计指标*.jpg), rendered as attachment links, so "
           "only the prose carries figures. The copy's own page chrome (title `365体育备用网址_365体育备用`, "
           "banner image alt \"图片\", column name, 来源/date line, share bar, 相关文档, the contaminated footer "
           "with 滇ICP备05000002号 and 政府网站标识码 5300000033) is put back where it was on the page.",
    "004": "Legacy prose pasted from Word; the 附表 is a real table 指标名称 | 单位 | 2017年 | 历年累计 "
           "(the copy has no 单位 values, so that column is blank; empty cells are `&nbsp;`). The copy's page "
           "head (RSS订阅 | 繁体 | 简体, 发布时间, 发布机构, 【字体:, 来源:, 本文地址, the spam 文章摘要) is put "
           "back in the page head; the `<title>` keeps the injected \"- 广东快乐十分官方网\" (the stray \"? \" "
           "the text copy put in front of the title is dropped).",
}


def origin_md(samples: list[dict]) -> str:
    out = [
        "# Bundled sample: origin",
        "",
        "Five real government information-disclosure annual reports (政府信息公开工作年度报告), taken from "
        "`../shared/seeds/` (the project's seed folder: real web copies of the reports as plain text). "
        "Three of the copies are **contaminated** and are kept that way on purpose — the pipeline must "
        "detect the damage, not the sample hide it:",
        "",
    ]
    for s in samples:
        c = CONTAMINATION[s["seed"][:3]]
        if c:
            out.append(f"- `{s['seed']}` ({s['county'] or s['province']} {s['year']}): {c[0]} — {c[1]}.")
    out += [
        "",
        "Generated by `scripts/build_samples.py` (deterministic; re-running gives byte-identical files). "
        "Do not edit the files here by hand — change the script and re-run it.",
        "",
        "## Files",
        "",
        "| file | what it is | unit | expected partition (province_key \\| year) | format | encoding |",
        "|---|---|---|---|---|---|",
    ]
    for s in samples:
        part = f"{s['province_key']} \\| {s['year']}"
        out.append(f"| `{s['seed']}.txt` | the seed text, byte-for-byte copy | {s['unit']} | {part} | "
                   f"{s['format']} | UTF-8 |")
        out.append(f"| `{s['seed']}.html` | saved web page rendered from that text | {s['unit']} | {part} | "
                   f"{s['format']} | {ENCODING_NOTE[s['seed'][:3]]} |")
    out += [
        "| `expected.json` | hand-read facts per file for the tests | | | | UTF-8 |",
        "| `ORIGIN.md` | this note | | | | UTF-8 |",
        "",
        "## What is real and what is synthetic in the pages",
        "",
        "**Real (from the seed text, unchanged):** every word and number of the report — the prose, the "
        "section headings, the table labels and cell values, in reading order, contamination included.",
        "",
        "**Synthetic:**",
        "",
        "- all page chrome: `<head>`, site header, navigation bar, breadcrumb, share/print bar, footer "
        "(主办单位, ICP备案号, 网站标识码 are invented but plausible; the 网站标识码 follow the "
        "region-code + 0001 pattern, the ICP numbers are made up), except where the copy itself carried "
        "its page chrome (003 footer and head, 004 head — those strings are the copy's);",
        "- the metadata table above the article (索引号 values are invented). Dates: 003's "
        "2019-12-19 and 004's 2018-01-09 come from the copies; 000 (2021-01-28), 001 (2022-01-26) and "
        "002 (2021-01-22) are invented, plausible dates before the 31 March deadline;",
        "- the table markup: rows, `rowspan`/`colspan` are reconstructed from the copy's cell stream "
        "following the official templates (国办公开办函〔2019〕60号 / 〔2021〕30号): in section 三 "
        "\"三、本年度办理结果\" spans all result rows, \"(三)不予公开\" its 8 sub-rows, \"(四)\" 3, \"(五)\" 5, "
        "the 2021 \"(六)其他处理\" 3; \"申请人情况\" spans 7 columns, \"法人或其他组织\" 5; section 四 "
        "行政复议 colspan 5, 行政诉讼 colspan 10 with 未经复议直接起诉 / 复议后起诉 colspan 5 each; in "
        "section 二 a sub-table with fewer than three value columns lets its last column span the rest;",
        "- paragraph styling and the Word-paste / old-site traits listed per page below.",
        "",
        "## Per page",
        "",
    ]
    for s in samples:
        k = s["seed"][:3]
        out.append(f"- `{s['seed']}.html` — {s['unit']}, {s['year']}, format {s['format']}, "
                   f"{s['script']}. Encoding: {ENCODING_NOTE[k]}. {PAGE_NOTES[k]}")
    out += [
        "",
        "## Reading the pages",
        "",
        "Decode BOM → declared charset → detection; decode the GBK page (002) as GB18030. Each page run "
        "through `trafilatura.extract(html, include_tables=True, output_format='txt', favor_recall=True)` "
        "keeps the article and its tables as `| a | b |` rows and drops the navigation and footer "
        "(checked by `scripts/build_samples.py` and `tests/core/test_samples.py`).",
        "",
    ]
    return "\n".join(out)


def expected_json(samples: list[dict]) -> str:
    files = {}
    for s in samples:
        k = s["seed"][:3]
        common = {
            "seed_id": s["seed"], "unit": s["unit"], "province": s["province"],
            "province_key": s["province_key"], "prefecture": s["prefecture"], "county": s["county"],
            "region_code": s["region_code"], "year": s["year"], "format": s["format"],
            "script": s["script"],
            "contaminated": CONTAMINATION[k] is not None,
            "contamination": CONTAMINATION[k][0] if CONTAMINATION[k] else None,
            "headline": HEADLINE[k],
            "figures": FIGURES[k],
        }
        files[f"{s['seed']}.txt"] = {"kind": "txt", **common, "encoding": "utf-8",
                                     "charset_declared": None}
        files[f"{s['seed']}.html"] = {
            "kind": "html", **common,
            "encoding": {"utf-8-sig": "utf-8", "utf-8": "utf-8", "gb18030": "gbk"}[s["encoding"]],
            "bom": s["encoding"] == "utf-8-sig",
            "charset_declared": {None: None, "http-equiv": "utf-8", "meta-charset": "utf-8"}[s["charset_decl"]],
            "published_date": s["date"], "published_date_synthetic": s["date_synthetic"],
            "title": s["title"],
        }
    doc = {
        "about": "Hand-read facts of the bundled sample (see ORIGIN.md). Figures use the docs/SCHEMA.md "
                 "codes; legacy_prose / legacy_indicators / blank_indicators are as printed in the report.",
        "source": "../shared/seeds",
        "partitions": sorted({f"{s['province_key']}|{s['year']}" for s in samples}),
        "files": files,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------

def build(seeds_dir: Path, out_dir: Path) -> list[tuple[dict, bytes]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for s in SAMPLES:
        src = seeds_dir / f"{s['seed']}.txt"
        raw = src.read_bytes()
        (out_dir / src.name).write_bytes(raw)
        text = raw.decode("utf-8")
        page = render_page(s, text)
        data = encode_page(s, page)
        (out_dir / f"{s['seed']}.html").write_bytes(data)
        pages.append((s, data))
    (out_dir / "ORIGIN.md").write_bytes(origin_md(SAMPLES).encode("utf-8"))
    (out_dir / "expected.json").write_bytes(expected_json(SAMPLES).encode("utf-8"))
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"seed folder (default {DEFAULT_SEEDS})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--no-check", action="store_true", help="skip the trafilatura check")
    args = ap.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"error: seed folder not found: {args.seeds}", file=sys.stderr)
        return 2
    pages = build(args.seeds, args.out)
    print(f"wrote {len(pages)} seed texts, {len(pages)} pages, ORIGIN.md, expected.json to {args.out}")
    if args.no_check:
        return 0
    failed = False
    for s, data in pages:
        seed_text = (args.seeds / f"{s['seed']}.txt").read_text(encoding="utf-8")
        problems = check_page(s["seed"][:3], decode_page(s, data), seed_text)
        status = "ok" if not problems else "FAIL"
        print(f"check {s['seed']}.html [{s['encoding']}]: {status}")
        for p in problems:
            print(f"    {p}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
