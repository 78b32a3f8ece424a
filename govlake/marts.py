"""DuckDB marts built from the fact Parquet, published by atomic file swap.

The whole database is rebuilt into a new file beside the old one and renamed
over it, so a BI tool that (re)connects at any moment sees either the old or the
new snapshot, never a half-built table. Fact tables are copied in as real tables
(not views over relative paths), so the database works from any directory.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

from govlake import schema
from govlake.completeness import GOVERNMENT_LEVELS, completeness
from govlake.geography import expected_units, report_deadline
from govlake.lake import Lake
from govlake.tables import SCHEMAS

FACTS = ("reports", "applications", "review_litigation", "active_disclosure",
         "legacy_indicators", "quality_checks")

MART_PROVINCE_YEAR = """
CREATE TABLE mart_province_year AS
WITH live AS (SELECT * FROM reports WHERE duplicate_of IS NULL),
app AS (
  SELECT a.province_key, a.year,
         sum(value) FILTER (WHERE row_code = 'new_received') AS applications_received,
         sum(value) FILTER (WHERE row_code = 'granted') AS applications_granted,
         sum(value) FILTER (WHERE row_code = 'partially_granted') AS applications_partially_granted,
         sum(value) FILTER (WHERE row_code = 'results_total') AS results_total
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
  FROM expected GROUP BY ALL)
SELECT rep.province_key, coalesce(rep.province, names.province) AS province, rep.year,
       rep.reports, rep.reports_spam,
       round(rep.reports_spam / rep.reports, 4) AS spam_share,
       rep.reports_failed, rep.reports_partial, rep.reports_repaired,
       cov.expected_units, cov.missing_units,
       app.applications_received, app.applications_granted,
       app.applications_partially_granted,
       round((app.applications_granted + app.applications_partially_granted)
             / nullif(app.results_total, 0), 4) AS disclosure_rate,
       rl.reviews, rl.reviews_corrected, rl.litigations, rl.litigations_corrected
FROM rep
LEFT JOIN app USING (province_key, year)
LEFT JOIN rl USING (province_key, year)
LEFT JOIN cov USING (province_key, year)
LEFT JOIN province_names names USING (province_key)
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
       r.published_date, r.source_url, r.source_path,
       app.applications_received, app.applications_granted,
       app.applications_partially_granted,
       round((app.applications_granted + app.applications_partially_granted)
             / nullif(app.results_total, 0), 4) AS disclosure_rate,
       rl.reviews, rl.reviews_corrected, rl.litigations, rl.litigations_corrected,
       coalesce(qc.quality_failures, 0) AS quality_failures
FROM reports r
LEFT JOIN app USING (report_id) LEFT JOIN rl USING (report_id) LEFT JOIN qc USING (report_id)
ORDER BY r.province_key, r.year, r.unit_name, r.report_id
"""

MART_MISSING = """
CREATE TABLE mart_missing_reports AS
SELECT province_key, year, unit_name, region_code, admin_level, deadline,
       greatest(date_diff('day', deadline, ?::DATE), 0) AS days_overdue
FROM expected WHERE NOT found
ORDER BY province_key, year, region_code, unit_name
"""


def _run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> None:
    """Execute a statement and drain its result (DuckDB 2 wants results consumed)."""
    con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


def _load_fact(con: duckdb.DuckDBPyConnection, lake: Lake, name: str) -> int:
    files = sorted(Path(lake.layer("facts")).glob(f"{name}/province=*/year=*/*.parquet"))
    empty = SCHEMAS[name].empty_table()
    con.register("empty_fact", empty)
    if files:
        _run(con, f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?, union_by_name=true)",
             [[str(f) for f in files]])
    else:
        _run(con, f"CREATE TABLE {name} AS SELECT * FROM empty_fact")
    con.unregister("empty_fact")
    return con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]


def _expected_table(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Expected governments per partition present, each marked found or not."""
    cols = ["province_key", "year", "region_code", "admin_level", "duplicate_of"]
    reports = [dict(zip(cols, r)) for r in con.execute(
        f"SELECT {', '.join(cols)} FROM reports").fetchall()]
    by_partition: dict[tuple[str, int], list[dict]] = {}
    for r in reports:
        by_partition.setdefault((r["province_key"], int(r["year"])), []).append(r)
    rows = []
    for (province, year), reps in sorted(by_partition.items()):
        c = completeness(province, year, reps, as_of)
        missing = {m["region_code"] for m in c.missing}
        for unit in expected_units(province, year):
            if unit.admin_level not in GOVERNMENT_LEVELS:
                continue
            rows.append({
                "province_key": province, "year": year, "unit_name": unit.unit_name,
                "region_code": unit.region_code, "admin_level": unit.admin_level,
                "deadline": report_deadline(year, unit.admin_level),
                "found": unit.region_code not in missing,
            })
    table = pa.Table.from_pylist(rows, schema=pa.schema([
        ("province_key", pa.string()), ("year", pa.int32()), ("unit_name", pa.string()),
        ("region_code", pa.string()), ("admin_level", pa.string()),
        ("deadline", pa.date32()), ("found", pa.bool_())]))
    con.register("expected_arrow", table)
    _run(con, "CREATE TABLE expected AS SELECT * FROM expected_arrow")
    con.unregister("expected_arrow")


def build_marts(lake: Lake, as_of: dt.date | None = None) -> dict:
    """Rebuild the marts database into a new file and swap it in; return row counts."""
    as_of = as_of or dt.date.today()
    target = lake.marts_db
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.building")
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name in FACTS:
                counts[name] = _load_fact(con, lake, name)
            names = pa.Table.from_pylist(
                [{"province_key": k, "province": v} for k, v in schema.PROVINCE_NAME.items()])
            con.register("names_arrow", names)
            _run(con, "CREATE TABLE province_names AS SELECT * FROM names_arrow")
            con.unregister("names_arrow")
            _expected_table(con, as_of)
            _run(con, MART_PROVINCE_YEAR)
            _run(con, MART_UNIT_YEAR)
            _run(con, MART_MISSING, [as_of])
            for name in schema.MART_TABLES:
                counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            _run(con, "CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return counts
