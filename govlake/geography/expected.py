"""Who should report for a (province, year): the registry behind the missing-report mart.

Always: the provincial government and every prefecture and county government,
as the division list stood at the end of that year as far as the dated rename
history knows (平泉县 for 2016, 平泉市 from 2017). Departments and townships come
from configurable lists, because no register of them is complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govlake.schema import PROVINCE_CODE

from .gazetteer import Division, gazetteer, government_name, short_code
from .names import township_unit_name
from .resolve import resolve_unit


@dataclass(frozen=True)
class ExpectedUnit:
    unit_name: str
    region_code: str
    admin_level: str
    prefecture: str | None
    county: str | None


def _governments(province_key: str, year: int) -> list[ExpectedUnit]:
    g = gazetteer()
    pcode = PROVINCE_CODE[province_key]
    year_end = f"{int(year)}-12-31"
    pending: dict[str, list] = {}       # 2023 code -> aliases not yet in effect at year end
    same_name: dict[str, str] = {}      # 2023 code -> its old code under the same name
    for a in g.aliases:
        if a.code[:2] != pcode:
            continue
        if a.date and a.date > year_end:
            pending.setdefault(a.code, []).append(a)
        target = g.get(a.code)
        if target is not None and a.name == target.name and a.old_code:
            same_name[a.code] = a.old_code

    out: list[ExpectedUnit] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, code: str, level: str, d: Division | None) -> None:
        key = (name, code)
        if key in seen:
            return
        seen.add(key)
        pref = g.prefecture_of(d.code) if d is not None else None
        out.append(ExpectedUnit(name, code, level, pref.name if pref else None,
                                d.name if d is not None and d.level == "county" else None))

    for d in sorted(g.in_province(pcode), key=lambda d: d.code):
        olds = [a for a in pending.get(d.code, ()) if a.name != d.name]
        if olds:
            for a in olds:
                old_d = d if a.old_level == d.level else None
                level = a.old_level or d.level
                suffix = "行政公署" if a.name.endswith(("地区", "盟")) else "人民政府"
                add(a.name + suffix, short_code(a.old_code or d.code, level), level, old_d)
            if d.code not in same_name:
                continue                 # the division under this name did not exist yet
            add(government_name(d), short_code(same_name[d.code], d.level), d.level, d)
            continue
        add(government_name(d), short_code(d.code, d.level), d.level, d)
    return out


def _departments(govs: list[ExpectedUnit], departments) -> list[ExpectedUnit]:
    """departments: list of body names for every government, or {level: [names]}."""
    if not departments:
        return []
    out = []
    for u in govs:
        names = departments.get(u.admin_level, ()) if isinstance(departments, Mapping) else departments
        place = u.unit_name.removesuffix("人民政府").removesuffix("行政公署")
        for dep in names:
            out.append(ExpectedUnit(place + str(dep), u.region_code, "department", u.prefecture, u.county))
    return out


def _townships(province_key: str, townships) -> list[ExpectedUnit]:
    """townships: "all" (every township the vendored list knows) or names to resolve."""
    g = gazetteer()
    out = []
    if townships == "all":
        for code, towns in sorted(g.townships.items()):
            d = g.get(code)
            if d is None or d.province_key != province_key:
                continue
            pref = g.prefecture_of(code)
            for t in towns:
                out.append(ExpectedUnit(d.name + township_unit_name(t), short_code(code, d.level),
                                        "township", pref.name if pref else None,
                                        d.name if d.level == "county" else None))
        return out
    if isinstance(townships, str) or not isinstance(townships, Iterable):
        return out
    for name in townships:
        r = resolve_unit(str(name))
        if r.province_key == province_key and r.region_code:
            out.append(ExpectedUnit(r.unit_name or str(name), r.region_code, "township",
                                    r.prefecture, r.county))
    return out


def expected_units(province_key: str, year: int, *, departments=None,
                   townships=None) -> list[ExpectedUnit]:
    """Every unit expected to publish a report on `year` in the province."""
    if province_key not in PROVINCE_CODE:
        return []
    try:
        govs = _governments(province_key, int(year))
    except (TypeError, ValueError):
        return []
    return govs + _departments(govs, departments) + _townships(province_key, townships)
