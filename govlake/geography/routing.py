"""Route every snapshot to exactly one (province, year) partition, or to `unknown`.

Manifest hints win over inference; a disagreement is recorded, never hidden.
`report_year` reads the year a report is about from its text, for callers that
have no better source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from govlake.schema import FIRST_YEAR, PROVINCE_KEYS, UNKNOWN

from .names import clean_text


@dataclass
class Routing:
    province_key: str
    year: int | None
    reason: str
    conflicts: list[str] = field(default_factory=list)


def _valid_year(y) -> int | None:
    try:
        y = int(y)
    except (TypeError, ValueError):
        return None
    return y if FIRST_YEAR <= y <= date.today().year else None


def route(resolution, year: int | None, hints: dict | None = None) -> Routing:
    """Pick the partition: hints first, then the resolution and the given year."""
    hints = hints if isinstance(hints, dict) else {}
    conflicts: list[str] = []
    inferred = getattr(resolution, "province_key", None)
    why = getattr(resolution, "reason", "") or ""
    hint_prov = hints.get("province")
    if hint_prov is not None and hint_prov not in PROVINCE_KEYS:
        conflicts.append(f"hint province {hint_prov!r} is not a partition key; ignored")
        hint_prov = None
    if hint_prov and inferred and hint_prov != inferred:
        conflicts.append(f"province: hint {hint_prov} vs inferred {inferred} ({why})")
    province = hint_prov or inferred
    prov_reason = "province from hints" if hint_prov else f"province inferred: {why}"

    hint_year = hints.get("year")
    y_hint = _valid_year(hint_year) if hint_year is not None else None
    if hint_year is not None and y_hint is None:
        conflicts.append(f"hint year {hint_year!r} is not a valid report year; ignored")
    y_inf = _valid_year(year) if year is not None else None
    if year is not None and y_inf is None:
        conflicts.append(f"inferred year {year!r} out of range; ignored")
    if y_hint and y_inf and y_hint != y_inf:
        conflicts.append(f"year: hint {y_hint} vs inferred {y_inf}")
    y = y_hint or y_inf

    if not province or province == UNKNOWN:
        return Routing(UNKNOWN, y, f"province not determinable: {why or 'no unit resolved'}", conflicts)
    if y is None:
        return Routing(UNKNOWN, None, f"year not determinable (province would be {province})", conflicts)
    return Routing(province, y, prov_reason + ("; year from hints" if y_hint else ""), conflicts)


_PERIOD = re.compile(r"统计(?:时间|时限|期限|期|区间|范围)?(?:为|是|自|从)?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_TITLE = re.compile(r"((?:19|20)\d{2})\s*年\s*度?[^。\n]{0,40}?(?:政府信息|信息公开|公开工作|工作)[^。\n]{0,12}?(?:报告|年报)")


def report_year(text: str) -> int | None:
    """The year a report is about: statistics period first, then the title wording."""
    try:
        t = clean_text(text or "")
    except Exception:
        return None
    for pat in (_PERIOD, _TITLE):
        m = pat.search(t)
        if m and _valid_year(m.group(1)):
            return int(m.group(1))
    return None
