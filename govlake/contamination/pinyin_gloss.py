"""Pinyin glosses of mirror re-renderings: 根據(jù), 數據(jù), 網(wǎng)站 (seed 000).

A parenthesised syllable counts as a gloss only when it is a reading of the
character right before it (pypinyin, all readings, Traditional or Simplified
form), so real parentheses such as (一), (试行) or (PPP) are never touched.
"""

from __future__ import annotations

import functools
import re

from pypinyin import Style, pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
GLOSS = re.compile(r"([\u3400-\u9fff])\(([a-zü" + _TONED + r"]{1,7})\)")
# a gloss without its character: found by a fast scan for "(", where GLOSS tries every Han character
_SYLLABLE = re.compile(r"\(([a-zü" + _TONED + r"]{1,7})\)")
_TONE_MARKS = set(_TONED)


@functools.lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    out: set[str] = set()
    try:
        forms = {ch}
        from .script import _t2s

        forms.add(_t2s().convert(ch))
        for form in forms:
            for style in (Style.TONE, Style.NORMAL):
                for r in pinyin(form, style=style, heteronym=True, errors="ignore")[:1]:
                    out.update(x.replace("v", "ü") for x in r)
    except Exception:  # pragma: no cover - pypinyin edge cases
        pass
    return frozenset(out)


def is_reading(ch: str, syllable: str) -> bool:
    syl = syllable.lower()
    if not any(c in _TONE_MARKS for c in syl) and len(syl) < 2:
        return False
    return syl in _readings(ch)


def find_glosses(text: str) -> list[re.Match]:
    """Matches (char, syllable) where the syllable is a reading of the char."""
    first = _SYLLABLE.search(text)  # no gloss starts before the character in front of it
    if first is None:
        return []
    return [m for m in GLOSS.finditer(text, max(0, first.start() - 1))
            if is_reading(m.group(1), m.group(2))]


def strip_glosses(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Remove verified glosses. Returns new text and (offset, before, after) edits."""
    edits: list[tuple[int, str, str]] = []
    parts: list[str] = []
    last = 0
    for m in find_glosses(text):
        parts.append(text[last:m.start()])
        parts.append(m.group(1))
        edits.append((m.start(), m.group(0), m.group(1)))
        last = m.end()
    if not edits:
        return text, edits
    parts.append(text[last:])
    return "".join(parts), edits
