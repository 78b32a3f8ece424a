"""One table (rows of TCell) in each shape of docs/DOMAIN.md §3.

    html_table(rows, style)  <table> with rowspan/colspan (tidy CMS or Word-paste markup)
    pipe_lines(rows)         one cell per line ending in `|` (seeds 000, 001), each line a <p>
    tsv_lines(rows)          tab-separated grid rows, spans left as empty cells (seed 002)
    pdf_lines(rows)          PDF-to-text: labels split one character per line, numbers alone
"""

from __future__ import annotations

import html

from .tables import CORNER, TCell

FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789()"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def html_table(rows: list[list[TCell]], style: str = "plain", cls: str = "",
               split_numbers: bool = False) -> str:
    """style 'plain' (tidy CMS) or 'word' (MsoNormalTable, nested span/font, &nbsp; in labels)."""
    out = []
    if style == "word":
        out.append(f'<table class="MsoNormalTable {cls}" border="1" cellspacing="0" cellpadding="0" '
                   'width="100%" style="border-collapse:collapse;border:none">')
    else:
        out.append(f'<table class="{cls}" border="1" cellspacing="0" cellpadding="4" width="100%" '
                   'style="border-collapse:collapse;">')
    out.append("<tbody>")
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, cell in enumerate(row):
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = esc(cell.text)
            if style == "word":
                text = text.replace(" ", "&nbsp;")
                if split_numbers and cell.value and len(cell.text) >= 3 and cell.text.isdigit():
                    k = len(cell.text) // 2
                    text = (f'{esc(cell.text[:k])}</span><span lang="EN-US" style="font-size:10.5pt">'
                            f'{esc(cell.text[k:])}')
                inner = f'<span style="font-size:10.5pt;font-family:宋体">{text}</span>'
                if (r + c) % 3 == 0:
                    inner = f'<span lang="EN-US" style="font-size:10.5pt"><font face="宋体">{text}</font></span>'
                if cell.header:
                    inner = f"<b>{inner}</b>"
                out.append(f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt">'
                           f'<p class="MsoNormal" align="center" style="text-align:center">{inner}</p></td>')
            else:
                out.append(f'<td{attrs} align="center">{text or "&nbsp;"}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def pipe_lines(rows: list[list[TCell]]) -> list[str]:
    """'text |' per cell, a spanning cell followed by its padding pipes."""
    lines = []
    for row in rows:
        for cell in row:
            lines.append(f"{cell.text} |" + (" " + "|" * (cell.colspan - 1) if cell.colspan > 1 else ""))
    return lines


def grid(rows: list[list[TCell]]) -> list[list[str]]:
    """Expand spans: the text sits in the top-left slot, the rest are empty."""
    taken: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = cell.text if dr == 0 and dc == 0 else ""
            c += cell.colspan
            width = max(width, c)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def tsv_lines(rows: list[list[TCell]]) -> list[str]:
    return ["\t".join(r) for r in grid(rows)]


def pdf_lines(rows: list[list[TCell]]) -> list[str]:
    """Reading order; every label split one character per line (captions kept whole)."""
    out = []
    for row in rows:
        for cell in row:
            t = cell.text
            if not t or t == CORNER:
                continue
            if cell.value or t.startswith("第二十条"):
                out.append(t)
            elif "(单位:" in t:
                head, _, unit = t.partition("(")
                out.extend(list(head))
                out.append("(" + unit)
            else:
                out.extend(ch for ch in t if not ch.isspace())
    return out
