"""Reports published as documents: PDF, Word (.docx, .doc/.wps), OFD and images.

`read_document(data, kind)` returns a Document (model.py) — lines and tables in
reading order, by page — which render.py turns into the cleaned record's text and
table grids, so the one parser reads every form a report comes in. Each kind has
its own small module, imported only when a document of that kind arrives: HTML
pages never pay for pdfplumber or the OCR models (sniff.py looks at first bytes).
Bounds (size, pages, time, memory) are kept in guard.py; every failure is a
DocumentError whose text is the reason recorded.
"""

from __future__ import annotations

import time

from govlake.documents.model import KINDS, Block, Document, DocumentError, Table, TableCell
from govlake.documents.sniff import extension_kind, sniff_kind

__all__ = ["read_document", "read_page_images", "sniff_kind", "extension_kind", "Document", "DocumentError",
           "Block", "Table", "TableCell", "KINDS", "MAX_DOCUMENT_BYTES", "TIME_LIMIT"]

MAX_DOCUMENT_BYTES = 50 * 2**20
TIME_LIMIT = 120.0           # seconds for one document, whatever its kind


def read_document(data: bytes, kind: str, *, name: str | None = None,
                  time_limit: float = TIME_LIMIT, isolate: bool = True) -> Document:
    """Read one document of a sniffed kind; raises DocumentError with the reason.
    `isolate`: in a forked child under a memory cap and a hard time limit (guard.py)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{kind} of {len(data)} bytes is larger than the "
                            f"{MAX_DOCUMENT_BYTES} byte limit for one report")
    if isolate:
        from govlake.documents.guard import run_bounded
        return run_bounded(_read_here, data, kind, name, time_limit,
                           time_limit=hard_limit(data, kind, time_limit))
    return _read_here(data, kind, name, time_limit)


def _read_here(data: bytes, kind: str, name: str | None, time_limit: float) -> Document:
    try:
        return _read(data, kind, name, time_limit)
    except ImportError as exc:  # the [documents] extra is not installed here
        raise DocumentError(f"{kind} reader not installed ({exc.name or exc}): "
                            "pip install 'govlake[documents]'") from None


def read_page_images(pages: list[bytes], *, time_limit: float = TIME_LIMIT,
                     isolate: bool = True) -> Document:
    """Images that are the pages of one report, read as one Document (image.py)."""
    from govlake.documents.pdf import OCR_PAGE_SECONDS

    total = sum(len(p) for p in pages)
    if total > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"page images of {total} bytes are larger than the "
                            f"{MAX_DOCUMENT_BYTES} byte limit for one report")
    limit = time_limit + OCR_PAGE_SECONDS * len(pages)
    if isolate:
        from govlake.documents.guard import run_bounded
        return run_bounded(_images_here, pages, limit, time_limit=limit + 30)
    return _images_here(pages, limit)


def _images_here(pages: list[bytes], limit: float) -> Document:
    try:
        from govlake.documents.image import read_images
        return read_images(pages, deadline=time.monotonic() + limit)
    except ImportError as exc:
        raise DocumentError(f"image reader not installed ({exc.name or exc}): "
                            "pip install 'govlake[documents]'") from None


def hard_limit(data: bytes, kind: str, time_limit: float) -> float:
    """The child's hard limit: the reader's own limit, and OCR's time for the pages
    that may need it (the readers stop themselves first, with a better reason)."""
    from govlake.documents.pdf import MAX_SCANNED_PAGES, OCR_PAGE_SECONDS
    if kind == "pdf":
        return time_limit + OCR_PAGE_SECONDS * MAX_SCANNED_PAGES + 30
    if kind == "image":
        return time_limit + OCR_PAGE_SECONDS + 30
    return time_limit + 30


def _read(data: bytes, kind: str, name: str | None, time_limit: float) -> Document:
    deadline = time.monotonic() + time_limit
    if kind == "pdf":
        from govlake.documents.pdf import read_pdf
        return read_pdf(data, deadline=deadline)
    if kind == "docx":
        from govlake.documents.docx import read_docx
        return read_docx(data)
    if kind == "doc":
        from govlake.documents.legacy import read_legacy
        return read_legacy(data, name=name, time_limit=time_limit)
    if kind == "ofd":
        from govlake.documents.ofd import read_ofd
        return read_ofd(data)
    if kind == "image":
        from govlake.documents.image import read_image
        from govlake.documents.pdf import OCR_PAGE_SECONDS
        return read_image(data, deadline=deadline + OCR_PAGE_SECONDS)
    raise DocumentError(f"not a document kind govlake reads: {kind}")
