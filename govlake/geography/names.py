"""Unit-name normalization: script, pinyin glosses, spaces, and what follows the place name.

A report names its unit as place + body: 武定县 + 人民政府办公室, 沭阳县 + 发展和改革局,
狮山镇 + 人民政府. This module splits off and classifies the body so that the
resolver only has to find the place. A government's general office (办公室/办公厅)
counts as the government itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govlake.normalize import normalize_text

# Government bodies (the report is the government's own); longest first.
GOVERNMENT_BODIES = (
    "人民政府办公室", "人民政府办公厅", "人民政府办", "政府办公室", "政府办公厅", "政府办",
    "人民政府", "行政公署办公室", "行政公署", "行署办公室", "行署", "政府",
)
TOWNSHIP_SUFFIX = re.compile(r"^(.{1,12}?(?:民族乡|民族镇|街道办事处|街道|苏木|镇|乡))")
DEPARTMENT_END = re.compile(
    r"(?:局|委员会|委|厅|办公室|办|部|院|中心|所|站|队|处|署|馆|会|社|公司|集团|管委会|管理委员会|"
    r"分局|支队|大队|机构|小组|学校|大学|银行|法院|检察院|开发区|园区|高新区|"
    # a government's 研究室 / 参事室 report for themselves (海口市人民政府研究室, 上海市人民政府参事室)
    r"研究室|参事室)$")
# a government's own offices for disclosure: their report is the government's
_GOV_OFFICES = ("信息公开办公室", "信息公开办", "政务公开办公室", "政务公开办", "政府信息公开办公室",
                "政务公开领导小组办公室", "政府信息公开领导小组办公室", "信息公开领导小组办公室")
_TOWN_OFFICES = ("党政办公室", "党政办", "党政综合办公室", "党政综合办", "综合办公室", "办公室")
_GLOSS = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7})\)")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - opencc is a declared dependency
        return None


@lru_cache(maxsize=1)
def _t2s_changes() -> frozenset[str] | None:
    """Every character of a t2s dictionary entry that converts to something else (read
    from the converter's own tables; None when they cannot be read). t2s leaves a text
    holding none of them unchanged, and costs ~15 µs even on a short name."""
    try:
        conv = _t2s()
        conv.convert("")  # loads the dictionaries
        tables = [t for group in conv._dict_chain_data for t in group]
        return frozenset(ch for _, _, table in tables for key, value in table.items()
                         if value.split(" ")[0] != key for ch in key)
    except Exception:  # noqa: BLE001 - another OpenCC: no shortcut
        return None


def _t2s_keeps(text: str) -> bool:
    """True when t2s is known to return `text` unchanged."""
    changes = _t2s_changes()
    return changes is not None and changes.isdisjoint(text)


# a few Traditional-only characters common in unit names: a short name (e.g. 武定縣) is
# too short for the statistical detector, so these always take the careful path
_TRAD_HINT = re.compile("[縣區鎮鄉國際東門開關陽]")


def strip_glosses(text: str) -> str:
    """Drop mirror-site pinyin glosses: 鄉(xiāng) -> 鄉."""
    return _GLOSS.sub("", text)


def looks_traditional(text: str) -> bool:
    """True when t2s changes a fair share of the Han characters (not just 乾县's 乾)."""
    from govlake.contamination.script import detect_script

    conv = _t2s()
    if conv is None or not text:
        return False
    sample = text[:4000]
    # fast path: the character-class count says Simplified, so OpenCC is not needed
    if detect_script(sample) == "simplified" and not _TRAD_HINT.search(sample):
        return False
    han = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return False
    changed = sum(1 for a, b in zip(sample, conv.convert(sample)) if a != b)
    return changed >= 3 and changed / len(han) > 0.03


def to_simplified(text: str, *, force: bool = False) -> str:
    """t2s, but only for text that is actually Traditional (OpenCC turns 乾县 into 干县)."""
    conv = _t2s()
    if conv is None or not (force or looks_traditional(text)) or _t2s_keeps(text):
        return text
    return conv.convert(text)


def clean_text(text: str) -> str:
    """Normalize a report text for place search: NFKC, glosses, script."""
    if not text:
        return ""
    text = strip_glosses(normalize_text(text))
    return to_simplified(text)


def clean_name(name: str) -> str:
    """A unit name reduced to its Han characters, in Simplified script."""
    if not name:
        return ""
    name = strip_glosses(normalize_text(name))
    name = _NOT_CJK.sub("", name)
    if looks_traditional(name) or _has_traditional_only(name):
        name = to_simplified(name, force=True)
    return name


def _has_traditional_only(name: str) -> bool:
    """Short names: convert when t2s changes characters other than the ambiguous 乾."""
    conv = _t2s()
    if conv is None or _t2s_keeps(name):
        return False
    return any(a != b and a != "乾" for a, b in zip(name, conv.convert(name)))


def classify_body(rest: str) -> tuple[str, str, str]:
    """Classify what follows the place name.

    Returns (kind, body, township) with kind one of government | township |
    department | noise | none; `body` is the normalized body (e.g. 人民政府,
    发展和改革局); `township` the township name when kind is township.
    """
    if not rest:
        return "none", "", ""
    if rest in _GOV_OFFICES:            # 东至县政务公开办公室: the government's own office
        return "government", "人民政府", ""
    for g in GOVERNMENT_BODIES:
        if rest.startswith(g):
            tail = rest[len(g):]
            m = TOWNSHIP_SUFFIX.match(tail)
            if m and g in ("人民政府", "政府"):
                # 锡山区人民政府厚桥街道(党政办公室): the township under that government
                kind, body, town = classify_body(tail)
                if kind == "township" or (kind == "department" and len(m.group(1)) >= 3
                                          and tail[len(m.group(1)):].startswith(_TOWN_OFFICES)):
                    return "township", "", town or _town_of(m.group(1))
            if (not tail or not DEPARTMENT_END.search(tail) or tail.startswith(("办公室", "办"))
                    or tail in _GOV_OFFICES):
                body = "行政公署" if g.startswith(("行政公署", "行署")) else "人民政府"
                return "government", body, ""
            return "department", g + tail, ""
    m = TOWNSHIP_SUFFIX.match(rest)
    if m:
        town = m.group(1)
        tail = rest[len(town):]
        if town.endswith("街道") and tail.startswith("办事处"):
            town, tail = town + "办事处", tail[3:]
        if not tail or any(tail.startswith(g) for g in GOVERNMENT_BODIES) or tail in _TOWN_OFFICES:
            return "township", "", town
    if DEPARTMENT_END.search(rest):
        # 生态环境局办公室: a bureau's office compiles the bureau's report
        m = _DEPT_OFFICE.match(rest)
        return "department", m.group(1) if m else rest, ""
    return "noise", "", ""


_DEPT_OFFICE = re.compile(r"^(.+?(?:局|委员会|中心|厅))(?:办公室|综合办公室|办)$")


def _town_of(town: str) -> str:
    return town + "办事处" if town.endswith("街道") else town


# A bare unit: a body after a division type with no name (县教育局, 区人民政府办公室)
BARE_TYPES = "省市州盟县区旗"
_NOT_BARE = re.compile("市场|市政(?!府)|市容|市民|区域|县域|州域|省级|市级|县级|区级")
_OFFICE_ONLY = ("办公室", "办公厅", "办", "综合科", "综合办", "党政办", "党政办公室", "信息中心")
_LEAD_IN = re.compile(r"^(?:现(?:予以|将|就)?(?:公开|公布)|特?向社会公布|根据|关于|我|本)?$")


def bare_unit(s: str) -> tuple[str, str, str] | None:
    """(kind, bare_type, body) of a unit named without its place, else None.

    kind: government | department | township; bare_type: the division type the
    name starts with (县 in 县教育局), "" when none (应急管理局)."""
    if not s:
        return None
    for lead in ("自治区", "本自治区", "我自治区"):  # a province-level region: 自治区生态环境厅
        if s.startswith(lead):
            kind, body, town = classify_body(s[len(lead):])
            if kind in ("government", "department"):
                return kind, "省", body
    for i, ch in enumerate(s[:9]):
        if ch in BARE_TYPES and _LEAD_IN.match(s[:i]) and not _NOT_BARE.match(s, i):
            kind, body, town = classify_body(s[i + 1:])
            if kind in ("government", "department"):
                return kind, ch, body
            if kind == "township":
                return kind, "", town
    kind, body, town = classify_body(s)
    if kind == "township":
        return kind, "", town
    if kind == "department" and len(s) <= 20 and s not in _OFFICE_ONLY:
        if s.startswith(("我", "本", "局", "该")):   # 我局, 局办公室: the unit, unnamed
            return kind, "", ""
        return kind, "", body
    if kind == "government":
        return kind, "", body
    return None


def township_unit_name(town: str) -> str:
    if town.endswith(("街道", "街道办事处")):
        return town if town.endswith("办事处") else town + "办事处"
    return town + "人民政府"
