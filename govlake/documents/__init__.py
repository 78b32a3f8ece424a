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

__all__ = ["read_document", "sniff_kind", "extension_kind", "Document", "DocumentError",
           "Block", "Table", "TableCell", "KINDS", "MAX_DOCUMENT_BYTES", "TIME_LIMIT"]

MAX_DOCUMENT_BYTES = 50 * 2**20
TIME_LIMIT = 120.0           # seconds for one document, whatever its kind


def read_document(data: bytes, kind: str, *, name: str | None = None,
                  time_limit: float = TIME_LIMIT) -> Document:
    """Read one document of a sniffed kind; raises DocumentError with the reason."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{kind} of {len(data)} bytes is larger than the "
                            f"{MAX_DOCUMENT_BYTES} byte limit for one report")
    try:
        return _read(data, kind, name, time_limit)
    except ImportError as exc:  # the [documents] extra is not installed here
        raise DocumentError(f"{kind} reader not installed ({exc.name or exc}): "
                            "pip install 'govlake[documents]'") from None


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
        return read_image(data, deadline=deadline)
    raise DocumentError(f"not a document kind govlake reads: {kind}")
