"""Places a report names as its own channels, read for a province when nothing else
places the report.

Why: a mirror copy whose brand replaced the unit's place name (利博官网交通运输局) still
says where it publishes and whom it cites: 通过根河市政府门户网站发布, 在“永嘉交通”微信
公众号上, 与乐山日报社合作, 根据《青川县人民政府办公室关于…的通知》. Each names the
unit's own division or one above it, so all of them together give the province. Only
the province: a county bureau may publish on its city's portal or cite its city.
A name that two provinces share (平安, 吉安…) is no clue; the caller takes a province
only when every clue agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlake.geography.gazetteer import gazetteer

_HAN = "\u4e00-\u9fff"
# the portal or disclosure system the report is published on
_PORTAL = re.compile(rf"([{_HAN}]{{2,14}}?)(?:人民)?政府(?:门户|公众|信息公开)?(?:网站|网|门户)"
                     rf"|([{_HAN}]{{2,14}}?)(?:人民)?(?:政府)?信息公开(?:目录)?(?:管理)?(?:系统|平台)")
# “中国永嘉”门户网站: a county portal's usual name
_CHINA_PORTAL = re.compile(rf"[“\"「]中国([{_HAN}]{{2,6}})[”\"」]\s*(?:门户)?网")
# a quoted account name next to the word for an account: “永嘉交通”微信公众号, 公众号“安康商务”
_ACCOUNT = re.compile(
    rf"(?:(?:微信公众号|公众号|微信|微博|客户端|视频号|抖音号?)\s*[“\"「]([{_HAN}]{{2,14}})[”\"」]"
    rf"|[“\"「]([{_HAN}]{{2,14}})[”\"」]\s*(?:政务)?(?:微信|公众号|微博|客户端|视频号|抖音|app|APP|政务新媒体))")
# the sector an account of a unit is named for, after its place (安康 + 商务)
_SECTORS = ("发布", "政务", "政府", "民政", "商务", "交通", "发改", "发展改革", "司法", "人社", "教育",
            "卫健", "健康", "财政", "税务", "公安", "住建", "城管", "水利", "水务", "农业", "农业农村",
            "文旅", "文化", "旅游", "生态", "环境", "市场监管", "应急", "统计", "审计", "医保",
            "退役军人", "自然资源", "规划", "科技", "工信", "林业", "体育", "档案", "信访", "人大",
            "政协", "融媒", "新闻", "资讯", "气象", "消防", "检察", "法院", "妇联", "团委", "共青团",
            "人力资源", "社保", "住房", "国资", "粮食", "供销", "乡村振兴", "民宗", "侨务", "网信",
            "宣传", "组工", "机关事务", "政务服务", "数据", "公积金", "残联", "红十字")
# a local paper, broadcaster or media centre (安康日报, 乐山日报社, 遂溪融媒)
_MEDIA = re.compile(rf"([{_HAN}]{{2,8}}?)(?:日报|晚报|广播电视台|电视台|融媒体中心|融媒)")
# a cited document whose title opens with its issuer's place (《青川县人民政府办公室关于…》)
_CITED = re.compile(rf"《([{_HAN}]{{2,14}}?)(?:人民政府|政府|[{_HAN}]{{0,12}}?(?:局|委员会|办公室|办公厅|厅))")


@dataclass(frozen=True)
class Clue:
    province_key: str
    name: str      # the division name read (根河市)
    kind: str      # portal | account | media | cited
    phrase: str    # the text it was read from


def _provinces(name: str, forms: tuple[str, ...]) -> set[str]:
    g = gazetteer()
    return {g.get(e.code).province_key for e in g.index.get(name, ())
            if e.form in forms and g.get(e.code) is not None}


def _place_ending(run: str, forms: tuple[str, ...]) -> tuple[str, set[str]] | None:
    """The longest division name that ends `run` (通过根河市 -> 根河市), with its provinces."""
    for k in range(min(len(run), gazetteer().max_len), 1, -1):
        keys = _provinces(run[-k:], forms)
        if keys:
            return run[-k:], keys
    return None


def _place_opening(run: str, forms: tuple[str, ...]) -> tuple[str, str, set[str]] | None:
    """The longest division name that opens `run` (安康商务 -> 安康, 商务)."""
    for k in range(min(len(run), gazetteer().max_len), 1, -1):
        keys = _provinces(run[:k], forms)
        if keys:
            return run[:k], run[k:], keys
    return None


_FULL = ("full", "abbr")
_ANY = ("full", "abbr", "alias", "stem")


def channel_clues(text: str) -> list[Clue]:
    """Every division the text names as a channel of its own, read in one province;
    a name two provinces share is left out."""
    head = (text or "")[:6000]
    out: list[Clue] = []

    def add(found, kind: str, phrase: str) -> None:
        if found and len(found[-1]) == 1:
            out.append(Clue(next(iter(found[-1])), found[0], kind, phrase))

    for m in _PORTAL.finditer(head):
        run = m.group(1) or m.group(2)
        found = _place_ending(run, _FULL)
        if found and len(found[0]) == 2 and found[0] != run:
            continue      # 完善和更新县政府网站 is no 新县: a two-character name must stand alone
        add(found, "portal", m.group(0))
    for m in _CHINA_PORTAL.finditer(head):
        add(_place_opening(m.group(1), _ANY), "portal", m.group(0))
    for m in _ACCOUNT.finditer(head):
        name = m.group(1) or m.group(2)
        opened = _place_opening(name, _ANY)
        if opened and (opened[1].startswith(_SECTORS) or (opened[1] == "" and opened[0] == name)):
            add((opened[0], opened[2]), "account", m.group(0))
    for m in _MEDIA.finditer(head):
        add(_place_ending(m.group(1), _ANY), "media", m.group(0))
    for m in _CITED.finditer(head):
        opened = _place_opening(m.group(1), _FULL)
        if opened and opened[1] == "":
            add((opened[0], opened[2]), "cited", m.group(0))
    return out
