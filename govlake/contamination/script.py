"""Traditional-script detection and a safe Traditional → Simplified conversion.

OpenCC t2s is only applied to text that is actually Traditional: run on
Simplified text it damages real names (the county 乾县 becomes 干县). Even in
Traditional text a few place names are protected from the same damage.
"""

from __future__ import annotations

import functools
import os

from ._text import HAN as _HAN

# real names that t2s would corrupt (Traditional spelling → correct Simplified)
_PROTECTED = {
    "乾縣": "乾县", "乾县": "乾县", "乾安縣": "乾安县", "乾安县": "乾安县", "乾安": "乾安",
    "乾陵": "乾陵", "乾州": "乾州", "乾縣人民政府": "乾县人民政府",
}


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

    def convert(self, text: str) -> str:
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


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han chars, Traditional-only chars, Simplified-only chars)."""
    trad_only, simp_only = _char_sets()
    han = len(_HAN.findall(text))
    trad = sum(map(trad_only.__contains__, text))
    simp = sum(map(simp_only.__contains__, text))
    return han, trad, simp


def detect_script(text: str) -> str:
    """"traditional" when Traditional-only characters clearly dominate, else "simplified"."""
    han, trad, simp = script_counts(text)
    if trad >= 5 and trad > 3 * simp and trad >= 0.03 * max(han, 1):
        return "traditional"
    return "simplified"


def to_simplified(text: str) -> str:
    """OpenCC t2s with protected names kept intact. Call only on Traditional text."""
    holders = {}
    for i, (src, dst) in enumerate(sorted(_PROTECTED.items(), key=lambda kv: -len(kv[0]))):
        if src in text:
            key = f"\ue000{i}\ue001"
            holders[key] = dst
            text = text.replace(src, key)
    out = _t2s().convert(text)
    for key, dst in holders.items():
        out = out.replace(key, dst)
    return out
