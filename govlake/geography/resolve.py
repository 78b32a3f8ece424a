"""Resolve a report's unit to (province, prefecture, county, region code, admin level).

Why: partitions, marts and the missing-report registry all key on the unit's
place. The place is read from the unit name (or found in the text's title,
preamble or signature) as a chain of division names (云南省楚雄州武定县); an
ambiguous name (朝阳区, 通州区, 城关镇) is settled only by context — parent names
in the text, the source host, manifest hints — and otherwise left at the level
that is certain. A unit named without its place (县教育局, 区人民政府办公室, 我局)
is put under a parent the text names or, failing that, under the division its
official source host names (hostindex.py; a mirror's host never places). When
text and host disagree the text wins and the reason says so. Nothing here raises
on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govlake.schema import CENTRAL, PROVINCE_NAME, PROVINCES

from .gazetteer import Division, NameEntry, gazetteer, government_name, short_code
from .gazetteer import common_division as _common
from .hostindex import HostReading, host_index, host_place, read_host
from .names import (GOVERNMENT_BODIES, TOWNSHIP_SUFFIX, bare_unit, classify_body, clean_name,
                    clean_text, township_unit_name)
from .parent import BARE_LEVEL, fit, place_under, self_reference
from .clues import stated_province


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
    # a unit named without its place (县教育局, 我局): its kind, bare type and body,
    # so that a parent from the text or the source host can still place it
    unit_kind: str | None = None
    bare_type: str = ""
    body: str = ""

    @property
    def resolved(self) -> bool:
        return self.province_key is not None


# ------------------------------------------------------------------ chains


@dataclass
class _Segment:
    start: int
    end: int
    entries: list[NameEntry]


# A short form right before one of these is the name of a street or township, not the
# division (北京街道 lies in 广州市越秀区, 湖南路街道 in 南京): unless a division name
# follows (江苏镇江 is 江苏 > 镇江市).
_TOWNSHIP_WORDS = ("街道", "街办", "镇", "乡", "苏木", "路", "大街", "社区", "村")


# a development zone named after its county (饶阳经济开发区): the stem is the county's
# (益阳高新区, 益阳高新技术产业开发区: the zone words as real names shorten them)
_ZONE = re.compile(r"(?:经济技术|经济|高新技术|高新|工业|产业)(?:产业)?(?:开发区|园区|产业园|区)")


def _match_at(s: str, i: int) -> tuple[int, list[NameEntry]]:
    g = gazetteer()
    for n in range(min(g.max_len, len(s) - i), 1, -1):
        entries = g.index.get(s[i:i + n])
        if not entries:
            continue
        if (s.startswith(_TOWNSHIP_WORDS, i + n) and all(e.form != "full" for e in entries)
                and not _strong_at(s, i + n)):
            continue
        strong = [e for e in entries if e.form != "stem"]
        if strong:
            return n, strong
        # a bare stem (武定, 襄樊) only counts before a body or another place name
        rest = s[i + n:]
        if not rest or rest.startswith(GOVERNMENT_BODIES) or _strong_at(s, i + n) or _ZONE.match(rest):
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

def _context_score(code: str, text: str, reading: HostReading | None, hints: dict) -> float:
    g = gazetteer()
    score = 0.0
    chain = g.ancestors(code)
    for anc in chain[1:]:
        names = [anc.name]
        if anc.level == "province":
            names += [s for p in PROVINCES if p[2] == anc.code[:2] for s in p[3]]
        if text and any(n in text for n in names):
            score += 2 if anc.level == "prefecture" else 1
    if reading is not None:
        idx = host_index()
        eq, near = (3, 2) if reading.strong else (1, 1)
        if code in reading.codes:
            score += eq
        elif any(idx.within(code, h) or idx.within(h, code) for h in reading.codes):
            score += near
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
    reading = read_host(host)
    scores = {c: _context_score(c, text, reading, hints) for c in codes}
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


_NEW_AREA = re.compile(r"^.{2,12}?(?:新区|开发区|高新区|园区|示范区|管委会|管理委员会|实验区|试验区)"
                       r"(.{2,12}?(?:街道办事处|街道|苏木|镇|乡))$")


def _township_counties(town: str) -> tuple[str, list[str]]:
    """The gazetteer's counties for a township name (西咸新区底张街道 -> 底张街道)."""
    g = gazetteer()
    names = [town, town[:-3] if town.endswith("街道办事处") else ""]
    m = _NEW_AREA.match(town)
    if m:
        core = m.group(1)
        names += [core, core[:-3] if core.endswith("街道办事处") else ""]
    for t in names:
        if t and g.township_index.get(t):
            return t, list(g.township_index[t])
    return town, []


def _renamed_township(town: str, text: str, host) -> tuple[str, list[str]]:
    """大五里镇 unlisted, 大五里乡 listed: the list lags behind 撤乡设镇. The other form
    counts only where the source host or the text names its county too (never alone)."""
    g = gazetteer()
    base = town[:-1] if town.endswith(("镇", "乡")) else ""
    if not base or len(base) < 2:
        return town, []
    other = base + ("乡" if town.endswith("镇") else "镇")
    counties = list(g.township_index.get(other, ()))
    reading = read_host(host)
    host_codes = set(reading.codes) if reading is not None else set()
    backed = [c for c in counties
              if c in host_codes or (text and g.get(c) is not None and g.get(c).name in text)]
    return (other, backed) if len(backed) == 1 else (town, [])


def _resolve_township_only(s: str, text: str, host, hints, why) -> Resolution | None:
    g = gazetteer()
    m = TOWNSHIP_SUFFIX.match(s)
    if not m:
        return None
    kind, _, town = classify_body(s)
    if kind != "township":
        return None
    core, counties = _township_counties(town)
    res = Resolution(admin_level="township", unit_name=township_unit_name(town),
                     unit_kind="township", body=town)
    renamed = ""
    if not counties:
        core, counties = _renamed_township(town, text, host)
        renamed = f" (listed as {core}: a 乡 made a 镇, or back, since the list was made)" if counties else ""
    if not counties:
        res.reason = f"township {town} not in the gazetteer and no county named"
        return res
    hp = host_place(host, text)
    if hp is not None and hp.division.level != "province" and not any(
            c == hp.division.code or g.is_within(c, hp.division.code) for c in counties):
        # the township list lags behind reality; the site is that division's own
        res.reason = (f"township {core} listed only under "
                      + "; ".join(_path(c) for c in counties[:3])
                      + f", not under the host's {hp.division.name}")
        return res
    # for townships the county itself is the context that counts
    reading = read_host(host)
    scores = {}
    for c in counties:
        d = g.get(c)
        sc = _context_score(c, text, reading, hints or {})
        names = [d.name] + ([g.short[c] + d.name[-1]] if c in g.short else [])
        if text and any(n in text for n in names):
            sc += 4
        scores[c] = sc
    top = max(scores.values())
    best = [c for c in counties if scores[c] == top] if top > 0 else counties
    res.candidates = [{"region_code": c, "name": _path(c) + core} for c in best]
    if len(best) == 1:
        d = g.get(best[0])
        _fill(res, d, "county")
        how = "unique in the gazetteer" if len(counties) == 1 else "settled by context"
        res.reason = f"{why}: township {core} -> {_path(d.code)} ({how}){renamed}"
        return res
    common = _common(best)
    if common is not None:
        _fill(res, common, common.level)
        res.county = None if common.level != "county" else res.county
    res.reason = (f"ambiguous: township {core} in {len(best)} counties"
                  + (f"; certain only to {common.name}" if common else "; province unknown"))
    return res


_CENTRAL = re.compile(r"^(?:国务院|中华人民共和国|国家|中国|海关总署|审计署|外交部|国防部|教育部|科学技术部|"
                      r"工业和信息化部|公安部|民政部|司法部|财政部|人力资源和社会保障部|自然资源部|生态环境部|"
                      r"住房和城乡建设部|交通运输部|水利部|农业农村部|商务部|文化和旅游部|应急管理部|"
                      r"退役军人事务部|中国人民银行)")


_DEPT_THEN_WORDS = re.compile(r"(.{1,12}?(?:局|委员会))(?!会|局)")


def resolve_name(name: str, text: str = "", host: str | None = None, hints: dict | None = None,
                 why: str = "unit name") -> Resolution:
    """Resolve one unit-name string (already known to name the unit)."""
    hints = hints or {}
    s = clean_name(name)
    if not s:
        return Resolution(reason="empty unit name")
    chains = _chains(s)
    kind, _, town = classify_body(s)
    if kind == "township" and chains:
        # 建宁乡: the stem 宁乡 is no place when it ends the township's own name
        chains = [c for c in chains if not (c[0].start > 0 and c[-1].end == len(town))]
    if not chains:
        res = _resolve_township_only(s, text, host, hints, why)
        if res is not None:
            return res
        if _CENTRAL.match(s):
            return Resolution(province_key=CENTRAL, province=PROVINCE_NAME[CENTRAL],
                              admin_level="department", unit_name=s,
                              reason=f"{why}: {s} is a central (State Council) body")
        res = Resolution(unit_name=s, reason=f"no division name found in {s!r}")
        bare = bare_unit(s)
        if bare is not None:
            res.unit_kind, res.bare_type, res.body = bare
            res.admin_level = bare[0] if bare[0] in ("department", "township") else None
            if bare[0] == "government" and bare[1] in BARE_LEVEL:
                res.admin_level = BARE_LEVEL[bare[1]]
            if not bare[2]:
                res.unit_name = None           # 我局: the unit, but no name
        return res
    order = {"government": 0, "township": 0, "department": 0, "none": 1, "noise": 2}
    scored = []
    for chain in chains:
        body = classify_body(s[chain[-1].end:])
        if body[0] == "noise":
            # 统计局围绕年度, 自然资源局政府信息公开工作: a department, then other words
            m = _DEPT_THEN_WORDS.match(s, chain[-1].end)
            if m and classify_body(m.group(1))[0] == "department":
                body = classify_body(m.group(1))
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
    if body[0] == "department" and (chain[0].start > 0 or _ZONE.match(body[1])):
        # a zone keeps its own name (苏州工业园区, not 苏州市工业园区); a national body's
        # branch its prefix (国家税务总局云南省税务局); other words before the place do not
        # belong to the name (标题西藏自治区审计厅, 编制万源市交通运输局)
        prefix = s[:chain[0].start]
        res.unit_name = s if not prefix or _BODY_PREFIX.search(prefix) else s[chain[0].start:]
    return res


_BODY_PREFIX = re.compile(r"(?:局|总局|分局|委员会|委|厅|部|署|银行|公司)$")


# ------------------------------------------------------------------ finding the unit in a text

_YEAR = r"(?:19|20)\d{2}\s*年"
_UNIT_END = r"(?:局|委员会|委|厅|办公室|政府|中心|街道办事处|办事处|街道|镇|乡|苏木|办|管委会)"
_ACTS = (r"(?:坚持|认真|按照|严格|深入|始终|紧紧|全面|进一步|围绕|以|在|立足|聚焦|高度|积极|持续|不断|切实|"
         r"着力|继续|依法|结合|贯彻|扎实|牢固|主动|大力|准确|根据|依据|紧扣|把|将|共)")
_PHRASE_PATTERNS = (
    # 现公布鄂温克族自治旗民族事务委员会(以下简称旗民委)2024年…
    # 现发布《银川市民族事务委员会(宗教事务局)2024年…》
    (1, re.compile(r"现(?:予以|将|就)?(?:公布|公开|发布)(?:了)?《?([^\s，。,：:；;《》()（）]{2,40}?)\s*"
                   r"(?:[(（][^()（）]{1,12}[)）])?\s*" + _YEAR)),
    (2, re.compile(r"由\s*([^\s，。,：:；;《》]{2,40}?)\s*(?:综合|编制|汇总|按照|根据|负责|会同|牵头|依据|结合|在)")),
    (2, re.compile(r"发布机构\s*[:：]\s*([^\s，。,；;]{2,40})")),
    (2, re.compile(r"([^\s，。,：:；;《》()（）]{2,40}?)\s*(?:关于)?\s*" + _YEAR +
                   r"\s*度?\s*(?:本级)?\s*政府信息(?:与政务)?公开")),
    (3, re.compile(_YEAR + r"\s*度?\s*([^\s，。,：:；;《》()（）]{2,40}?)\s*(?:人民)?(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)")),
    # the opening sentence: 2022年，广州市交通运输局在…  /  …领导下，市体育局坚持…
    # (the unit may carry a short name: 盘锦辽滨沿海经济技术开发区管理委员会(以下简称“经开区”)深入…)
    (3, re.compile(r"(?:^|\n)[^\S\n]*(?:[(（]?[一1][)）、.]?\s*总体情况\s*)?" + _YEAR + r"\s*度?\s*[,，]"
                   r"[^。\n]{0,60}?([^\s，。,：:；;《》()（）、]{2,30}?" + _UNIT_END + r")\s*"
                   r"(?:[(（][^()（）]{1,20}[)）])?\s*" + _ACTS)),
    # 2022年，辽宁省坚持… : a division itself the opening sentence's subject is its government
    (3, re.compile(r"(?:^|\n)[^\S\n]*" + _YEAR + r"\s*度?\s*[,，]\s*"
                   r"([^\s，。,：:；;《》()（）、]{2,12}?(?:自治区|省|市|自治州|州|盟|县|区|旗))\s*" + _ACTS)),
    # 涵盖了2022年麒麟区自然资源局政府信息公开工作 (no 报告 after it)
    (3, re.compile(_YEAR + r"\s*度?\s*([^\s，。,：:；;《》()（）、]{2,30}?" + _UNIT_END + r")\s*(?:人民)?政府信息公开")),
    # 2022年度句容市交通运输局认真贯彻… (no comma after the year)
    (3, re.compile(_YEAR + r"\s*度?\s*([^\s，。,：:；;《》()（）、]{2,30}?" + _UNIT_END + r")\s*" + _ACTS)),
    # 一、总体情况 衡阳市乡村振兴局认真贯彻… (the first sentence's subject, no year)
    # …总体情况 按照区委、区政府有关要求，区政府政务服务办进一步… (after a leading clause)
    (3, re.compile(r"总体情况\s*(?:[^。\n]{0,40}?[,，]\s*)?([^\s，。,：:；;《》()（）、]{2,30}?"
                   + _UNIT_END + r")\s*" + _ACTS)),
    # 覃家岗街道2024年度工作报告根据… (a line that opens with the unit and the year)
    (3, re.compile(r"(?:^|\n)[^\S\n]*([^\s，。,：:；;《》()（）、]{2,30}?" + _UNIT_END + r")\s*" + _YEAR
                   + r"\s*度?[^。\n]{0,12}?(?:报告|年报)")),
    # 2022年通过义乌市教育局政务网站主动公开… / 我局在句容市住房和城乡建设局官网上主动公开…
    # (a department named by its own site)
    (4, re.compile(r"(?:通过|在)\s*[“\"]?([^\s，。,：:；;《》()（）、“”\"]{2,30}?(?:局|委员会))[”\"]?\s*"
                   r"(?:政务|门户)?(?:网站|官网|微博|微信|公众号)")),
    # 如对本报告有疑问，请与青岛市政府信息公开办公室联系
    (5, re.compile(r"请与\s*([^\s，。,：:；;《》()（）、]{2,30}?)\s*联系")),
    (4, re.compile(r"来源\s*[:：]\s*([^\s，。,；;]{2,40})")),
)
_COMPILES = re.compile(r"(?:结合|根据|按照|依据)(?:(?!结合|根据|按照|依据)[^。]){0,60}?编制")
# (the unit may carry its second name: 杭州市余杭区司法局(区行政复议局)根据…编制本报告)
_UNIT_BEFORE = re.compile(r"([^\s，。,：:；;《》()（）、]{2,30}?" + _UNIT_END + r")\s*"
                          r"(?:[(（][^()（）]{1,12}[)）])?\s*$")
_SIGNATURE = re.compile(r"^[^\s，。,：:；;]{2,40}(?:人民政府|办公室|办公厅|行政公署|局|委员会|街道办事处)$")
_GOV_MENTION = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:人民政府|行政公署)")


_PROSE_START = ("根据", "依据", "按照", "依照", "为", "本")
_DISCLOSURE = re.compile(r"\s*(?:关于)?\s*度?\s*(?:本级)?\s*(?:人民)?(?:政府信息|政务|信息)(?:与政务)?公开")


def _title_phrases(lines: list[str]) -> list[str]:
    out = []
    for line in lines[:15]:
        if len(line) > 90 or not re.search(r"报告|年报", line) or line.startswith(_PROSE_START):
            continue
        m = re.search(r"关于|" + _YEAR, line)
        left = line[:m.start()] if m else line
        right = line[m.end():] if m else ""
        for p in (left, right):
            p = _DISCLOSURE.split(p)[0]          # 金华市财政局政府信息公开… -> 金华市财政局
            if p.strip() and not re.search(r"[《》,，。；;]", p):
                out.append(p)
    return out


# what a phrase may carry before the unit: 现将 / 现公开 / 我局编制并向社会公开 + 莆田市涵江区…
_PHRASE_LEAD = re.compile(r"^(?:(?:现|特|经|并|予以|我局|本局|我单位|本单位)[^\s]{0,10}?(?:公开|公布|发布|现将|将)"
                         r"|年度|度|标题[:：]?|由|编制)")
# …and after it: 中山市自然资源局 + 政府信息公开工作
_PHRASE_TAIL = re.compile(r"(?:政府信息公开(?!办|领导)|信息公开工作|政务公开工作(?!领导)|特?编制|围绕|"
                          r"编写|编印|[(（]以下简称).*$")


def _trim_phrase(p: str) -> str:
    q = _PHRASE_LEAD.sub("", p)
    q = _PHRASE_TAIL.sub("", q)
    return q if len(q) >= 2 else p


def _in_notice_title(head: str, start: int, end: int) -> bool:
    """True when head[start:end] sits inside 《…》 naming another document (a notice
    关于做好…年度报告…的通知 names the office that sent it, not the report's unit)."""
    open_at = head.rfind("《", 0, start)
    if open_at < 0 or head.rfind("》", 0, start) > open_at:
        return False
    close = head.find("》", end)
    title = head[open_at:close if close >= 0 else end + 60]
    return "关于" in title or "通知" in title


def find_unit_phrases(text: str) -> list[tuple[int, str]]:
    """Candidate unit phrases in a (cleaned) text, best first."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    found: list[tuple[int, int, str]] = []
    for p in _title_phrases(lines):
        found.append((1, 0, p))
    head = text[:4000]
    for prio, pat in _PHRASE_PATTERNS:
        for m in pat.finditer(head):
            phrase = m.group(1)
            if "关于" in phrase or _in_notice_title(head, m.start(1), m.end(1)):
                continue      # 安徽省政务公开办公室关于做好…的通知: the sender of a notice
            phrase = _trim_phrase(phrase)
            if phrase not in ("政府", "人民政府"):   # 2022年政府信息公开…: no unit at all
                found.append((prio, m.start(), phrase))
    # …，黄龙县市场监督管理局结合单位实际，编制本单位…报告 (found from the verb back)
    for m in _COMPILES.finditer(head):
        u = _UNIT_BEFORE.search(head, max(0, m.start() - 46), m.start())
        if u:
            found.append((3, u.start(), u.group(1)))
    for line in lines[-12:]:
        if _SIGNATURE.match(line):
            found.append((3, 0, line))
    found.sort(key=lambda t: (t[0], t[1]))
    return [(p, s) for p, _, s in found]


def _most_mentioned(text: str, host, hints) -> Resolution | None:
    """The government the text names most often, when that settles one place."""
    counts: dict[str, int] = {}
    for m in _GOV_MENTION.finditer(text):
        for chain in _chains(clean_name(m.group(1))):
            key = m.group(1)[chain[0].start:] if chain else m.group(1)
            counts[key] = counts.get(key, 0) + 1
    for name, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:3]:
        res = resolve_name(name + "人民政府", text, host, hints, why="most mentioned government")
        if res.resolved and len(res.candidates) <= 1:
            return res
    return None


def _division_of(res: Resolution) -> Division | None:
    if not res.region_code or res.province_key in (None, CENTRAL):
        return None
    return gazetteer().get(res.region_code)


_WHOLE = re.compile(r"全(区|县|市|旗|州|盟)")
_ADDRESSES_DEPARTMENTS = re.compile(r"各(?:乡|镇|街道|苏木)[^。\n]{0,12}?各部门|各部门")


def _whole_government(text: str) -> tuple[str, str] | None:
    """("government", 区) for a government's own report that never says 我区 but speaks
    to its departments and of the whole district (各乡(镇、区)、各部门…全区…)."""
    head = text[:6000]
    if not _ADDRESSES_DEPARTMENTS.search(head):
        return None
    counts: dict[str, int] = {}
    for m in _WHOLE.finditer(head):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    best = [k for k, v in counts.items() if v == top]
    return ("government", best[0]) if len(best) == 1 else None


def _self_unit(text: str) -> Resolution | None:
    sr, whole = self_reference(text), None
    if sr is None:
        sr = whole = _whole_government(text)
    if sr is None:
        return None
    kind, bare_type = sr
    level = {"department": "department", "township": "township"}.get(kind, BARE_LEVEL.get(bare_type))
    as_ = f"a {bare_type} government (我{bare_type})" if bare_type else f"a {kind}"
    if whole:
        as_ = f"a {bare_type} government (全{bare_type}, 各部门)"
    return Resolution(admin_level=level, unit_kind=kind, bare_type=bare_type,
                      reason=f"no unit name; the text speaks as {as_}")


_TYPE_CHARS = re.compile("[省市州盟县区旗]")


def _mentioned_fit(text: str, bare_type: str, at_least: int = 1) -> Division | None:
    """The division of the bare unit's type the text names most (县乡村振兴局 and
    青川县门户网站 -> 青川县), when one leads with at least `at_least` mentions."""
    if not bare_type:
        return None
    g = gazetteer()
    head = text[:6000]
    counts: dict[str, int] = {}
    for m in _TYPE_CHARS.finditer(head):
        if m.group(0) != bare_type:
            continue
        i = m.end()
        for k in range(min(12, i), 1, -1):
            codes = {e.code for e in g.index.get(head[i - k:i], ()) if e.form in ("full", "abbr")}
            if codes:
                if len(codes) == 1:
                    c = codes.pop()
                    counts[c] = counts.get(c, 0) + 1
                break
    if bare_type == "省" and not counts:
        # a province named by its short form only (对山东工作的重要指示, 山东国防动员)
        for p in PROVINCES:
            # the short forms only: a full name (山东省) holds its short form and counts once
            n = sum(head.count(name) for name in set(p[3]) if len(name) >= 2)
            if n and g.get(p[2] + "0000") is not None:
                counts[p[2] + "0000"] = n
        if len(counts) != 1 or max(counts.values()) < 2:
            return None      # two provinces named, or one named once (对口支援新疆): no place
    fits = {c: n for c, n in counts.items() if fit(g.get(c), bare_type) == g.get(c)}
    if not fits:
        return None
    top = max(fits.values())
    best = [c for c, n in fits.items() if n == top]
    return g.get(best[0]) if len(best) == 1 and top >= at_least else None


def _place_bare(bare: Resolution, parent: Resolution, why: str) -> Resolution | None:
    d = _division_of(parent)
    if d is None:
        return None
    place_under(bare, d, bare.unit_kind, bare.bare_type, bare.body, why)
    return bare


def _kind(res: Resolution) -> str:
    """government | department | township: what kind of unit a resolution names."""
    if res.unit_kind:
        return res.unit_kind
    return res.admin_level if res.admin_level in ("department", "township") else "government"


def _from_text(text: str, host, hints, bare: Resolution | None = None) -> Resolution:
    phrases = find_unit_phrases(text)
    partial: Resolution | None = None
    own = bare  # the report's own unit, a bare one (区人力社保局): the text places it
    for prio, phrase in phrases:
        res = resolve_name(phrase, text, host, hints, why="found in text")
        if res.resolved and res.region_code:
            res.reason += f" [phrase {phrase[:30]!r}]"
            if res.candidates and len(res.candidates) > 1:
                partial = partial or res
                continue
            if own is not None and _kind(res) != own.unit_kind:
                # another body of the text (定海区人民政府 above 区人力社保局's report) is
                # not the unit: it may be its parent, which the bare placing below finds
                partial = partial or res
                continue
            return res
        if res.candidates and partial is None:
            partial = res
        if bare is None and res.unit_kind and not res.resolved and prio <= 4:
            # (a contact office, 请与办公室联系, names no unit: prio 5 counts only when placed)
            bare = res
            bare.reason += f" [phrase {phrase[:30]!r}]"
            if prio == 1 and own is None and res.unit_kind == "township" and res.body:
                own = bare   # the title names a township (雄关街道…报告): another body is not it
    # fallback: the most mentioned government in the text
    mm = _most_mentioned(text, host, hints)
    spoken = False
    if bare is None and partial is None:
        bare, spoken = _self_unit(text), True
    if bare is not None:
        # a place named once may be any place (对口支援都江堰市); 我市 needs more
        named = _mentioned_fit(text, bare.bare_type, at_least=2 if spoken else 1)
        if named is not None:
            return place_under(bare, named, bare.unit_kind, bare.bare_type, bare.body,
                               f"{bare.reason}; parent named in the text ({named.name})")
        if mm is not None:
            placed = _place_bare(bare, mm, f"{bare.reason}; parent from the text ({mm.reason})")
            if placed is not None:
                return placed
        if partial is not None and partial.resolved:
            return partial
        return bare
    if mm is not None:
        return mm
    if partial is not None:
        return partial
    return Resolution(reason="no unit name found in the text")


def _with_host(res: Resolution, host, text: str) -> Resolution:
    """Let an official source host place what the name and text leave open; failing
    both, what the text states of itself (postcode, telephone, channels) gives the province."""
    res = _with_host_only(res, host, text)
    if res.province_key is None and text:
        # the body's own e-mail on an official domain (…@wuhan.gov.cn), which a mirror
        # copies with the text: read as an official host would be, when it is the only one
        domains = set(_OFFICIAL_MAIL.findall(text[:6000].lower()))
        if len(domains) == 1:
            domain = domains.pop()
            placed = _with_host_only(res, domain, text)
            if placed.province_key is not None:
                placed.reason += " (that host is the domain of an e-mail address in the text)"
            res = placed
    if res.province_key is None and text:
        # failing all that, what the text states of itself: postcode, telephone, channels
        found = stated_province(text)
        if found:
            res.province_key, res.province = found[0], PROVINCE_NAME[found[0]]
            res.reason = f"{res.reason}; province from {found[1]}"
    return res


_OFFICIAL_MAIL = re.compile(r"[a-z0-9._-]+@((?:[a-z0-9-]+\.)+gov\.cn)\b")


# the levels of the division a bare unit's type names (省 → a province, 县 → a county)
_BARE_PARENT_LEVELS = {"省": ("province",), "州": ("prefecture",), "盟": ("prefecture",),
                       "县": ("county",), "区": ("county",), "旗": ("county",)}


def _with_host_only(res: Resolution, host, text: str) -> Resolution:
    if res.province_key == CENTRAL or not host:
        return res
    hp = host_place(host, text, _BARE_PARENT_LEVELS.get(res.bare_type or "", ()))
    if hp is None:
        return res
    g = gazetteer()
    d = _division_of(res)
    if d is None and res.province_key is None:
        if res.unit_kind:
            return place_under(res, hp.division, res.unit_kind, res.bare_type, res.body,
                               f"{res.reason}; parent from the {hp.reason}")
        place_under(res, hp.division, "department", "", "", "")
        res.admin_level = None
        res.reason = (f"{res.reason}; place from the {hp.reason} (the unit's own level unknown)")
        return res
    if d is None:
        return res
    h = hp.division
    agrees = h.code == d.code or g.is_within(h.code, d.code) or g.is_within(d.code, h.code)
    if not agrees:
        res.reason += f"; the {hp.reason} names {_path(h.code)}, the text wins"
        return res
    if res.unit_kind and g.is_within(h.code, d.code):
        # a bare unit the text placed only shallowly: the host narrows it
        before = _path(d.code)
        place_under(res, h, res.unit_kind, res.bare_type, res.body,
                    f"{res.reason}; the {hp.reason} narrows {before}")
    return res


_TOWN_AFTER = re.compile(r"[^\s，。,]{1,12}?(?:镇|乡|街道|苏木)")


def _names_town_after(head: str, stem: str) -> bool:
    """True when `stem` is followed by a township's name (锡山区 + 厚桥街道): as
    re.search(escape(stem) + _TOWN_AFTER) would say, without compiling a pattern per
    stem (a new one for nearly every report: ~1 ms a page)."""
    i = head.find(stem)
    while i >= 0:
        if _TOWN_AFTER.match(head, i + len(stem)):
            return True
        i = head.find(stem, i + 1)
    return False


def _cut_short(res: Resolution, name: str, text: str, host, hints) -> Resolution:
    """锡山区人民政府 in the name, 锡山区人民政府厚桥街道党政办公室 as the text's compiler:
    the name was cut short of a township."""
    cname = clean_name(name)
    if res.admin_level not in ("county", "prefecture") or not cname or not res.region_code:
        return res
    # the government's name, or its place alone (北京市西城区人民政府 on the site's banner,
    # 西城区金融街街道…年度报告 as the title)
    stems = {cname, re.sub(r"(?:人民政府|政府)(?:办公室|办公厅)?$", "", cname)}
    if res.county:
        stems.add(res.county)
    stems = {t for t in stems if len(t) >= 2}
    head = text[:4000]
    if not any(_names_town_after(head, t) for t in stems):
        return res
    for prio, phrase in find_unit_phrases(text):
        p = clean_name(phrase)
        # (the phrase may name the parent first: 盘锦市双台子区陆家镇人民政府 for 双台子区)
        if prio > 2 or not any(len(p) > len(t) and t in p for t in stems):
            continue
        longer = resolve_name(p, text, host, hints, why="unit found in text")
        if longer.admin_level == "township" and (longer.region_code or "").startswith(res.region_code):
            longer.reason = f"unit name {name!r} is cut short of {phrase!r}; " + longer.reason
            return longer
    return res


def resolve_unit(unit_name: str | None, text: str = "", *, host: str | None = None,
                 hints: dict | None = None) -> Resolution:
    """Resolve a report's unit from its name, or from its text when the name is missing;
    an official source host places what both leave open (never a mirror's)."""
    try:
        hints = dict(hints) if isinstance(hints, dict) else {}
        text = clean_text(text) if isinstance(text, str) else ""
        name = unit_name if isinstance(unit_name, str) and unit_name.strip() else hints.get("unit_name")
        if isinstance(name, str) and name.strip():
            res = resolve_name(name, text, host, hints)
            if res.resolved:
                return _with_host(_cut_short(res, name, text, host, hints) if text else res,
                                  host, text)
            if text:
                bare = res if res.unit_kind else None
                found = _from_text(text, host, hints, bare=bare)
                if found is bare:
                    res = found
                elif found.resolved:
                    found.reason = f"unit name {name!r} unresolved ({res.reason}); " + found.reason
                    res = found
            return _with_host(res, host, text)
        if not text:
            return _with_host(Resolution(reason="no unit name and no text"), host, text)
        return _with_host(_from_text(text, host, hints), host, text)
    except Exception as exc:  # never raise on odd input
        return Resolution(reason=f"resolution failed: {type(exc).__name__}: {exc}")
