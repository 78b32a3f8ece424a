"""Cells with boxes on a page → a table grid with spans; text boxes → lines.

Why shared: pdfplumber's table cells (PDF), OFD's boxes and OCR's text boxes all
come as rectangles. A cell's row and column are the ruling positions its edges
fall on, and its spans how many of them it covers — the same grid a web page's
rowspan/colspan give, so the parser reads it by header column.
"""

from __future__ import annotations

import re

from govlake.documents.model import TableCell

_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef（）、，。：；“”‘’《》]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef（）、，。：；“”‘’《》]")


def join_lines(text: str) -> str:
    """A cell's wrapped lines as one: no space where CJK meets CJK (结果\\n维持 →
    结果维持; 三、\\n本\\n年 → 三、本年), a space elsewhere."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        out += p if (_CJK_END.search(out) or _CJK_START.search(p)) else " " + p
    return out


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted positions with those closer than ``tol`` merged (ruling lines drawn twice)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def cells_to_grid(boxes: list[tuple[float, float, float, float, str]],
                  tol: float = 2.0) -> tuple[list[TableCell], int, list[float]]:
    """(x0, top, x1, bottom, text) boxes → TableCells with spans, the row count and the
    column edges."""
    if not boxes:
        return [], 0, []
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    cells = []
    for x0, top, x1, bottom, text in boxes:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append(TableCell(join_lines(text), r0, c0, r1 - r0, c1 - c0))
    return cells, max(0, len(ys) - 1), xs
