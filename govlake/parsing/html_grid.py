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

from govlake.normalize import normalize_text

MAX_TABLES = 40
MAX_ROWS = 400
MAX_COLS = 60
MAX_SPAN_ROWS = 200
# only the report's own tables are kept (layout tables and site furniture are not)
MARKERS = ("自然人", "行政复议", "本年制发", "本年新制作", "信息内容", "申请人情况", "上年结转")
_SPACE = re.compile(r"\s+")


def _span(el, name: str, cap: int) -> int:
    try:
        v = int(str(el.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    return max(1, min(v, cap))


def _cell_text(el) -> str:
    return _SPACE.sub(" ", normalize_text(el.text_content())).strip()


def _rows_of(table) -> list:
    """The table's own rows (not those of a nested table), in document order."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _owner(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


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


def read_grids(html: str) -> list[list[list[list]]]:
    """The report tables of a page (innermost tables naming a report label), as grids."""
    if not html or "<table" not in html.lower():
        return []
    try:
        from lxml import html as lxml_html
        root = lxml_html.fromstring(html)
    except Exception:  # not parseable as HTML: the text reading stands alone
        return []
    grids = []
    for table in root.iter("table"):
        if any(True for _ in table.iterdescendants("table")):
            continue  # a layout table around the report's own
        # the markers are tested on the normalized text without spaces: Word-pasted
        # labels carry &nbsp; and ideographic spaces inside them ("行政&nbsp;复议")
        text = _SPACE.sub("", normalize_text(table.text_content()))
        if not any(m in text for m in MARKERS):
            continue
        grid = table_grid(table)
        if grid:
            grids.append(grid)
        if len(grids) >= MAX_TABLES:
            break
    return grids
