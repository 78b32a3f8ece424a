"""A Document as the cleaned record's text and tables — the shapes the parser reads.

Text: each line in reading order; each table as `| a | b |` rows holding the cells
written in that row (what trafilatura makes of an HTML table, the parser's most
travelled shape). Tables: each report table's grid as markup with its rowspans and
colspans (parsing/html_grid.report_tables keeps only tables naming a section 三 or 四
label), so the grid is read by header column exactly like a web page's
(parsing/grid_facts.py) and checked against the text's reading (reconcile.py).
Pages: where each page starts in the text, and the page of each table row, so a
fact can say the page it came from (pipeline.page_of).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from govlake.documents.model import Document, Table


@dataclass
class Rendered:
    text: str
    tables: list[str]            # markup of the report tables (parsing/html_grid format)
    line_pages: list[int]        # page of each text line (1-based lines → index + 1)
    table_pages: list[list[int]]  # per kept table: the page of each of its rows


def table_rows(table: Table) -> list[list[str]]:
    """The written cells of each row, left to right."""
    rows: list[list[tuple[int, str]]] = [[] for _ in range(table.n_rows)]
    for c in table.cells:
        if 0 <= c.row < len(rows):
            rows[c.row].append((c.col, c.text))
    return [[t for _, t in sorted(r)] for r in rows]


def table_markup(table: Table) -> str:
    rows: list[list] = [[] for _ in range(table.n_rows)]
    for c in table.cells:
        if 0 <= c.row < len(rows):
            rows[c.row].append(c)
    out = ["<table>"]
    for r in rows:
        out.append("<tr>")
        for c in sorted(r, key=lambda c: c.col):
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                   (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            out.append(f"<td{span}>{escape(c.text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _row_line(cells: list[str]) -> str:
    return "| " + " | ".join(t.replace("|", "｜").replace("\n", " ") for t in cells) + " |"


def render(doc: Document) -> Rendered:
    from govlake.parsing.html_grid import report_tables

    lines: list[str] = []
    line_pages: list[int] = []
    tables: list[str] = []
    table_pages: list[list[int]] = []
    for block in doc.blocks:
        if block.table is not None:
            t = block.table
            for r, cells in enumerate(table_rows(t)):
                if cells:
                    lines.append(_row_line(cells))
                    line_pages.append(t.row_pages[r] if r < len(t.row_pages) else block.page)
            kept = report_tables(table_markup(t))
            if kept:
                tables.append(kept[0])
                table_pages.append(list(t.row_pages))
        elif block.text is not None:
            for line in block.text.split("\n"):
                lines.append(line)
                line_pages.append(block.page)
    return Rendered("\n".join(lines), tables, line_pages, table_pages)
