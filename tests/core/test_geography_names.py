"""Hundreds of unit names, written the way reports write them, resolve to the right code.

Expected values come from the raw rows of divisions.tsv read here with plain
string handling, not from the gazetteer or resolver under test.
"""

from collections import Counter
from pathlib import Path

import pytest

from govlake.geography import resolve_unit

DATA = Path(__file__).resolve().parents[2] / "govlake" / "data" / "geography"


def _raw():
    rows = []
    for line in (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name, level, typ, parent, _short = line.split("\t")
            rows.append((code, name, level, typ, parent))
    return rows


ROWS = _raw()
OLD_NAMES = [line.split("\t")[0] for line in (DATA / "aliases.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
BY_CODE = {r[0]: r for r in ROWS}
NAME_COUNT = Counter([r[1] for r in ROWS] + OLD_NAMES)
LEVEL_CODE = {"province": 2, "prefecture": 4, "county": 6}


def _gov(name, typ):
    return name + ("行政公署" if typ in ("地区", "盟") else "人民政府")


def _cases():
    cases = []
    provinces = [r for r in ROWS if r[2] == "province"]
    prefectures = [r for r in ROWS if r[2] == "prefecture"]
    counties = [r for r in ROWS if r[2] == "county"]
    for code, name, level, typ, _ in provinces:
        cases += [(name + "人民政府", code[:2], "province"), (name + "人民政府办公厅", code[:2], "province"),
                  (name + "发展和改革委员会", code[:2], "department")]
    for code, name, level, typ, _ in prefectures:
        if NAME_COUNT[name] == 1:
            cases += [(_gov(name, typ), code[:4], "prefecture"),
                      (name + "人民政府办公室", code[:4], "prefecture")]
    for i, (code, name, level, typ, parent) in enumerate(counties[::9]):
        form = i % 5
        if NAME_COUNT[name] > 1:
            # ambiguous on its own: the report names the parent
            pname = BY_CODE[parent][1]
            cases.append((pname + name + "人民政府", code, "county"))
        elif form == 0:
            cases.append((name + "人民政府", code, "county"))
        elif form == 1:
            cases.append((name + "人民政府办公室", code, "county"))
        elif form == 2:
            cases.append((name + "发展和改革局", code, "department"))
        elif form == 3:
            cases.append((name + "政府", code, "county"))
        else:
            cases.append((name + "卫生健康局", code, "department"))
    # abbreviations the reports use: 楚雄州, 石柱县 (ethnic designation dropped)
    for short, code in (("楚雄州", "5323"), ("黔南州", "5227"), ("恩施州", "4228"), ("石柱县", "500240"),
                        ("延边州", "2224"), ("凉山州", "5134"), ("峨边县", "511132")):
        cases.append((short + "人民政府", code, "prefecture" if len(code) == 4 else "county"))
    return cases


CASES = _cases()


def test_case_count():
    assert len(CASES) >= 300


@pytest.mark.parametrize("name,code,level", CASES)
def test_name_resolves(name, code, level):
    res = resolve_unit(name)
    assert res.region_code == code, res.reason
    assert res.admin_level == level


def test_year_hint_drops_retired_old_names():
    assert resolve_unit("桥东区人民政府").province_key == "hebei"        # 张家口 now, 邢台 until 2020
    assert resolve_unit("桥东区人民政府").county is None
    assert resolve_unit("桥东区人民政府", hints={"year": 2022}).region_code == "130702"


def test_traditional_and_old_names():
    assert resolve_unit("武定縣人民政府辦公室").region_code == "532329"
    assert resolve_unit("乾县人民政府").unit_name == "乾县人民政府"   # not 干县
    assert resolve_unit("襄樊市人民政府").region_code == "4206"
    assert resolve_unit("平泉县人民政府").region_code == "130881"
    assert resolve_unit("盘县人民政府").region_code == "520281"


def test_reference_units():
    r = resolve_unit("沭阳县发展和改革局")
    assert (r.province_key, r.prefecture, r.county, r.region_code, r.admin_level) == (
        "jiangsu", "宿迁市", "沭阳县", "321322", "department")
    r = resolve_unit("云南省人民政府办公厅")
    assert (r.province_key, r.province, r.region_code, r.admin_level, r.unit_name) == (
        "yunnan", "云南省", "53", "province", "云南省人民政府")
    r = resolve_unit("武定县人民政府办公室")
    assert (r.prefecture, r.county, r.admin_level, r.unit_name) == (
        "楚雄彝族自治州", "武定县", "county", "武定县人民政府")
    assert resolve_unit("教育部").province_key == "central"


@pytest.mark.parametrize("odd", [None, "", "   ", "123", "???", "人民政府", "x" * 5000])
def test_odd_input_never_raises(odd):
    res = resolve_unit(odd, odd if isinstance(odd, str) else "")
    assert res.province_key is None


def test_a_bureaus_office_reports_for_the_bureau():
    from govlake.geography.names import classify_body

    assert classify_body("生态环境局办公室") == ("department", "生态环境局", "")
    assert classify_body("机关事务管理中心办公室") == ("department", "机关事务管理中心", "")
    assert classify_body("人民政府办公室") == ("government", "人民政府", "")
    assert classify_body("政务服务办公室") == ("department", "政务服务办公室", "")
    # a government's research and counsellors' offices are bodies of their own (real
    # reports: 海口市人民政府研究室, 上海市人民政府参事室); its 办公室 is the government
    assert classify_body("人民政府研究室") == ("department", "人民政府研究室", "")
    assert classify_body("人民政府参事室") == ("department", "人民政府参事室", "")
    assert classify_body("人民政府办公室") == ("government", "人民政府", "")


def test_words_before_the_place_are_not_part_of_the_unit_name():
    from govlake.geography import resolve_unit

    assert resolve_unit("标题西藏自治区审计厅").unit_name == "西藏自治区审计厅"
    assert resolve_unit("编制万源市交通运输局").unit_name == "万源市交通运输局"
    assert resolve_unit("国家税务总局云南省税务局").unit_name == "国家税务总局云南省税务局"


def test_a_leagues_everyday_contraction():
    # 锡盟 is how 锡林郭勒盟's own bodies write it (a real report: 锡盟商务局2021年政府信息公开
    # 工作报告); 西盟 is another place (西盟佤族自治县, 云南)
    r = resolve_unit("锡盟商务局")
    assert (r.province_key, r.prefecture, r.admin_level) == ("neimenggu", "锡林郭勒盟", "department")
    assert resolve_unit("阿盟财政局").prefecture == "阿拉善盟"
    r = resolve_unit("西盟县教育局")
    assert (r.province_key, r.region_code) == ("yunnan", "530829")
