"""Province / year / unit hints, validated the same way for manifests and landing.

A hint steers routing, so a wrong one is worse than none: an invalid value is
dropped with a reason (the page is still ingested and routed by its content).
"""

from __future__ import annotations


from govlake import schema

_PROVINCE_ALIASES: dict[str, str] = {}
for _key, _name, _code, _shorts in schema.PROVINCES:
    for _alias in (_key, _name, _code, *_shorts):
        _PROVINCE_ALIASES[_alias.lower()] = _key
_PROVINCE_ALIASES.update({k: k for k in schema.PROVINCE_KEYS})
_PROVINCE_ALIASES.update({"国务院": schema.CENTRAL, "国务院部门": schema.CENTRAL,
                          "中央": schema.CENTRAL})


def province_key(value) -> str | None:
    """A partition key from a key, official name, short name or GB/T 2260 code."""
    if value is None:
        return None
    return _PROVINCE_ALIASES.get(str(value).strip().lower())


def clean_hints(raw: dict) -> tuple[dict, list[str]]:
    """Validated {province, year, unit} (only those present) and the problems found."""
    hints: dict = {}
    problems: list[str] = []
    prov = raw.get("province")
    if prov not in (None, ""):
        key = province_key(prov)
        if key is None:
            problems.append(f"unknown province {prov!r} (hint ignored)")
        else:
            hints["province"] = key
    year = raw.get("year")
    if year not in (None, ""):
        try:
            y = int(str(year).strip())
            if str(year).strip() != str(y) and not isinstance(year, int):
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"year {year!r} is not a number (hint ignored)")
        else:
            newest = schema.last_year()   # the newest year partition
            if schema.FIRST_YEAR <= y <= newest:
                hints["year"] = y
            else:
                problems.append(f"year {y} outside {schema.FIRST_YEAR}–{newest} (hint ignored)")
    unit = raw.get("unit")
    if unit not in (None, ""):
        if isinstance(unit, str) and unit.strip():
            hints["unit"] = unit.strip()
        else:
            problems.append(f"unit {unit!r} is not a name (hint ignored)")
    return hints, problems
