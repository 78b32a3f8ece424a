"""Cell values: turn what a table cell says into a number and a unit.

Real cells say `0`, `-139 条`, `减4`, `2506.18万元`, `960 万`, `251000元`, `约53.1万次`;
blank, `/` and dashes mean "not given" and must become absent rows, never zeros.
Amounts are converted to 万元 whatever unit the report used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cells that mean "no value" (absent, not zero).
BLANK_MARKS = frozenset({"", "/", "-", "--", "—", "——", "－", "―", "无", "空", "\\", "—/—", "n/a", "N/A", "×", "*"})

_NUMBER = re.compile(
    r"^(?P<pre>约|减少|减|增加|增|共|计|合计)?\s*(?P<sign>[+\-−﹣])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|万|千元|元|条|件|个|项|次|份|人|宗|起|篇|期|%)?\s*(?P<unit2>次|条|件|人|个)?\s*"
    r"(?P<post>余|多|左右)?\s*$"
)
# Words that may sit alone in a unit column.
UNIT_WORDS = frozenset({"条", "件", "个", "项", "次", "份", "人", "宗", "起", "篇", "期", "万元", "元", "万", "家", "%", "人次", "万次"})


@dataclass(frozen=True, slots=True)
class Value:
    number: float
    unit: str | None     # as written: "万元", "万", "元", "条", "万次" …


def is_blank(text: str) -> bool:
    return text.strip() in BLANK_MARKS


_TRAD_UNITS = str.maketrans({"萬": "万", "億": "亿", "減": "减", "約": "约", "餘": "余", "項": "项",
                             "條": "条", "個": "个", "計": "计", "増": "增", "−": "-", "﹣": "-"})


def parse_value(text: str) -> Value | None:
    """The number a cell states, or None when the cell is not a number."""
    s = text.strip().translate(_TRAD_UNITS)
    if not s or len(s) > 24:
        return None
    m = _NUMBER.match(s)
    if m is None:
        return None
    try:
        number = float(m.group("num").replace(",", ""))
    except ValueError:  # pragma: no cover - the regex admits only digits
        return None
    pre = m.group("pre")
    if m.group("sign") in ("-", "−", "﹣") or pre in ("减", "减少"):
        number = -number
    unit = (m.group("unit") or "") + (m.group("unit2") or "")
    return Value(number, unit or None)


def to_wan_yuan(value: Value, header_unit: str | None = None) -> float:
    """An amount in 万元: the cell's own unit wins, then the header's, then 万元."""
    unit = value.unit or header_unit or "万元"
    if unit.startswith("亿"):
        return round(value.number * 10000, 6)
    if unit.startswith("万"):
        return value.number
    if unit.startswith("千"):
        return round(value.number / 10, 6)
    if unit.startswith("元"):
        return round(value.number / 10000, 6)
    return value.number


def count_value(value: Value) -> float:
    """A count: 约53.1万次 is 531000."""
    if value.unit and value.unit.startswith("万"):
        return round(value.number * 10000, 6)
    return value.number


_HEADER_UNIT = re.compile(r"(?:单位|单位:|\()\s*[:]?\s*(亿元|万元|千元|元)")


def header_money_unit(label: str) -> str | None:
    """`本年收费金额(单位:万元)` → 万元; `采购总金额(元)` → 元."""
    m = _HEADER_UNIT.search(label)
    if m:
        return m.group(1)
    for u in ("亿元", "万元", "千元"):
        if u in label:
            return u
    return None
