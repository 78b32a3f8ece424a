"""Section 三: the applications matrix (26 rows × 7 applicant columns).

Walks the cell stream from the first intake row, anchoring on known row labels
(schema.APPLICATION_ROW_KEYS) and reading the 7 values that follow each. The
2021 其他处理 sub-rows are kept, and `other` is their sum when the report does
not state it.
"""

from __future__ import annotations

from govlake import schema
from govlake.parsing.cells import EMPTY, TEXT, VALUE, Cell, align, collect_row
from govlake.parsing.labels import MAX_LABEL_LEN, application_code
from govlake.parsing.model import ApplicationFact, Provenance

WIDTH = len(schema.APPLICANT_CODES)
_START_CODES = ("new_received", "carried_over", "granted")
_RESULT_CODES = frozenset(schema.LEAF_RESULT_ROWS) | frozenset(schema.OTHER_SUBROWS)
# tuple.index as dicts (first position wins, as with index), and per (row, applicant)
_ROW_RANK = {c: i for i, c in reversed(list(enumerate(schema.APPLICATION_ROW_CODES)))}
_APPLICANT_RANK = {c: i for i, c in reversed(list(enumerate(schema.APPLICANT_CODES)))}
_FACT_RANK = {(r, a): (ri, ai) for r, ri in _ROW_RANK.items() for a, ai in _APPLICANT_RANK.items()}


def _fact_rank(f: ApplicationFact) -> tuple[int, int]:
    rank = _FACT_RANK.get((f.row_code, f.applicant))
    if rank is None:  # unknown code: fail exactly as tuple.index does
        return schema.APPLICATION_ROW_CODES.index(f.row_code), schema.APPLICANT_CODES.index(f.applicant)
    return rank


def _code_of(cell: Cell, in_results: bool, in_other: bool) -> str | None:
    if cell.kind != TEXT or len(cell.text) > MAX_LABEL_LEN:
        return None
    label = cell.label
    if not label:
        return None
    code, exact = application_code(label)
    if code:
        return code
    if exact == "other_misc" and in_other:
        return "other_misc"
    if exact == "results_total" and in_results:
        return "results_total"
    return None


def _is_section_end(cell: Cell) -> bool:
    if cell.kind != TEXT:
        return False
    if len(cell.text) > 200:
        return True
    lab = cell.label
    return bool(lab) and ("复议" in lab or "诉讼" in lab or lab.startswith(("五、", "五.")))


def find_start(cells: list[Cell], begin: int = 0) -> int | None:
    for wanted in _START_CODES:
        for i in range(begin, len(cells)):
            c = cells[i]
            if c.kind == TEXT and len(c.text) <= 60 and application_code(c.label)[0] == wanted:
                return i
    return None


def parse_applications(cells: list[Cell]) -> tuple[list[ApplicationFact], int | None, list[str]]:
    """Facts of section 三, the index where the table ended, and problems met."""
    return parse_applications_at(cells, find_start(cells))


def parse_applications_at(cells: list[Cell], start: int | None, gaps: list[str] | None = None
                          ) -> tuple[list[ApplicationFact], int | None, list[str]]:
    """parse_applications, given find_start(cells) (the caller needs it too). Rows
    whose cells were not exactly seven numbers (a blank, padding, a missing cell) are
    named in `gaps`: where another reading of the table may differ."""
    errors: list[str] = []
    if start is None:
        return [], None, ["section 三: applications table not found"]
    facts: dict[tuple[str, str], ApplicationFact] = {}
    rows_seen: set[str] = set()
    in_results = in_other = False
    i, n = start, len(cells)
    end = start

    def stop_label(c: Cell) -> bool:
        return _code_of(c, True, True) is not None or _is_section_end(c)

    from govlake.parsing.cells import grid_length, header_columns, header_fits_grid, trailing_padding
    grid = grid_length(cells, start, min(len(cells), start + 400), WIDTH + 1)
    if not header_fits_grid(cells, start, grid, "总计"):
        grid = None  # ragged `|` rows: each row's values follow its label (collect_row)
    pad = trailing_padding(cells, start, grid, "总计")
    header = header_columns(cells, start, "自然人", "总计", WIDTH)

    while i < n:
        c = cells[i]
        if c.kind == TEXT and rows_seen and _is_section_end(c):
            break
        code = _code_of(c, in_results, in_other)
        if code is None:
            if c.kind == TEXT and c.label and "其他处理" in c.label:
                in_other = True
            i += 1
            continue
        if code in _RESULT_CODES:
            in_results = True
        in_other = code in ("other", "other_overdue_correction", "other_overdue_fee", "other_misc")
        slots, nxt = collect_row(cells, i, WIDTH, stop_label=stop_label, grid=grid, pad=pad)
        if not slots:
            i += 1
            continue
        if gaps is not None and _has_gap(cells, i, nxt, pad, header):
            gaps.append(f"三/{code}")
        figures = sum(1 for sl in slots if sl.kind == VALUE)
        core = _without_padding(slots)
        if code not in rows_seen and figures != WIDTH and len(slots) != WIDTH and len(core) != WIDTH:
            # fewer (or more) cells than columns, blanks among them or dropped: which
            # column each figure stands in is unknown — a wrong column is worse than none
            rows_seen.add(code)
            errors.append(f"section 三: {c.text[:24]}: {figures} figures in {len(slots)} cells for "
                          f"{WIDTH} columns: positions unknown, not read")
            end = i = nxt
            if code == "carried_forward":
                break
            continue
        if code not in rows_seen:
            rows_seen.add(code)
            # exactly one cell per column once the padding is off: each stands where it is
            placed = ([sl if sl.kind == VALUE else None for sl in core] if len(core) == WIDTH
                      else align(slots, WIDTH))
            for pos, slot in enumerate(placed):
                if slot is None or slot.value is None:
                    continue
                applicant = schema.APPLICANT_CODES[pos]
                facts[(code, applicant)] = ApplicationFact(
                    code, applicant, slot.value.number,
                    Provenance("三", c.text, pos, slot.line))
        end = nxt
        i = nxt
        if code == "carried_forward":
            break
    if not facts:
        return [], None, ["section 三: no values found in the applications table"]
    _add_other_sum(facts, errors)
    missing = [r for r in ("new_received", "results_total") if r not in rows_seen]
    if missing:
        errors.append("section 三: rows missing: " + ", ".join(missing))
    if facts.keys() <= _FACT_RANK.keys():  # always so; else fail as _fact_rank does
        # facts[(row, applicant)] is that cell's fact: sorting the keys needs no key function call
        ordered = [facts[k] for k in sorted(facts, key=_FACT_RANK.__getitem__)]
    else:
        ordered = sorted(facts.values(), key=_fact_rank)
    return ordered, end, errors


def _without_padding(slots: list[Cell]) -> list[Cell]:
    """A row's cells without the truly empty ones before its first cell (a label's
    colspan padding) and after the last column (a grid's or Word's padding); blank
    marks (-, /) are cells of their own and stay."""
    core = list(slots)
    while core and core[0].kind == EMPTY and not core[0].text:
        core.pop(0)
    while core and core[-1].kind == EMPTY and not core[-1].text:
        core.pop()  # (a blank last column is then one cell short: not placed, not guessed)
    return core


def _has_gap(cells: list[Cell], i: int, nxt: int, pad: int,
             header: tuple[int, int, int] | None = None) -> bool:
    """Whether the cells the row's label was followed by (its grid padding aside) were
    anything but its seven numbers: a blank, an empty cell, one too few or many. A row
    of the header's width (header_columns) whose seven figures stand exactly under
    自然人 … 总计, every other cell truly empty (a label's colspan), has none."""
    taken = [c for c in cells[i + 1:nxt] if c.kind != TEXT]
    if header is not None and _under_header(cells[i], taken, header):
        return False
    for _ in range(pad):
        if taken and taken[-1].kind != VALUE:
            taken.pop()
    return len(taken) != WIDTH or any(c.kind != VALUE for c in taken)


def _under_header(label: Cell, taken: list[Cell], header: tuple[int, int, int]) -> bool:
    ncols, first, last = header
    if not label.delimited or label.ncols != ncols or label.col >= first:
        return False
    figures = 0
    for c in taken:
        if c.line != label.line:
            return False
        if first <= c.col <= last:
            if c.kind != VALUE:
                return False
            figures += 1
        elif c.kind != EMPTY or c.text:
            return False
    return figures == WIDTH


def _add_other_sum(facts: dict[tuple[str, str], ApplicationFact], errors: list[str]) -> None:
    """2021: `other` is the sum of the 其他处理 sub-rows when not stated."""
    for applicant in schema.APPLICANT_CODES:
        if ("other", applicant) in facts:
            continue
        subs = [facts[(s, applicant)] for s in schema.OTHER_SUBROWS if (s, applicant) in facts]
        if not subs:
            continue
        total = sum(f.value for f in subs)
        facts[("other", applicant)] = ApplicationFact(
            "other", applicant, total,
            Provenance("三", "(六)其他处理 = " + " + ".join(f.source.label for f in subs),
                       schema.APPLICANT_CODES.index(applicant), subs[0].source.line))


__all__ = ["parse_applications", "parse_applications_at", "find_start", "VALUE"]
