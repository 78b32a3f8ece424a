"""Traditional-script detection and a safe Traditional → Simplified conversion.

OpenCC t2s is only applied to text that is actually Traditional: run on
Simplified text it damages real names (the county 乾县 becomes 干县). Even in
Traditional text a few place names are protected from the same damage.
"""

from __future__ import annotations

import functools
import os
import re

from ._text import HAN as _HAN

# real names that t2s would corrupt (Traditional spelling → correct Simplified)
_PROTECTED = {
    "乾縣": "乾县", "乾县": "乾县", "乾安縣": "乾安县", "乾安县": "乾安县", "乾安": "乾安",
    "乾陵": "乾陵", "乾州": "乾州", "乾縣人民政府": "乾县人民政府",
}

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PROTECTED_ORDER = sorted(_PROTECTED.items(), key=lambda kv: -len(kv[0]))


@functools.lru_cache(maxsize=1)
def _char_sets() -> tuple[frozenset, frozenset]:
    """(Traditional-only chars, Simplified-only chars) from OpenCC's own tables."""
    import opencc

    d = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def keys(name: str) -> dict[str, str]:
        out = {}
        with open(os.path.join(d, name), encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2 and len(parts[0]) == 1:
                    out[parts[0]] = parts[1].split(" ")[0]
        return out

    ts = keys("TSCharacters.txt")
    st = keys("STCharacters.txt")
    trad_only = frozenset(c for c, s in ts.items() if s != c and c not in st)
    simp_only = frozenset(c for c, t in st.items() if t != c and c not in ts)
    return trad_only, simp_only


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """OpenCC's t2s tables: (phrases, characters, longest phrase per first character)."""
    import opencc

    d = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def read(name: str) -> dict[str, str]:
        out = {}
        with open(os.path.join(d, name), encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 2:
                    out[parts[0]] = parts[1].split(" ")[0]
        return out

    phrases = read("TSPhrases.txt")
    chars = {k: v for k, v in read("TSCharacters.txt").items() if len(k) == 1}
    longest: dict[str, int] = {}
    for k in phrases:
        longest[k[0]] = max(longest.get(k[0], 0), len(k))
    return phrases, chars, longest


class _FastT2S:
    """OpenCC t2s (same dictionaries, longest phrase first, then characters), but
    fast: the pure-Python OpenCC takes ~100 ms on a 50 KB Traditional page."""

    def __init__(self) -> None:
        phrases, chars, _ = _tables()
        lengths: dict[str, set[int]] = {}
        for k in phrases:
            lengths.setdefault(k[0], set()).add(len(k))
        # per first character, the phrase lengths (2+) longest first: the only lookups
        # of convert_slow's longest-first loop that can succeed
        self.lengths = {ch: sorted((L for L in ls if L >= 2), reverse=True) for ch, ls in lengths.items()}
        firsts = [ch for ch in lengths if ord(ch) <= 0xFFFF]
        self.fast = len(firsts) == len(lengths) and bool(firsts)
        self.starts = re.compile("[" + "".join(map(re.escape, sorted(firsts))) + "]") if self.fast else None
        self.table = {ord(k): v for k, v in chars.items()}

    def convert(self, text: str) -> str:
        """convert_slow's result: runs without a phrase-initial character are mapped
        character by character with str.translate, phrases looked up where they can start."""
        if not self.fast:
            return self.convert_slow(text)
        phrases, chars, _ = _tables()
        lengths, table, search = self.lengths, self.table, self.starts.search
        out, i, n = [], 0, len(text)
        while i < n:
            m = search(text, i)
            if m is None:
                out.append(text[i:].translate(table))
                break
            j = m.start()
            if j > i:
                out.append(text[i:j].translate(table))
            ch = text[j]
            for L in lengths[ch]:
                if L <= n - j:
                    hit = phrases.get(text[j:j + L])
                    if hit is not None:
                        out.append(hit)
                        i = j + L
                        break
            else:
                out.append(chars.get(ch, ch))
                i = j + 1
        return "".join(out)

    def convert_slow(self, text: str) -> str:
        phrases, chars, longest = _tables()
        out, i, n = [], 0, len(text)
        while i < n:
            ch = text[i]
            lim = longest.get(ch, 0)
            if lim:
                for L in range(min(lim, n - i), 1, -1):
                    hit = phrases.get(text[i:i + L])
                    if hit is not None:
                        out.append(hit)
                        i += L
                        break
                else:
                    out.append(chars.get(ch, ch))
                    i += 1
            else:
                out.append(chars.get(ch, ch))
                i += 1
        return "".join(out)


@functools.lru_cache(maxsize=1)
def _t2s() -> _FastT2S:
    return _FastT2S()


_NON_HAN = re.compile("[^" + _HAN.pattern[1:-1] + "]+")


def _class(chars) -> re.Pattern | None:
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]") if chars else None


class _Counter:
    """Counts the characters of a set in a text inside the regex engine. A class of
    BMP characters compiles to a constant-time table; the astral ones (which would
    make that class a slow list of ranges) are only searched for in texts that hold
    any astral character at all."""

    def __init__(self, chars: frozenset) -> None:
        self.bmp = _class([c for c in chars if ord(c) <= 0xFFFF])
        self.astral = _class([c for c in chars if ord(c) > 0xFFFF])

    def count(self, text: str, astral: bool) -> int:
        n = len(self.bmp.findall(text)) if self.bmp else 0
        if astral and self.astral:
            n += len(self.astral.findall(text))
        return n


@functools.lru_cache(maxsize=1)
def _counters() -> tuple[_Counter, _Counter]:
    trad_only, simp_only = _char_sets()
    return _Counter(trad_only), _Counter(simp_only)


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han chars, Traditional-only chars, Simplified-only chars)."""
    trad_c, simp_c = _counters()
    astral = _ASTRAL.search(text) is not None
    han = len(_NON_HAN.sub("", text))
    return han, trad_c.count(text, astral), simp_c.count(text, astral)


def detect_script(text: str) -> str:
    """"traditional" when Traditional-only characters clearly dominate, else "simplified"."""
    if _counters()[0].count(text, _ASTRAL.search(text) is not None) < 5:
        return "simplified"  # the usual case: the full counts are not needed
    han, trad, simp = script_counts(text)
    if trad >= 5 and trad > 3 * simp and trad >= 0.03 * max(han, 1):
        return "traditional"
    return "simplified"


def to_simplified(text: str) -> str:
    """OpenCC t2s with protected names kept intact. Call only on Traditional text."""
    holders = {}
    for i, (src, dst) in enumerate(_PROTECTED_ORDER):
        if src in text:
            key = f"\ue000{i}\ue001"
            holders[key] = dst
            text = text.replace(src, key)
    out = _t2s().convert(text)
    for key, dst in holders.items():
        out = out.replace(key, dst)
    return out
