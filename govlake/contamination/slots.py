"""A brand standing in the slot of a place or unit name.

Why (docs/DOMAIN.md §4): substitution spam often replaces the place in a unit name —
中国体育彩票市统计局 for 赣州市统计局, 英国威廉希尔公司市人民政府, 手机彩票网文化和旅游局. The
words before 市/县/区 + a government body are a place name in every real report;
when they end in a gambling, lottery or porn term (even one that is innocent
elsewhere, such as 体育彩票), the slot holds a brand. Ordinary usage keeps its
body right after the term (体育彩票管理中心) or reads 市场 / 区域, never this shape.
"""

from __future__ import annotations

import re

from . import lexicon

# a government body right after the slot: 人民政府, 政府, …局, …委员会, …办公室 …
_BODY = re.compile(r"[,、:]?(?P<place>[市县区省州旗])?(?P<body>人民政府|政府|[\u4e00-\u9fff]{1,10}?"
                   r"(?:局|委员会|办公室|厅|管理中心|服务中心))")
# 市场 / 区域 / 县域 / 市民 …: the place character begins another word
_NOT_PLACE = frozenset("场民域级内外直属委")
_TERMS = re.compile(r"彩票|博彩|赌场|娱乐城|投注|买球|威廉希尔公司|威廉希尔")


def find_slot_brands(text: str) -> list[tuple[int, str]]:
    """(offset, evidence) for each brand found standing where a place name belongs."""
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for start, end, strong in _candidates(text):
        m = _BODY.match(text, end)
        if not m:
            continue
        place = m.group("place")
        body_start = m.start("body")
        if place and body_start < len(text) and text[body_start] in _NOT_PLACE:
            continue
        if not strong and (not place or m.start() != end):
            continue  # a weak word before a body (彩票管理中心, 打击赌博,县…) is ordinary usage
        brand = text[start:end]
        if brand in seen:
            continue
        seen.add(brand)
        out.append((start, f"{brand} stands where a place name belongs: "
                           f"{text[start:m.end()]}"))
    return out


def _candidates(text: str):
    """(start, end, strong) of brand phrases: lexicon hits (innocent ones included:
    体育彩票 is innocent before 管理中心, not before 市统计局) ending in a trade word."""
    for h in lexicon.find_hits(text):
        yield h.start, h.span_end, h.strong
    for m in _TERMS.finditer(text):
        # the raw term, whatever its context: only the body test below decides
        yield m.start(), m.end(), False
