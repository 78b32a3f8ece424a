"""Section 三 and 四 figures read from HTML grids by column, and the comparison
with the text's reading.

Why: the text parser anchors on row labels and counts values from the label
(cells.py), which a padded or span-shifted row can fool. Here each figure is read
at the column its header names (自然人 … 总计; 行政复议 › 结果维持 …), so the two
readings fail in different ways, and a disagreement is a fact worth reporting:
`reconcile` names it, and the report is never `ok` with it.
"""

from __future__ import annotations

from functools import lru_cache

from govlake import schema
from govlake.parsing.applications import _add_other_sum, _code_of, _is_section_end
from govlake.parsing.cells import TEXT, VALUE, Cell
from govlake.parsing.labels import clean_label, strip_numbering
from govlake.parsing.model import ApplicationFact, Provenance, ReviewLitigationFact

_APPLICANT_OF = {label: code for code, label in schema.APPLICANTS}
_WIDTH = len(schema.APPLICANT_CODES)


@lru_cache(maxsize=16384)
def _number(text: str) -> float | None:
    """The figure a cell's text holds, None for a blank, a label or nothing."""
    if not text:
        return None
    cell = Cell(text, 0, 0, True)
    return cell.value.number if cell.kind == VALUE and cell.value is not None else None


@lru_cache(maxsize=16384)
def _kind(text: str) -> int:
    return Cell(text, 0, 0, True).kind


@lru_cache(maxsize=8192)
def _label(text: str) -> str:
    return strip_numbering(clean_label(text)).rstrip(":") if text else ""


@lru_cache(maxsize=16384)
def _row_code(text: str, in_results: bool, in_other: bool) -> str | None:
    """The row code a label names (labels repeat from page to page: kept)."""
    return _code_of(Cell(text, 0, 0, True), in_results, in_other)


@lru_cache(maxsize=16384)
def _ends_section(text: str) -> bool:
    return _is_section_end(Cell(text, 0, 0, True))


# ---------------------------------------------------------------- section 三

def _applicant_columns(grid, first_data: int) -> dict[str, int] | None:
    """applicant → column, from the header rows above the first data row."""
    cols: dict[str, int] = {}
    for r in range(first_data):
        for c, (text, _, _) in enumerate(grid[r]):
            code = _APPLICANT_OF.get(_label(text))
            if code and code not in cols:
                cols[code] = c
    if len(cols) != _WIDTH:
        return None
    order = [cols[a] for a in schema.APPLICANT_CODES]
    if order != sorted(order) or len(set(order)) != _WIDTH:
        return None
    return cols


def _first_row(grid, wanted: str) -> int | None:
    for r, row in enumerate(grid):
        for text, _, _ in row:
            if text and len(text) <= 60 and _row_code(text, False, False) == wanted:
                return r
    return None


def applications_from_grids(grids) -> tuple[list[ApplicationFact], list[str]] | None:
    """Facts of section 三 from the first grid that holds the matrix, and the rows
    that could not be read by column; None when no grid holds it."""
    for g, grid in enumerate(grids):
        start = _first_row(grid, "new_received")
        if start is None:
            continue
        cols = _applicant_columns(grid, start)
        if cols is None:
            continue
        return _read_applications(grid, g, start, cols)
    return None


def _read_applications(grid, g: int, start: int, cols: dict[str, int]):
    facts: dict[tuple[str, str], ApplicationFact] = {}
    notes: list[str] = []
    first_col = cols["natural_person"]
    in_results = in_other = False
    for r in range(start, len(grid)):
        row = grid[r]
        labels = []  # (col, text) of distinct label cells, left to right
        for c, (text, _, _) in enumerate(row[:first_col]):
            if text and (not labels or labels[-1][1] != text):
                labels.append((c, text))
        code = None
        for c, text in reversed(labels):
            code = _row_code(text, in_results, in_other)
            if code:
                break
        if code is None:
            # a row set off by extra cells: its label stands inside the value columns
            code, shifted = _shifted_row(row, r, first_col, in_results, in_other)
            if code is None:
                if any(t and _ends_section(t) for t, _, _ in row[:first_col + 1]) \
                        and facts:
                    break
                if any("其他处理" in _label(t) for t, _, _ in row if t):
                    in_other = True
                continue
        else:
            shifted = None
        if code in schema.LEAF_RESULT_ROWS or code in schema.OTHER_SUBROWS:
            in_results = True
        in_other = code in ("other", *schema.OTHER_SUBROWS)
        if any((code, a) in facts for a in schema.APPLICANT_CODES):
            continue  # a repeated row label: the first row counts
        label = labels[-1][1] if labels and shifted is None else (shifted or ("", 0))[1]
        if shifted is not None:
            values = shifted[0]
            if values is None:
                notes.append(f"HTML table {g + 1} row {r + 1} ({label}): cells do not line up "
                             "with the header")
                continue
        else:
            values = [(cols[a], row[cols[a]] if cols[a] < len(row) else ["", -1, -1])
                      for a in schema.APPLICANT_CODES]
        for a, (c, (text, orow, ocol)) in zip(schema.APPLICANT_CODES, values):
            if (orow, ocol) != (r, c):
                continue  # a span's copy (or no cell at all): not written in this cell
            number = _number(text)
            if number is not None:
                facts[(code, a)] = ApplicationFact(
                    code, a, number,
                    Provenance("三", f"HTML table {g + 1} row {r + 1}: {label}",
                               schema.APPLICANT_CODES.index(a), None))
        if code == "carried_forward":
            break
    if not facts:
        return None
    _add_other_sum(facts, [])
    return [facts[k] for k in sorted(facts, key=lambda k: _ORDER.get(k, (99, 99)))], notes


_ORDER = {(rc, a): (i, j) for i, rc in enumerate(schema.APPLICATION_ROW_CODES)
          for j, a in enumerate(schema.APPLICANT_CODES)}


def _shifted_row(row, r: int, first_col: int, in_results: bool, in_other: bool):
    """(code, ((values by applicant) or None, label)) for a row whose label reaches
    into the value columns: its figures are the cells after the label, taken only
    when exactly seven written cells follow it (trailing empty cells aside)."""
    last = None
    for c in range(len(row) - 1, -1, -1):
        text, orow, ocol = row[c]
        if text and _kind(text) == TEXT:
            last = c
            break
    if last is None or last < first_col:
        return None, None
    text = row[last][0]
    code = _row_code(text, in_results, in_other)
    if code is None:
        return None, None
    rest = [(c, row[c]) for c in range(last + 1, len(row))]
    while len(rest) > _WIDTH and not rest[-1][1][0]:
        rest.pop()
    if len(rest) != _WIDTH:
        return code, (None, text)
    return code, (rest, text)


# ---------------------------------------------------------------- section 四

_OUTCOME_WORDS = (("维持", "upheld"), ("纠正", "corrected"), ("其他", "other"), ("审结", "pending"),
                  ("总计", "total"), ("合计", "total"))


def _proceeding(path: list[str]) -> str | None:
    joined = "/".join(path)
    if "未经复议" in joined or "直接起诉" in joined:
        return "litigation_direct"
    if "复议后" in joined:
        return "litigation_after_review"
    if "行政复议" in joined and "诉讼" not in joined:
        return "review"
    return None


_OUTCOME_FULL = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _outcomes_by_position(proc: str, seen: list[tuple[int, str]], cols: dict) -> None:
    """Outcome columns of a proceeding whose headers Word truncated ("结果", "尚未" for
    结果纠正, 尚未审结 — seen on real pages): its first five outcome columns, in
    template order, when each header is that outcome's key word or the start of its
    full label and names no other outcome."""
    if all((proc, o) in cols for o in schema.OUTCOME_CODES):
        return
    heads = [(c, b) for c, b in seen if not any(w in b for w in ("复议", "诉讼", "起诉"))][:5]
    if len(heads) != 5:
        return
    for i, (_, label) in enumerate(heads):
        named = {o for w, o in _OUTCOME_WORDS if w in label}
        own = schema.OUTCOME_CODES[i]
        if named - {own} or not (named or (len(label) >= 2 and _OUTCOME_FULL[i].startswith(label))):
            return
    for i, (c, _) in enumerate(heads):
        cols[(proc, schema.OUTCOME_CODES[i])] = c


def _header_row(grid, r: int, width: int) -> list[str]:
    """Section 四 header row `r` as cleaned labels, `width` long. A label followed by
    empty cells written in this same row covers them: a table whose colspans were
    lost (one <td> per tab of a text) writes 行政诉讼 / 未经复议直接起诉 once, then
    empty cells where its span stood. An empty cell reaching down from a row above
    (a rowspan) ends the run."""
    row = grid[r]
    out: list[str] = []
    carry = ""
    for c in range(width):
        text, o_r, _ = row[c] if c < len(row) else ("", -1, -1)
        if text:
            carry = clean_label(text) if len(text) <= 60 else ""
        elif o_r != r:
            carry = ""
        out.append(carry)
    return out


def review_litigation_from_grids(grids) -> tuple[list[ReviewLitigationFact], list[str]] | None:
    """The 15 figures of section 四 read by column from the grid that holds them."""
    for g, grid in enumerate(grids):
        head = None
        for r, row in enumerate(grid):
            # cleaned labels: no spaces (Word's &nbsp; in "行政 复议"), Simplified
            texts = [clean_label(t) for t, _, _ in row if t and len(t) <= 60]
            if any("行政复议" in t for t in texts) and any("行政诉讼" in t for t in texts):
                head = r
                break
        if head is None:
            continue
        data = None
        for r in range(head + 1, min(len(grid), head + 6)):
            if sum(1 for c, (t, o_r, o_c) in enumerate(grid[r]) if (o_r, o_c) == (r, c)
                   and _number(t) is not None) >= 10:
                data = r
                break
        if data is None:
            continue
        cols: dict[tuple[str, str], int] = {}
        width = max(len(grid[r]) for r in range(head, data))
        header = [_header_row(grid, r, width) for r in range(head, data)]
        under: dict[str, list[tuple[int, str]]] = {}  # proceeding → (column, bottom label)
        for c in range(width):
            path = [row[c] for row in header if row[c]]
            proc = _proceeding(path)
            if proc is None or not path:
                continue
            bottom = path[-1]
            under.setdefault(proc, []).append((c, bottom))
            out = next((o for w, o in _OUTCOME_WORDS if w in bottom), None)
            if out and (proc, out) not in cols:
                cols[(proc, out)] = c
        for proc, seen in under.items():
            _outcomes_by_position(proc, seen, cols)
        if len(cols) != len(schema.REVIEW_LITIGATION_ORDER):
            return [], [f"HTML table {g + 1}: section 四 header not read by column"]
        facts = []
        row = grid[data]
        for pos, key in enumerate(schema.REVIEW_LITIGATION_ORDER):
            c = cols[key]
            if c >= len(row):
                continue
            text, o_r, o_c = row[c]
            number = _number(text)
            if (o_r, o_c) == (data, c) and number is not None:
                facts.append(ReviewLitigationFact(
                    key[0], key[1], number,
                    Provenance("四", f"HTML table {g + 1} row {data + 1}", pos, None)))
        return facts, []
    return None


# ---------------------------------------------------------------- comparison

def _values(facts, key) -> dict:
    return {key(f): f.value for f in facts}


def disagreements(text_facts, grid_facts, key) -> list[str]:
    """'key: text X, table Y' for every cell the two readings see differently."""
    a, b = _values(text_facts, key), _values(grid_facts, key)
    out = []
    for k in sorted(set(a) | set(b), key=str):
        va, vb = a.get(k), b.get(k)
        if va is None or vb is None or abs(va - vb) > 1e-9:
            out.append(f"{'/'.join(k)}: text {_fmt(va)}, table {_fmt(vb)}")
    return out


def _fmt(v) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else str(v)


def app_key(f: ApplicationFact) -> tuple[str, str]:
    return f.row_code, f.applicant


def rl_key(f: ReviewLitigationFact) -> tuple[str, str]:
    return f.proceeding, f.outcome


__all__ = ["applications_from_grids", "review_litigation_from_grids", "disagreements",
           "app_key", "rl_key"]
