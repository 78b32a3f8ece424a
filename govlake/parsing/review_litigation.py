"""Section 四: the one row of 15 review/litigation numbers.

The header is a thicket of merged cells that every renderer mangles differently
(`结果` / `尚未` truncations, rowspans), so we only anchor on the 行政复议 heading
and read the 15 numbers that follow, in template order.
"""

from __future__ import annotations

from govlake import schema
from govlake.parsing.cells import EMPTY, TEXT, VALUE, Cell, align
from govlake.parsing.labels import MAX_LABEL_LEN
from govlake.parsing.model import Provenance, ReviewLitigationFact

WIDTH = len(schema.REVIEW_LITIGATION_ORDER)
_PROC_LABEL = dict(schema.PROCEEDINGS)
_OUT_LABEL = dict(schema.OUTCOMES)


def _find_header(cells: list[Cell], begin: int) -> int | None:
    for i in range(begin, len(cells)):
        c = cells[i]
        if c.kind == TEXT and len(c.text) <= MAX_LABEL_LEN and "行政复议" in c.label:
            # the section heading or the table's own header; the numbers follow
            return i
    return None


def parse_review_litigation(cells: list[Cell], begin: int = 0, gaps: list[str] | None = None
                            ) -> tuple[list[ReviewLitigationFact], list[str]]:
    head = _find_header(cells, begin)
    if head is None:
        return [], ["section 四: review/litigation table not found"]
    n = len(cells)
    k = head + 1
    # skip the header cells up to the first number
    while k < n and cells[k].kind != VALUE:
        if cells[k].kind == TEXT and len(cells[k].text) > MAX_LABEL_LEN:
            return [], ["section 四: no numbers after the review/litigation heading"]
        k += 1
    if k >= n:
        return [], ["section 四: no numbers after the review/litigation heading"]
    first = cells[k]
    slots: list[Cell] = []
    if first.delimited:
        # row mode: the numbers' own line (with its blanks), if it is a grid row
        line_cells = [c for c in cells[max(head, k - 40):k + 60] if c.line == first.line]
        if sum(1 for c in line_cells if c.kind in (VALUE, EMPTY)) >= 10:
            slots = [c for c in line_cells if c.kind in (VALUE, EMPTY)]
    if not slots:
        while k < n and len(slots) < WIDTH + 8:
            c = cells[k]
            if c.kind == TEXT:
                break
            slots.append(c)
            k += 1
    if gaps is not None and (len(slots) != WIDTH or any(sl.kind != VALUE for sl in slots)
                             or (first.delimited and _blank_before(cells, head, first))):
        gaps.append("四")
    values = align(slots, WIDTH)
    facts: list[ReviewLitigationFact] = []
    for pos, slot in enumerate(values):
        if slot is None or slot.value is None:
            continue
        proc, out = schema.REVIEW_LITIGATION_ORDER[pos]
        facts.append(ReviewLitigationFact(
            proc, out, slot.value.number,
            Provenance("四", f"{_PROC_LABEL[proc]}/{_OUT_LABEL[out]}", pos, slot.line)))
    errors: list[str] = []
    found = sum(1 for v in values if v is not None)
    if found == 0:
        return [], ["section 四: no numbers found"]
    if found < WIDTH and len([s for s in slots if s.kind == VALUE]) < WIDTH and not any(
            s.kind == EMPTY for s in slots):
        errors.append(f"section 四: expected {WIDTH} numbers, found {found}")
    return facts + litigation_totals(facts), errors


def _blank_before(cells: list[Cell], head: int, first: Cell) -> bool:
    """Whether the numbers' own row begins with empty cells (a row set off by one)."""
    row = [c for c in cells[head:head + 200] if c.line == first.line]
    return bool(row) and row[0].kind == EMPTY


def litigation_totals(facts: list[ReviewLitigationFact]) -> list[ReviewLitigationFact]:
    """`litigation` = direct + after review, per outcome, when both are given."""
    by = {(f.proceeding, f.outcome): f for f in facts}
    out = []
    for outcome in schema.OUTCOME_CODES:
        a = by.get(("litigation_direct", outcome))
        b = by.get(("litigation_after_review", outcome))
        if a is None or b is None or ("litigation", outcome) in by:
            continue
        out.append(ReviewLitigationFact(
            "litigation", outcome, a.value + b.value,
            Provenance("四", f"未经复议直接起诉+复议后起诉/{_OUT_LABEL[outcome]}", None, a.source.line)))
    return out
