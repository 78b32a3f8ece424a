"""Test support: a seed's hand-read figures written as the report's PDF and .docx.

The tables are tests/core/html_shapes.py's (the template's layout, spans included,
figures from the hand-written dicts of tests/core/conftest.py — never from the
parser); here they are drawn as a ruled PDF table (reportlab, the built-in STSong
CID font: nothing downloaded) and as a Word table with merged cells (python-docx).
``with_title=False`` leaves the report's title and preamble out — the attachment that
holds only the tables, whose government and year the linking page names.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

from tests.core.html_shapes import (Seed, applications_table, disclosure_tables,
                                    review_litigation_table, title_of)


def _grid(rows: list[list[dict]]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Rows of span cells → a text matrix and the spans (r0, c0, r1, c1)."""
    taken: dict[tuple[int, int], str] = {}
    spans, width = [], 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell["rs"]):
                for dc in range(cell["cs"]):
                    taken[(r + dr, c + dc)] = cell["text"] if dr == dc == 0 else ""
            if cell["rs"] > 1 or cell["cs"] > 1:
                spans.append((r, c, r + cell["rs"] - 1, c + cell["cs"] - 1))
            c += cell["cs"]
            width = max(width, c)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))], spans


def _sections(seed: Seed) -> list[tuple[str, list[list[dict]]]]:
    return [("二、主动公开政府信息情况", disclosure_tables(seed)[0][0]),
            ("三、收到和处理政府信息公开申请情况", applications_table(seed)[0]),
            ("四、政府信息公开行政复议、行政诉讼情况", review_litigation_table(seed)[0])]


def _preamble(seed: Seed) -> list[str]:
    return [title_of(seed),
            f"本报告所列数据的统计期限自{seed.year}年1月1日起至{seed.year}年12月31日止。"]


def seed_pdf(seed: Seed, with_title: bool = True) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14,
                          wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title="", author="",
                            leftMargin=30, rightMargin=30, topMargin=30, bottomMargin=30)
    story = [Paragraph(line, body) for line in (_preamble(seed) if with_title else [])]
    for heading, rows in _sections(seed):
        matrix, spans = _grid(rows)
        width = (A4[0] - 60) / len(matrix[0])
        data = [[Paragraph(t, cell) if t else "" for t in row] for row in matrix]
        table = Table(data, colWidths=[width] * len(matrix[0]))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
                                  + [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]))
        story += [Paragraph(heading, body), Spacer(1, 4), table, Spacer(1, 8)]
    doc.build(story, onFirstPage=_no_meta, onLaterPages=_no_meta)
    return out.getvalue()


def _no_meta(canvas, doc) -> None:
    canvas.setCreator("")   # deterministic enough: no tool name in the text layer


def seed_docx(seed: Seed, with_title: bool = True) -> bytes:
    import docx

    document = docx.Document()
    for line in (_preamble(seed) if with_title else []):
        document.add_paragraph(line)
    for heading, rows in _sections(seed):
        document.add_paragraph(heading)
        matrix, spans = _grid(rows)
        table = document.add_table(rows=len(matrix), cols=len(matrix[0]))
        table.style = "Table Grid"
        for r, row in enumerate(matrix):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for r0, c0, r1, c1 in spans:
            table.cell(r0, c0).merge(table.cell(r1, c1))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@contextmanager
def official_hosts(hosts: str):
    """The test server's host counted as a government's own ($GOVLAKE_OFFICIAL_HOSTS), so
    its copies are not mirrors; the pipeline fingerprint (which includes the list, and is
    cached per process) is recomputed on the way in and out, so no other test sees it."""
    import pytest

    from govlake.fingerprint import pipeline_fingerprint

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVLAKE_OFFICIAL_HOSTS", hosts)
        pipeline_fingerprint.cache_clear()
        try:
            yield
        finally:
            mp.undo()
            pipeline_fingerprint.cache_clear()
