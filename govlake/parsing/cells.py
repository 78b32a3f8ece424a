"""Turn any table shape into one stream of cells in reading order.

Shapes (docs/DOMAIN.md §3): trafilatura `| a | b |` rows with empty padding cells, one
cell per line ending in `|`, tab-separated rows, plain lines, and PDF-to-text with
labels split one character per line. Every shape becomes a list of Cell; the
section parsers walk it and anchor on known labels instead of trusting the grid.
"""

from __future__ import annotations

import re
from itertools import repeat

from govlake.parsing.labels import MAX_LABEL_LEN, clean_label
from govlake.parsing.values import BLANK_MARKS, UNIT_WORDS, Value, parse_value

TEXT, VALUE, EMPTY = 0, 1, 2


class Cell:
    """One cell: its text, where it stood, and what it is (text, value or empty)."""

    __slots__ = ("text", "line", "col", "delimited", "kind", "value", "_label", "ncols")

    def __init__(self, text: str, line: int, col: int, delimited: bool, ncols: int = 1) -> None:
        self.text = text
        self.line = line          # 1-based line of the cleaned text
        self.col = col            # 0-based position in its line
        self.delimited = delimited  # came from a `|` or tab row
        self.ncols = ncols          # number of cells on its line
        self._label: str | None = None
        # blank marks and numbers are short: longer cells are text without a look
        kind_value = _KINDS.get(text) if len(text) <= 24 else _PROSE
        self.kind, self.value = kind_value or _classify(text)

    @property
    def label(self) -> str:
        """Cleaned Simplified label ('' for long prose cells)."""
        if self._label is None:
            self._label = clean_label(self.text) if len(self.text) <= MAX_LABEL_LEN else ""
        return self._label

    @property
    def is_unit(self) -> bool:
        return self.kind == TEXT and self.text.replace(" ", "") in UNIT_WORDS

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Cell({self.text!r}@{self.line}:{self.col},{'TVE'[self.kind]})"


_digit = re.compile("[0-9]").search
_PROSE: tuple[int, Value | None] = (TEXT, None)
_KINDS: dict[str, tuple[int, Value | None]] = {}  # _classify's answers (a dict: the fastest cache)
_KINDS_MAX = 65536


def _classify(text: str) -> tuple[int, Value | None]:
    """(kind, value) of a short cell text, kept in _KINDS: cells repeat endlessly, and
    Value is frozen."""
    if text in BLANK_MARKS:
        kind_value = EMPTY, None
    else:
        v = parse_value(text) if _digit(text) is not None else None
        kind_value = (VALUE, v) if v is not None else _PROSE
    if len(_KINDS) >= _KINDS_MAX:
        _KINDS.clear()
    _KINDS[text] = kind_value
    return kind_value


def _split_line(line: str) -> tuple[list[str], bool]:
    if "|" in line:
        parts = line.split("|")
        if not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return list(map(str.strip, parts)), True
    if "\t" in line:
        return list(map(str.strip, line.split("\t"))), True
    s = line.strip()
    return ([s] if s else []), False


def build_cells(text: str) -> list[Cell]:
    """The cell stream of a text, in reading order."""
    cells: list[Cell] = []
    chars: list[tuple[str, int]] = []  # (character, line) of one-character plain lines in a row
    for lineno, line in enumerate(text.split("\n"), start=1):
        # a plain line: one cell, or none; tabs only around it are indentation (HTML source
        # indentation kept by the text: "\t\t\t0" before a line of its own "|"), not cells
        plain = "|" not in line
        s = line.strip() if plain else ""
        if plain and "\t" not in s:
            if len(s) == 1:
                chars.append((s, lineno))
            elif s:
                if chars:
                    _merge_split_label(chars, cells)
                cells.append(Cell(s, lineno, 0, False, -1))
            continue
        if line.isspace():
            continue
        parts, _ = _split_line(line)
        if not any(parts):
            continue  # a row of nothing but padding
        if chars:
            _merge_split_label(chars, cells)
        ncols = len(parts) if "|" in line else -len(parts)  # negative: tab row
        cells.extend(map(Cell, parts, repeat(lineno), range(len(parts)), repeat(True), repeat(ncols)))
    if chars:
        _merge_split_label(chars, cells)
    return cells


def _merge_split_label(chars: list[tuple[str, int]], out: list[Cell]) -> None:
    """Cells of a run of one-character lines (then emptied), where PDF-to-text split
    labels one character per line: two or more mergeable characters in a row become
    one text cell. A character is mergeable unless it is a number, and a digit is when
    it numbers the split label ("1" followed by ".", "、" or ")")."""
    n = len(chars)
    mergeable = [(_KINDS.get(ch) or _classify(ch))[0] != VALUE
                 or (k + 1 < n and chars[k + 1][0] in (".", "、", ")"))
                 for k, (ch, _) in enumerate(chars)]
    i = 0
    while i < n:
        if mergeable[i]:
            j = i + 1
            while j < n and mergeable[j]:
                j += 1
            if j - i >= 2:
                merged = Cell("".join(ch for ch, _ in chars[i:j]), chars[i][1], 0, False)
                if merged.kind != TEXT:  # never turn characters into a number
                    merged.kind, merged.value = TEXT, None
                out.append(merged)
                i = j
                continue
        ch, line = chars[i]
        out.append(Cell(ch, line, 0, False, -1))
        i += 1
    chars.clear()


def grid_length(cells: list[Cell], start: int, stop: int, min_len: int) -> int | None:
    """The cell count most `|` rows of a table share (trafilatura pads every row
    to the grid), or None when the table is not a uniform `|` grid."""
    counts: dict[int, int] = {}
    seen_lines = set()
    for c in cells[start:stop]:
        if c.ncols >= min_len and c.line not in seen_lines:
            seen_lines.add(c.line)
            counts[c.ncols] = counts.get(c.ncols, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.get)
    return best if counts[best] >= 3 else None


def header_fits_grid(cells: list[Cell], start: int, grid: int | None, last_label: str) -> bool:
    """Whether the table's header line naming `last_label` (总计), the nearest before
    `start`, is as wide as the grid (True when no such line is seen). A uniform grid pads
    every row, its header too. Rows that share a cell count while that header line does
    not are no grid: ragged rows (rowspans not expanded, a Word export's empty cells after
    each) agree by chance, and "the last `width` cells" of such a row take its padding for
    a value column — every row of a complete table one column off, and `ok`."""
    if grid is None:
        return False
    for k in range(start - 1, max(-1, start - 120), -1):
        c = cells[k]
        if c.delimited and c.ncols > 0 and c.kind == TEXT and c.label == last_label:
            return c.ncols == grid
    return True


def trailing_padding(cells: list[Cell], start: int, grid: int | None, last_label: str) -> int:
    """Empty cells a `|` grid carries after its last value column: counted on the
    header line (ncols == grid) whose cell `last_label` (总计) heads that column.
    Word exports and colspan padding end every row in such cells; without this the
    "last `width` cells" of a row would slide onto them."""
    if grid is None:
        return 0
    for k in range(start - 1, max(-1, start - 120), -1):
        c = cells[k]
        if c.delimited and c.ncols == grid and c.kind == TEXT and c.label == last_label:
            pad = 0
            j = k + 1
            while j < len(cells) and cells[j].line == c.line:
                if cells[j].kind != EMPTY:
                    return 0  # something stands after the last column: not padding
                pad += 1
                j += 1
            return pad
    return 0


def header_columns(cells: list[Cell], start: int, first_label: str, last_label: str,
                   width: int) -> tuple[int, int, int] | None:
    """(line width, column of `first_label`, column of `last_label`) of the table's header
    line naming both (自然人 … 总计), the nearest before `start`, when they stand `width`
    columns apart on a `|` line; else None. trafilatura writes an HTML table as a grid
    (colspans padded, rowspans kept as empty cells, every row as wide as the widest), so a
    row as wide as this line whose figures fill exactly these columns reads each figure
    under its own header, as the HTML grid itself would."""
    for k in range(start - 1, max(-1, start - 120), -1):
        c = cells[k]
        if c.delimited and c.kind == TEXT and c.label == last_label:
            j = k - 1
            while j >= 0 and cells[j].line == c.line:
                d = cells[j]
                if d.kind == TEXT and d.label == first_label:
                    return (c.ncols, d.col, c.col) if c.col - d.col == width - 1 else None
                j -= 1
            return None
    return None


def collect_row(cells: list[Cell], i: int, width: int, *, stop_label=None,
                allow_units: bool = False, grid: int | None = None,
                pad: int = 0) -> tuple[list[Cell], int]:
    """The value slots that follow the label at `i`, and the index after them.

    Row mode: the label's own line carries values (a `|`/tab grid row) — take that
    line only, so padding of the next row never leaks in. Stream mode: the label
    stands alone (one cell per line, PDF text) — take value/empty cells until the
    next text cell, skipping wrapped label continuations before the first value.
    `stop_label(cell)` says whether a text cell is another label (ends the search).
    """
    n = len(cells)
    lab = cells[i]
    j = i + 1
    if lab.delimited:
        k = j
        has_value = False
        while k < n and cells[k].line == lab.line:
            if cells[k].kind == VALUE:
                has_value = True
            k += 1
        if has_value:
            slots: list[Cell] = []
            started = False
            for c in cells[j:k]:
                if c.kind == TEXT and not (allow_units and c.is_unit):
                    if started:
                        break
                    if stop_label is not None and stop_label(c):
                        return [], i + 1  # a group label sharing the line with its first sub-row
                    continue
                started = True
                slots.append(c)
            if grid is not None and lab.ncols == grid:
                body = slots
                for _ in range(pad):  # the grid's trailing padding columns (a row set one
                    if not body or body[-1].kind != EMPTY:  # column right has fewer)
                        break
                    body = body[:-1]
                if len(body) >= width and all(c.kind != TEXT for c in body[-width:]):
                    # uniform grid: the value columns are the last `width` cells, blanks included
                    return body[-width:], k
            return slots, k
    # stream mode
    slots = []
    k = j
    limit = width * 3 + 6
    while k < n and len(slots) < limit:
        c = cells[k]
        if c.kind == TEXT and not (allow_units and c.is_unit):
            if any(s.kind == VALUE for s in slots):
                break
            if stop_label is not None and stop_label(c):
                break
            if len(c.text) > MAX_LABEL_LEN:
                break
            slots = []  # a wrapped continuation of the label: values come after it
            k += 1
            continue
        if c.kind == EMPTY and not slots and not c.delimited:
            k += 1
            continue
        slots.append(c)
        k += 1
    if not any(s.kind == VALUE for s in slots):
        return [], i + 1
    return slots, k


def align(slots: list[Cell], width: int) -> list[Cell | None]:
    """Map slots onto `width` columns: drop trailing padding, keep the last
    `width` when leading padding precedes them (none when figures do), left-align when short."""
    s = list(slots)
    while s and s[-1].kind == EMPTY:
        s.pop()
    if len(s) > width:
        if (any(c.kind == VALUE for c in s[:-width])
                and not all(c.delimited and c.line == s[0].line for c in s)):
            # more figures than columns, one per line: which stands where is unknown (a
            # stray number below the table, a cut-off "20" of the next line's year) — a
            # wrong column is worse than none. (A `|` row's own cells are its own: its
            # known columns are its last ones, the header's first cells unread.)
            return [None] * width
        s = s[-width:]
    out: list[Cell | None] = [c if c.kind == VALUE else None for c in s]
    return out + [None] * (width - len(out))
