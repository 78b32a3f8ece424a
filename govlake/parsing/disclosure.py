"""Section 二: the 主动公开 sub-tables (第二十条第（一）（五）（六）（八）（九）项).

Each sub-table is a header (信息内容 + measure columns) followed by item rows.
We track the current measure columns as headers pass by in the stream and map
each item row's values onto them; amounts go to 万元 whatever unit was used.
"""

from __future__ import annotations

from functools import lru_cache

from govlake import schema
from govlake.parsing.cells import TEXT, Cell, align, collect_row
from govlake.parsing.labels import disclosure_measure
from govlake.parsing.model import DisclosureFact, Provenance
from govlake.parsing.values import count_value, header_money_unit, to_wan_yuan


_RESETS = (("第二十条", "section"), ("信息内容", "content"))


@lru_cache(maxsize=16384)
def scan(label: str) -> tuple[tuple[str, str], ...]:
    """Every header/item phrase in a label, in reading order — one cell may hold
    several when PDF text ran a header row together (信息内容本年制发件数…规章)."""
    if not label or len(label) > 60:
        return ()
    found: list[tuple[int, int, str, str]] = []
    for key, code in _RESETS:
        p = label.find(key)
        while p != -1:
            found.append((p, len(key), "reset", code))
            p = label.find(key, p + 1)
    for kind, table in (("item", schema.DISCLOSURE_ITEM_KEYS), ("measure", schema.DISCLOSURE_MEASURE_KEYS)):
        for code, keys in table:
            for key in keys:
                p = label.find(key)
                while p != -1:
                    found.append((p, len(key), kind, code))
                    p = label.find(key, p + 1)
    found.sort(key=lambda t: (t[0], -t[1]))
    out: list[tuple[str, str]] = []
    covered = -1
    for p, n, kind, code in found:
        if p < covered:
            continue
        out.append((kind, code))
        covered = p + n
    return tuple(out)


def _start(cells: list[Cell], end: int) -> int | None:
    for i in range(end):
        c = cells[i]
        if c.kind == TEXT and len(c.text) <= 30 and ("第二十条" in c.label or disclosure_measure(c.label)):
            return i
    return None


def _noted_label(c: Cell) -> str | None:
    """The label of a long text cell that is a short label and its note: the 2019
    template's rows as some sites print them, 规范性文件(行政机关制定发布的决定、公告、
    通告……一般情况下属于规范性文件). None for prose."""
    if c.kind != TEXT or "(" not in c.text:
        return None
    head = c.text.split("(", 1)[0].strip()
    if not 2 <= len(head) <= 16:  # a label, not a sentence that holds one
        return None
    from govlake.parsing.labels import clean_label
    return clean_label(head)


_CUT_2019 = ("本年新制作数量", "本年新公开数量")


def _by_template_order(columns: list[tuple[str | None, str | None, str]]) -> list:
    """The 2019 template's first header with both 本年新… cells cut to the same stem
    (本年新 | 本年新 | 对外公开总数量, their second line lost): the template fixes their
    order, 新制作 then 新公开, so they are read in that order; any other unknown column
    stays unread."""
    if len(columns) != 3 or columns[0][0] is not None or columns[1][0] is not None \
            or columns[2][0] != "total_public":
        return columns
    heads = [c[2].replace(" ", "") for c in columns[:2]]
    if len(heads[0]) >= 2 and all(_CUT_2019[k].startswith(h) for k, h in enumerate(heads)):
        return [("issued", None, columns[0][2]), ("published", None, columns[1][2]), columns[2]]
    return columns


def parse_disclosure(cells: list[Cell], end: int | None = None) -> tuple[list[DisclosureFact], list[str]]:
    """Facts of section 二 found before index `end` (the start of section 三)."""
    end = len(cells) if end is None else end
    start = _start(cells, end)
    if start is None:
        return [], ["section 二: active-disclosure tables not found"]
    facts: dict[tuple[str, str], DisclosureFact] = {}
    columns: list[tuple[str | None, str | None, str]] = []  # (measure, money unit, header label)
    last_was_header = in_header = False  # in_header: after 信息内容, before the first row

    def stop_label(c: Cell) -> bool:
        lab = c.label if len(c.text) <= 60 else _noted_label(c)
        return bool(lab and scan(lab))

    i = start
    while i < end:
        c = cells[i]
        label = c.label if c.kind == TEXT and len(c.text) <= 60 else _noted_label(c)
        if label is None:
            last_was_header = False
            i += 1
            continue
        tokens = scan(label)
        if not tokens and i + 1 < end:
            # a header cell Word broke over two lines (本年新 / 制作数量): read it whole
            nxt_cell = cells[i + 1]
            if nxt_cell.kind == TEXT and len(nxt_cell.text) <= 30 and not scan(nxt_cell.label):
                joined = scan(label + nxt_cell.label)
                if joined and all(kind == "measure" for kind, _ in joined):
                    tokens = joined
                    i += 1
        if not tokens:
            money = header_money_unit(c.label)
            if money and columns and last_was_header:
                m, _u, h = columns[-1]
                columns[-1] = (m, money, h)
            elif in_header and c.kind == TEXT and len(c.text) <= 30:
                # a header cell not understood (本年新, its line cut off): it holds its
                # column's place, so the columns that are understood keep theirs
                columns.append((None, None, c.text))
            else:
                last_was_header = in_header = False
            i += 1
            continue
        item = None
        for pos, (kind, code) in enumerate(tokens):
            if kind == "reset":
                columns = []
                last_was_header = in_header = code == "content"
            elif kind == "measure":
                if not last_was_header:
                    columns = []
                columns.append((code, header_money_unit(c.label), c.text))
                last_was_header = True
            elif kind == "item" and pos == len(tokens) - 1:
                item = code
        if item is None or not columns:
            i += 1
            continue
        columns = _by_template_order(columns)
        last_was_header = in_header = False
        slots, nxt = collect_row(cells, i, len(columns), stop_label=stop_label)
        if not slots:
            i += 1
            continue
        for pos, slot in enumerate(align(slots, len(columns))):
            if slot is None or slot.value is None:
                continue
            measure, money_unit, _header = columns[pos]
            if measure is None or (item, measure) in facts:
                continue
            if measure == "amount_wan_yuan":
                value, unit = to_wan_yuan(slot.value, money_unit), "万元"
            else:
                value = count_value(slot.value)
                unit = slot.value.unit if slot.value.unit and not slot.value.unit.startswith("万") \
                    else schema.DISCLOSURE_MEASURE_UNITS.get(measure)
            facts[(item, measure)] = DisclosureFact(item, measure, value, unit,
                                                    Provenance("二", c.text, pos, slot.line))
        i = max(nxt, i + 1)
    if not facts:
        return [], ["section 二: no values found in the active-disclosure tables"]
    order = {m: k for k, m in enumerate(schema.DISCLOSURE_MEASURE_CODES)}
    items = {m: k for k, m in enumerate(schema.DISCLOSURE_ITEM_CODES)}
    return sorted(facts.values(), key=lambda f: (items[f.item], order[f.measure])), []
