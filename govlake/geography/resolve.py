"""Resolve a report's unit to (province, prefecture, county, region code, admin level).

Why: partitions, marts and the missing-report registry all key on the unit's
place. The place is read from the unit name (or found in the text's title,
preamble or signature) as a chain of division names (云南省楚雄州武定县); an
ambiguous name (朝阳区, 通州区, 城关镇) is settled only by context — parent names
in the text, the source host, manifest hints — and otherwise left at the level
that is certain. Nothing here raises on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlake.schema import CENTRAL, PROVINCE_NAME, PROVINCES

from .gazetteer import Division, NameEntry, gazetteer, government_name, short_code
from .names import (GOVERNMENT_BODIES, TOWNSHIP_SUFFIX, classify_body, clean_name, clean_text,
                    township_unit_name)


@dataclass
class Resolution:
    """Where a report's unit sits; None where not certain."""

    province_key: str | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    region_code: str | None = None
    admin_level: str | None = None
    unit_name: str | None = None
    reason: str = ""
    candidates: list = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.province_key is not None


# ------------------------------------------------------------------ chains


@dataclass
class _Segment:
    start: int
    end: int
    entries: list[NameEntry]


def _match_at(s: str, i: int) -> tuple[int, list[NameEntry]]:
    g = gazetteer()
    for n in range(min(g.max_len, len(s) - i), 1, -1):
        entries = g.index.get(s[i:i + n])
        if not entries:
            continue
        strong = [e for e in entries if e.form != "stem"]
        if strong:
            return n, strong
        # a bare stem (武定, 襄樊) only counts before a body or another place name
        rest = s[i + n:]
        if not rest or rest.startswith(GOVERNMENT_BODIES) or _strong_at(s, i + n):
            return n, entries
    return 0, []


def _strong_at(s: str, i: int) -> bool:
    g = gazetteer()
    for n in range(min(g.max_len, len(s) - i), 1, -1):
        if any(e.form != "stem" for e in g.index.get(s[i:i + n], ())):
            return True
    return False


def _chains(s: str) -> list[list[_Segment]]:
    """Runs of adjacent division names in s (贵阳市花溪区 is one run of two)."""
    chains, i = [], 0
    while i < len(s):
        n, entries = _match_at(s, i)
        if not n:
            i += 1
            continue
        chain = [_Segment(i, i + n, entries)]
        j = i + n
        while j < len(s):
            m, more = _match_at(s, j)
            if not m:
                break
            chain.append(_Segment(j, j + m, more))
            j += m
        chains.append(chain)
        i = j
    return chains


def _narrow(chain: list[_Segment]) -> list[NameEntry]:
    """Candidates of the deepest name consistent with the names before it."""
    g = gazetteer()
    cands = chain[0].entries
    for seg in chain[1:]:
        inside = [e for e in seg.entries if any(g.is_within(e.code, c.code) and e.code != c.code
                                                for c in cands)]
        cands = inside or seg.entries
    best: dict[str, NameEntry] = {}
    rank = {"full": 0, "abbr": 1, "alias": 2, "stem": 3}
    for e in cands:
        if e.code not in best or rank[e.form] < rank[best[e.code].form]:
            best[e.code] = e
    return list(best.values())


# ------------------------------------------------------------------ context

_PROVINCE_HOST = {p[0]: p[2] for p in PROVINCES} | {
    "bj": "11", "tj": "12", "nmg": "15", "ln": "21", "jl": "22", "hlj": "23", "js": "32",
    "zj": "33", "ah": "34", "fj": "35", "jx": "36", "sd": "37", "gd": "44", "gx": "45",
    "gxzf": "45", "cq": "50", "sc": "51", "yn": "53", "gs": "62", "qh": "63", "nx": "64",
    "xj": "65", "xz": "54",
}
_HOST_NOISE = {"www", "gov", "cn", "com", "net", "org", "http", "https", "zwgk", "xxgk"}


def _host_labels(host: str | None) -> list[str]:
    if not host:
        return []
    host = re.sub(r"^[a-z]+://", "", str(host).strip().lower()).split("/")[0].split(":")[0]
    return [lab for lab in host.split(".") if lab and lab not in _HOST_NOISE]


def _pinyin(text: str) -> str:
    try:
        from pypinyin import lazy_pinyin
        return "".join(lazy_pinyin(text))
    except Exception:  # pragma: no cover
        return ""


def _context_score(code: str, text: str, labels: list[str], hints: dict) -> float:
    g = gazetteer()
    score = 0.0
    chain = g.ancestors(code)
    for anc in chain[1:]:
        names = [anc.name]
        if anc.level == "province":
            names += [s for p in PROVINCES if p[2] == anc.code[:2] for s in p[3]]
        if text and any(n in text for n in names):
            score += 2 if anc.level == "prefecture" else 1
    if labels:
        d = chain[0] if chain else None
        if d is not None:
            py = _pinyin(g.short.get(d.code, d.name))
            if py and any(lab == py or lab.startswith(py) and lab[len(py):] in ("qu", "xian", "shi", "zf")
                          for lab in labels):
                score += 3
        for anc in chain[1:]:
            if anc.level == "prefecture":
                apy = _pinyin(g.short.get(anc.code, anc.name))
                if apy and any(lab == apy or lab.startswith(apy) for lab in labels):
                    score += 2
        if any(_PROVINCE_HOST.get(lab) == code[:2] for lab in labels):
            score += 2
    if hints:
        hp = hints.get("province")
        if hp and any(p[0] == hp and p[2] == code[:2] for p in PROVINCES):
            score += 5
        rc = str(hints.get("region_code") or "")
        if rc and (code.startswith(rc[:6].rstrip("0") or "x") or rc.startswith(code[:4])):
            score += 5
        for key in ("prefecture", "county"):
            v = hints.get(key)
            if v and any(a.name == v or a.name.startswith(str(v)) for a in chain):
                score += 5
    return score


def _pick(codes: list[str], text: str, host: str | None, hints: dict) -> tuple[list[str], str]:
    if len(codes) <= 1:
        return codes, ""
    labels = _host_labels(host)
    scores = {c: _context_score(c, text, labels, hints) for c in codes}
    top = max(scores.values())
    best = [c for c in codes if scores[c] == top]
    if top > 0 and len(best) == 1:
        return best, "settled by context"
    return codes, ""


# ------------------------------------------------------------------ building results


def _path(code: str) -> str:
    return "".join(a.name for a in reversed(gazetteer().ancestors(code)))


def _fill(res: Resolution, d: Division, level: str) -> None:
    g = gazetteer()
    prov = g.province_of(d.code)
    pref = g.prefecture_of(d.code)
    res.province_key = d.province_key
    res.province = prov.name if prov else PROVINCE_NAME.get(d.province_key)
    res.prefecture = pref.name if pref else None
    res.county = d.name if d.level == "county" else None
    res.region_code = short_code(d.code, d.level if level != "prefecture" else "prefecture")


def _common(codes: list[str]) -> Division | None:
    """Deepest division containing every candidate."""
    g = gazetteer()
    chains = [[a.code for a in reversed(g.ancestors(c))] for c in codes]
    common = None
    for level in zip(*chains):
        if len(set(level)) != 1:
            break
        common = level[0]
    return g.get(common) if common else None


def _from_candidates(entries: list[NameEntry], body: tuple[str, str, str], place: str,
                     text: str, host: str | None, hints: dict, why: str) -> Resolution:
    g = gazetteer()
    kind, body_name, town = body
    year = hints.get("year")
    if isinstance(year, int) and len(entries) > 1:
        # an old name renamed before the report's year began no longer names anything
        current = [e for e in entries if not (e.alias and e.alias.date and e.alias.date < f"{year}-01-01")]
        entries = current or entries
    codes = [e.code for e in entries]
    codes, how = _pick(codes, text, host, hints)
    entry = next(e for e in entries if e.code == codes[0])
    unit_level = entry.level
    if kind == "township":
        level = "township"
    elif kind == "department":
        level = "department"
    else:
        level = unit_level
    res = Resolution(admin_level=level)
    res.candidates = [{"region_code": c, "name": _path(c)} for c in codes]
    if len(codes) == 1:
        d = g.get(codes[0])
        _fill(res, d, unit_level)
        if entry.form == "alias" and unit_level == "prefecture" and d.level == "county":
            res.county = None        # an abolished prefecture merged as a district (莱芜市)
        res.reason = f"{why}: {place} -> {_path(d.code)}" + (f" ({how})" if how else "")
        if entry.form == "alias" and entry.alias:
            res.reason += f"; old name {entry.alias.name} ({entry.alias.date or 'date unknown'})"
    else:
        common = _common(codes)
        if common is not None:
            _fill(res, common, common.level)
            res.county = None if common.level != "county" else res.county
        res.reason = (f"ambiguous: {place} in " + "; ".join(_path(c) for c in codes)
                      + (f"; certain only to {common.name}" if common else "; province unknown"))
    if entry.alias is not None:
        place_name = entry.alias.name           # keep the old name the report used
    elif len(codes) == 1:
        place_name = g.get(codes[0]).name       # expand abbreviations: 楚雄州 -> 楚雄彝族自治州
    else:
        place_name = place
    if kind == "township":
        res.unit_name = place_name + township_unit_name(town)
    elif kind == "department":
        res.unit_name = place_name + body_name
    else:
        if len(codes) == 1 and entry.alias is None:
            res.unit_name = government_name(g.get(codes[0]))
        else:
            res.unit_name = place_name + (body_name or "人民政府")
    return res


def _resolve_township_only(s: str, text: str, host, hints, why) -> Resolution | None:
    g = gazetteer()
    m = TOWNSHIP_SUFFIX.match(s)
    if not m:
        return None
    kind, _, town = classify_body(s)
    if kind != "township":
        return None
    counties = list(g.township_index.get(town, ()))
    if town.endswith("街道办事处"):
        counties = counties or list(g.township_index.get(town[:-3], ()))
    res = Resolution(admin_level="township", unit_name=township_unit_name(town))
    if not counties:
        res.reason = f"township {town} not in the gazetteer and no county named"
        return res
    # for townships the county itself is the context that counts
    labels = _host_labels(host)
    scores = {}
    for c in counties:
        d = g.get(c)
        sc = _context_score(c, text, labels, hints or {})
        names = [d.name] + ([g.short[c] + d.name[-1]] if c in g.short else [])
        if text and any(n in text for n in names):
            sc += 4
        scores[c] = sc
    top = max(scores.values())
    best = [c for c in counties if scores[c] == top] if top > 0 else counties
    res.candidates = [{"region_code": c, "name": _path(c) + town} for c in best]
    if len(best) == 1:
        d = g.get(best[0])
        _fill(res, d, "county")
        res.reason = f"{why}: township {town} -> {_path(d.code)} (settled by context)"
        return res
    common = _common(best)
    if common is not None:
        _fill(res, common, common.level)
        res.county = None if common.level != "county" else res.county
    res.reason = (f"ambiguous: township {town} in {len(best)} counties"
                  + (f"; certain only to {common.name}" if common else "; province unknown"))
    return res


_CENTRAL = re.compile(r"^(?:国务院|中华人民共和国|国家|中国|海关总署|审计署|外交部|国防部|教育部|科学技术部|"
                      r"工业和信息化部|公安部|民政部|司法部|财政部|人力资源和社会保障部|自然资源部|生态环境部|"
                      r"住房和城乡建设部|交通运输部|水利部|农业农村部|商务部|文化和旅游部|应急管理部|"
                      r"退役军人事务部|中国人民银行)")


def resolve_name(name: str, text: str = "", host: str | None = None, hints: dict | None = None,
                 why: str = "unit name") -> Resolution:
    """Resolve one unit-name string (already known to name the unit)."""
    hints = hints or {}
    s = clean_name(name)
    if not s:
        return Resolution(reason="empty unit name")
    chains = _chains(s)
    if not chains:
        res = _resolve_township_only(s, text, host, hints, why)
        if res is not None:
            return res
        if _CENTRAL.match(s):
            return Resolution(province_key=CENTRAL, province=PROVINCE_NAME[CENTRAL],
                              admin_level="department", unit_name=s,
                              reason=f"{why}: {s} is a central (State Council) body")
        return Resolution(unit_name=s, reason=f"no division name found in {s!r}")
    order = {"government": 0, "township": 0, "department": 0, "none": 1, "noise": 2}
    scored = []
    for chain in chains:
        body = classify_body(s[chain[-1].end:])
        if chain[0].start > 0 and body[0] in ("government", "none", "noise"):
            prefix = s[:chain[0].start]
            if re.search(r"(局|总局|分局|委员会|委|厅)$", prefix):   # 国家税务总局云南省税务局
                body = ("department", prefix + s[chain[-1].end:], "")
        scored.append((order[body[0]], chain[0].start, chain, body))
    scored.sort(key=lambda t: (t[0], t[1]))
    _, _, chain, body = scored[0]
    entries = _narrow(chain)
    place = s[chain[0].start:chain[-1].end]
    if body[0] == "department" and chain[0].start > 0:
        place = ""
    res = _from_candidates(entries, body, place or s[chain[0].start:chain[-1].end], text, host, hints, why)
    if body[0] == "department" and chain[0].start > 0:
        res.unit_name = s
    return res


# ------------------------------------------------------------------ finding the unit in a text

_YEAR = r"(?:19|20)\d{2}\s*年"
_PHRASE_PATTERNS = (
    (1, re.compile(r"现(?:予以|将|就)?公布(?:了)?([^\s，。,：:；;《》()（）]{2,40}?)\s*" + _YEAR)),
    (2, re.compile(r"由\s*([^\s，。,：:；;《》]{2,40}?)\s*(?:综合|编制|汇总|按照|根据|负责|会同|牵头|依据|结合|在)")),
    (2, re.compile(r"发布机构\s*[:：]\s*([^\s，。,；;]{2,40})")),
    (2, re.compile(r"([^\s，。,：:；;《》()（）]{2,40}?)\s*(?:关于)?\s*" + _YEAR +
                   r"\s*度?\s*(?:本级)?\s*政府信息(?:与政务)?公开")),
    (3, re.compile(_YEAR + r"\s*度?\s*([^\s，。,：:；;《》()（）]{2,40}?)\s*政府信息公开(?:工作)?(?:年度)?(?:报告|年报)")),
    (4, re.compile(r"来源\s*[:：]\s*([^\s，。,；;]{2,40})")),
)
_SIGNATURE = re.compile(r"^[^\s，。,：:；;]{2,40}(?:人民政府|办公室|办公厅|行政公署|局|委员会|街道办事处)$")
_GOV_MENTION = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:人民政府|行政公署)")


def _title_phrases(lines: list[str]) -> list[str]:
    out = []
    for line in lines[:15]:
        if len(line) > 90 or not re.search(r"报告|年报", line):
            continue
        m = re.search(r"关于|" + _YEAR, line)
        left = line[:m.start()] if m else line
        right = line[m.end():] if m else ""
        out += [p for p in (left, right) if p.strip()]
    return out


def find_unit_phrases(text: str) -> list[tuple[int, str]]:
    """Candidate unit phrases in a (cleaned) text, best first."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    found: list[tuple[int, int, str]] = []
    for p in _title_phrases(lines):
        found.append((1, 0, p))
    head = text[:4000]
    for prio, pat in _PHRASE_PATTERNS:
        for m in pat.finditer(head):
            found.append((prio, m.start(), m.group(1)))
    for line in lines[-12:]:
        if _SIGNATURE.match(line):
            found.append((3, 0, line))
    found.sort(key=lambda t: (t[0], t[1]))
    return [(p, s) for p, _, s in found]


def _from_text(text: str, host, hints) -> Resolution:
    phrases = find_unit_phrases(text)
    partial: Resolution | None = None
    for _, phrase in phrases:
        res = resolve_name(phrase, text, host, hints, why="found in text")
        if res.resolved and res.region_code:
            res.reason += f" [phrase {phrase[:30]!r}]"
            if res.candidates and len(res.candidates) > 1:
                partial = partial or res
                continue
            return res
        if res.candidates and partial is None:
            partial = res
    # fallback: the most mentioned government in the text
    counts: dict[str, int] = {}
    for m in _GOV_MENTION.finditer(text):
        for chain in _chains(clean_name(m.group(1))):
            key = m.group(1)[chain[0].start:] if chain else m.group(1)
            counts[key] = counts.get(key, 0) + 1
    for name, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3]:
        res = resolve_name(name + "人民政府", text, host, hints, why="most mentioned government")
        if res.resolved and len(res.candidates) <= 1:
            return res
    if partial is not None:
        return partial
    return Resolution(reason="no unit name found in the text")


def resolve_unit(unit_name: str | None, text: str = "", *, host: str | None = None,
                 hints: dict | None = None) -> Resolution:
    """Resolve a report's unit from its name, or from its text when the name is missing."""
    try:
        hints = dict(hints) if isinstance(hints, dict) else {}
        text = clean_text(text) if isinstance(text, str) else ""
        name = unit_name if isinstance(unit_name, str) and unit_name.strip() else hints.get("unit_name")
        if isinstance(name, str) and name.strip():
            res = resolve_name(name, text, host, hints)
            if res.resolved or not text:
                return res
            found = _from_text(text, host, hints)
            if found.resolved:
                found.reason = f"unit name {name!r} unresolved ({res.reason}); " + found.reason
                return found
            return res
        if not text:
            return Resolution(reason="no unit name and no text")
        return _from_text(text, host, hints)
    except Exception as exc:  # never raise on odd input
        return Resolution(reason=f"resolution failed: {type(exc).__name__}: {exc}")
