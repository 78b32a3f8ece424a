"""Phrase substitution, found and undone through the report template's fixed wording.

Mirror sites replace a key phrase everywhere with a gambling brand (seed 003:
政府信息公开 → 365体育备用网址, 云南省人民政府 → "365体育备用:"). The template
wording around the phrase — 《中华人民共和国…条例》, the section headings, "…办公厅"
— shows what stood there, so a slot that holds a spammy string is both evidence
and a certain restoration, applied to every occurrence of that string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon

_X = r"(?P<x>[^《》\n,。;]{1,24}?)"
OPEN = "政府信息公开"


class _Anchored:
    """A frame regex whose every match holds `anchor` and is at most `width` characters
    long. finditer gives exactly the regex's own matches, but looks only in the windows
    around the anchor's occurrences: a frame that starts with a common character (a
    digit, 、, a newline) otherwise costs a slot match attempt at each of them."""

    def __init__(self, pattern: str, anchor: str, width: int) -> None:
        self.rx = re.compile(pattern)
        self.pattern = self.rx.pattern
        self.anchor = anchor
        self.width = width

    def finditer(self, text: str):
        pos = 0  # no match starts in [0, pos) beyond those yielded
        while (q := text.find(self.anchor, pos)) != -1:
            # a match holding this occurrence or a later one starts no earlier than lo;
            # one starting by q ends by q + width, so the window hides none of its text
            lo = max(pos, q + len(self.anchor) - self.width)
            m = self.rx.search(text, lo, q + self.width)
            if m is not None and m.start() <= q:
                yield m
                pos = m.end()
            else:
                pos = q + 1


# (frame regex with one slot, the phrase the template puts in the slot); the widths are
# the longest match of each anchored frame (the slot holds at most 24 characters)
FRAMES: list[tuple[re.Pattern | _Anchored, str]] = [
    (re.compile(r"《中华人民共和国" + _X + r"条例》"), OPEN),
    (re.compile(r"《[\u4e00-\u9fff]{2,8}?(?:省|自治区|市)" + _X + r"(?:规定|办法|实施办法)》"), OPEN),
    (_Anchored(r"\d{4}年度?" + _X + r"工作(?:年度)?报告", "报告", 4 + 2 + 24 + 6), OPEN),
    (_Anchored(r"[省市县区州旗]" + _X + r"工作(?:年度)?报告", "报告", 1 + 24 + 6), OPEN),
    (re.compile(r"收到和处理" + _X + r"申请情况"), OPEN),
    (_Anchored(r"[、\n]" + _X + r"行政复议、行政诉讼情况", "行政复议、行政诉讼情况", 1 + 24 + 11), OPEN),
    (re.compile(r"因" + _X + r"申请(?:提起)?行政复议"), OPEN),
    (re.compile(r"本年新收" + _X + r"申请数量"), OPEN),
    (re.compile(r"上年结转" + _X + r"申请数量"), OPEN),
    (_Anchored(r"[、\n]" + _X + r"工作存在的主要问题", "工作存在的主要问题", 1 + 24 + 9), OPEN),
    (_Anchored(r"、" + _X + r"的收费及减免情况", "的收费及减免情况", 1 + 24 + 8), OPEN),
]
_UNIT_AFTER = re.compile(r"办公厅|办公室|门户网站|网站|公报|新闻发布会|关于")
_UNIT_BEFORE = re.compile(r"(?:来源|主办单位|发布机构|主办)[::]\s*$")
_REGION = re.compile(
    r"^[\s?]*(?:\d{4}年度?)?([\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|州|盟|县|区|旗))"
    r"[\u4e00-\u9fff]*?(?:政府信息公开|政务公开)")
_LEGIT_SLOT = set("政府信息公开与和及政务工作的")


@dataclass(frozen=True)
class Substitution:
    spam: str          # the string that now stands in the text
    original: str      # what the template says stood there
    frame: str         # the matched template text (evidence)
    offset: int        # where the frame matched
    certain: bool      # restore (True) or only strip (False)


def _spammy(x: str) -> bool:
    """Latin letters, a colon or a number that is not a year, or a strong lexicon term."""
    return bool(re.search(r"[A-Za-z:]|\d(?!\d*年)", x)) or any(h.strong for h in lexicon.find_hits(x))


def find_phrase_substitutions(text: str) -> list[Substitution]:
    """Slots of the fixed wording that hold a spammy string instead of 政府信息公开."""
    seen: dict[str, list[tuple[re.Match, str]]] = {}
    for rx, original in FRAMES:
        for m in rx.finditer(text):
            x = m.group("x").strip()
            if not x or original in x or set(x) <= _LEGIT_SLOT:
                continue
            seen.setdefault(x, []).append((m, original))
    out: list[Substitution] = []
    for x in sorted(seen, key=len):
        found = seen[x]
        if any(o.spam in x for o in out):  # "云南省365体育备用网址" holds the shorter "365体育备用网址"
            continue
        if _spammy(x) or len({m.re.pattern for m, _ in found}) >= 2:
            m, original = found[0]
            out.append(Substitution(x, original, m.group(0).strip(), m.start("x"), True))
    return out


def region_unit(text: str, title: str | None) -> str | None:
    """The reporting government's name when the title or a heading gives it (…人民政府)."""
    for cand in ([title] if title else []) + text.split("\n", 40)[:40]:
        m = _REGION.match(cand or "")
        if m:
            return m.group(1) + "人民政府"
    return None


def find_unit_substitutions(text: str, unit_name: str | None, title: str | None,
                            skip: frozenset[str] = frozenset()) -> list[Substitution]:
    """Brand phrases standing where the unit's own name belongs ("X办公厅", "主办单位: X").

    `skip`: spam strings already explained as phrase substitutions."""
    base = None
    if unit_name:
        base = re.sub(r"(?:办公厅|办公室)$", "", unit_name.strip()) or None
    if base is None:
        base = region_unit(text, title)
    out: dict[str, Substitution] = {}
    for h in lexicon.find_hits(text):
        if not h.strong:
            continue
        phrase = text[h.start:h.span_end]
        after = _UNIT_AFTER.match(text, h.span_end)
        before = _UNIT_BEFORE.search(text[max(0, h.start - 8):h.start])
        if not (after or before) or phrase in out or phrase in skip:
            continue
        # only a colon-terminated or bare brand stands for a name; "…网址" stands for a phrase
        frame = text[max(0, h.start - 6):min(len(text), h.span_end + 4)]
        out[phrase] = Substitution(phrase, base or "", frame.strip(), h.start,
                                   certain=bool(base) and bool(after and after.group(0) in ("办公厅", "办公室")))
    return list(out.values())
