"""DuckDB marts built from the fact Parquet, published by atomic file swap.

The whole database is rebuilt into a new file beside the old one and renamed
over it, so a BI tool that (re)connects at any moment sees either the old or the
new snapshot, never a half-built table or a mix of both. Fact tables are copied
in as real tables (not views over relative paths), so the database works from any
directory. The contract tables (the marts and the fact tables, docs/SCHEMA.md's names) are in
the default schema `main`; what the build needs or stamps is in the schema `internal`
(lookups, `internal._build` and `internal._build_tables`, which stamp each snapshot).
Every mart and fact table and column carries a COMMENT (what BI tools show as
descriptions); counts are BIGINT, dates DATE, times TIMESTAMPTZ.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

from govlake import atomic, factstore, schema, storage, testhooks
from govlake.completeness import completeness, expected_governments
from govlake.fact_docs import COUNT_COLUMNS, FACT_COLUMN_DOCS
from govlake.geography import report_deadline
from govlake.lake import Lake
from govlake.tables import SCHEMAS


# docs/SCHEMA.md's marts, then the chart-ready and coverage marts this module adds.
MARTS = (*schema.MART_TABLES, "mart_application_outcomes", "mart_coverage")

# Outcome groups of the applications matrix (section 三 results + 四 carried forward),
# in chart order, with the template's wording.
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
    ("carried_forward", "结转下年度继续办理"),
)

_HEADLINE = {
    "applications_received": "Applications newly received this year (三、一 本年新收, 总计 column).",
    "applications_granted": "Applications granted in full (予以公开, 总计 column).",
    "applications_partially_granted": "Applications partially granted (部分公开, 总计 column).",
    "disclosure_rate": "(granted + partially_granted) / results_total (（七）总计), 0–1; null without a total.",
    "reviews": "Administrative reviews (行政复议) concluded or pending, total.",
    "reviews_corrected": "Administrative reviews whose result was corrected (结果纠正).",
    "litigations": "Lawsuits (行政诉讼), direct and after review, total.",
    "litigations_corrected": "Lawsuits whose result was corrected (结果纠正).",
}

# table → (table description, {column: description}); the COMMENTs and the README say the same.
MART_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "mart_province_year": (
        "One row per province and year with reports: coverage, spam, parse failures and "
        "headline figures. Duplicate copies are counted once.", {
            "province_key": "Partition key: pinyin slug of the province, or central / unknown.",
            "province": "Official name of the provincial-level division (e.g. 宁夏回族自治区).",
            "year": "The year the reports are about (not the publication year).",
            "reports": "Reports (duplicate copies excluded).",
            "reports_spam": "Reports whose copy was spam-contaminated.",
            "spam_share": "reports_spam / reports, 0–1.",
            "reports_failed": "Reports whose tables could not be parsed (parse_status = failed).",
            "reports_partial": "Reports parsed only in part (parse_status = partial).",
            "reports_repaired": "Reports whose contamination was undone before parsing.",
            "expected_units": "Governments (province, prefecture, county level) expected to report.",
            "missing_units": "Expected governments with no report in the lake.",
            **_HEADLINE,
        }),
    "mart_unit_year": (
        "One row per report (duplicate copies included, marked by duplicate_of) with its "
        "headline figures and the number of quality checks it failed.", {
            "report_id": "Stable report id (same content, same id).",
            "province_key": "Partition key: pinyin slug of the province, or central / unknown.",
            "year": "The year the report is about.",
            "unit_name": "Reporting unit, normalized, Simplified.",
            "admin_level": "province | prefecture | county | township | department.",
            "region_code": "GB/T 2260 division code, as deep as known.",
            "format": "Report template: 2019 | 2021 | legacy.",
            "is_spam": "The copy was spam-contaminated.",
            "spam_score": "Contamination score, 0–1.",
            "repaired": "Contamination was undone before parsing.",
            "parse_status": "ok | partial | failed.",
            "duplicate_of": "report_id of the better copy of the same report, or null.",
            "published_date": "Publication date stated on the page (ISO), when known.",
            "source_url": "Where the copy was fetched from, when known.",
            "source_path": "Where the copy was imported from (landing folder or sample), when known.",
            "parent_url": "The page that linked this report's document (PDF, Word, OFD, images), "
                          "when the report was published as an attachment.",
            **_HEADLINE,
            "quality_failures": "Quality checks (docs/DOMAIN.md §2 identities and others) this report fails.",
        }),
    "mart_missing_reports": (
        "Expected governments with no report for a (province, year) that has reports in the "
        "lake, with the statutory deadline and days overdue as of the build date.", {
            "province_key": "Partition key: pinyin slug of the province.",
            "year": "The year the missing report is about.",
            "unit_name": "The government expected to report.",
            "region_code": "Its GB/T 2260 division code.",
            "admin_level": "province | prefecture | county.",
            "deadline": "Statutory deadline (31 March of the next year for a government's own report).",
            "days_overdue": "Days past the deadline on the build date (0 while not yet due).",
        }),
    "mart_application_outcomes": (
        "Long format for charts: how applications were handled, per province, year, outcome "
        "group and applicant type, summed over non-duplicate reports. applicant = total is "
        "the 总计 column (the only one legacy reports have): filter it out to stack by type.", {
            "province_key": "Partition key: pinyin slug of the province, or central / unknown.",
            "province": "Official name of the provincial-level division.",
            "year": "The year the reports are about.",
            "outcome_group": "granted | partially_granted | denied | unavailable | not_processed | "
                             "other | carried_forward.",
            "outcome_label": "The template's wording of the outcome group (予以公开 …).",
            "outcome_order": "Sort key of outcome_group, in the template's order (1–7).",
            "applicant": "natural_person | commercial | research | social_org | legal_service | "
                         "other_org | total.",
            "applicant_label": "The template's column heading (自然人 … 总计).",
            "applicant_order": "Sort key of applicant, in the template's column order (1–7).",
            "applications": "Number of applications (sum over the group's rows and the reports).",
            "reports": "Reports contributing a figure to this cell.",
        }),
    "mart_coverage": (
        "Province × year coverage matrix over every province and every year from the "
        "earliest to the latest year in the lake: found / missing governments and spam.", {
            "province_key": "Partition key: pinyin slug of the province, or central / unknown.",
            "province": "Official name of the provincial-level division.",
            "year": "The year the reports are about.",
            "expected_units": "Governments expected to report (0 for central / unknown: no registry).",
            "found_units": "Expected governments whose report is in the lake.",
            "missing_units": "expected_units − found_units.",
            "reports": "Reports in the lake (duplicate copies excluded), any level.",
            "reports_spam": "Of these, spam-contaminated copies.",
            "coverage": "found_units / expected_units, 0–1; null without a registry.",
            "status": "no_data (no reports) | no_registry (central / unknown) | partial | complete.",
        }),
}

FACT_DOCS = {
    "reports": "One row per report (docs/SCHEMA.md report record) with provenance and duplicate_of.",
    "applications": "Section 三 applications matrix, long format: report_id, row_code, applicant, value.",
    "review_litigation": "Section 四 reviews and lawsuits: report_id, proceeding, outcome, value.",
    "active_disclosure": "Section 二 proactive disclosure: report_id, item, measure, value, unit.",
    "legacy_indicators": "Legacy (2008–2018) 附表 rows: indicator, code, unit, value, cumulative.",
    "quality_checks": "Per-report data-quality checks: check, passed, detail.",
}

# Schema `internal`: what the build needs or stamps, kept apart from the contract tables
# BI tools list (the marts and fact tables stay in `main`, as docs/SCHEMA.md names them).
INTERNAL = "internal"
INTERNAL_DOCS = {
    "_build": "One row: the id and time of the build this snapshot comes from.",
    "_build_tables": "Row count of every table in this snapshot, written by the same build.",
    "province_names": "Lookup: province_key → official province name.",
    "outcome_rows": "Lookup: applications row_code → outcome group of mart_application_outcomes.",
    "applicant_labels": "Lookup: applicant code → the template's column heading.",
    "expected": "Governments expected to report per (province, year) with reports, found or not.",
    "coverage_grid": "Every province × year of the lake's year span with its expected governments.",
    "type_rejects": "Fact values that are not what their column says (a count with a fraction, "
                    "a date that is not an ISO date): NULL in the table, listed here.",
}

MART_PROVINCE_YEAR = """
CREATE TABLE mart_province_year AS
WITH live AS (SELECT * FROM reports WHERE duplicate_of IS NULL),
app AS (
  SELECT live.province_key, live.year,
         sum(value) FILTER (WHERE row_code = 'new_received') AS applications_received,
         sum(value) FILTER (WHERE row_code = 'granted') AS applications_granted,
         sum(value) FILTER (WHERE row_code = 'partially_granted') AS applications_partially_granted,
         sum(value) FILTER (WHERE row_code = 'results_total') AS results_total,
         -- the disclosure rate only over reports that state their results total
         sum(value) FILTER (WHERE row_code IN ('granted', 'partially_granted')
                            AND report_id IN (SELECT report_id FROM applications
                                              WHERE row_code = 'results_total'
                                              AND applicant = 'total')) AS disclosed_with_total
  FROM applications a JOIN live USING (report_id)
  WHERE applicant = 'total' GROUP BY ALL),
rl AS (
  SELECT r.province_key, r.year,
         sum(value) FILTER (WHERE proceeding = 'review' AND outcome = 'total') AS reviews,
         sum(value) FILTER (WHERE proceeding = 'review' AND outcome = 'corrected') AS reviews_corrected,
         sum(value) FILTER (WHERE proceeding = 'litigation' AND outcome = 'total') AS litigations,
         sum(value) FILTER (WHERE proceeding = 'litigation' AND outcome = 'corrected') AS litigations_corrected
  FROM review_litigation r JOIN live USING (report_id) GROUP BY ALL),
rep AS (
  SELECT province_key, year, any_value(province) FILTER (WHERE province IS NOT NULL) AS province,
         count(*) AS reports,
         count(*) FILTER (WHERE is_spam) AS reports_spam,
         count(*) FILTER (WHERE parse_status = 'failed') AS reports_failed,
         count(*) FILTER (WHERE parse_status = 'partial') AS reports_partial,
         count(*) FILTER (WHERE repaired) AS reports_repaired
  FROM live GROUP BY ALL),
cov AS (
  SELECT province_key, year, count(*) AS expected_units,
         count(*) FILTER (WHERE NOT found) AS missing_units
  FROM internal.expected GROUP BY ALL)
SELECT rep.province_key, coalesce(rep.province, names.province) AS province, rep.year,
       rep.reports, rep.reports_spam,
       round(rep.reports_spam / rep.reports, 4) AS spam_share,
       rep.reports_failed, rep.reports_partial, rep.reports_repaired,
       cov.expected_units, cov.missing_units,
       app.applications_received::BIGINT AS applications_received,
       app.applications_granted::BIGINT AS applications_granted,
       app.applications_partially_granted::BIGINT AS applications_partially_granted,
       round(app.disclosed_with_total / nullif(app.results_total, 0), 4) AS disclosure_rate,
       rl.reviews::BIGINT AS reviews, rl.reviews_corrected::BIGINT AS reviews_corrected,
       rl.litigations::BIGINT AS litigations,
       rl.litigations_corrected::BIGINT AS litigations_corrected
FROM rep
LEFT JOIN app USING (province_key, year)
LEFT JOIN rl USING (province_key, year)
LEFT JOIN cov USING (province_key, year)
LEFT JOIN internal.province_names names USING (province_key)
ORDER BY rep.province_key, rep.year
"""

MART_UNIT_YEAR = """
CREATE TABLE mart_unit_year AS
WITH app AS (
  SELECT report_id,
         sum(value) FILTER (WHERE row_code = 'new_received') AS applications_received,
         sum(value) FILTER (WHERE row_code = 'granted') AS applications_granted,
         sum(value) FILTER (WHERE row_code = 'partially_granted') AS applications_partially_granted,
         sum(value) FILTER (WHERE row_code = 'results_total') AS results_total
  FROM applications WHERE applicant = 'total' GROUP BY ALL),
rl AS (
  SELECT report_id,
         sum(value) FILTER (WHERE proceeding = 'review' AND outcome = 'total') AS reviews,
         sum(value) FILTER (WHERE proceeding = 'review' AND outcome = 'corrected') AS reviews_corrected,
         sum(value) FILTER (WHERE proceeding = 'litigation' AND outcome = 'total') AS litigations,
         sum(value) FILTER (WHERE proceeding = 'litigation' AND outcome = 'corrected') AS litigations_corrected
  FROM review_litigation GROUP BY ALL),
qc AS (
  SELECT report_id, count(*) FILTER (WHERE NOT passed) AS quality_failures
  FROM quality_checks GROUP BY ALL)
SELECT r.report_id, r.province_key, r.year, r.unit_name, r.admin_level, r.region_code,
       r.format, r.is_spam, r.spam_score, r.repaired, r.parse_status, r.duplicate_of,
       r.published_date, r.source_url, r.source_path, r.parent_url,
       app.applications_received::BIGINT AS applications_received,
       app.applications_granted::BIGINT AS applications_granted,
       app.applications_partially_granted::BIGINT AS applications_partially_granted,
       round((coalesce(app.applications_granted, 0)
              + coalesce(app.applications_partially_granted, 0))
             / nullif(app.results_total, 0), 4) AS disclosure_rate,
       rl.reviews::BIGINT AS reviews, rl.reviews_corrected::BIGINT AS reviews_corrected,
       rl.litigations::BIGINT AS litigations,
       rl.litigations_corrected::BIGINT AS litigations_corrected,
       coalesce(qc.quality_failures, 0)::BIGINT AS quality_failures
FROM reports r
LEFT JOIN app USING (report_id) LEFT JOIN rl USING (report_id) LEFT JOIN qc USING (report_id)
ORDER BY r.province_key, r.year, r.unit_name, r.report_id
"""

MART_MISSING = """
CREATE TABLE mart_missing_reports AS
SELECT province_key, year, unit_name, region_code, admin_level, deadline,
       greatest(date_diff('day', deadline, ?::DATE), 0) AS days_overdue
FROM internal.expected WHERE NOT found
ORDER BY province_key, year, region_code, unit_name
"""

MART_APPLICATION_OUTCOMES = """
CREATE TABLE mart_application_outcomes AS
WITH live AS (SELECT report_id, province_key, year FROM reports WHERE duplicate_of IS NULL),
coded AS (
  SELECT l.province_key, l.year, a.report_id, a.applicant, a.row_code, a.value, g.outcome_group
  FROM applications a JOIN live l USING (report_id) JOIN internal.outcome_rows g USING (row_code)
  WHERE a.value IS NOT NULL),
per_report AS (
  -- （六）其他处理: the summary row when the report has it, else the sum of its 2021 sub-rows
  SELECT province_key, year, report_id, applicant, outcome_group,
         CASE WHEN outcome_group = 'other' AND count(*) FILTER (WHERE row_code = 'other') > 0
              THEN sum(value) FILTER (WHERE row_code = 'other')
              WHEN outcome_group = 'other'
              THEN sum(value) FILTER (WHERE row_code <> 'other')
              ELSE sum(value) END AS value
  FROM coded GROUP BY province_key, year, report_id, applicant, outcome_group)
SELECT p.province_key, coalesce(n.province, p.province_key) AS province, p.year,
       p.outcome_group, g.outcome_label, g.outcome_order,
       p.applicant, ap.applicant_label, ap.applicant_order,
       sum(p.value)::BIGINT AS applications, count(DISTINCT p.report_id) AS reports
FROM per_report p
JOIN (SELECT DISTINCT outcome_group, outcome_label, outcome_order FROM internal.outcome_rows) g
  USING (outcome_group)
JOIN internal.applicant_labels ap USING (applicant)
LEFT JOIN internal.province_names n USING (province_key)
GROUP BY ALL
ORDER BY p.province_key, p.year, g.outcome_order, ap.applicant_order
"""

MART_COVERAGE = """
CREATE TABLE mart_coverage AS
WITH rep AS (
  SELECT province_key, year, count(*) AS reports,
         count(*) FILTER (WHERE is_spam) AS reports_spam
  FROM reports WHERE duplicate_of IS NULL GROUP BY ALL)
SELECT g.province_key, coalesce(n.province, g.province_key) AS province, g.year,
       g.expected_units,
       g.expected_units - coalesce(c.missing_units, g.expected_units) AS found_units,
       coalesce(c.missing_units, g.expected_units) AS missing_units,
       coalesce(rep.reports, 0) AS reports,
       coalesce(rep.reports_spam, 0) AS reports_spam,
       round((g.expected_units - coalesce(c.missing_units, g.expected_units))
             / nullif(g.expected_units, 0), 4) AS coverage,
       CASE WHEN coalesce(rep.reports, 0) = 0 THEN 'no_data'
            WHEN g.expected_units = 0 THEN 'no_registry'
            WHEN coalesce(c.missing_units, g.expected_units) = 0 THEN 'complete'
            ELSE 'partial' END AS status
FROM internal.coverage_grid g
LEFT JOIN (SELECT province_key, year, count(*) FILTER (WHERE NOT found) AS missing_units
           FROM internal.expected GROUP BY ALL) c USING (province_key, year)
LEFT JOIN rep USING (province_key, year)
LEFT JOIN internal.province_names n USING (province_key)
ORDER BY g.province_order, g.year
"""


def _run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> None:
    """Execute a statement and drain its result (DuckDB 2 wants results consumed)."""
    con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


def _register_table(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    view = name.replace(".", "_") + "_arrow"
    con.register(view, table)
    _run(con, f"CREATE TABLE {name} AS SELECT * FROM {view}")
    con.unregister(view)


def _typed_facts(con: duckdb.DuckDBPyConnection) -> int:
    """Counts as BIGINT, dates as DATE and times as TIMESTAMPTZ in the database (the
    Parquet keeps what the parser wrote). A value that is not what its column says (a
    count with a fraction, a date that is not an ISO date) is not rounded or guessed: it
    becomes NULL there and is listed in internal.type_rejects; returns how many."""
    _run(con, f"CREATE TABLE {INTERNAL}.type_rejects (table_name VARCHAR, report_id VARCHAR, "
              "column_name VARCHAR, value VARCHAR, reason VARCHAR)")
    for table, col in COUNT_COLUMNS.items():
        _run(con, f"INSERT INTO {INTERNAL}.type_rejects SELECT '{table}', report_id, '{col}', "
                  f"CAST({col} AS VARCHAR), 'a count with a fraction' FROM {table} "
                  f"WHERE {col} <> trunc({col})")
        _run(con, f"ALTER TABLE {table} ALTER {col} TYPE BIGINT USING "
                  f"CASE WHEN {col} = trunc({col}) THEN CAST({col} AS BIGINT) END")
    for col, typ, reason in (("published_date", "DATE", "not an ISO date"),
                             ("fetched_at", "TIMESTAMPTZ", "not an ISO timestamp")):
        _run(con, f"INSERT INTO {INTERNAL}.type_rejects SELECT 'reports', report_id, '{col}', "
                  f"{col}, '{reason}' FROM reports "
                  f"WHERE {col} IS NOT NULL AND TRY_CAST({col} AS {typ}) IS NULL")
        _run(con, f"ALTER TABLE reports ALTER {col} TYPE {typ} USING TRY_CAST({col} AS {typ})")
    return con.execute(f"SELECT count(*) FROM {INTERNAL}.type_rejects").fetchall()[0][0]


def _load_fact(con: duckdb.DuckDBPyConnection, name: str, files: list[Path]) -> int:
    """Load one fact table from ``files``: the committed versions (govlake.factstore)."""
    if files:
        # hive_partitioning off: the files carry province_key / year themselves, and the
        # path's `province=` must not overwrite the report's official `province` name.
        _run(con, f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?, union_by_name=true, "
                  "hive_partitioning=false)", [storage.duckdb_paths(con, files)])
    else:
        _register_table(con, name, SCHEMAS[name].empty_table())
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


def _load_facts(con: duckdb.DuckDBPyConnection, lake: Lake, counts: dict,
                attempts: int = 3) -> None:
    """Every fact table, from the files the partitions' pointers name, each pointer read
    once: the six tables come from one version of every partition, never a mix. A
    commit running meanwhile may delete a version just read (its old files go once its
    pointer moves on): then the pointers are read again."""
    for attempt in range(attempts):
        files = factstore.snapshot(lake)
        try:
            for name in schema.FACT_TABLES:
                counts[name] = _load_fact(con, name, files[name])
            return
        except (duckdb.IOException, FileNotFoundError):
            if attempt == attempts - 1:
                raise
            for name in schema.FACT_TABLES:
                _run(con, f"DROP TABLE IF EXISTS {name}")


def _lookup_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Small helper tables the marts join: names, outcome groups, applicant labels."""
    _register_table(con, f"{INTERNAL}.province_names", pa.Table.from_pylist(
        [{"province_key": k, "province": v} for k, v in schema.PROVINCE_NAME.items()]))
    order = {g: i for i, (g, _) in enumerate(OUTCOME_GROUPS, 1)}
    label = dict(OUTCOME_GROUPS)
    rows = [{"row_code": r.code, "outcome_group": r.group} for r in schema.APPLICATION_ROWS
            if r.group in order]
    rows.append({"row_code": "carried_forward", "outcome_group": "carried_forward"})
    for r in rows:
        r.update(outcome_label=label[r["outcome_group"]], outcome_order=order[r["outcome_group"]])
    _register_table(con, f"{INTERNAL}.outcome_rows", pa.Table.from_pylist(rows, schema=pa.schema([
        ("row_code", pa.string()), ("outcome_group", pa.string()),
        ("outcome_label", pa.string()), ("outcome_order", pa.int32())])))
    _register_table(con, f"{INTERNAL}.applicant_labels", pa.Table.from_pylist(
        [{"applicant": code, "applicant_label": lab, "applicant_order": i}
         for i, (code, lab) in enumerate(schema.APPLICANTS, 1)],
        schema=pa.schema([("applicant", pa.string()), ("applicant_label", pa.string()),
                          ("applicant_order", pa.int32())])))


def _expected_table(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Expected governments per partition present, each marked found or not."""
    cols = ["province_key", "year", "region_code", "admin_level", "duplicate_of", "unit_name"]
    reports = [dict(zip(cols, r)) for r in con.execute(
        f"SELECT {', '.join(cols)} FROM reports").fetchall()]
    by_partition: dict[tuple[str, int], list[dict]] = {}
    for r in reports:
        by_partition.setdefault((r["province_key"], int(r["year"])), []).append(r)
    rows = []
    for (province, year), reps in sorted(by_partition.items()):
        c = completeness(province, year, reps, as_of)
        missing = {m["region_code"] for m in c.missing}
        for unit in expected_governments(province, year):
            rows.append({
                "province_key": province, "year": year, "unit_name": unit.unit_name,
                "region_code": unit.region_code, "admin_level": unit.admin_level,
                "deadline": report_deadline(year, unit.admin_level),
                "found": unit.region_code not in missing,
            })
    _register_table(con, f"{INTERNAL}.expected", pa.Table.from_pylist(rows, schema=pa.schema([
        ("province_key", pa.string()), ("year", pa.int32()), ("unit_name", pa.string()),
        ("region_code", pa.string()), ("admin_level", pa.string()),
        ("deadline", pa.date32()), ("found", pa.bool_())])))

    # The coverage grid: every province × every year from the first to the last in the lake.
    years = sorted({int(r["year"]) for r in reports})
    grid = []
    if years:
        for i, province in enumerate(schema.PROVINCE_KEYS):
            for year in range(years[0], years[-1] + 1):
                n = 0
                if province not in (schema.UNKNOWN, schema.CENTRAL):
                    n = len(expected_governments(province, year))
                grid.append({"province_key": province, "province_order": i, "year": year,
                             "expected_units": n})
    _register_table(con, f"{INTERNAL}.coverage_grid", pa.Table.from_pylist(grid, schema=pa.schema([
        ("province_key", pa.string()), ("province_order", pa.int32()), ("year", pa.int32()),
        ("expected_units", pa.int64())])))


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns(con: duckdb.DuckDBPyConnection, table: str, schema_name: str = "main") -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "ORDER BY column_index", [schema_name, table]).fetchall()]


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every mart and fact table and every one of their columns (BI tools show
    them as descriptions); a column without a description stops the build."""
    docs = {**{t: (about, cols) for t, (about, cols) in MART_DOCS.items()},
            **{t: (FACT_DOCS[t], FACT_COLUMN_DOCS[t]) for t in schema.FACT_TABLES}}
    for table, (about, columns) in docs.items():
        _run(con, f"COMMENT ON TABLE {table} IS {_sql_str(about)}")
        for col in _columns(con, table):
            if col not in columns:
                raise ValueError(f"{table}.{col} has no description (govlake/marts.py MART_DOCS "
                                 "or govlake/fact_docs.py)")
            _run(con, f'COMMENT ON COLUMN {table}."{col}" IS {_sql_str(columns[col])}')
    for table, about in INTERNAL_DOCS.items():
        _run(con, f"COMMENT ON TABLE {INTERNAL}.{table} IS {_sql_str(about)}")


def _stamp(con: duckdb.DuckDBPyConnection, build_id: str, as_of: dt.date,
           counts: dict[str, int]) -> None:
    """The snapshot's identity and row counts, written in the same file as the tables."""
    _run(con, f"CREATE TABLE {INTERNAL}._build AS SELECT ?::VARCHAR AS build_id, "
              "?::TIMESTAMPTZ AS built_at, ?::DATE AS as_of",
         [build_id, dt.datetime.now(dt.timezone.utc), as_of])
    _register_table(con, f"{INTERNAL}._build_tables", pa.Table.from_pylist(
        [{"build_id": build_id, "table_name": k, "row_count": v} for k, v in counts.items()],
        schema=pa.schema([("build_id", pa.string()), ("table_name", pa.string()),
                          ("row_count", pa.int64())])))


def build_marts(lake: Lake, as_of: dt.date | None = None, build_id: str | None = None) -> dict:
    """Rebuild the marts database into a new file and swap it in; return row counts.

    Nothing touches the published file until the new one is complete and
    checkpointed; then one os.replace makes it the file every new connection opens.
    A reader with an open connection keeps reading the old snapshot (its inode).
    On object storage the file is built locally and uploaded in one PUT.
    """
    as_of = as_of or dt.date.today()
    build_id = build_id or uuid.uuid4().hex
    if lake.is_remote:
        with atomic.atomic_path(lake.marts_db) as local:
            counts = _build_file(lake, local, as_of, build_id)
    else:
        counts = _build_file(lake, lake.marts_db, as_of, build_id)
    counts["build_id"] = build_id  # type: ignore[assignment]
    return counts


def _build_file(lake: Lake, target: Path, as_of: dt.date, build_id: str) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    # a name atomic.TEMP_NAME knows: a killed build's file and WAL are swept by the next run
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.building")
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp))
        try:
            _run(con, f"CREATE SCHEMA {INTERNAL}")
            _load_facts(con, lake, counts)
            counts[f"{INTERNAL}.type_rejects"] = _typed_facts(con)
            testhooks.pause_at("marts")  # tests: killed here, half built
            _lookup_tables(con)
            _expected_table(con, as_of)
            _run(con, MART_PROVINCE_YEAR)
            _run(con, MART_UNIT_YEAR)
            _run(con, MART_MISSING, [as_of])
            _run(con, MART_APPLICATION_OUTCOMES)
            _run(con, MART_COVERAGE)
            for name in MARTS:
                counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            _stamp(con, build_id, as_of, counts)
            _comment(con)
            _run(con, "CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb+") as fh:  # durable before it becomes visible
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return counts
