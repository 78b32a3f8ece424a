"""Label normalization and matching against the aliases of govlake.schema.

Labels arrive wrapped, spaced (`商业 企业`), numbered (`（一）`, `1.`, `一、`), in
Traditional script, even with mirror-site pinyin glosses (`數(shù)量`). We compare a
cleaned Simplified copy of each short cell with the key phrases of schema.py;
the Traditional→Simplified conversion is cached because labels repeat endlessly.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from govlake import schema

MAX_LABEL_LEN = 90  # longer cells are prose, never a table label

_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\)")
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    r"^(?:其中[:：]?)?(?:[\(（][一二三四五六七八九十\d]{1,3}[\)）][、.．,，:]?|[一二三四五六七八九十\d]{1,3}[、.．,，:])"
)


def _load_traditional_chars() -> dict[str, str]:
    """Characters OpenCC converts Traditional→Simplified (its own dictionary)."""
    try:
        import opencc  # noqa: PLC0415

        path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
        chars: dict[str, str] = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                key, _, vals = line.rstrip("\n").partition("\t")
                targets = vals.split()
                if len(key) == 1 and targets and key not in targets and len(targets[0]) == 1:
                    chars[key] = targets[0]
        return chars
    except Exception:  # noqa: BLE001 - fall back to a small list
        return {}


_T2S_CHARS = _load_traditional_chars()
TRADITIONAL_CHARS = frozenset(_T2S_CHARS)
# Character-level Traditional→Simplified, for fast detection over whole texts
# (labels go through OpenCC's phrase-aware conversion instead, cached).
T2S_TABLE = str.maketrans(_T2S_CHARS)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CONVERTER = None


def _t2s(text: str) -> str:
    global _CONVERTER
    if _CONVERTER is None:
        try:
            from opencc import OpenCC  # noqa: PLC0415

            _CONVERTER = OpenCC("t2s").convert
        except Exception:  # noqa: BLE001
            _CONVERTER = lambda s: s  # noqa: E731
    return _CONVERTER(text)


_NON_CJK_RE = re.compile(r"[^\u4e00-\u9fff]+")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _char_class(chars) -> re.Pattern | None:
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]") if chars else None


# TRADITIONAL_CHARS as regex classes: BMP characters compile to a constant-time
# table; astral ones (a slow list of ranges) are searched only in texts holding any.
_TRAD_BMP = _char_class([c for c in TRADITIONAL_CHARS if ord(c) <= 0xFFFF])
_TRAD_ASTRAL = _char_class([c for c in TRADITIONAL_CHARS if ord(c) > 0xFFFF])


def _traditional_count(text: str) -> int:
    n = len(_TRAD_BMP.findall(text)) if _TRAD_BMP is not None else 0
    if _TRAD_ASTRAL is not None and _ASTRAL_RE.search(text) is not None:
        n += len(_TRAD_ASTRAL.findall(text))
    return n


def looks_traditional(text: str, sample: int = 20000) -> bool:
    """True when a text is written in Traditional characters (enough of them)."""
    chunk = text[:sample]
    hits = _traditional_count(chunk)
    if hits < 5:
        return False
    cjk = cjk_count(chunk)
    return cjk > 0 and hits >= 5 and hits / cjk > 0.03


def cjk_count(text: str) -> int:
    return len(_NON_CJK_RE.sub("", text))


def has_cjk(text: str, n: int, limit: int) -> bool:
    """cjk_count(text[:limit]) >= n, stopping at the n-th CJK character."""
    k = 0
    for _ in _CJK_RE.finditer(text, 0, limit):
        k += 1
        if k >= n:
            return True
    return n <= 0


def to_simplified(text: str) -> str:
    """Simplified copy of a short string; only converts when Traditional chars occur."""
    if TRADITIONAL_CHARS.isdisjoint(text):
        return text
    return _cached_t2s(text)


@lru_cache(maxsize=65536)
def _cached_t2s(text: str) -> str:
    return _t2s(text)


_YEAR_IN_LABEL = re.compile(r"[(（](?:19|20)\d{2}年?(?:度)?[)）]")


@lru_cache(maxsize=65536)
def clean_label(text: str) -> str:
    """Spaces, glosses removed; Simplified. Numbering kept."""
    s = _SPACE.sub("", text)
    if "(" in s or "（" in s:
        s = _GLOSS.sub("", s)
        s = _YEAR_IN_LABEL.sub("", s)   # 本年(2023)制发件数: a local variant of 本年制发件数
    s = to_simplified(s)
    return s.replace("（", "(").replace("）", ")").replace("：", ":")


def strip_numbering(label: str) -> str:
    """`(七)总计` → `总计`; `3.其他` → `其他`; `其中:1.当面申请数` → `当面申请数`."""
    prev = None
    s = label
    while prev != s:
        prev = s
        s = _NUMBERING.sub("", s, count=1)
        if s.startswith("其中"):
            s = s[2:].lstrip(":")
    return s


def match_keys(label: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """First code of `table` one of whose key phrases occurs in `label`."""
    for code, keys in table:
        for key in keys:
            if key in label:
                return code
    return None


@lru_cache(maxsize=65536)
def application_code(label: str) -> tuple[str | None, str | None]:
    """(code by key phrase, code by exact label) for a cleaned label."""
    code = match_keys(label, schema.APPLICATION_ROW_KEYS)
    bare = strip_numbering(label).rstrip(":")
    exact = None
    for c, words in schema.APPLICATION_EXACT_LABELS:
        if bare in words:
            exact = c
            break
    return code, exact


@lru_cache(maxsize=16384)
def disclosure_item(label: str) -> str | None:
    if len(label) > 30:
        return None
    return match_keys(label, schema.DISCLOSURE_ITEM_KEYS)


@lru_cache(maxsize=16384)
def disclosure_measure(label: str) -> str | None:
    if len(label) > 30:
        return None
    return match_keys(label, schema.DISCLOSURE_MEASURE_KEYS)
