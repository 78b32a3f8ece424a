"""Expected units per (province, year) and the statutory deadlines."""

from datetime import date

from govlake.geography import expected_units, report_deadline


def test_deadlines():
    assert report_deadline(2018, "county") == date(2019, 3, 31)
    assert report_deadline(2018, "department") == date(2019, 3, 31)
    assert report_deadline(2020, "department") == date(2021, 1, 31)
    assert report_deadline(2020, "county") == date(2021, 3, 31)
    assert report_deadline(2020, "province") == date(2021, 3, 31)


def test_ningxia_2020():
    units = expected_units("ningxia", 2020)
    names = {u.unit_name for u in units}
    assert "宁夏回族自治区人民政府" in names and "泾源县人民政府" in names
    prefs = sorted(u.unit_name for u in units if u.admin_level == "prefecture")
    assert prefs == sorted(f"{p}人民政府" for p in ("银川市", "石嘴山市", "吴忠市", "固原市", "中卫市"))
    assert sum(u.admin_level == "county" for u in units) == 22     # 9 区, 2 县级市, 11 县
    assert len(units) == 28


def test_national_counts_2023():
    total = {lvl: 0 for lvl in ("province", "prefecture", "county")}
    from govlake.schema import PROVINCES
    for key, *_ in PROVINCES:
        for u in expected_units(key, 2023):
            total[u.admin_level] += 1
    assert total == {"province": 31, "prefecture": 333, "county": 2843}


def test_year_aware_names():
    hebei16 = {u.unit_name for u in expected_units("hebei", 2016)}
    hebei17 = {u.unit_name for u in expected_units("hebei", 2017)}
    assert "平泉县人民政府" in hebei16 and "平泉市人民政府" not in hebei16
    assert "平泉市人民政府" in hebei17
    js19 = {u.unit_name for u in expected_units("jiangsu", 2019)}
    assert {"崇川区人民政府", "港闸区人民政府", "海门市人民政府"} <= js19
    js21 = {u.unit_name for u in expected_units("jiangsu", 2021)}
    assert "港闸区人民政府" not in js21 and "海门区人民政府" in js21


def test_departments_and_townships():
    units = expected_units("ningxia", 2020, departments=["教育局"])
    assert "泾源县教育局" in {u.unit_name for u in units if u.admin_level == "department"}
    by_level = expected_units("ningxia", 2020, departments={"province": ["教育厅"]})
    assert [u.unit_name for u in by_level if u.admin_level == "department"] == ["宁夏回族自治区教育厅"]
    towns = expected_units("ningxia", 2020, townships="all")
    assert any(u.admin_level == "township" and u.county == "泾源县" for u in towns)
    assert expected_units("atlantis", 2020) == []
