"""A page's report tables read from its raw HTML as grids, spans expanded.

Why: trafilatura's text keeps each row's cells in order but loses rowspan and
colspan, so a row under a merged label, or a row ending in the empty cells Word
exports and colspan padding leave, can slide a value into the next column. The
HTML grid is a second reading of the same table, independent of the text's: the
parser compares the two and never reports `ok` when they disagree
(parsing/grid_facts.py, parsing/__init__.py).

The cleaned layer keeps the tables' markup as written (report_tables: finding them
costs a tenth of a millisecond, slimming and normalizing them five times that); the
parser slims them and turns them into grids (grids_of) only where its text reading met
a gap. A grid is a list of rows; each cell is (text, origin_row, origin_col): the cell
a span copied it from, so a value is read only where it was written, while a merged
label is seen in every row and column it covers.
"""

from __future__ import annotations

import re
from html import unescape

from govlake.normalize import normalize_text
from govlake.parsing.labels import _GLOSS, T2S_TABLE

MAX_TABLES = 40
MAX_ROWS = 400
MAX_COLS = 60
MAX_SPAN_ROWS = 200
# only the report's own tables are kept (layout tables and site furniture are not)
MARKERS = ("自然人", "行政复议", "申请人情况", "上年结转")  # sections 三 and 四
_SPACE = re.compile(r"\s+")


def _span(el, name: str, cap: int) -> int:
    v = el.get(name)
    if v is None:
        return 1
    try:
        return max(1, min(int(v.strip() or 1), cap))
    except ValueError:
        return 1


def _cell_text(el) -> str:
    """A cell's text, spaces folded (the markup was normalized whole: grids_of)."""
    text = el.text if len(el) == 0 else "".join(el.itertext())
    return " ".join(text.split()) if text else ""


def _rows_of(table) -> list:
    """The table's rows (an innermost table: every <tr> below it is its own)."""
    return list(table.iter("tr"))


_CELL_TAGS = frozenset(("td", "th"))
_NO_CELL = ("", -1, -1)


def table_grid(table) -> list[list[tuple]]:
    """One <table> as a grid: rowspan and colspan expanded, short rows left short.
    Each cell is (text, origin row, origin column)."""
    grid: list[list] = []
    for r, tr in enumerate(_rows_of(table)[:MAX_ROWS]):
        if len(grid) <= r:
            grid.append([])
        row = grid[r]
        c = 0
        for td in tr:
            if td.tag not in _CELL_TAGS:
                continue
            n = len(row)
            while c < n and row[c] is not None:
                c += 1
            if c >= MAX_COLS:
                break
            text = _cell_text(td)
            cs = _span(td, "colspan", MAX_COLS - c)
            rs = _span(td, "rowspan", MAX_SPAN_ROWS)
            cell = (text, r, c)
            if cs == 1 and rs == 1:  # most cells: no span to expand
                if c == len(row):
                    row.append(cell)
                else:
                    while len(row) <= c:
                        row.append(None)
                    if row[c] is None:
                        row[c] = cell
                c += 1
                continue
            for rr in range(r, min(r + rs, MAX_ROWS)):
                while len(grid) <= rr:
                    grid.append([])
                target = grid[rr]
                for cc in range(c, c + cs):
                    while len(target) <= cc:
                        target.append(None)
                    if target[cc] is None:
                        target[cc] = cell
            c += cs
    return [[cell if cell is not None else _NO_CELL for cell in row] for row in grid]


_TABLE_TAG = re.compile(r"<(/?)table\b", re.I)


def _innermost_tables(html: str):
    """(start, end) of each <table>…</table> that holds no other table, found by
    scanning tags (parsing the whole page again would cost as much as a third of
    trafilatura's own work; the report's tables are a small part of it)."""
    stack: list[tuple[int, bool]] = []  # (start, holds another table)
    for m in _TABLE_TAG.finditer(html):
        if not m.group(1):
            if stack:
                stack[-1] = (stack[-1][0], True)
            stack.append((m.start(), False))
        elif stack:
            start, nested = stack.pop()
            if not nested:
                end = html.find(">", m.end())
                yield start, (len(html) if end < 0 else end + 1)


_TAG = re.compile(r"<[^>]*>")
# pieces of MARKERS that survive a split label or a Traditional copy
_PARTS = ("自然", "复议", "複", "議", "申请人", "申請人", "结转", "結轉", "上年")


def _names_report(fragment: str) -> bool:
    """Whether a table's markup names a report label. Tried as written first; then on
    its text without tags, spaces and pinyin glosses, in Simplified: Word-pasted labels
    are split by tags and &nbsp; ("行政<span>复议", "自然&nbsp;人") and mirror copies
    are in Traditional with glosses (行政複(fù)議) — all must still be read as grids,
    or the text's reading of them goes unchecked."""
    if any(m in fragment for m in MARKERS):
        return True
    if not any(w in fragment for w in _PARTS):
        return False  # not even a piece of a label (most of section 二's tables)
    text = _SPACE.sub("", unescape(_TAG.sub("", fragment)))
    if "(" in text:
        text = _GLOSS.sub("", text)
    text = text.translate(T2S_TABLE)
    return any(m in text for m in MARKERS)


def report_tables(html: str) -> list[str]:
    """The markup of a page's report tables (innermost tables naming a section 三 or
    四 label): what the cleaned layer keeps so the grids can be read when needed."""
    if not html or ("<table" not in html and "<TABLE" not in html
                    and _TABLE_TAG.search(html) is None):
        return []
    out = []
    for start, end in _innermost_tables(html):
        fragment = html[start:end]
        if _names_report(fragment):
            out.append(fragment)  # as written: slimmed and normalized only if read (grids_of)
            if len(out) >= MAX_TABLES:
                break
    return out


_PARSER = None
# Word pastes wrap every run of a cell in inline tags with styles: half or more of a
# report table's markup. They carry no cell structure, so they are dropped before the
# table is kept and parsed (the text inside stays, and so do <td>, <tr>, spans of cells).
_INLINE = re.compile(r"</?(?:span|font|o:p|b|i|u|strong|em|st1:[a-z]+)\b[^>]*>", re.I)
_NOISE_ATTR = re.compile(r"""\s(?:style|class|lang|width|height|valign|align|nowrap|x:[\w]+|"""
                         r"""bgcolor|border|cellspacing|cellpadding)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""",
                         re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


# what must be in a fragment (lower-cased) for _INLINE or _NOISE_ATTR to find anything:
# most tables have none, and the two searches cost a third of a millisecond per page
_INLINE_HINTS = ("<span", "</span", "<font", "</font", "<o:p", "</o:p", "<b", "</b", "<i",
                 "</i", "<u", "</u", "<strong", "</strong", "<em", "</em", "<st1:", "</st1:")
_NOISE_HINTS = ("style", "class", "lang", "width", "height", "align", "nowrap", "x:",
                "bgcolor", "border", "cellspacing", "cellpadding")


def _slim(fragment: str) -> str:
    """A table's markup without comments, inline tags and presentational attributes."""
    if "<!--" in fragment:
        fragment = _COMMENT.sub("", fragment)
    low = fragment.lower()
    if any(h in low for h in _INLINE_HINTS):
        fragment = _INLINE.sub("", fragment)
        low = fragment.lower()
    if any(h in low for h in _NOISE_HINTS):
        fragment = _NOISE_ATTR.sub("", fragment)
    return fragment


def grids_of(tables: list[str]) -> list[list[list[list]]]:
    """The grids of report tables' markup (report_tables), spans expanded."""
    global _PARSER
    from lxml import etree

    if _PARSER is None:
        _PARSER = etree.HTMLParser(recover=True)
    grids = []
    for fragment in tables[:MAX_TABLES]:
        # once for all its cells: NFKC and spaces; Word's inline markup dropped
        fragment = normalize_text(_slim(fragment))
        try:
            root = etree.fromstring(fragment, _PARSER)
        except Exception:  # not parseable: the text reading stands alone
            continue
        table = None if root is None else next(root.iter("table"), None)
        if table is None:
            continue
        grid = table_grid(table)
        if grid:
            grids.append(grid)
    return grids
