"""Gambling/lottery/casino lexicon with an allowlist for government usage.

Off-the-shelf flagged-word lists misfire on 成人教育, 福利彩票 and 打击六合彩, so:
strong terms (brand and site names) count anywhere except inside an enforcement
context; weak terms count only outside allowlisted phrases and enforcement
contexts, and even then only weakly (score.py caps them below the spam line).
The word lists live in govlake/data/contamination/lexicon.json.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass
from importlib import resources

_WINDOW = 12  # characters either side searched for an enforcement word


@dataclass(frozen=True)
class Hit:
    term: str
    start: int
    end: int
    strong: bool      # a brand/site name outside any enforcement context
    span_end: int     # end of the brand phrase including site suffixes and ":"


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    path = resources.files("govlake") / "data" / "contamination" / "lexicon.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words) -> str:
    """A regex matching, at any position, the longest of `words` that matches there
    (what the longest-first alternation of _alt matches), as a trie: far fewer
    alternatives tried per position."""
    root: dict = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch.lower(), {})
        node[""] = {}

    def emit(node: dict) -> str:
        kids = sorted(k for k in node if k)
        if not kids:
            return ""
        alts = [re.escape(k) + emit(node[k]) for k in kids]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


def _uncased(ch: str) -> bool:
    return "0" <= ch <= "9" or "\u3400" <= ch <= "\u9fff"


# Most characters of a report (ASCII, punctuation, CJK symbols, Han, full-width forms)
_COMMON_CHARS = "".join(map(chr, itertools.chain(
    range(0x80), range(0x2000, 0x2070), range(0x3000, 0x3040), range(0x3400, 0xA000),
    range(0xFF00, 0xFFF0))))


def _class_without(chars: set[str]) -> re.Pattern:
    """A case-sensitive class of every character not in `chars`, written as ranges."""
    cps = sorted(map(ord, chars))
    spans, start = [], 0
    for k in range(1, len(cps) + 1):
        if k == len(cps) or cps[k] != cps[k - 1] + 1:
            a, b = chr(cps[start]), chr(cps[k - 1])
            spans.append(re.escape(a) if a == b else re.escape(a) + "-" + re.escape(b))
            start = k
    return re.compile("[^" + "".join(spans) + "]")


class _Strong:
    """The strong-term search of `re.compile(_alt(terms), re.I)`, faster.

    Terms are split by their first character: an uncased one (Han, digit) lets the
    regex engine skip quickly to candidate positions; the few Latin-initial terms get
    their own pattern. Both are tries (longest term at a position), and at most one
    of the two can match at a given position, so taking the earlier of the two next
    matches reproduces the single alternation's leftmost-longest, non-overlapping scan."""

    def __init__(self, terms: list[str]) -> None:
        self.plain = re.compile(_alt(terms), re.I)
        self.han = self.latin = None
        # trie keys fold case with str.lower: exact only for ASCII, Han and digits
        if not all(t and all(_uncased(c) or c.isascii() for c in t) for t in terms):
            return
        han = [t for t in terms if _uncased(t[0])]
        latin = [t for t in terms if not _uncased(t[0])]
        if han and latin and all("a" <= t[0].lower() <= "z" for t in latin):
            self.han = re.compile(_trie(han), re.I)
            # the look-ahead lets the engine reject most positions with one class test
            first = "".join(sorted({t[0].lower() for t in latin}))
            self.latin = re.compile("(?=[" + re.escape(first) + "])" + _trie(latin), re.I)
            # ... but a case-insensitive class costs ~30 ns a character: a case-sensitive
            # scan first skips to a character that could start a match. The common
            # characters the class cannot match are found by trying them all.
            starts = set(re.compile("[" + re.escape(first) + "]", re.I).findall(_COMMON_CHARS))
            self.latin_start = _class_without(set(_COMMON_CHARS) - starts)

    def _latin_search(self, text: str, pos: int):
        """self.latin.search(text, pos), from the first character that could start a match."""
        c = self.latin_start.search(text, pos)
        return None if c is None else self.latin.search(text, c.start())

    def finditer(self, text: str):
        han, latin = self.han, self.latin
        if han is None or latin is None:
            yield from self.plain.finditer(text)
            return
        pos = 0
        a = han.search(text, pos)
        b = self._latin_search(text, pos)
        while a is not None or b is not None:
            if b is None or (a is not None and a.start() < b.start()):
                m = a
            else:
                m = b
            yield m
            pos = m.end()
            if a is not None and a.start() < pos:
                a = han.search(text, pos)
            if b is not None and b.start() < pos:
                b = self._latin_search(text, pos)


@functools.lru_cache(maxsize=1)
def _patterns():
    lex = _lexicon()
    strong = _Strong(lex["strong"])
    weak = re.compile(_alt(lex["weak"]), re.I)
    allow = re.compile(_alt(lex["allow"]), re.I)
    enforce = re.compile(_alt(lex["enforcement"]))
    suffix = re.compile(r"(?:" + _alt(lex["site_suffix"]) + r"|\(中国\)|[0-9a-z.]+)*:?", re.I)
    return strong, weak, allow, enforce, suffix


@functools.lru_cache(maxsize=1)
def _families() -> "_Families | None":
    """Every family of lexicon.json "families": spam named by its trade and a site
    word, not by a list of brands. Each match is a strong term."""
    pats = [p for group in _lexicon().get("families", {}).values() for p in group]
    return _Families(pats) if pats else None


class _Families:
    """finditer over the families' patterns, fast.

    Tried as one alternation at every position the patterns cost ~3 ms on a report.
    Most are finite (a trade word × a site word): they are expanded into their
    strings and searched as one trie (_Strong), like the brand list; the few that are
    not (a look-ahead) stay a small regex. Matches come in text order, the longest
    first at one position, never overlapping."""

    def __init__(self, pats: list[str]) -> None:
        words: list[str] = []
        rest: list[str] = []
        for p in pats:
            expanded = _expand(p)
            if expanded is None:
                rest.append(p)
            else:
                words += expanded
        self.words = _Strong(sorted(set(words))) if words else None
        self.rest = re.compile("|".join(f"(?:{p})" for p in rest), re.I) if rest else None

    def finditer(self, text: str):
        found = []
        if self.words is not None:
            found += list(self.words.finditer(text))
        if self.rest is not None:
            found += list(self.rest.finditer(text))
        found.sort(key=lambda m: (m.start(), -m.end()))
        last = -1
        for m in found:
            if m.start() >= last and m.end() > m.start():
                last = m.end()
                yield m


_EXPAND_LIMIT = 20000


def _expand(pattern: str) -> list[str] | None:
    """Every string a finite pattern matches (literals, small classes, groups,
    alternation, `?`), lower-cased; None for anything else (a look-ahead, `*`)."""
    try:
        from re import _constants as c, _parser as sp
        parsed = sp.parse(pattern)
    except Exception:  # another Python's internals: keep it a regex
        return None

    def seq(items) -> list[str] | None:
        out = [""]
        for op, av in items:
            opts = one(op, av)
            if opts is None:
                return None
            out = [a + b for a in out for b in opts]
            if len(out) > _EXPAND_LIMIT:
                return None
        return out

    def one(op, av) -> list[str] | None:
        if op is c.LITERAL:
            return [chr(av).lower()]
        if op is c.IN:
            chars = []
            for iop, iav in av:
                if iop is not c.LITERAL:
                    return None
                chars.append(chr(iav).lower())
            return chars
        if op is c.SUBPATTERN:
            return seq(av[3])
        if op is c.BRANCH:
            out = []
            for branch in av[1]:
                b = seq(branch)
                if b is None:
                    return None
                out += b
            return out
        if op is c.MAX_REPEAT and av[1] == 1:
            inner = seq(av[2])
            return None if inner is None else ([""] if av[0] == 0 else []) + inner
        return None

    out = seq(parsed)
    return None if out is None else [w for w in out if w]


def _in_allow(text: str, start: int, end: int, allow: re.Pattern) -> bool:
    lo = max(0, start - 8)
    for m in allow.finditer(text, lo, min(len(text), end + 8)):
        if m.start() <= start and m.end() >= end:
            return True
    return False


def _enforcement_near(text: str, start: int, end: int, enforce: re.Pattern) -> bool:
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    for m in enforce.finditer(text, lo, hi):
        if m.end() <= start or m.start() >= end:  # not the hit itself
            return True
    return False


_PREFIX = re.compile(
    r"(?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
    r"广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|香港|澳门|台湾|极速|幸运)$")


def brand_span(text: str, start: int, end: int) -> int:
    """End of a brand phrase: the term plus site suffixes (官方网, 网址, 备用…) and a colon."""
    suffix = _patterns()[4]
    m = suffix.match(text, end)
    return m.end() if m else end


_HITS: dict[str, tuple[Hit, ...]] = {}  # recent texts → hits (analyze asks several times per text)
_HITS_MAX = 32


def find_hits(text: str) -> list[Hit]:
    """All lexicon hits, strong and weak, with allowlisted ones already removed."""
    hits = _HITS.get(text)
    if hits is None:
        hits = tuple(_find_hits(text))
        if len(_HITS) >= _HITS_MAX:
            try:
                _HITS.pop(next(iter(_HITS)), None)
            except (StopIteration, RuntimeError):  # emptied or resized by another thread
                pass
        _HITS[text] = hits
    return list(hits)


def _find_hits(text: str) -> list[Hit]:
    strong, weak, allow, enforce, _ = _patterns()
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    last = -1
    fam = _families()
    matches = list(strong.finditer(text))
    if fam is not None:
        matches = sorted(matches + list(fam.finditer(text)), key=lambda m: (m.start(), -m.end()))
    for m in matches:
        s, e = m.start(), m.end()
        if s < last:
            continue
        span = brand_span(text, s, e)
        last = span
        p = _PREFIX.search(text, max(0, s - 4), s)
        if p and p.end() == s:
            s = p.start()
        has_site = span > e and not text[e:span].rstrip(":").isdigit()
        innocent = _in_allow(text, s, e, allow) or (
            not has_site and _enforcement_near(text, s, e, enforce))
        # 福利彩票快乐十分 is a real lottery game when named with its issuer
        if not has_site and re.search(r"福利彩票|福彩|体育彩票|体彩", text[max(0, s - 8):s]):
            innocent = True
        taken.append((s, e))
        if not innocent:
            hits.append(Hit(m.group(0), s, e, True, span))
    for m in weak.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b or a < e <= b for a, b in taken):
            continue
        if _in_allow(text, s, e, allow) or _enforcement_near(text, s, e, enforce):
            continue
        hits.append(Hit(m.group(0), s, e, False, e))
    hits.sort(key=lambda h: h.start)
    return hits


@functools.lru_cache(maxsize=1)
def _any_word() -> re.Pattern:
    lex = _lexicon()
    words = _alt(lex["strong"] + lex["weak"] + lex["allow"] + lex["enforcement"])
    fam = [p for group in lex.get("families", {}).values() for p in group]
    return re.compile("|".join([words] + [f"(?:{p})" for p in fam]), re.I)


def vocabulary() -> list[str]:
    """Allowlist and enforcement wording: ordinary government vocabulary (salad training)."""
    lex = _lexicon()
    return lex["allow"] + lex["enforcement"]


def mentions_any(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds any lexicon word (such clauses are judged by the lexicon, not as salad)."""
    return bool(_any_word().search(text, start, len(text) if end is None else end))
