"""A partition missing one county's report passes before the deadline, fails after."""

import datetime as dt

from govlake.completeness import completeness
from govlake.geography import expected_units


def _all_but(province, year, left_out_code):
    return [{"region_code": u.region_code, "admin_level": u.admin_level}
            for u in expected_units(province, year)
            if u.admin_level in ("province", "prefecture", "county")
            and u.region_code != left_out_code]


def test_one_missing_county_is_outstanding_before_and_overdue_after_the_deadline():
    reports = _all_but("ningxia", 2020, "640424")  # everyone but 泾源县
    before = completeness("ningxia", 2020, reports, dt.date(2021, 3, 31))
    assert before.passed and before.expected == 28 and before.found == 27
    assert [m["unit_name"] for m in before.missing] == ["泾源县人民政府"]
    assert before.missing[0]["deadline"] == "2021-03-31"
    after = completeness("ningxia", 2020, reports, dt.date(2021, 4, 10))
    assert not after.passed
    assert after.missing[0]["days_overdue"] == 10


def test_duplicates_do_not_count_and_complete_partitions_pass():
    reports = _all_but("ningxia", 2020, None)
    assert completeness("ningxia", 2020, reports, dt.date(2030, 1, 1)).missing == []
    dup = [dict(r, duplicate_of="x") if r["region_code"] == "640424" else r for r in reports]
    assert [m["region_code"] for m in completeness("ningxia", 2020, dup,
                                                   dt.date(2030, 1, 1)).missing] == ["640424"]


def test_legacy_years_use_31_march_for_everyone():
    c = completeness("fujian", 2017, [], dt.date(2018, 2, 1))
    assert c.passed and c.deadline == dt.date(2018, 3, 31) and c.found == 0
    assert {m["deadline"] for m in c.missing} == {"2018-03-31"}


def test_unknown_and_central_expect_nobody():
    assert completeness("unknown", 2020, [], dt.date(2030, 1, 1)).passed
    assert completeness("central", 2020, [], dt.date(2030, 1, 1)).expected == 0


def test_snapshots_taken_before_the_deadline_go_stale_after_it():
    from govlake.completeness import freshness

    taken = ["2021-02-01T08:00:00+00:00", "2021-03-15T08:00:00+00:00"]
    assert not freshness("ningxia", 2020, taken, dt.date(2021, 3, 31)).stale   # not yet due
    late = freshness("ningxia", 2020, taken, dt.date(2021, 4, 1))
    assert late.stale and "2021-03-15" in late.detail
    refreshed = taken + ["2021-04-02T08:00:00+00:00"]
    assert not freshness("ningxia", 2020, refreshed, dt.date(2021, 6, 1)).stale
    assert freshness("ningxia", 2020, [], dt.date(2021, 6, 1)).stale


def test_a_renamed_county_counts_as_found_under_its_old_name():
    # 黔西县 became 黔西市 in 2021; its 2019 report resolves to the new code 520581 while
    # the 2019 registry expects 黔西县 under 520522
    report = {"region_code": "520581", "admin_level": "county", "unit_name": "黔西县人民政府"}
    c = completeness("guizhou", 2019, [report], dt.date(2020, 1, 1))
    assert "黔西县人民政府" not in {m["unit_name"] for m in c.missing}
    assert c.found == 1
