"""Deterministic evaluation set for contamination detection, built from the seeds.

Clean cases: seeds 001 and 002, seeds 000/003/004 after repair (their rewritten
URLs put back on gov.cn), handwritten paragraphs full of tricky-but-innocent
government vocabulary (福利彩票, 打击六合彩, 成人教育, 乾县 …) alone and spliced into
the clean seeds, and clean texts fetched from a non-government host.
Contaminated cases: each kind of contamination applied to the clean seeds at
several intensities (one substituted phrase … every occurrence; one injected
sentence … many). The same call always returns the same cases.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from opencc import OpenCC

from . import analyze
from .pinyin_gloss import _readings
from .seeds import load_seed

OPEN = "政府信息公开"
BRANDS = ["365体育备用网址", "365bet(中国)官方网站", "澳门新葡京娱乐场", "皇冠体育官网", "bet365体育在线"]
UNIT_BRANDS = ["365体育备用:", "365bet(中国)官方网站", "澳门新葡京娱乐场"]
SPLICE = ["广东快乐十分官方网:", "北京赛车pk10官网:", "时时彩平台:", "百家乐真人娱乐:", "亚博体育app:"]
TITLE_SPAM = [" - 广东快乐十分官方网", "_365体育备用", " - 澳门新葡京娱乐场", " | 皇冠体育官网", "_时时彩平台注册"]
BASE_META = {  # seed → (title, unit_name, official url)
    "001": ("花溪区2021年政府信息公开工作年度报告", "花溪区人民政府", "https://www.huaxi.gov.cn/zwgk/2021n1/"),
    "002": ("泾源县人民政府2020年政府信息公开年报", "泾源县人民政府", "http://www.nxjy.gov.cn/xxgk/nb/"),
    "000": ("武定县2020年政府信息公开工作年度报告", "武定县人民政府", "http://www.ynwd.gov.cn/nb/2020.html"),
    "003": ("2018年云南省政府信息公开工作年度报告", "云南省人民政府", "http://www.yn.gov.cn/zwgk/nb/2018.html"),
    "004": ("华安县人民政府办公室关于2017年度政府信息公开工作年度报告", "华安县人民政府", "http://www.huaan.gov.cn/cms/nb.html"),
}
_URL_FIX = {"www.aji87.cn": "www.ynwd.gov.cn", "www.uqngq.com.cn": "www.huaan.gov.cn"}

TRICKY = [
    "我局积极发展福利彩票和体育彩票事业,全年销售福利彩票3.2亿元,筹集彩票公益金9800万元,"
    "全部用于养老服务、残疾人康复和困境儿童救助。公开了彩票公益金使用情况和福利彩票发行销售数据。",
    "公安机关依法严厉打击赌博违法犯罪活动,打击六合彩等非法彩票活动,查处赌博案件46起,收缴赌资12万元,"
    "取缔非法棋牌室7家,依法公开了打击黄赌毒专项行动的处罚结果。",
    "教育局公开了成人教育和成人高考招生信息,全年开展成人继续教育培训1.2万人次;"
    "县文化馆编印的本土作家处女作文集入选年度优秀图书,公开了文化娱乐场所许可信息。",
    "乾县人民政府办公室按照《中华人民共和国政府信息公开条例》要求,公开了乾县2021年财政预决算信息和乾陵景区保护规划。",
    "市体育局公开了全民健身活动信息,全年举办体育比赛36场次,体育彩票公益金支持建设健身路径120条,"
    "并通过中国政府网(www.gov.cn)、人民网(http://www.people.com.cn)和本机关门户网站(http://www.xa.gov.cn)同步发布。",
    "民政局公开了福彩快乐十分等即开型彩票的销售管理办法;公安局发布了防范网络赌博、跨境赌博的警示信息,"
    "提醒群众远离赌场和网络赌博平台,全年受理相关举报投诉23件。",
    "2021年度本机关共办理行政许可事项365件,全年365天不打烊,12345政务服务便民热线接听来电8.6万个,"
    "满意率达到98.5%,政府网站全年无休提供服务。",
    "著作权登记、庄家村美丽乡村建设、成人礼主题教育活动、处女地开发项目和娱乐场所消防检查等信息均按要求主动公开。",
]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    spam: bool
    expected: frozenset = field(default_factory=frozenset)   # kinds that must fire
    allowed: frozenset = field(default_factory=frozenset)    # kinds that may also fire
    title: str | None = None
    url: str | None = None
    unit_name: str | None = None


def clean_bases() -> dict[str, str]:
    """Seed texts with contamination removed (the repair under test is used for 000/003/004)."""
    out = {"001": load_seed("001"), "002": load_seed("002")}
    for p in ("000", "003", "004"):
        t = analyze(load_seed(p), unit_name=BASE_META[p][1]).repaired_text
        for bad, good in _URL_FIX.items():
            t = t.replace(bad, good)
        t = "\n".join(l for l in t.split("\n") if not l.startswith("文章摘要"))
        out[p] = t
    return out


def _salad_words() -> list[str]:
    from pypinyin.phrases_dict import phrases_dict

    return sorted(w for w in phrases_dict if 2 <= len(w) <= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", w))


def _salad(rng: random.Random, words: list[str]) -> str:
    a = "".join(rng.choice(words) for _ in range(rng.randint(3, 4)))
    b = "".join(rng.choice(words) for _ in range(rng.randint(2, 4)))
    return f"{a},{b}。"


def _clause_starts(text: str, rng: random.Random, n: int) -> list[int]:
    pos = [m.end() for m in re.finditer(r"[,。;](?=[\u4e00-\u9fff]{4})", text)]
    return sorted(rng.sample(pos, min(n, len(pos))))


def _insert(text: str, positions: list[int], make) -> str:
    out, last = [], 0
    for p in positions:
        out.append(text[last:p])
        out.append(make())
        last = p
    out.append(text[last:])
    return "".join(out)


def _traditional(text: str, rng: random.Random, rate: float) -> str:
    t = OpenCC("s2t").convert(text)
    glossable = set("發規網數統據鎮執鄉聯現業穩監環節協經態續產優戰區")
    out = []
    for ch in t:
        out.append(ch)
        if ch in glossable and rng.random() < rate:
            toned = [r for r in _readings(ch) if re.search(r"[^a-z]", r)]
            if toned:
                out.append(f"({sorted(toned)[0]})")
    return "".join(out)


def build() -> list[Case]:
    rng = random.Random(20240601)
    bases = clean_bases()
    words = _salad_words()
    cases: list[Case] = []
    # --- clean
    for k, t in bases.items():
        title, unit, url = BASE_META[k]
        cases.append(Case(f"clean/{k}", t, False, title=title, url=url, unit_name=unit))
        # an intact text on a non-government host is a mirror copy: contaminated (docs/DOMAIN.md §4)
        cases.append(Case(f"mirror/{k}", t, True, expected=frozenset({"mirror_host"}),
                          url=f"http://www.mirror{k}.com/{k}.html"))
    for i, para in enumerate(TRICKY):
        cases.append(Case(f"clean/tricky{i}", para, False))
        for k, t in bases.items():
            lines = t.split("\n")
            at = rng.randrange(1, len(lines))
            cases.append(Case(f"clean/tricky{i}+{k}", "\n".join(lines[:at] + [para] + lines[at:]), False,
                              title=BASE_META[k][0]))
    # --- contaminated
    for n, (k, t) in enumerate(bases.items()):
        title, unit, url = BASE_META[k]
        brand = BRANDS[n % len(BRANDS)]
        gl = frozenset({"gambling_lexicon"})
        occ = [m.start() for m in re.finditer(OPEN, t)]
        if occ:
            for label, chosen in (("one", [rng.choice(occ)]), ("quarter", rng.sample(occ, max(1, len(occ) // 4))),
                                  ("half", rng.sample(occ, max(1, len(occ) // 2))), ("all", occ)):
                s = t
                for p in sorted(chosen, reverse=True):
                    s = s[:p] + brand + s[p + len(OPEN):]
                exp = gl | ({"phrase_substitution"} if label == "all" else set())
                cases.append(Case(f"subst/{k}/{label}", s, True, frozenset(exp),
                                  frozenset({"phrase_substitution", "spliced_phrase", "title_injection", "brand_in_place_slot"})))
            anchor = t.find("《中华人民共和国政府信息公开条例》")
            if anchor >= 0:
                p = anchor + len("《中华人民共和国")
                s = t[:p] + brand + t[p + len(OPEN):]
                cases.append(Case(f"subst/{k}/anchor", s, True, gl | {"phrase_substitution"},
                                  frozenset({"spliced_phrase"})))
        if unit in t:
            ub = UNIT_BRANDS[n % len(UNIT_BRANDS)]
            cases.append(Case(f"unit/{k}", t.replace(unit, ub), True, gl,
                              frozenset({"phrase_substitution", "spliced_phrase", "brand_in_place_slot"}), unit_name=unit))
        for cnt in (1, 3, 10):
            s = _insert(t, _clause_starts(t, rng, cnt), lambda: rng.choice(SPLICE))
            cases.append(Case(f"splice/{k}/{cnt}", s, True, gl | {"spliced_phrase"}))
        cases.append(Case(f"title/{k}", t, True, frozenset({"title_injection"}),
                          title=title + TITLE_SPAM[n % len(TITLE_SPAM)]))
        lines = t.split("\n")
        cases.append(Case(f"title-line/{k}", "\n".join([title + TITLE_SPAM[(n + 1) % len(TITLE_SPAM)]] + lines),
                          True, frozenset({"title_injection"}), gl))
        for cnt in (1, 3, 10):
            s = _insert(t, _clause_starts(t, rng, cnt), lambda: _salad(rng, words))
            cases.append(Case(f"salad/{k}/{cnt}", s, True, frozenset({"word_salad"})))
        if k != "000":
            for rate in (1.0, 0.3):
                cases.append(Case(f"trad/{k}/{rate}", _traditional(t, rng, rate), True,
                                  frozenset({"traditional_pinyin"})))
        host = "www." + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5)) + rng.choice(
            ["87.cn", ".com.cn", ".com", ".net"])
        line = f"本报告电子版可在{unit}门户网站(http://{host})下载。"
        lines = t.split("\n")
        cases.append(Case(f"url/{k}", "\n".join(lines[:1] + [line] + lines[1:]), True,
                          frozenset({"rewritten_url"}), frozenset({"mirror_host"})))
        cases.append(Case(f"url+host/{k}", "\n".join(lines[:1] + [line] + lines[1:]), True,
                          frozenset({"rewritten_url", "mirror_host"}), url=f"http://{host}/nb.html"))
    return cases
