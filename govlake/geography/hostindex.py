"""Source host -> place: read a government site's address as a division name.

Why: many reports name their unit only as 区教育局 or 我局, while the site they sit
on names the place — qianan.gov.cn (迁安市, unless 乾安县), www.gzhuaxi.gov.cn (贵州 + 花溪区),
hzxh.gov.cn (杭州 + 西湖区), xxgk.yn.gov.cn (云南). gov.cn domains spell division
names in pinyin: full (qianan, huaxi), initials (hlx = 黄龙县) or a parent prefix
before the child (gz+huaxi, gs+gz, sx+gp).

Never a guess:
- only official hosts are read (gov.cn, or the allowlist that contamination keeps);
  a mirror (bsgg666.com, njhuashan.com) gives no place at all;
- a full-pinyin reading counts when it names one division; several divisions
  (lishui = 丽水市 | 溧水区) count only when the text names one of them, else only
  the level they all share (a province), else nothing;
- an initials reading (hlx, sjz) is weak: it counts only as part of a real
  parent+child pair (gs+gz = 甘肃 > 甘州区) or when the text names the place;
- the label just before gov.cn owns the site; labels to its left (scjg.baotou,
  sthjt.hunan) count only when they name a division inside the owner's;
- a fully spelt place before a department's abbreviation (gd+hrss, zj+wjw) is
  that place's department site; a few owners are facts, not patterns
  (KNOWN_OWNERS: sz.gov.cn is 深圳's portal, xixianxinqu.gov.cn a new area in 陕西).

The index is built lazily once per process from the vendored gazetteer
(divisions.tsv, aliases) with pypinyin; every host's reading is cached, so a
look-up is a dict hit.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from govlake.schema import PROVINCES

from .gazetteer import Division, common_division as _common, gazetteer

# Province abbreviations used on gov.cn (unambiguous only; hn/hb/sx stand for
# several provinces and are read only as the parent of a real child).
PROVINCE_ABBR = {
    "bj": "11", "tj": "12", "nmg": "15", "nm": "15", "ln": "21", "jl": "22", "hlj": "23",
    "sh": "31", "js": "32", "zj": "33", "ah": "34", "fj": "35", "jx": "36", "sd": "37",
    "gd": "44", "gx": "45", "gxzf": "45", "cq": "50", "sc": "51", "yn": "53", "xz": "54",
    "sn": "61", "gs": "62", "qh": "63", "nx": "64", "xj": "65",
}
AMBIGUOUS_PROVINCE_ABBR = {"sx": ("14", "61"), "hn": ("41", "43", "46"), "hb": ("13", "42"),
                           "gz": ("52",)}
# Whole-domain owners whose reading is a fact, not a pattern (the label is ambiguous
# as initials): www.sz.gov.cn is 深圳's portal, www.gz.gov.cn 广州's, www.xa.gov.cn 西安's.
KNOWN_OWNERS = {"sz": "440300", "gz": "440100", "xa": "610100"}
# National-level new areas (国家级新区) are no GB/T 2260 division but run their own sites:
# the label names the area, the area lies in one province (or one prefecture).
KNOWN_OWNERS |= {
    "xixianxinqu": "610000", "xiongan": "130000", "xionganxinqu": "130000",
    "liangjiang": "500000", "liangjiangxinqu": "500000", "guianxinqu": "520000", "gaxq": "520000",
    "tianfuxinqu": "510000", "lanzhouxinqu": "620100", "jinpuxinqu": "210200",
    "xiangjiangxinqu": "430100", "dianzhongxinqu": "530000", "haerbinxinqu": "230100",
    "harbinxinqu": "230100", "changchunxinqu": "220100", "ganjiangxinqu": "360000",
    "xihaianxinqu": "370200",
}

# Labels of departments and site sections: no place (wjw = 卫健委, sthjt = 生态环境厅 …);
# after a place (gdhrss, zjwjw) they mark that place's department site.
DEPARTMENTS = frozenset("""
wjw jw fgw jyj jyt czj czt rsj rst hrss gaj gat mzj mzt sfj sft tjj tjt zrzyj zrzyt sthjj
sthjt scjg scjgj scjdglj amr ylbzj jtj jtt jtysj swj whlyj wlj slj nyncj nynct ajj yjglj
yjj zjj zjt hbj kjj kjt gxj gxt sjj zfcxjsj zjw fgj xfj wsjkw wjj tyj lyj sbj dag ybj
yjgl edu zwfw sj sjt gsj stc wst jxw gxw swt sswj stj tj
""".split())
NOISE = frozenset("""
www www1 www2 www3 m wap h5 mobile web site portal gov cn com net org info http https
zwgk xxgk zfxxgk xxgkml zfxxgkml gkml zw xx gk ggfw bsfw wsbs bsdt ggzy data english en
app api search s static img file files upload news xw xinwen sjb rmzf zf zfw
""".split()) | (DEPARTMENTS - {"tj", "sj"})
_STRIP_TAIL = ("rmzf", "zfw", "gov", "zf")
_LABEL = re.compile(r"^[a-z]{2,24}$")


@dataclass(frozen=True)
class HostReading:
    """What a host's labels say: candidate divisions (six-digit codes)."""

    host: str
    codes: tuple[str, ...]
    strong: bool          # full pinyin / known owner / parent+child pair; False: initials only
    how: str


# ------------------------------------------------------------------ the index


def _syllables(word: str) -> list[list[str]]:
    """Per character: pypinyin's reading in this word first, then its other readings."""
    from pypinyin import Style, lazy_pinyin, pinyin
    primary = lazy_pinyin(word, style=Style.NORMAL)
    options = pinyin(word, style=Style.NORMAL, heteronym=True)
    if len(options) != len(primary):
        return [[p] for p in primary]
    return [([p] + [o for o in opts if o != p])[:3] for p, opts in zip(primary, options)]


_DOUBLE_INITIALS = ("zh", "ch", "sh")


def _spellings(word: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """Full spellings and initials of a Chinese word: (full, initials) by pypinyin's
    phrase-aware reading, then (full, initials) by other readings of its characters
    (秦都 qindou | qindu, 长治 zhangzhi | changzhi); ü written v or u."""
    sylls = _syllables(word)
    if not sylls or any(not s or not s[0].isalpha() for s in sylls):
        return set(), set(), set(), set()
    out = [set(), set(), set(), set()]
    for n, combo in enumerate(itertools.islice(itertools.product(*sylls), 16)):
        f = "".join(combo)
        tier = 0 if n == 0 else 2
        out[tier] |= {x for x in (f, f.replace("v", "u"), f.replace("ü", "u")) if x.isascii()}
        i = "".join(s[0] for s in combo)
        if i.isascii():
            out[tier + 1].add(i)
            # zh, ch, sh kept whole, as some sites spell them (bjtzh: 北京 + 通州)
            i2 = "".join(s[:2] if s[:2] in _DOUBLE_INITIALS else s[0] for s in combo)
            if i2 != i and i2.isascii():
                out[tier + 1].add(i2)
    return out[0], out[1], out[2] - out[0], out[3] - out[1]


class HostIndex:
    """pinyin spelling -> division codes, built once from the gazetteer.

    Each table has two tiers: spellings by pypinyin's reading of the whole name, and
    spellings by other readings of its characters; a label is looked up in the
    second tier only when the first has nothing (hzxh: 西湖, not 余(xu)杭)."""

    def __init__(self) -> None:
        g = gazetteer()
        self.full: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        self.initials: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        self.ancestors: dict[str, frozenset[str]] = {
            c: frozenset(a.code for a in g.ancestors(c)[1:]) for c in g.divisions}
        for p in PROVINCES:
            self._put(self.full[0], p[0], p[2] + "0000")
        for abbr, prov in PROVINCE_ABBR.items():
            self._put(self.full[0], abbr, prov + "0000")
        for d in g.divisions.values():
            if d.level == "province":
                for s in _province_shorts(d):
                    sp = _spellings(s)
                    self._add(d.code, set(), sp[1], set(), sp[3])
                continue
            short = g.short.get(d.code) or ""
            bases = [b for b in (short, d.name) if len(b) >= 2]
            tail = d.name[-1] if d.name[-1] in "市县区旗州盟" else ""
            if short and tail and not short.endswith(tail):
                bases.append(short + tail)
            for b in dict.fromkeys(bases):
                full, ini, vfull, vini = _spellings(b)
                if b == d.name and len(b) > 4:     # 民和回族土族自治县: initials only
                    full, vfull = set(), set()
                self._add(d.code, full, ini, vfull, vini)
        for a in g.aliases:
            if a.code not in g.divisions:
                continue
            stem = a.name[:-1] if a.name[-1] in "市县区旗" and len(a.name) >= 3 else a.name
            sp = _spellings(stem)
            self._add(a.code, sp[0], set(), sp[2], set())

    def _add(self, code, full, ini, vfull, vini) -> None:
        for table, keys in ((self.full[0], full), (self.initials[0], ini),
                            (self.full[1], vfull), (self.initials[1], vini)):
            for k in keys:
                self._put(table, k, code)

    @staticmethod
    def _put(table: dict[str, set[str]], key: str, code: str) -> None:
        if len(key) >= 2:
            table.setdefault(key, set()).add(code)

    def within(self, child: str, parent: str) -> bool:
        return parent in self.ancestors.get(child, ())

    def _get(self, tables, key: str, tier: int | None = None) -> set[str]:
        if tier is not None:
            return tables[tier].get(key, set())
        return tables[0].get(key) or tables[1].get(key, set())

    # -------------------------------------------------------------- one label

    def pairs(self, label: str) -> set[str]:
        """Children read from label = parent prefix + child (gz+huaxi, gs+gz, sx+gp):
        by first readings if any pair is found so, else by any reading."""
        for tiers in ((0,), (0, 1)):
            found: set[str] = set()
            for i in range(2, len(label) - 1):
                head, rest = label[:i], label[i:]
                parents = {c + "0000" for c in AMBIGUOUS_PROVINCE_ABBR.get(head, ())}
                children: set[str] = set()
                for t in tiers:
                    parents |= self.full[t].get(head, set()) | self.initials[t].get(head, set())
                    children |= self.full[t].get(rest, set()) | self.initials[t].get(rest, set())
                parents = {c for c in parents if c.endswith("00")}  # only these have children
                if parents and children:
                    found |= {c for c in children if self.ancestors.get(c, frozenset()) & parents}
            if found:
                return found
        return set()

    def read_label(self, label: str, owner: bool) -> tuple[set[str], bool, str]:
        if label in KNOWN_OWNERS and (owner or len(label) > 2):
            return {KNOWN_OWNERS[label]}, True, "known portal"
        full = self._get(self.full, label)
        if full:
            return set(full), True, "full pinyin"
        found = self.department_site(label, min_tail=3)
        if found:
            return found
        pairs = self.pairs(label)
        if pairs:
            return pairs, True, "parent+child"
        found = self.department_site(label, min_tail=2)   # sd+sj: 2-letter tails after pairs
        if found:
            return found
        if len(label) >= 3:                 # two letters as initials name anything
            ini = self._get(self.initials, label)
            if ini:
                return set(ini), False, "initials"
        return set(), False, ""

    def department_site(self, label: str, min_tail: int) -> tuple[set[str], bool, str] | None:
        """gd+hrss, zj+wjw, hangzhou+edu: a department's site of a fully spelt place."""
        for i in range(2, len(label) - min_tail + 1):
            head, tail = label[:i], label[i:]
            if tail in DEPARTMENTS and len(tail) >= min_tail and self.full[0].get(head):
                return set(self.full[0][head]), True, f"{head!r} + department {tail!r}"
        return None

    def read_child(self, label: str, parents: set[str]) -> tuple[set[str], str]:
        """A left label read as a division inside one of `parents`."""
        for t in (0, 1):
            cands = self.full[t].get(label, set()) | self.initials[t].get(label, set())
            inside = {c for c in cands if self.ancestors.get(c, frozenset()) & parents}
            if inside:
                return inside, "child of the site owner"
        inside = {c for c in self.pairs(label) if self.ancestors.get(c, frozenset()) & parents}
        return inside, "child of the site owner"


def _province_shorts(d: Division) -> tuple[str, ...]:
    return next((p[3] for p in PROVINCES if p[2] == d.code[:2]), ())


@lru_cache(maxsize=1)
def host_index() -> HostIndex:
    """The process-wide index (built on first use)."""
    return HostIndex()


# ------------------------------------------------------------------ hosts


def _official_suffixes() -> tuple[str, ...]:
    try:
        from govlake.contamination.mirrors import official_suffixes
        return tuple(official_suffixes())
    except Exception:  # noqa: BLE001 - contamination unavailable: gov.cn only
        return ("gov.cn",)


def host_name(host: str | None) -> str:
    if not host:
        return ""
    h = re.sub(r"^[a-z][a-z0-9+.-]*://", "", str(host).strip().lower())
    return h.split("/")[0].split("@")[-1].split(":")[0].rstrip(".")


def place_labels(host: str | None) -> list[str] | None:
    """The labels of an official host that may name a place (None: not official)."""
    h = host_name(host)
    if not h:
        return None
    for suffix in _official_suffixes():
        if h == suffix or h.endswith("." + suffix):
            keep = h[: -len(suffix)].rstrip(".")
            if suffix != "gov.cn":          # allowlisted site: its own name may be a place
                keep = h.rsplit(".", 1)[0] if "." in h else h
            labels = []
            for lab in keep.split("."):
                for t in _STRIP_TAIL:
                    if lab.endswith(t) and len(lab) - len(t) >= 2 and lab not in NOISE:
                        lab = lab[: -len(t)]
                        break
                if lab and lab not in NOISE and _LABEL.match(lab):
                    labels.append(lab)
            return labels
    return None


@lru_cache(maxsize=8192)
def read_host(host: str | None) -> HostReading | None:
    """The divisions an official host names, before any text is seen (cached)."""
    labels = place_labels(host)
    if not labels:
        return None
    idx = host_index()
    owner = labels[-1]
    codes, strong, how = idx.read_label(owner, owner=True)
    how = f"{owner!r} {how}" if codes else ""
    if not codes and len(labels) > 1:
        # a two-letter owner (huaxi.gygov) names nothing alone, but can be a child's parent
        parents = {c for t in (0, 1) for c in idx.initials[t].get(owner, ()) if c.endswith("00")}
        inside, _ = idx.read_child(labels[-2], parents) if parents else (set(), "")
        if inside:
            codes, strong, how = inside, True, f"{labels[-2]!r} inside {owner!r}"
            labels = labels[:-1]
    for lab in reversed(labels[:-1]):
        if codes:
            inside, why = idx.read_child(lab, codes)
            if inside:
                codes, strong, how = inside, True, f"{lab!r} {why} ({how})"
        else:
            codes, strong, how = idx.read_label(lab, owner=False)
            how = f"{lab!r} {how}" if codes else ""
    if not codes:
        return None
    return HostReading(host_name(host), tuple(sorted(codes)), strong, how)


def _named_in(code: str, text: str) -> bool:
    g = gazetteer()
    d = g.get(code)
    if d is None or not text:
        return False
    short = g.short.get(code, "")
    if d.level == "province":
        return d.name in text or any(s in text for s in _province_shorts(d))
    # the full name or short name + type (梅河口市, 楚雄州), never a bare stem
    return d.name in text or (len(short) >= 2 and short + d.name[-1] in text)




@dataclass(frozen=True)
class HostPlace:
    """The one division a host places a report in, and why."""

    division: Division
    reason: str


def host_place(host: str | None, text: str = "", levels: tuple[str, ...] = ()) -> HostPlace | None:
    """The division an official host names, settled with the text where needed. `levels`:
    the levels the unit itself says its parent has (自治区生态环境厅: a province), which
    settle a host naming divisions of different levels (xinjiang = 新疆 | 新绛县)."""
    r = read_host(host)
    if r is None:
        return None
    g = gazetteer()
    codes = list(r.codes)
    if levels and len(codes) > 1 and r.strong:
        fitting = [c for c in codes if g.get(c).level in levels]
        if len(fitting) == 1:
            return HostPlace(g.get(fitting[0]), f"host {r.host}: {r.how}; the only "
                                                f"{'/'.join(levels)} of {len(codes)} divisions")
    if len(codes) == 1 and r.strong:
        return HostPlace(g.get(codes[0]), f"host {r.host}: {r.how}")
    named = [c for c in codes if _named_in(c, text)]
    if len(named) == 1:
        return HostPlace(g.get(named[0]), f"host {r.host}: {r.how}, confirmed by the text")
    if r.strong:
        common = _common(codes)
        if common is not None:
            return HostPlace(common, f"host {r.host}: {r.how}; {len(codes)} divisions, "
                                     f"certain only to {common.name}")
    return None
