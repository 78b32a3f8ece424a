"""A page's report tables read from its raw HTML as grids, spans expanded.

Why: trafilatura's text keeps each row's cells in order but loses rowspan and
colspan, so a row under a merged label, or a row ending in the empty cells Word
exports and colspan padding leave, can slide a value into the next column. The
HTML grid is a second reading of the same table, independent of the text's: the
parser compares the two and never reports `ok` when they disagree
(parsing/grid_facts.py, parsing/__init__.py).

A grid is a list of rows; each cell is [text, origin_row, origin_col]: the cell a
span copied it from, so a value is read only where it was written, while a merged
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
    text = el.text if len(el) == 0 else "".join(el.itertext())
    if not text:
        return ""
    return _SPACE.sub(" ", normalize_text(text)).strip()


def _rows_of(table) -> list:
    """The table's rows (an innermost table: every <tr> below it is its own)."""
    return list(table.iter("tr"))


def table_grid(table) -> list[list[list]]:
    """One <table> as a grid: rowspan and colspan expanded, short rows left short."""
    grid: list[list[list | None]] = []
    for r, tr in enumerate(_rows_of(table)[:MAX_ROWS]):
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while c < len(row) and row[c] is not None:
                c += 1
            if c >= MAX_COLS:
                break
            text = _cell_text(td)
            cs = _span(td, "colspan", MAX_COLS - c)
            rs = _span(td, "rowspan", MAX_SPAN_ROWS)
            for dr in range(rs):
                rr = r + dr
                if rr >= MAX_ROWS:
                    break
                while len(grid) <= rr:
                    grid.append([])
                target = grid[rr]
                for dc in range(cs):
                    cc = c + dc
                    while len(target) <= cc:
                        target.append(None)
                    if target[cc] is None:
                        target[cc] = [text, r, c]
            c += cs
    return [[cell if cell is not None else ["", -1, -1] for cell in row] for row in grid]


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


def _names_report(fragment: str) -> bool:
    """Whether a table's markup names a report label. Tried as written first; then on
    its text without tags, spaces and pinyin glosses, in Simplified: Word-pasted labels
    are split by tags and &nbsp; ("行政<span>复议", "自然&nbsp;人") and mirror copies
    are in Traditional with glosses (行政複(fù)議) — all must still be read as grids,
    or the text's reading of them goes unchecked."""
    if any(m in fragment for m in MARKERS):
        return True
    text = _SPACE.sub("", unescape(_TAG.sub("", fragment)))
    if "(" in text:
        text = _GLOSS.sub("", text)
    text = text.translate(T2S_TABLE)
    return any(m in text for m in MARKERS)


def read_grids(html: str) -> list[list[list[list]]]:
    """The report tables of a page (innermost tables naming a report label), as grids."""
    if not html or ("<table" not in html and "<TABLE" not in html
                    and _TABLE_TAG.search(html) is None):
        return []
    from lxml import etree

    parser = etree.HTMLParser(recover=True)
    grids = []
    for start, end in _innermost_tables(html):
        fragment = html[start:end]
        if not _names_report(fragment):
            continue
        try:
            root = etree.fromstring(fragment, parser)
        except Exception:  # not parseable: the text reading stands alone
            continue
        table = None if root is None else next(root.iter("table"), None)
        if table is None:
            continue
        grid = table_grid(table)
        if grid:
            grids.append(grid)
        if len(grids) >= MAX_TABLES:
            break
    return grids
