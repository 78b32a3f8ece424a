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
from govlake.documents.join import add_blocks
from govlake.documents.model import Block, Document, DocumentError, Table

MAX_SCANNED_PAGES = 20    # OCR costs seconds a page
SCAN_DPI = 200
OCR_PAGE_SECONDS = 120.0  # time added to the document's limit for each page OCR reads
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
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or \
                "Password" in type(inner).__name__ or "Password" in str(exc):
            raise DocumentError(f"encrypted PDF: cannot be read without its password "
                                f"({type(inner).__name__})") from None
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
        scans = 0
        for i, page in enumerate(pdf.pages):
            if deadline is not None and time.monotonic() > deadline:
                raise DocumentError(f"PDF took too long to read: stopped at page {i + 1} of {n}")
            if page.chars or not page.images:
                _read_page(page, i + 1, doc)
            else:  # a scanned page: no text layer, an image of the page
                scans += 1
                if scans > MAX_SCANNED_PAGES:
                    raise DocumentError(f"scanned PDF of {n} pages: more than the "
                                        f"{MAX_SCANNED_PAGES} pages OCR reads for one report")
                if deadline is not None:  # OCR takes its own time: each page has its share
                    deadline += OCR_PAGE_SECONDS
                _ocr_page(data, i, doc, deadline)
            page.close()  # frees the page's cached objects
        doc.pages = n
    if not any(b.text and b.text.strip() for b in doc.blocks) and not any(
            b.table for b in doc.blocks):
        doc.warnings.append("PDF has no text layer (a scan?): no text read")
    return doc


def _ocr_page(data: bytes, index: int, doc: Document, deadline: float | None) -> None:
    """A page without a text layer rendered (pdfium, which pdfplumber already uses) and
    read by OCR (image.py)."""
    import numpy as np
    import pypdfium2

    from govlake.documents.image import read_page

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[index]
        w, h = page.get_size()
        scale = min(SCAN_DPI / 72, 2400 / max(w, h, 1))
        grey = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    finally:
        pdf.close()
    if not doc.reader.endswith("+ OCR"):
        doc.reader += " + OCR"
    read_page(grey, index + 1, doc, deadline=deadline)


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
    add_blocks(doc, [b for _, b in items], tol=3.0)
