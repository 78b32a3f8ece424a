"""Word .docx → Document: paragraphs and tables in body order, straight from the XML.

Why not python-docx: a .docx is a zip, and a zip from the web may be a bomb; its
one member we need (word/document.xml) is read through the lake's bounded reader
(ingest/inflate.bounded_zip_read: size and ratio caps), then parsed with lxml with
entity expansion and network access off. Tables keep Word's merges as spans:
w:gridSpan is a colspan, a w:vMerge run a rowspan, w:gridBefore skipped columns.
Pages: Word writes where its last layout broke pages (w:lastRenderedPageBreak) and
explicit page breaks; those are counted, so a fact's page is Word's own.
"""

from __future__ import annotations

import zipfile

from govlake.documents.grid import join_lines
from govlake.documents.model import Block, Document, DocumentError, Table, TableCell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_TABLE_ROWS = 400
MAX_TABLE_COLS = 60


def read_docx(data: bytes) -> Document:
    from lxml import etree

    from govlake.ingest.inflate import InflateLimit, bounded_zip_read

    try:
        xml = bounded_zip_read(data, "word/document.xml")
    except InflateLimit as exc:
        raise DocumentError(f"docx refused: {exc}") from None
    except KeyError:
        raise DocumentError("docx has no word/document.xml (not a Word document)") from None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"damaged docx: {type(exc).__name__}: {exc}"[:300]) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"damaged docx: document.xml is not XML ({exc})"[:300]) from None
    body = None if root is None else root.find(f"{W}body")
    if body is None:
        raise DocumentError("docx has no document body")
    doc = Document(kind="docx", reader="docx XML (lxml)")
    state = {"page": 1}
    _walk(body, doc, state)
    doc.pages = state["page"]
    return doc


def _walk(parent, doc: Document, state: dict) -> None:
    for el in parent:
        tag = el.tag
        if tag == f"{W}p":
            text = _paragraph(el, state)
            if text.strip():
                doc.blocks.append(Block(state["page"], text=text.strip()))
        elif tag == f"{W}tbl":
            page = state["page"]
            table = _table(el, state)
            if table.cells:
                doc.blocks.append(Block(page, table=table))
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            _walk(el if tag != f"{W}sdt" else (el.find(f"{W}sdtContent") or el), doc, state)


def _paragraph(p, state: dict) -> str:
    """A paragraph's text (tabs and line breaks kept); page breaks counted as they come."""
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}lastRenderedPageBreak",
                     f"{W}tbl"):
        tag = el.tag
        if tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if el.get(f"{W}type") == "page":
                state["page"] += 1
            else:
                out.append("\n")
        elif tag == f"{W}lastRenderedPageBreak":
            state["page"] += 1
    return "".join(out)


def _cell_text(tc, state: dict) -> str:
    parts = []
    for p in tc.iter(f"{W}p"):
        t = _paragraph(p, state).strip()
        if t:
            parts.append(t)
    return join_lines("\n".join(parts))


def _int(el, default: int = 1) -> int:
    if el is None:
        return default
    try:
        return max(0, int(el.get(f"{W}val", default)))
    except ValueError:
        return default


def _table(tbl, state: dict) -> Table:
    cells: list[TableCell] = []
    pages: list[int] = []
    open_merge: dict[int, int] = {}   # column → index in cells of the vMerge run's first cell
    for r, tr in enumerate(tbl.findall(f"{W}tr")[:MAX_TABLE_ROWS]):
        pages.append(state["page"])
        trpr = tr.find(f"{W}trPr")
        col = _int(trpr.find(f"{W}gridBefore") if trpr is not None else None, 0)
        for tc in tr.findall(f"{W}tc"):
            if col >= MAX_TABLE_COLS:
                break
            tcpr = tc.find(f"{W}tcPr")
            span = max(1, _int(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1))
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            text = _cell_text(tc, state)
            if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue" \
                    and col in open_merge:
                first = cells[open_merge[col]]
                cells[open_merge[col]] = TableCell(first.text, first.row, first.col,
                                                   r - first.row + 1, first.colspan)
            else:
                cells.append(TableCell(text, r, col, 1, min(span, MAX_TABLE_COLS - col)))
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                if vmerge is not None:  # restart: a run of merged rows begins here
                    open_merge[col] = len(cells) - 1
            col += span
        # a column whose cell did not continue a merge closes it
    return Table(cells, pages)
