"""Copies of one report are counted once; different units are never merged."""

from types import SimpleNamespace

from govlake.duplicates import mark_duplicates as mark


def _placed(rid, unit, code, year=2020, province="hebei", spam=False, status="ok", facts=3):
    return SimpleNamespace(
        report={"report_id": rid, "unit_name": unit, "region_code": code, "year": year,
                "province_key": province, "is_spam": spam, "parse_status": status,
                "duplicate_of": None},
        n_facts=facts)


def mark_duplicates(placed):
    mark([p.report for p in placed], [p.n_facts for p in placed])


def test_clean_copy_wins_over_a_spam_mirror():
    mirror = _placed("aaa", "桥东区人民政府", "130702", spam=True, facts=9)
    original = _placed("bbb", "桥东区人民政府", "130702")
    mark_duplicates([mirror, original])
    assert mirror.report["duplicate_of"] == "bbb" and original.report["duplicate_of"] is None


def test_same_short_name_in_two_prefectures_is_two_units():
    xingtai = _placed("aaa", "桥东区人民政府", "130502")
    zhangjiakou = _placed("bbb", "桥东区人民政府", "130702")
    mark_duplicates([xingtai, zhangjiakou])
    assert xingtai.report["duplicate_of"] is None and zhangjiakou.report["duplicate_of"] is None


def test_two_departments_of_one_county_are_two_units_and_unknown_is_never_merged():
    a = _placed("aaa", "沭阳县发展和改革局", "321322")
    b = _placed("bbb", "沭阳县财政局", "321322")
    u1 = _placed("ccc", "城关镇人民政府", None, province="unknown")
    u2 = _placed("ddd", "城关镇人民政府", None, province="unknown")
    mark_duplicates([a, b, u1, u2])
    assert all(p.report["duplicate_of"] is None for p in (a, b, u1, u2))


def test_partial_parse_loses_to_ok_and_ties_break_stably():
    partial = _placed("aaa", "武定县人民政府", "532329", status="partial", facts=50)
    ok1 = _placed("ccc", "武定县人民政府", "532329")
    ok2 = _placed("bbb", "武定县人民政府", "532329")
    mark_duplicates([partial, ok1, ok2])
    assert [p.report["duplicate_of"] for p in (partial, ok1, ok2)] == ["bbb", "bbb", None]
