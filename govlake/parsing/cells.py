"""Turn any table shape into one stream of cells in reading order.

Shapes (DOMAIN.md §3): trafilatura `| a | b |` rows with empty padding cells, one
cell per line ending in `|`, tab-separated rows, plain lines, and PDF-to-text with
labels split one character per line. Every shape becomes a list of Cell; the
section parsers walk it and anchor on known labels instead of trusting the grid.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govlake.parsing.labels import MAX_LABEL_LEN, clean_label
from govlake.parsing.values import BLANK_MARKS, UNIT_WORDS, Value, parse_value

TEXT, VALUE, EMPTY = 0, 1, 2


class Cell:
    """One cell: its text, where it stood, and what it is (text, value or empty)."""

    __slots__ = ("text", "line", "col", "delimited", "kind", "value", "_label", "ncols")

    def __init__(self, text: str, line: int, col: int, delimited: bool) -> None:
        self.text = text
        self.line = line          # 1-based line of the cleaned text
        self.col = col            # 0-based position in its line
        self.delimited = delimited  # came from a `|` or tab row
        self.ncols = 1              # number of cells on its line
        self.value: Value | None = None
        self._label: str | None = None
        if text in BLANK_MARKS:
            self.kind = EMPTY
        else:
            v = _parse_value(text) if len(text) <= 24 and _digit(text) is not None else None
            if v is not None:
                self.kind = VALUE
                self.value = v
            else:
                self.kind = TEXT

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


_parse_value = lru_cache(maxsize=65536)(parse_value)  # cells repeat endlessly; Value is frozen
_digit = re.compile("[0-9]").search


def _split_line(line: str) -> tuple[list[str], bool]:
    if "|" in line:
        parts = line.split("|")
        if not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [p.strip() for p in parts], True
    if "\t" in line:
        parts = line.split("\t")
        return [p.strip() for p in parts], True
    s = line.strip()
    return ([s] if s else []), False


def build_cells(text: str) -> list[Cell]:
    """The cell stream of a text, in reading order."""
    cells: list[Cell] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line or line.isspace():
            continue
        parts, delimited = _split_line(line)
        if delimited and not any(parts):
            continue  # a row of nothing but padding
        piped = delimited and "|" in line
        for col, part in enumerate(parts):
            c = Cell(part, lineno, col, delimited)
            c.ncols = len(parts) if piped else -len(parts)  # negative: tab row
            cells.append(c)
    return _merge_split_labels(cells)


def _mergeable(cells: list[Cell], i: int) -> bool:
    c = cells[i]
    if c.delimited or len(c.text) != 1:
        return False
    if c.kind != VALUE:
        return True
    # a digit that numbers a split label: "1" followed by "." or "、"
    nxt = cells[i + 1] if i + 1 < len(cells) else None
    return nxt is not None and not nxt.delimited and nxt.text in (".", "、", ")")


def _merge_split_labels(cells: list[Cell]) -> list[Cell]:
    """Join labels that PDF-to-text split one character per line."""
    if not cells:
        return cells
    out: list[Cell] = []
    i, n = 0, len(cells)
    while i < n:
        cell = cells[i]
        # _mergeable's own first test, inline: most cells fail it, and a call per cell adds up
        if not cell.delimited and len(cell.text) == 1 and _mergeable(cells, i):
            j = i
            while j < n and _mergeable(cells, j):
                j += 1
            if j - i >= 2:
                first = cells[i]
                merged = Cell("".join(c.text for c in cells[i:j]), first.line, 0, False)
                if merged.kind != TEXT:  # never turn characters into a number
                    merged.kind, merged.value = TEXT, None
                out.append(merged)
                i = j
                continue
        out.append(cell)
        i += 1
    return out


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


def collect_row(cells: list[Cell], i: int, width: int, *, stop_label=None,
                allow_units: bool = False, grid: int | None = None) -> tuple[list[Cell], int]:
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
            if grid is not None and lab.ncols == grid and len(slots) >= width \
                    and all(c.kind != TEXT for c in slots[-width:]):
                # uniform grid: the value columns are the last `width` cells, blanks included
                return slots[-width:], k
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
    `width` when leading padding precedes them, left-align when short."""
    s = list(slots)
    while s and s[-1].kind == EMPTY:
        s.pop()
    if len(s) > width:
        s = s[-width:]
    out: list[Cell | None] = [c if c.kind == VALUE else None for c in s]
    return out + [None] * (width - len(out))
