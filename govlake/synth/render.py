"""A report as a saved government web page.

`article(...)` builds the report body as blocks — ("h"|"p", text), ("lines", [text])
(one <p> per line), ("pre", text), ("html", markup) — in one of the table shapes:

    html_table   <table> with the official rowspan/colspan (tidy CMS or Word-paste markup)
    pipe_lines   one cell per line ending in `|`, each line a <p> (seeds 000, 001)
    tsv_pre      tab-separated rows inside <pre> (seed 002's TSV)
    pdf_split    PDF-to-text with labels split one character per line, inside <pre>
    image        the tables are images (统计表.jpg); only the prose carries figures
    prose        legacy report without a 附表;  annex: legacy prose + 附表 <table>

`page(...)` wraps it in CMS chrome (header, navigation, breadcrumb, 索引号/发布机构/
发布日期 metadata table, share bar, footer), modern (div) or old (layout tables).
Contamination (contaminate.py) works on the blocks before `page` renders them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import prose
from .numbers import Figures
from .shapes import FULLWIDTH, esc, html_table, pdf_lines, pipe_lines, tsv_lines
from .tables import annex_rows, section2_rows, section3_rows, section4_rows

TABLE_SHAPES = ("html_table", "pipe_lines", "tsv_pre", "pdf_split", "image")
TABLE_SHAPE_WEIGHTS = (60, 13, 12, 12, 3)
LEGACY_SHAPES = ("prose", "annex")

Block = tuple


@dataclass
class PageMeta:
    unit: str                 # 花溪区人民政府
    place: str                # 花溪区
    title: str                # article title
    site: str                 # site name in the <title> tail
    host: str
    date: str                 # ISO publication date
    index_no: str             # 索引号
    province: str
    template: str             # modern | old
    publishtime_tag: bool = False


def _table_blocks(rows, shape: str, style: dict, cls: str) -> list[Block]:
    if shape == "html_table":
        return [("html", html_table(rows, style.get("markup", "plain"), cls,
                                    split_numbers=style.get("split_numbers", False)))]
    if shape == "pipe_lines":
        return [("lines", pipe_lines(rows))]
    if shape == "tsv_pre":
        return [("pre", "\n".join(tsv_lines(rows)))]
    if shape == "pdf_split":
        lines = pdf_lines(rows)
        if style.get("fullwidth"):
            lines = [ln.translate(FULLWIDTH) for ln in lines]
        return [("pre", "\n".join(lines))]
    return []


def table_style(rng: random.Random, shape: str) -> dict:
    """Per-page spelling habits of the tables."""
    st = {
        "markup": "word" if rng.random() < 0.35 else "plain",
        "split_numbers": rng.random() < 0.3,
        "cn_change": rng.random() < 0.15,
        "amount": rng.choice(["plain", "plain", "plain", "wan", "wan_space", "yuan"]),
        "xz_docs": rng.random() < 0.5,
        "split_org_labels": rng.random() < 0.2,
        "blank_zero_orgs": shape in ("html_table", "tsv_pre") and rng.random() < 0.08,
        "blank_mark": rng.choice(["", "/", "-"]),
        "short_rl": rng.random() < 0.1,
        "fullwidth": rng.random() < 0.1,
    }
    return st


def article(f: Figures, *, level: str, year: int, unit: str, place: str, address: str,
            phone: str, shape: str, style: dict, rng: random.Random, date_cn: str) -> list[Block]:
    """The report body of a 2019/2021/legacy report in the given shape."""
    blocks: list[Block] = [("p", t) for t in prose.preamble(unit, place, year, f.fmt, address, phone, rng)]
    if f.fmt == "legacy":
        for heading, paras in prose.legacy_sections(f, level, year, rng):
            blocks.append(("h", heading))
            blocks += [("p", t) for t in paras]
        if shape == "annex":
            blocks.append(("h", "附表"))
            blocks.append(("p", f"{place}{year}年政府信息公开情况统计表"))
            rows = annex_rows(f, year, style.get("with_cumulative", False))
            blocks.append(("html", html_table(rows, style.get("markup", "plain"), "fb")))
    else:
        blocks.append(("h", "一、总体情况"))
        blocks += [("p", t) for t in prose.filler(level, rng, 3)]
        if shape == "image" or rng.random() < 0.3:
            blocks += [("p", t) for t in prose.table_summary(f, level, year)]
        sections = [("二、主动公开政府信息情况", section2_rows(f, rng, style), "table-zdgk"),
                    ("三、收到和处理政府信息公开申请情况", section3_rows(f, style), "table-ysq"),
                    ("四、政府信息公开行政复议、行政诉讼情况", section4_rows(f, style), "table-fyss")]
        for n, (heading, rows, cls) in enumerate(sections, 1):
            blocks.append(("h", heading))
            if shape == "image":
                blocks.append(("img", f"统计表{n}.jpg"))
            else:
                blocks += _table_blocks(rows, shape, style, cls)
        blocks.append(("h", "五、存在的主要问题及改进情况"))
        blocks += [("p", t) for t in prose.problems(level, year)]
        blocks.append(("h", "六、其他需要报告的事项"))
        blocks += [("p", t) for t in prose.other(level, rng)]
    blocks.append(("sign", unit))
    blocks.append(("sign", date_cn))
    return blocks


def _block_html(b: Block, word: bool) -> str:
    kind = b[0]
    if kind == "h":
        return f'<p style="text-indent:2em;"><strong>{esc(b[1])}</strong></p>'
    if kind == "p":
        if word:
            return (f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                    f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{esc(b[1])}</span></p>')
        return f'<p style="text-indent:2em;">{esc(b[1])}</p>'
    if kind == "lines":
        return "\n".join(f"<p>{esc(line)}</p>" for line in b[1])
    if kind == "pre":
        return f"<pre>{esc(b[1])}</pre>"
    if kind == "img":
        return (f'<p style="text-align:center;"><img src="/uploadfile/{esc(b[1])}" alt="{esc(b[1])}"></p>'
                f'<p style="text-align:center;"><a href="/uploadfile/{esc(b[1])}">{esc(b[1])}</a></p>')
    if kind == "sign":
        return f'<p style="text-align:right;">{esc(b[1])}</p>'
    return b[1]  # html


def _split_year(html_text: str, year: int) -> str:
    """Word-paste trait: the first year in a paragraph split across two spans (20|21)."""
    y = str(year)
    i = html_text.find(y + "年")
    if i < 0:
        return html_text
    return html_text[:i] + f'{y[:2]}</span><span lang="EN-US">{y[2:]}' + html_text[i + 4:]


NAV = ["首页", "走进{place}", "政务公开", "政务服务", "互动交流", "专题专栏"]


def page(meta: PageMeta, blocks: list[Block], *, word: bool, year: int, title_tail: str = "",
         charset: str | None = None, split_year: bool = False) -> str:
    """The whole saved page (str); charset: None | 'meta' | 'http-equiv' declaration style."""
    body = [_block_html(b, word) for b in blocks]
    if split_year and word:
        for i, h in enumerate(body):
            if h.startswith('<p class="MsoNormal"') and f"{year}年" in h:
                body[i] = _split_year(h, year)
                break
    decl = {None: "", "meta": '<meta charset="utf-8">\n',
            "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'}[charset]
    full_title = f"{meta.title}_{meta.site}"
    if title_tail:   # hijacked copies append the site name at the very end (seed 004 drops the own)
        full_title = (meta.title if len(title_tail) % 2 else full_title) + title_tail
    head = (f"<head>\n{decl}<title>{esc(full_title)}</title>\n"
            f'<meta name="SiteName" content="{esc(meta.site)}">\n'
            f'<meta name="ArticleTitle" content="{esc(meta.title)}">\n'
            f'<meta name="PubDate" content="{meta.date}">\n'
            '<link rel="stylesheet" type="text/css" href="/css/common.css">\n'
            '<script type="text/javascript" src="/js/jquery.min.js"></script>\n</head>')
    nav = "".join(f'<li><a href="/col{i}/">{esc(n.format(place=meta.place))}</a></li>' for i, n in enumerate(NAV))
    date_html = f"<publishtime>{meta.date}</publishtime>" if meta.publishtime_tag else meta.date
    metatable = ('<table class="xxgk_table" width="100%"><tr>'
                 f'<th>索引号:</th><td>{esc(meta.index_no)}</td><th>信息分类:</th><td>政府信息公开年报</td></tr>'
                 f'<tr><th>发布机构:</th><td>{esc(meta.unit)}办公室</td><th>发布日期:</th><td>{date_html}</td></tr>'
                 "</table>")
    footer = (f'<div class="footer"><p>主办单位:{esc(meta.unit)}办公室  承办单位:{esc(meta.place)}大数据中心</p>'
              f'<p>网站标识码:{meta.index_no[:6]}0001  ICP备{meta.index_no[:6]}号</p>'
              '<p>建议使用1366×768分辨率浏览本站</p></div>')
    if meta.template == "old":
        doc = [
            ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'),
            '<html xmlns="http://www.w3.org/1999/xhtml">', head, '<body topmargin="0" leftmargin="0">',
            (f'<table width="1000" border="0" align="center"><tr><td height="120"><img src="/images/logo.gif" '
            f'alt="{esc(meta.site)}" /></td></tr></table>'),
            f'<div class="nav"><ul>{nav}</ul></div>',
            '<table width="1000" border="0" align="center" class="main"><tr><td valign="top">',
            '<div class="location">当前位置:<a href="/">首页</a> &gt;&gt; <a href="/xxgk/">信息公开</a> &gt;&gt; 政府信息公开年报</div>',
            metatable,
            f'<div class="wz_title"><h1>{esc(meta.title)}</h1></div>',
            '<div class="main_content" id="zoom">', *body, "</div>",
            '<div class="print">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>',
            "</td></tr></table>", footer, "</body>", "</html>", "",
        ]
    else:
        doc = [
            "<!DOCTYPE html>", '<html lang="zh-CN">', head, "<body>",
            f'<div class="topbar"><span>{esc(meta.site)}欢迎您</span> <a href="/wza/">无障碍</a></div>',
            (f'<div class="header"><a href="/" class="logo"><img src="/images/logo.png" alt="{esc(meta.site)}"></a>'
            '<div class="search"><form action="/search"><input type="text" name="q"><input type="submit" value="搜索"></form></div></div>'),
            f'<div class="nav"><ul>{nav}</ul></div>',
            '<div class="main-wrap">',
            '<div class="location">您当前的位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>',
            f'<div class="detail">{metatable}',
            f'<div class="title"><h1>{esc(meta.title)}</h1></div>',
            '<div class="article-content" id="zoom">', *body, "</div>",
            '<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a> 【<a href="javascript:window.print()">打印本页</a>】</div>',
            "</div></div>", footer, "</body>", "</html>", "",
        ]
    return "\n".join(doc)
