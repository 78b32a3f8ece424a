"""Prose of a synthetic report: preamble, section headings and filler paragraphs.

Sentences are drawn from a bank written in the register of real reports; the
figures a sentence states are the report's own (so legacy prose carries the
headline figures the parser reads). Returned as plain strings, one per paragraph.
"""

from __future__ import annotations

import random

from .numbers import Figures
from .tables import num

FILLER = [
    ("{we}坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署,"
    "坚持“以公开为常态、不公开为例外”原则,不断提升政务公开工作质量。"),
    "{we}按照上级工作要求,健全工作机制,配齐配强工作力量,以重点领域信息公开为抓手,有序做好主动公开、依申请公开工作。",
    "围绕优化营商环境、乡村振兴、教育医疗、社会保障等重点领域,及时准确公开政策文件和执行情况,切实保障人民群众的知情权、参与权和监督权。",
    "严格落实公开前保密审查制度,坚持“谁制作、谁公开、谁负责”,确保发布信息的真实性、时效性和合法性。",
    "持续加强政府门户网站建设,优化栏目设置,完善政策文件库,政府网站运行平稳,全年未发生安全事故。",
    "加强政策解读,坚持政策文件与解读方案、解读材料同步起草、同步审签、同步发布,通过图解、视频等形式提升解读质量。",
    "把政务公开工作纳入年度目标绩效考核,组织开展政务公开专题培训,不断提升工作人员业务能力。",
    "进一步规范依申请公开办理流程,严格按照法定时限答复,加强与申请人沟通,依申请公开工作规范高效开展。",
    "积极回应社会关切,通过政务微博、微信公众号等平台及时发布权威信息,政务新媒体保持规范有序运行。",
]
PROBLEMS = [
    ("{year}年,{we}政府信息公开工作虽然取得了一定成效,但仍存在一些不足:一是部分单位对政务公开工作重视程度不够;"
    "二是政策解读的形式还不够丰富;三是基层政务公开标准化规范化水平有待提升。"),
    "下一步,{we}将进一步加强组织领导,压实工作责任,加大培训力度,持续提升政务公开工作的质量和实效。",
]
OTHER = [
    "本年度未收取信息处理费。",
    "{we}无其他需要报告的事项。",
    "按照《政府信息公开信息处理费管理办法》,本年度未发生收取信息处理费的情况。",
]


def we(level: str) -> str:
    return {"province": "全省", "prefecture": "全市", "county": "我县"}.get(level, "本机关")


def preamble(unit: str, place: str, year: int, fmt: str, address: str, phone: str,
             rng: random.Random) -> list[str]:
    notice = "国办公开办函〔2021〕30号" if fmt == "2021" else "国办公开办函〔2019〕60号"
    if fmt == "legacy":
        first = (f"本报告是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由{unit}办公室编制而成。"
                 "全文由概述、主动公开政府信息情况、政府信息依申请公开情况、政府信息公开的收费及减免情况、"
                 "因政府信息公开申请行政复议、提起行政诉讼的情况、存在的主要问题及改进措施等部分组成。")
    else:
        first = (f"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《国务院办公厅政府信息与政务公开办公室关于"
                 f"政府信息公开工作年度报告有关事项的通知》({notice})要求,现公布{place}{year}年政府信息公开工作年度报告。")
    second = (f"本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在{unit}门户网站"
              f"政府信息公开专栏下载。如对本报告有任何疑问,请与{unit}办公室联系(地址:{address},电话:{phone})。")
    return [first, second]


def filler(level: str, rng: random.Random, k: int) -> list[str]:
    w = we(level)
    return [s.format(we=w) for s in rng.sample(FILLER, k)]


def problems(level: str, year: int) -> list[str]:
    return [s.format(we=we(level), year=year) for s in PROBLEMS]


def other(level: str, rng: random.Random) -> list[str]:
    return [rng.choice(OTHER).format(we=we(level))]


def table_summary(f: Figures, level: str, year: int) -> list[str]:
    """Headline figures stated in prose next to the tables (image-table pages rely on it)."""
    apps = f.applications
    new = apps["new_received"]["total"]
    rl = f.review_litigation
    lit = rl["litigation_direct"]["total"] + rl["litigation_after_review"]["total"]
    return [(f"{year}年,{we(level)}共收到政府信息公开申请{num(new)}件,均在法定期限内予以答复。"
            f"全年因政府信息公开工作被申请行政复议{num(rl['review']['total'])}件,被提起行政诉讼{num(lit)}件。")]


def legacy_sections(f: Figures, level: str, year: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of a legacy (≤ 2018) report; the figures are the truth's."""
    L = f.legacy
    w = we(level)
    ch = L["channels"]
    active = [f"{year}年,{w}全年主动公开政府信息{L['active_disclosed']}条。截至{year}年底,"
              f"累计主动公开政府信息{L['active_cumulative']}条。" + rng.choice(FILLER).format(we=w)]
    if L["received"]:
        other_n = L["received"] - L["granted"] - L["partially_granted"] - L["denied"]
        apply = [(f"{year}年,{w}共收到政府信息公开申请{L['received']}件,其中当面申请{ch['当面']}件、"
                 f"网络申请{ch['网络']}件、信函申请{ch['信函']}件、传真申请{ch['传真']}件。已按期答复,"
                 f"其中同意公开{L['granted']}件,同意部分公开{L['partially_granted']}件,"
                 f"不同意公开{L['denied']}件,其他情形{other_n}件。")]
    else:
        apply = [f"{year}年,{w}未收到政府信息公开申请。"]
    fees = ["本年度未收取政府信息公开相关费用,也未发生减免费用的情况。"]
    if L["review"] or L["litigation"]:
        rl = [(f"{year}年,因政府信息公开申请引发行政复议{L['review']}件,其中维持{L['review_upheld']}件、"
              f"纠正{L['review_corrected']}件;引发行政诉讼{L['litigation']}件。")]
    else:
        rl = ["本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"]
    return [
        ("一、概述", [rng.choice(FILLER).format(we=w), rng.choice(FILLER).format(we=w)]),
        ("二、主动公开政府信息情况", active),
        ("三、政府信息依申请公开情况", apply),
        ("四、政府信息公开的收费及减免情况", fees),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", rl),
        ("六、政府信息公开工作存在的主要问题及改进措施", problems(level, year)),
    ]


def legacy_truth(f: Figures) -> tuple[dict, dict]:
    """The fact cells the legacy prose states: (applications, review_litigation)."""
    L = f.legacy
    apps: dict = {}
    if L["received"]:
        apps = {"new_received": {"total": float(L["received"])},
                "granted": {"total": float(L["granted"])},
                "partially_granted": {"total": float(L["partially_granted"])}}
    rl: dict = {}
    if L["review"] or L["litigation"]:
        rl = {"review": {"total": float(L["review"]), "upheld": float(L["review_upheld"]),
                         "corrected": float(L["review_corrected"])},
              "litigation": {"total": float(L["litigation"])}}
    return apps, rl
