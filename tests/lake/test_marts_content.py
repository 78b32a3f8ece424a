"""The marts docs/SCHEMA.md names, the chart mart, column comments and the README's column docs."""

import re

from govlake.marts import MART_DOCS, MARTS, OUTCOME_GROUPS
from tests.conftest import REPO


def _columns(con, table):
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table]).fetchall()]


def test_schema_md_marts_and_columns_exist(marts):
    want = {
        "mart_province_year": "province_key, province, year, reports, reports_spam, reports_failed, "
                              "expected_units, missing_units, applications_received, "
                              "applications_granted, applications_partially_granted, "
                              "disclosure_rate, reviews, reviews_corrected, litigations, "
                              "litigations_corrected",
        "mart_unit_year": "report_id, province_key, year, unit_name, admin_level, region_code, "
                          "format, is_spam, parse_status, applications_received, "
                          "applications_granted, applications_partially_granted, "
                          "disclosure_rate, reviews, litigations, quality_failures",
        "mart_missing_reports": "province_key, year, unit_name, region_code, admin_level, "
                                "deadline, days_overdue",
        "mart_application_outcomes": "province_key, province, year, outcome_group, applicant, "
                                     "applications",
    }
    for table, cols in want.items():
        assert set(cols.split(", ")) <= set(_columns(marts, table)), table


def test_province_names_are_official_names_not_partition_slugs(marts):
    names = dict(marts.execute(
        "SELECT DISTINCT province_key, province FROM mart_province_year").fetchall())
    assert names == {"fujian": "福建省", "guizhou": "贵州省", "ningxia": "宁夏回族自治区",
                     "yunnan": "云南省"}
    assert marts.execute("SELECT count(*) FROM reports WHERE province = province_key"
                         ).fetchone()[0] == 0


def test_application_outcomes_long_format_matches_the_facts(marts):
    rows = marts.execute(
        "SELECT outcome_group, applicant, applications FROM mart_application_outcomes "
        "WHERE province_key = 'guizhou' AND year = 2021").fetchall()
    got = {(g, a): v for g, a, v in rows}
    groups = {g for g, _ in got}
    assert groups <= {g for g, _ in OUTCOME_GROUPS}
    assert {"granted", "partially_granted", "denied", "unavailable", "not_processed",
            "other"} <= groups
    assert set(a for _, a in got) >= {"natural_person", "commercial", "total"}

    # every group equals the sum of its leaf rows in the fact table (总计 column)
    facts = dict(marts.execute(
        "SELECT row_code, value FROM applications a JOIN reports r USING (report_id) "
        "WHERE r.province_key = 'guizhou' AND r.year = 2021 AND applicant = 'total'").fetchall())
    assert got[("granted", "total")] == facts["granted"]
    assert got[("denied", "total")] == sum(v for k, v in facts.items() if k.startswith("denied_"))
    assert got[("unavailable", "total")] == sum(
        v for k, v in facts.items() if k.startswith("unavailable_"))
    # 其他处理 counted once: the summary row, not again its 2021 sub-rows
    assert got[("other", "total")] == facts["other"]
    # the groups of section 三 add up to （七）总计 like the leaf rows do
    results = sum(v for (g, a), v in got.items() if a == "total" and g != "carried_forward")
    assert results == facts["results_total"]


def test_application_outcomes_carry_labels(marts):
    assert marts.execute(
        "SELECT count(*) FROM mart_application_outcomes WHERE outcome_label IS NULL "
        "OR applicant_label IS NULL OR province IS NULL").fetchone()[0] == 0
    legacy = marts.execute(
        "SELECT outcome_group, applications FROM mart_application_outcomes "
        "WHERE province_key = 'yunnan' AND year = 2018 AND applicant = 'total' "
        "ORDER BY outcome_order").fetchall()
    assert ("granted", 1240.0) in legacy


def test_every_mart_table_and_column_has_a_comment(marts):
    for table in MARTS:
        comment = marts.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?",
                                [table]).fetchone()[0]
        assert comment, table
        missing = marts.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND "
            "(comment IS NULL OR comment = '')", [table]).fetchall()
        assert missing == [], (table, missing)
        assert set(_columns(marts, table)) == set(MART_DOCS[table][1]), table


def test_readme_documents_every_column_of_every_mart(marts):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Marts\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert m, "README has no '## Marts' section"
    section = m.group(1)
    for table in MARTS:
        sub = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", section, re.S | re.M)
        assert sub, f"README Marts section lacks ### `{table}`"
        documented = set(re.findall(r"^\| `([a-z_]+)` \|", sub.group(1), re.M))
        assert set(_columns(marts, table)) <= documented, (table, set(_columns(marts, table)) - documented)


def test_build_stamp_counts_every_table(marts):
    build_id = marts.execute("SELECT build_id FROM internal._build").fetchone()[0]
    stamp = dict(marts.execute("SELECT table_name, row_count FROM internal._build_tables WHERE build_id = ?",
                               [build_id]).fetchall())
    assert set(MARTS) <= stamp.keys()
    for table, n in stamp.items():
        assert marts.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n


def test_contract_tables_in_main_helper_tables_in_internal(marts):
    tables = {}
    for schema_name, table in marts.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()").fetchall():
        tables.setdefault(schema_name, set()).add(table)
    assert tables["main"] == {"reports", "applications", "review_litigation", "active_disclosure",
                              "legacy_indicators", "quality_checks", "mart_province_year",
                              "mart_unit_year", "mart_missing_reports",
                              "mart_application_outcomes", "mart_coverage"}
    assert tables["internal"] == {"_build", "_build_tables", "province_names", "outcome_rows",
                                  "applicant_labels", "expected", "coverage_grid",
                                  "type_rejects"}


def _types(marts, table: str) -> dict[str, str]:
    return dict(marts.execute("SELECT column_name, data_type FROM duckdb_columns() "
                              "WHERE schema_name = 'main' AND table_name = ?", [table]).fetchall())


def test_counts_are_bigint_and_dates_are_dates(marts):
    py = _types(marts, "mart_province_year")
    for col in ("reports", "reports_spam", "reports_failed", "expected_units", "missing_units",
                "applications_received", "applications_granted",
                "applications_partially_granted", "reviews", "reviews_corrected",
                "litigations", "litigations_corrected"):
        assert py[col] == "BIGINT", col
    assert py["disclosure_rate"] == "DOUBLE" and py["spam_share"] == "DOUBLE"
    unit = _types(marts, "mart_unit_year")
    assert unit["applications_received"] == "BIGINT" and unit["quality_failures"] == "BIGINT"
    assert unit["published_date"] == "DATE"
    assert _types(marts, "mart_application_outcomes")["applications"] == "BIGINT"
    assert _types(marts, "mart_missing_reports")["deadline"] == "DATE"
    assert _types(marts, "applications")["value"] == "BIGINT"
    assert _types(marts, "review_litigation")["value"] == "BIGINT"
    assert _types(marts, "active_disclosure")["value"] == "DOUBLE"   # amounts in 万元
    rep = _types(marts, "reports")
    assert rep["published_date"] == "DATE" and rep["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    no_hugeint = marts.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE "
                               "data_type = 'HUGEINT' AND NOT internal").fetchall()
    assert no_hugeint == []
    # the values survived the casts: 花溪区 2021 received 125, granted 16; published 2022-01-26
    import datetime as dt
    assert marts.execute("SELECT applications_received, applications_granted, published_date "
                         "FROM mart_unit_year WHERE province_key = 'guizhou'").fetchall() == [
        (125, 16, dt.date(2022, 1, 26))]
    assert marts.execute("SELECT count(*) FROM internal.type_rejects").fetchone()[0] == 0


def test_every_fact_and_mart_column_is_commented(marts):
    uncommented = marts.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND NOT internal AND (comment IS NULL OR comment = '')").fetchall()
    assert uncommented == []
    comment = dict(marts.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'applications' "
        "AND schema_name = 'main'"
    ).fetchall())
    assert comment["value"] == "Number of applications (a count)."


def test_a_fractional_count_is_listed_not_rounded(tmp_path):
    """A count with a fraction cannot be a BIGINT: NULL in the table, listed with its report."""
    import pyarrow as pa

    from govlake.lake import Lake
    from govlake.marts import build_marts
    from govlake.tables import SCHEMAS, write_table

    lake = Lake.at(tmp_path).ensure()
    rows = [{"report_id": "r1", "province_key": "hebei", "year": 2020, "row_code": code,
             "applicant": "total", "value": v} for code, v in (("new_received", 12.0),
                                                             ("granted", 2.5))]
    write_table(lake.fact_file("applications", "hebei", 2020),
                pa.Table.from_pylist(rows, schema=SCHEMAS["applications"]))
    build_marts(lake)
    import duckdb
    con = duckdb.connect(str(lake.marts_db), read_only=True)
    try:
        assert dict(con.execute("SELECT row_code, value FROM applications").fetchall()) == {
            "new_received": 12, "granted": None}
        assert con.execute("SELECT table_name, report_id, column_name, value, reason FROM "
                           "internal.type_rejects").fetchall() == [
            ("applications", "r1", "value", "2.5", "a count with a fraction")]
    finally:
        con.close()


def test_the_ui_column_schema_says_the_database_types(marts):
    import dagster as dg

    from govlake.defs import defs

    graph = defs.resolve_asset_graph()
    for table in MARTS:
        ui = {c.name: c.type for c in
              graph.get(dg.AssetKey(table)).metadata["dagster/column_schema"].columns}
        assert ui == _types(marts, table), table
