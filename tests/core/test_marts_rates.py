"""mart_province_year arithmetic on hand-made facts: no double counts, honest rates."""

import datetime as dt

import duckdb

from govlake.lake import Lake
from govlake.marts import build_marts
from govlake.tables import to_table, write_table


def _report(rid, unit, code, fmt, dup=None):
    return {"report_id": rid, "province_key": "ningxia", "year": 2020, "province": "宁夏回族自治区",
            "unit_name": unit, "region_code": code, "admin_level": "county", "format": fmt,
            "is_spam": False, "spam_score": 0.0, "spam_signals": [], "repaired": False,
            "parse_status": "ok", "parse_errors": [], "duplicate_of": dup}


def _app(rid, row, value):
    return {"report_id": rid, "province_key": "ningxia", "year": 2020, "row_code": row,
            "applicant": "total", "value": value}


def _rl(rid, proc, outcome, value):
    return {"report_id": rid, "province_key": "ningxia", "year": 2020, "proceeding": proc,
            "outcome": outcome, "value": value}


def test_rates_and_sums(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    reports = [_report("r2021", "泾源县人民政府", "640424", "2021"),
               _report("rlegacy", "隆德县人民政府", "640423", "legacy"),
               _report("rdup", "泾源县人民政府", "640424", "2021", dup="r2021")]
    apps = [_app("r2021", "new_received", 30), _app("r2021", "granted", 10),
            _app("r2021", "partially_granted", 5), _app("r2021", "results_total", 30),
            _app("rlegacy", "new_received", 200), _app("rlegacy", "granted", 100),
            _app("rdup", "new_received", 30), _app("rdup", "granted", 10)]
    rl = [_rl("r2021", "review", "total", 4), _rl("r2021", "review", "corrected", 1),
          _rl("r2021", "litigation_direct", "total", 2),
          _rl("r2021", "litigation_after_review", "total", 1),
          _rl("r2021", "litigation", "total", 3), _rl("rlegacy", "litigation", "total", 7)]
    for name, rows in (("reports", reports), ("applications", apps), ("review_litigation", rl)):
        write_table(lake.fact_file(name, "ningxia", 2020), to_table(name, rows))
    build_marts(lake, as_of=dt.date(2021, 4, 30))
    con = duckdb.connect(str(lake.marts_db), read_only=True)
    row = con.execute(
        "SELECT reports, applications_received, applications_granted, "
        "applications_partially_granted, disclosure_rate, reviews, reviews_corrected, "
        "litigations, expected_units, missing_units FROM mart_province_year").fetchall()
    # the duplicate is not counted; the legacy report adds to sums but not to the rate
    # (it states no results total): (10 + 5) / 30
    assert row == [(2, 230, 110, 5, 0.5, 4, 1, 10, 28, 26)]
    missing = con.execute("SELECT count(*), min(days_overdue), max(days_overdue) "
                          "FROM mart_missing_reports").fetchall()
    assert missing == [(26, 30, 30)]   # due 2021-03-31, as of 2021-04-30
    unit = dict(con.execute("SELECT report_id, disclosure_rate FROM mart_unit_year").fetchall())
    assert unit == {"r2021": 0.5, "rlegacy": None, "rdup": None}
    con.close()


def test_missing_mart_agrees_with_the_check_on_a_renamed_county(tmp_path):
    # 黔西县's 2019 report resolves to 黔西市's code 520581; the 2019 registry expects 520522
    lake = Lake.at(tmp_path).ensure()
    report = {**_report("rqx", "黔西县人民政府", "520581", "2019"),
              "province_key": "guizhou", "year": 2019, "province": "贵州省"}
    write_table(lake.fact_file("reports", "guizhou", 2019), to_table("reports", [report]))
    build_marts(lake, as_of=dt.date(2020, 4, 30))
    con = duckdb.connect(str(lake.marts_db), read_only=True)
    missing = {r[0] for r in con.execute("SELECT unit_name FROM mart_missing_reports").fetchall()}
    found = con.execute("SELECT unit_name FROM internal.expected WHERE found").fetchall()
    con.close()
    assert "黔西县人民政府" not in missing and found == [("黔西县人民政府",)]
