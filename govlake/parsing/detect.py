"""What a report is: its format, the year reported on, the unit, the publish date.

Format comes from the table labels, never the year (a 2023 report with 2019
columns exists). The year is the one reported on — statistics period, title,
preamble — not the publication year. The unit is taken from the title, the
preamble or the signature, and left None when unsure.
"""

from __future__ import annotations

import re
from collections import Counter

from govlake import schema
from govlake.parsing.labels import T2S_TABLE, looks_traditional, to_simplified

_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\)")

# ---------------------------------------------------------------- format


def detect_format(labels: set[str], has_tables: bool) -> str:
    joined = "\x00".join(labels)
    if any(m in joined for m in schema.FORMAT_2021_MARKERS):
        return "2021"
    if has_tables or any(m in joined for m in schema.FORMAT_2019_MARKERS):
        return "2019"
    return "legacy"


def format_for_year(year: int | None) -> str | None:
    """The template in force for a report year (when no table shows which was used):
    国办公开办函〔2021〕30号 from 2021, 〔2019〕60号 for 2019–2020, none before."""
    if year is None:
        return None
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "legacy"


# ---------------------------------------------------------------- year
_YEAR = r"((?:19|20)\d{2})"
_PERIOD = re.compile(_YEAR + r"\s*年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|-|—|~)\s*" + _YEAR + r"\s*年\s*12\s*月\s*31\s*日")
_TITLE_YEAR = re.compile(_YEAR + r"\s*年度?[^。\n,;]{0,30}?(?:政府信息公开|政务公开|信息公开)[^。\n,;]{0,12}?(?:年度报告|工作报告|年报|报告)")
_PUBLISH_NOW = re.compile(r"(?:现公布|现予公布|特此公布|现将)[^。\n]{0,30}?" + _YEAR + r"\s*年")
_ANY_YEAR = re.compile(_YEAR + r"\s*年")


def _valid(y: int) -> bool:
    return schema.FIRST_YEAR - 1 <= y <= 2035


def detect_year(text: str, title: str | None) -> int | None:
    head = text[:6000]
    if title:
        m = _TITLE_YEAR.search(title) or _ANY_YEAR.search(title)
        if m and _valid(int(m.group(1))):
            return int(m.group(1))
    m = _PERIOD.search(head)
    if m and m.group(1) == m.group(2) and _valid(int(m.group(1))):
        return int(m.group(1))
    m = _TITLE_YEAR.search(text[:1500])
    if m and _valid(int(m.group(1))):
        return int(m.group(1))
    m = _PUBLISH_NOW.search(head)
    if m and _valid(int(m.group(1))):
        return int(m.group(1))
    m = _TITLE_YEAR.search(head)
    if m and _valid(int(m.group(1))):
        return int(m.group(1))
    years = [int(y) for y in _ANY_YEAR.findall(head) if _valid(int(y))]
    if years:
        return Counter(years).most_common(1)[0][0]
    return None


# ---------------------------------------------------------------- unit
_PLACE_SUFFIX = ("省", "市", "县", "区", "州", "旗", "盟", "自治区", "特区", "林区")
# bodies a report names itself by: governments and their offices, departments, and the
# township level (街道办事处, 镇, 乡, 苏木) and 管委会 of development zones
_ORG = (r"[\u4e00-\u9fff]{2,24}?(?:人民政府办公室|人民政府办公厅|人民政府|办事处|办公室|办公厅|"
        r"委员会|管委会|局|厅|委|办|署|院|镇|乡|苏木|街道)")
_TITLE_UNIT = re.compile(r"^\s*(?P<unit>" + _ORG + r")\s*(?:关于)?\s*" + _YEAR + r"\s*年")
_YEAR_PLACE = re.compile(_YEAR + r"\s*年度?\s*(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))\s*(?:人民政府)?\s*(?:政府信息公开|政务公开)")
# a title that starts with the place, the year before or after it, without 年 or 人民政府:
# 2009上海市政府信息公开工作年度报告, 东台市2013年度政府信息公开工作年度报告
_LEADING_PLACE = re.compile(r"^\s*(?:" + _YEAR + r"\s*年?度?\s*)?(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))"
                            r"\s*(?:" + _YEAR + r"\s*年度?)?\s*(?:人民)?政府信息公开")
# 2022年区人力社保局政府信息公开工作年度报告: the unit after the year (a bare 区/县 unit is
# placed under the page's division by the resolver)
_YEAR_UNIT = re.compile(_YEAR + r"\s*年度?\s*(?P<unit>" + _ORG + r")\s*(?:政府信息公开|政务公开)")
_PLACE_YEAR = re.compile(r"(?:现公布|公布)(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟))\s*" + _YEAR + r"\s*年")
_BY_UNIT = re.compile(r"由(?P<unit>[\u4e00-\u9fff]{2,16}?人民政府)(?:办公室|办公厅)?")
_CONTACT = re.compile(r"请与(?P<unit>[\u4e00-\u9fff]{2,16}?人民政府)(?:办公室|办公厅)?[^。\n]{0,4}?联系")
_SIGNATURE = re.compile(r"^(?P<unit>[\u4e00-\u9fff]{2,20}(?:人民政府|人民政府办公室|人民政府办公厅))\s*$")
_BAD = ("中华人民共和国", "国务院", "条例", "报告", "关于印发", "通知")


def _ok(unit: str | None) -> bool:
    return bool(unit) and not any(b in unit for b in _BAD) and len(unit) <= 30


def _place_gov(place: str) -> str:
    return place + "人民政府"


def detection_text(text: str) -> str:
    """The text detection reads: a Simplified copy of head and tail when Traditional."""
    if not looks_traditional(text, 4000):
        return text
    return _GLOSS.sub("", text).translate(T2S_TABLE)


def detect_unit(text: str, title: str | None) -> str | None:
    """`text` should be detection_text(...)."""
    return _detect_unit(text, title)


def _title_lines(text: str) -> list[str]:
    out = []
    for line in text[:3000].split("\n", 25)[:25]:
        s = line.strip().lstrip("?").strip()
        if s and len(s) <= 80 and ("政府信息公开" in s or "政务公开" in s) and ("报告" in s or "年报" in s):
            out.append(s.split(" - ")[0].split("_")[0])
    return out


def _detect_unit(text: str, title: str | None) -> str | None:
    candidates = ([title] if title else []) + _title_lines(text)
    for t in candidates:
        t = to_simplified(t)
        m = _TITLE_UNIT.search(t)
        if m and _ok(m.group("unit")):
            return m.group("unit")
        m = _YEAR_PLACE.search(t) or _LEADING_PLACE.search(t)
        if m and _ok(m.group("place")):
            return _place_gov(m.group("place"))
        m = _YEAR_UNIT.search(t)
        if m and _ok(m.group("unit")):
            return m.group("unit")
    head = text[:4000]
    for pat in (_PLACE_YEAR,):
        m = pat.search(head)
        if m and _ok(m.group("place")):
            return _place_gov(m.group("place"))
    for pat in (_BY_UNIT, _CONTACT):
        m = pat.search(head)
        if m and _ok(m.group("unit")):
            return m.group("unit")
    for line in reversed(text[-1500:].split("\n")):
        m = _SIGNATURE.match(line.strip())
        if m and _ok(m.group("unit")):
            return m.group("unit")
    return None


# ---------------------------------------------------------------- published date
_DATE = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|公开日期|发文日期|公布日期|发布于|成文日期|日期)\s*[:：]?\s*" + _DATE)
_SOURCE_LINE = re.compile(r"来源\s*[:：][^\n]{0,40}?" + _DATE)


def detect_published_date(text: str) -> str | None:
    head = text[:5000]
    m = _PUBLISHED.search(head) or _SOURCE_LINE.search(head)
    if m is None:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 2000 <= y <= 2035):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
