"""A table that runs over a page break, joined back into one table.

Why: section 三's matrix often starts at the foot of one page and ends on the next;
read as two tables, the second has no header, and the grid reading by header column
(parsing/grid_facts.py) could not place its rows. A page's first table continues the
table that ended the page before when their outer edges line up; the columns of both
are put on the union of their edges (a split-off header row may have fewer), and a
row Word broke over the page (its rest holds labels, no figure) is joined back.
Used for text PDFs (pdf.py, edges in points) and OCR'd pages (image.py, in pixels).
"""

from __future__ import annotations

import re

from govlake.documents.grid import cluster
from govlake.documents.model import Block, Document, Table, TableCell


def add_blocks(doc: Document, blocks: list[Block], tol: float) -> None:
    """A page's blocks, in reading order, appended to `doc`; its first table joined to
    the previous page's last one when it continues it."""
    for k, block in enumerate(blocks):
        if k == 0 and block.table is not None and continues(doc, block.table, tol):
            append_rows(doc.blocks[-1].table, block.table, tol)
            continue
        doc.blocks.append(block)


def continues(doc: Document, table: Table, tol: float) -> bool:
    """Whether a page's first table goes on from the table that ended the page before:
    the same outer edges (its columns may differ: a header row split off, for one)."""
    if not doc.blocks or doc.blocks[-1].table is None:
        return False
    prev = doc.blocks[-1].table
    a, b = prev.col_edges, table.col_edges
    return bool(a and b) and prev.row_pages[-1] == table.row_pages[0] - 1 \
        and abs(a[0] - b[0]) <= tol and abs(a[-1] - b[-1]) <= tol


def _has_value(cells) -> bool:
    return any(c.text and _NUMBER.match(c.text) for c in cells)


_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*$")


def append_rows(prev: Table, more: Table, tol: float) -> None:
    """`more`'s rows below `prev`'s, both on the union of their column edges. A row Word
    split over the page break (the continuation's first row holds no figure, the row
    before it does: the rest of its labels) is joined back, cell by cell."""
    edges = cluster(list(prev.col_edges or []) + list(more.col_edges or []), tol)

    def remap(t: Table, base: int) -> list[TableCell]:
        xs = t.col_edges or []
        out = []
        for c in t.cells:
            c0 = _nearest(edges, xs[c.col])
            c1 = _nearest(edges, xs[min(c.col + c.colspan, len(xs) - 1)])
            out.append(TableCell(c.text, c.row + base, c0, c.rowspan, max(1, c1 - c0)))
        return out

    old = remap(prev, 0)
    base = prev.n_rows
    new = remap(more, base)
    last = [c for c in old if c.row == base - 1]
    first = [c for c in new if c.row == base]
    if last and first and _has_value(last) and not _has_value(first):
        by_col = {c.col: i for i, c in enumerate(old) if c.row == base - 1}
        for c in first:
            if c.text and c.col in by_col:
                i = by_col[c.col]
                o = old[i]
                old[i] = TableCell(o.text + c.text, o.row, o.col, o.rowspan, o.colspan)
        new = [TableCell(c.text, c.row - 1, c.col, c.rowspan, c.colspan)
               for c in new if c.row != base] + \
              [TableCell("", c.row, c.col, c.rowspan - 1, c.colspan)
               for c in first if c.rowspan > 1]
        more_pages = more.row_pages[1:]
    else:
        more_pages = more.row_pages
    prev.cells = old + new
    prev.row_pages.extend(more_pages)
    prev.col_edges = edges


def _nearest(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))
