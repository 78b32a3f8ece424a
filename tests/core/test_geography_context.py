"""Ambiguous names are settled by context and stay unresolved without it."""

from pathlib import Path

from govlake.geography import resolve_unit, route

DATA = Path(__file__).resolve().parents[2] / "govlake" / "data" / "geography"


def test_chaoyang():
    assert resolve_unit("朝阳区人民政府").province_key is None
    assert resolve_unit("朝阳区人民政府", "根据长春市人民政府要求").region_code == "220104"
    assert resolve_unit("朝阳区人民政府", "北京市朝阳区人民政府").region_code == "110105"
    assert resolve_unit("北京市朝阳区人民政府").region_code == "110105"
    assert resolve_unit("朝阳区人民政府", hints={"province": "jilin"}).region_code == "220104"
    rt = route(resolve_unit("朝阳区人民政府"), 2020)
    assert rt.province_key == "unknown" and "ambiguous" in rt.reason


def test_tongzhou():
    r = resolve_unit("通州区人民政府")
    assert r.province_key is None and len(r.candidates) == 2
    assert resolve_unit("通州区人民政府", "南通市通州区").region_code == "320612"
    assert resolve_unit("通州区人民政府", host="www.nantong.gov.cn").region_code == "320612"
    assert resolve_unit("通州区人民政府", host="www.beijing.gov.cn").region_code == "110112"


def _county_with_chengguan():
    names = {}
    for line in (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            names.setdefault(name, []).append(code)
    for line in (DATA / "townships.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, towns = line.split("\t")
            county = next(n for n, cs in names.items() if code in cs)
            if "城关镇" in towns.split() and len(names[county]) == 1:
                return code, county
    raise AssertionError("no 城关镇 in the township list")


def test_chengguan():
    r = resolve_unit("城关镇人民政府")
    assert r.province_key is None and r.admin_level == "township"
    code, county = _county_with_chengguan()
    r = resolve_unit("城关镇人民政府", f"{county}城关镇2020年政府信息公开工作年度报告")
    assert r.region_code == code and r.admin_level == "township"
    r = resolve_unit(f"{county}城关镇人民政府")
    assert r.region_code == code and r.admin_level == "township"


def test_ambiguous_within_one_province_keeps_certain_level():
    r = resolve_unit("城区人民政府")       # 山西 阳泉·晋城 and 广东 汕尾
    assert r.county is None and r.region_code in (None, "14", "44")


def test_hints_win_and_conflicts_recorded():
    res = resolve_unit("花溪区人民政府")
    rt = route(res, 2021, {"province": "yunnan", "year": 2020})
    assert (rt.province_key, rt.year) == ("yunnan", 2020)
    assert len(rt.conflicts) == 2
    rt = route(res, 2021, {"province": "guizhou"})
    assert rt.conflicts == [] and rt.province_key == "guizhou"
    assert route(res, None).province_key == "unknown"
    assert route(None, 2020).province_key == "unknown"
    assert route(res, 2021, {"province": "atlantis"}).conflicts


def test_short_place_name_before_a_street_word_names_the_street():
    # 北京街道 is a street office of 广州市越秀区: not 北京市 (a fresh real copy was placed
    # in beijing by it); a division name after the word still counts (江苏 > 镇江市)
    assert resolve_unit("北京街道办事处").province_key is None
    assert resolve_unit("越秀区人民政府北京街道办事处").province_key == "guangdong"
    assert resolve_unit("湖南路街道办事处").province_key is None
    assert resolve_unit("江苏镇江市人民政府").province_key == "jiangsu"
    assert resolve_unit("北京市朝阳区人民政府").region_code == "110105"


def test_bare_department_of_the_title_placed_under_the_text_district():
    # a real mirror copy's banner names the district, its title the bare department
    # (2022年區人力社保局政府信息公開工作年度報告): the report is the department's, not
    # the district government's
    from govlake.parsing import parse_report
    text = ("定海区人民政府\n2022年区人力社保局政府信息公开工作年度报告\n"
            "一、总体情况\n2022年,定海区人力社保局坚持以习近平新时代中国特色社会主义思想为指导。\n")
    unit = parse_report(text).unit_name
    assert unit == "区人力社保局"
    r = resolve_unit(unit, text)
    assert (r.admin_level, r.province_key, r.county) == ("department", "zhejiang", "定海区")


def test_street_office_title_after_the_site_banner():
    from govlake.parsing import parse_report
    text = ("伊州区人民政府\n政府信息公开\n伊州区丽园街道办事处2020年政府信息公开工作年度报告\n"
            "一、总体情况\n2020年,丽园街道在区政府的正确领导下开展工作。\n")
    unit = parse_report(text).unit_name
    assert unit == "伊州区丽园街道办事处"
    r = resolve_unit(unit, text)
    assert (r.admin_level, r.province_key, r.county) == ("township", "xinjiang", "伊州区")
