"""What every document reader returns: lines and tables in reading order, by page.

Why one shape: a PDF, a Word file, an OFD file and an OCR'd scan all end as the
same Document, which render.py turns into the cleaned record the parser already
reads (text with `| a | b |` rows, and each table's grid as markup for the reading
by header column in parsing/grid_facts.py). No reader touches the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("pdf", "docx", "doc", "ofd", "image")


class DocumentError(Exception):
    """A document that cannot be read; ``str()`` is the reason the cleaned record keeps."""


@dataclass(frozen=True)
class TableCell:
    """One written cell: where it starts in its table's grid and how far it spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table's written cells; ``row_pages[r]`` is the page row r stood on (a table
    continued over a page break is one table)."""

    cells: list[TableCell]
    row_pages: list[int]
    # x of each column edge on the page (PDF): lines a table continued on the next page up
    col_edges: list[float] | None = None

    @property
    def n_rows(self) -> int:
        return len(self.row_pages)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)


@dataclass
class Block:
    """A line of text or a table, on a 1-based page."""

    page: int
    text: str | None = None
    table: Table | None = None


@dataclass
class Document:
    kind: str                        # pdf | docx | doc | ofd | image
    blocks: list[Block] = field(default_factory=list)
    pages: int = 0                   # pages read
    warnings: list[str] = field(default_factory=list)
    reader: str = ""                 # library (and version) that read it: lineage
