"""Place a unit that names no place of its own under a parent division.

Why: a report often names its unit by its body only — 县教育局, 区人民政府办公室,
镇人民政府 — or just calls itself 我局 / 我区, and leaves the place to the site it
sits on or to other names in the text. This module decides what such a unit is
and where it may go:
- `self_reference(text)`: the kind of unit the text speaks as (我局 -> department,
  我区 -> a 区 government, 我镇 -> township);
- `place_under(res, parent, …)`: fill the unit in under a parent division when the
  bare type fits (县教育局 under a 县 or 自治县; 区 under a 市辖区; 市 under a city).
  When it does not fit (a 区 bureau on a prefecture's site) the unit is placed only
  as deep as is certain: the parent's province and prefecture, no county.
"""

from __future__ import annotations

import re

from .gazetteer import Division, gazetteer, government_name, short_code

TYPE_FITS = {
    "省": ("省", "自治区", "直辖市"), "市": ("地级市", "县级市", "直辖市"), "州": ("自治州",),
    "盟": ("盟",), "县": ("县", "自治县"), "区": ("市辖区", "林区", "特区"), "旗": ("旗", "自治旗"),
}
BARE_LEVEL = {"省": "province", "州": "prefecture", "盟": "prefecture", "县": "county",
              "区": "county", "旗": "county"}

_SELF = re.compile(r"(?:我|本)(局|委(?!员)|厅|办(?!法)|中心|院|署|街道|镇|乡|苏木|省|市(?!场)|州|盟|县(?!域)|区(?!域)|旗)")
_DEPT = {"局", "委", "厅", "办", "中心", "院", "署"}
_TOWN = {"街道", "镇", "乡", "苏木"}


def self_reference(text: str) -> tuple[str, str] | None:
    """(kind, bare_type) the text speaks as — 我局 (department), 我镇 (township),
    我区 (a 区 government) — or None when it never says."""
    counts: dict[str, int] = {}
    for m in _SELF.finditer(text[:8000]):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    town = sum(v for k, v in counts.items() if k in _TOWN)
    dept = sum(v for k, v in counts.items() if k in _DEPT)
    gov = {k: v for k, v in counts.items() if k not in _TOWN and k not in _DEPT}
    if town and town >= dept:
        return "township", ""
    if dept:
        return "department", ""
    top = max(gov.values())
    best = [k for k, v in gov.items() if v == top]
    return ("government", best[0]) if len(best) == 1 else None


def fit(d: Division, bare_type: str) -> Division | None:
    """The division itself or its nearest ancestor whose type fits a bare type."""
    if not bare_type:
        return d
    for a in gazetteer().ancestors(d.code):
        if a.type in TYPE_FITS.get(bare_type, ()):
            return a
    return None


def place_under(res, parent: Division, kind: str, bare_type: str, body: str, why: str):
    """Fill `res` (a Resolution) with a bare unit placed under `parent`."""
    g = gazetteer()
    target = fit(parent, bare_type)
    d = target or parent
    prov = g.province_of(d.code)
    pref = g.prefecture_of(d.code)
    res.province_key = d.province_key
    res.province = prov.name if prov else None
    res.prefecture = pref.name if pref else None
    res.county = d.name if d.level == "county" else None
    res.region_code = short_code(d.code, d.level)
    if kind == "government":
        res.admin_level = d.level if target else BARE_LEVEL.get(bare_type)
        if target:
            res.unit_name = government_name(d)
    elif kind == "township":
        res.admin_level = "township"
    else:
        res.admin_level = "department"
        if target and body:
            res.unit_name = d.name + body
    where = " > ".join(a.name for a in reversed(g.ancestors(d.code)))
    if target:
        res.reason = f"{why}: {res.unit_name or kind} placed under {where}"
    else:
        res.reason = (f"{why}: a {bare_type} unit does not fit {parent.name} ({parent.type}); "
                      f"placed only as deep as {where}")
        if parent.level == "county":     # a 县 bureau on a 区's site: the county is not certain
            res.county = None
            up = g.get(parent.parent) if parent.parent else None
            if up is not None:
                res.region_code = short_code(up.code, up.level)
    res.candidates = []
    return res
