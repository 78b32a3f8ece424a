"""Legacy reports (2008–2018): the closing 附表 and the headline figures in prose.

Before 2019 there was no mandated table. Many reports end with a 附表 of
指标名称 | 单位 | 本年 | 历年累计 rows (kept apart: cumulative figures since
2008-05-01 are not the year's); others give only prose (收到申请N件, 行政复议N件,
其中维持N件…). Figures that answer a SCHEMA code are also written as facts.
"""

from __future__ import annotations

import re

from govlake import schema
from govlake.parsing.cells import EMPTY, TEXT, VALUE, Cell, collect_row
from govlake.parsing.labels import strip_numbering
from govlake.parsing.model import ApplicationFact, LegacyIndicator, Provenance, ReviewLitigationFact
from govlake.parsing.values import UNIT_WORDS, count_value, to_wan_yuan

_CODE_PATTERNS = tuple((re.compile(p), code) for p, code in schema.LEGACY_INDICATOR_CODES)
_YEAR_HEADER = re.compile(schema.LEGACY_HEADER_YEAR_PATTERN)
_MONEY = re.compile(r"(万元|元)")


def indicator_code(name: str) -> str | None:
    bare = strip_numbering(name)
    for pat, code in _CODE_PATTERNS:
        if pat.search(bare):
            return code
    return None


def _header_kind(label: str) -> str | None:
    if label in schema.LEGACY_HEADER_UNIT:
        return "unit"
    if label in schema.LEGACY_HEADER_CUMULATIVE or "累计" in label and len(label) <= 8:
        return "cumulative"
    if _YEAR_HEADER.match(label):
        return "year"
    return None


def parse_annex(cells: list[Cell]) -> tuple[list[LegacyIndicator], list[str]]:
    """Rows of the 附表 (指标名称 | 单位 | 本年 | 累计)."""
    head = None
    for i, c in enumerate(cells):
        if c.kind == TEXT and len(c.text) <= 20 and c.label.startswith("指标名称"):
            head = i
            break
    if head is None:
        return [], []
    columns: list[str] = []
    k = head + 1
    while k < len(cells):
        c = cells[k]
        if c.kind == EMPTY:
            k += 1
            continue
        kind = _header_kind(c.label) if c.kind == TEXT else None
        if kind is None:
            break
        columns.append(kind)
        k += 1
    value_cols = [col for col in columns if col != "unit"] or ["year"]
    out: list[LegacyIndicator] = []
    i = k
    n = len(cells)
    while i < n:
        c = cells[i]
        if c.kind != TEXT or c.is_unit:
            i += 1
            continue
        if len(c.text) > 60:
            break
        slots, nxt = collect_row(cells, i, len(columns) or 2, allow_units=True)
        if not slots:
            i += 1
            continue
        unit = None
        rest = []
        for s in slots:
            if s.kind == TEXT and s.is_unit:
                unit = s.text.replace(" ", "")
            else:
                rest.append(s)
        while rest and rest[-1].kind == EMPTY:
            rest.pop()
        if len(rest) == len(columns) and "unit" in columns:
            # the unit column is present but blank: drop its slot
            rest = [s for s, col in zip(rest, columns) if col != "unit"]
        name = c.text
        label_unit = _MONEY.search(name)
        if unit is None and label_unit:
            unit = label_unit.group(1)
        code = indicator_code(c.label)
        for pos, s in enumerate(rest[:len(value_cols)]):
            if s.kind != VALUE or s.value is None:
                continue
            cumulative = value_cols[pos] == "cumulative"
            u = s.value.unit or unit
            value = to_wan_yuan(s.value, u) if u in ("万元", "元") else count_value(s.value)
            out.append(LegacyIndicator(name, code, "万元" if u in ("万元", "元") else u, value,
                                       cumulative, Provenance("legacy", name, pos, s.line)))
        i = max(nxt, i + 1)
    return out, []


# ---------------------------------------------------------------- prose
_N = r"(\d[\d,]*)\s*(?:件|起|宗|个|例|次)"
_RECEIVED = re.compile(r"(?:收到|受理|接收|接到)[^\d。;,\n]{0,16}?申请[^\d。;,\n]{0,10}?" + _N)
_GRANTED = re.compile(r"(?<![不部])(?:同意公开|予以公开)[^\d。;,\n]{0,8}?" + _N)
_PARTIAL = re.compile(r"(?:同意部分公开|部分公开)[^\d。;,\n]{0,8}?" + _N)
_REVIEW = re.compile(r"行政复议[^\d。;\n]{0,12}?" + _N)
_LITIGATION = re.compile(r"行政诉讼[^\d。;\n]{0,12}?" + _N)
_UPHELD = re.compile(r"维持[^\d,。;\n]{0,24}?" + _N)
_CORRECTED = re.compile(r"(?:纠错|纠正|撤销|确认违法|变更)[^\d,。;\n]{0,10}?" + _N)
_OTHER = re.compile(r"其他[^\d,。;\n]{0,8}?" + _N)
_PENDING = re.compile(r"(?:尚未审结|未审结|正在审理)[^\d,。;\n]{0,8}?" + _N)
_ACTIVE = re.compile(r"(累计)?[^。;\d]{0,6}主动公开(?:政府)?信息(?:数)?(?:共|为|有)?\s*(\d[\d,]*)\s*条")


_ACTIVE_KEY = "主动公开"
_ACTIVE_REACH = 2 + 6  # a match starts at most (累计) + 6 characters before its 主动公开


def _active_matches(text: str):
    """The matches of _ACTIVE.finditer(text), tried only where one can start: up to
    _ACTIVE_REACH characters before an occurrence of 主动公开 (the scan of every
    position is the slow part of prose parsing)."""
    pos = 0
    tried = -1  # every start position <= tried has failed since the last match
    q = text.find(_ACTIVE_KEY)
    while q != -1:
        s = max(pos, q - _ACTIVE_REACH, tried + 1)
        m = None
        while s <= q:
            m = _ACTIVE.match(text, s)
            if m is not None:
                break
            s += 1
        if m is not None:
            yield m
            pos = m.end()
            tried = pos - 1
            q = text.find(_ACTIVE_KEY, pos)
        else:
            tried = q
            q = text.find(_ACTIVE_KEY, q + 1)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_prose(text: str) -> tuple[list[ApplicationFact], list[ReviewLitigationFact], list[LegacyIndicator]]:
    """Headline figures stated only in sentences."""
    apps: list[ApplicationFact] = []
    reviews: list[ReviewLitigationFact] = []
    inds: list[LegacyIndicator] = []
    for pat, code in ((_RECEIVED, "new_received"), (_GRANTED, "granted"), (_PARTIAL, "partially_granted")):
        m = pat.search(text)
        if m:
            apps.append(ApplicationFact(code, "total", _num(m.group(1)),
                                        Provenance("prose", m.group(0), None, _line_of(text, m.start()))))
    rev = _REVIEW.search(text)
    lit = _LITIGATION.search(text)
    for proc, m, other in (("review", rev, lit), ("litigation", lit, None)):
        if m is None:
            continue
        line = _line_of(text, m.start())
        reviews.append(ReviewLitigationFact(proc, "total", _num(m.group(1)),
                                            Provenance("prose", m.group(0), None, line)))
        stop = len(text)
        if other is not None and other.start() > m.end():
            stop = other.start()
        para_end = text.find("\n", m.end())
        if para_end != -1:
            stop = min(stop, para_end)
        scope = text[m.end():min(stop, m.end() + 300)]
        for opat, outcome in ((_UPHELD, "upheld"), (_CORRECTED, "corrected"), (_OTHER, "other"),
                              (_PENDING, "pending")):
            om = opat.search(scope)
            if om:
                reviews.append(ReviewLitigationFact(proc, outcome, _num(om.group(1)),
                                                    Provenance("prose", om.group(0), None, line)))
    for m in _active_matches(text):
        inds.append(LegacyIndicator("主动公开政府信息数", None, "条", _num(m.group(2)), bool(m.group(1)),
                                    Provenance("prose", m.group(0), None, _line_of(text, m.start()))))
        if len(inds) >= 2:
            break
    return apps, reviews, inds


def facts_from_indicators(inds: list[LegacyIndicator]) -> tuple[list[ApplicationFact], list[ReviewLitigationFact]]:
    """Year (not cumulative) indicators that answer a code → fact rows."""
    apps: list[ApplicationFact] = []
    revs: list[ReviewLitigationFact] = []
    seen: set[str] = set()
    for ind in inds:
        if ind.code is None or ind.cumulative or ind.code in seen:
            continue
        seen.add(ind.code)
        table, row, col = ind.code.split(".")
        if table == "applications":
            apps.append(ApplicationFact(row, col, ind.value, ind.source))
        elif table == "review_litigation":
            revs.append(ReviewLitigationFact(row, col, ind.value, ind.source))
    return apps, revs


__all__ = ["parse_annex", "parse_prose", "facts_from_indicators", "indicator_code", "UNIT_WORDS"]
