"""A province from the telephone area codes a report states, when nothing else places it.

Why: a report's contact line gives the unit's telephone (电话:0577-67137027), and a
mirror copy keeps it when a brand has replaced the place's name (puroview.com县前路115号,
电话0577-67222273 is 永嘉县's). A fixed-line area code belongs to one province (0577:
温州, 浙江). Only the province: several codes cover two or three cities (029: 西安 and
咸阳) and a county keeps its prefecture's code. The table is libphonenumber's
(govlake/data/geography/area_codes.tsv, written by scripts/build_area_codes.py).
"""

from __future__ import annotations

import functools
import re

from govlake.geography.gazetteer import DATA_DIR

# a separator or brackets between the code and the number, or a telephone label
# before it: a run of digits alone (a document number, an index) is not a telephone
_PHONE = re.compile(
    r"(?:(?P<label>电话|传真|热线|联系方式|咨询|tel|Tel|TEL)[^\d\n]{0,8})?"
    r"(?<![\d.])[(（]?(?P<code>0(?:10|2\d|[3-9]\d{2}))(?P<close>[)）])?"
    r"(?P<sep>[ \t]*[-－—–][ \t]*|[ \t]+)?(?P<number>\d{7,8})(?!\d)")


@functools.lru_cache(maxsize=1)
def area_codes() -> dict[str, str]:
    """area code (with its 0) → province key."""
    out: dict[str, str] = {}
    with open(DATA_DIR / "area_codes.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            code, key = line.split("\t")[:2]
            out[code] = key
    return out


def stated_area_codes(text: str) -> list[str]:
    """The known area codes of the telephone numbers a text states, in order."""
    table = area_codes()
    found = []
    for m in _PHONE.finditer(text or ""):
        code, number = m.group("code"), m.group("number")
        if not (m.group("sep") or m.group("close") or m.group("label")):
            continue
        if len(code) == 3 and len(number) != 8:
            continue      # 010 and 02x numbers have eight digits
        if code in table:
            found.append(code)
    return found
