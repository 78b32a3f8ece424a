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

from govlake.documents.grid import cells_to_grid
from govlake.documents.model import Block, Document, DocumentError, Table

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
        for row in t.rows:
            for bbox in row.cells:
                if bbox is None:
                    continue
                text = page.crop(bbox, strict=False).extract_text() or ""
                boxes.append((*bbox, text))
        cells, n_rows = cells_to_grid(boxes)
        table = Table(cells, [number] * n_rows)
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
    """Whether a page's first table goes on from the table that ended the page before."""
    if not doc.blocks or doc.blocks[-1].table is None:
        return False
    prev = doc.blocks[-1].table
    return prev.n_cols == table.n_cols and prev.row_pages[-1] == table.row_pages[0] - 1


def _append_rows(prev: Table, more: Table) -> None:
    from govlake.documents.model import TableCell

    base = prev.n_rows
    prev.cells.extend(TableCell(c.text, c.row + base, c.col, c.rowspan, c.colspan)
                      for c in more.cells)
    prev.row_pages.extend(more.row_pages)
