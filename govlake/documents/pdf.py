"""PDF → Document with pdfplumber (pdfminer.six): text lines and ruled tables.

Why pdfplumber: measured on the real 6-page 淮安市 2024 report (benchmarks/
bench_documents.py, README *Documents*): it finds every ruled table of sections
三 and 四 with their merged cells, the vertical one-character-per-line label
included, in about a quarter of PyMuPDF's time on this machine, and it is MIT
licensed (PyMuPDF is AGPL, which would bind the whole lake's licence).

Tables are ruled grids (lattice); a table whose rows go on over a page break
is joined to its continuation (same columns, first thing on the next page), so
section 三's matrix is one grid with its header. Text outside tables is read as
lines, top to bottom; page numbers (- 4 -) are dropped.
"""

from __future__ import annotations

import io
import re
import time

from govlake.documents.grid import cells_to_grid, cluster
from govlake.documents.model import Block, Document, DocumentError, Table, TableCell

MAX_PAGES = 60            # a report runs to ~5–30 pages; beyond this it is a compilation
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]*\s*(第\s*)?\d{1,4}\s*(页)?\s*[-—–－]*\s*$")
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(data: bytes, *, max_pages: int = MAX_PAGES, deadline: float | None = None) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(f"encrypted PDF: cannot be read without its password "
                            f"({type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise DocumentError(f"malformed PDF: {type(exc).__name__}: {exc}"[:300]) from None
    with pdf:
        try:
            n = len(pdf.pages)
        except Exception as exc:
            raise DocumentError(f"malformed PDF: no page tree ({type(exc).__name__})") from None
        if n > max_pages:
            raise DocumentError(f"PDF has {n} pages, more than the {max_pages} pages of one "
                                "report: not read (a compilation or not a report)")
        doc = Document(kind="pdf", reader=f"pdfplumber {pdfplumber.__version__}")
        for i, page in enumerate(pdf.pages):
            if deadline is not None and time.monotonic() > deadline:
                raise DocumentError(f"PDF took too long to read: stopped at page {i + 1} of {n}")
            _read_page(page, i + 1, doc)
            page.close()  # frees the page's cached objects
        doc.pages = n
    if not any(b.text and b.text.strip() for b in doc.blocks) and not any(
            b.table for b in doc.blocks):
        doc.warnings.append("PDF has no text layer (a scan?): no text read")
    return doc


def _read_page(page, number: int, doc: Document) -> None:
    tables = []
    for t in page.find_tables(_SETTINGS):
        boxes = []
        for row, texts in zip(t.rows, t.extract()):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    boxes.append((*bbox, text or ""))
        cells, n_rows, xs = cells_to_grid(boxes)
        table = Table(cells, [number] * n_rows, xs)
        if n_rows >= 2 and table.n_cols >= 2:
            tables.append((t.bbox, table))
    rest = page
    for bbox, _ in tables:
        rest = rest.outside_bbox(bbox, strict=False)
    items = []
    for line in rest.extract_text_lines(return_chars=False):
        text = line["text"].strip()
        if text and not _PAGE_NUMBER.match(text):
            items.append((line["top"], Block(number, text=text)))
    for bbox, table in tables:
        items.append((bbox[1], Block(number, table=table)))
    items.sort(key=lambda it: it[0])
    for k, (_, block) in enumerate(items):
        if k == 0 and block.table is not None and _continues(doc, block.table):
            prev = doc.blocks[-1].table
            _append_rows(prev, block.table)
            continue
        doc.blocks.append(block)


def _continues(doc: Document, table: Table) -> bool:
    """Whether a page's first table goes on from the table that ended the page before:
    the same outer edges (its columns may differ: a header row split off, for one)."""
    if not doc.blocks or doc.blocks[-1].table is None:
        return False
    prev = doc.blocks[-1].table
    a, b = prev.col_edges, table.col_edges
    return bool(a and b) and prev.row_pages[-1] == table.row_pages[0] - 1 \
        and abs(a[0] - b[0]) <= 3 and abs(a[-1] - b[-1]) <= 3


def _has_value(cells) -> bool:
    return any(c.text and _NUMBER.match(c.text) for c in cells)


_NUMBER = re.compile(r"^[-+]?\d[\d,，.]*$")


def _append_rows(prev: Table, more: Table) -> None:
    """`more`'s rows below `prev`'s, both on the union of their column edges. A row Word
    split over the page break (the continuation's first row holds no figure, the row
    before it does: the rest of its labels) is joined back, cell by cell."""
    edges = cluster(list(prev.col_edges or []) + list(more.col_edges or []), 2.0)

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
