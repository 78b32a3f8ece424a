"""Marts layer: the DuckDB database BI tools read, rebuilt and swapped atomically.

The marts are not partitioned: one database over every partition, rebuilt whole
from the fact Parquet so every mart is consistent with every partition on disk
(a range backfill rebuilds it once, at the end, not once per province).
Writers are serialized through the `duckdb_writer` concurrency pool. After each
build the province × year coverage matrix is written to
`reports/coverage.html` and shown as metadata of `mart_coverage`.
"""

import dagster as dg

from govlake.coverage import matrix_markdown, write_coverage
from govlake.defs.assets.common import OWNERS
from govlake.defs.assets.facts import FACT_DESCRIPTIONS
from govlake.defs.resources import ClockResource, LakeResource
from govlake.defs.versions import MARTS_VERSION
from govlake.marts import MART_DOCS, build_marts

MART_DESCRIPTIONS = {
    "mart_province_year": "Per province and year: reports, spam, failures, coverage and "
                          "headline figures (applications, disclosure rate, reviews, lawsuits).",
    "mart_unit_year": "One row per report with its headline figures and quality failures.",
    "mart_missing_reports": "Expected governments with no report, their deadline and days overdue.",
    "mart_application_outcomes": "Long format for charts: applications per province, year, "
                                 "outcome group (granted … not_processed) and applicant type.",
    "mart_coverage": "Province × year coverage matrix: governments found / missing, spam copies "
                     "(also written as the heatmap page reports/coverage.html).",
}


def _column_type(col: str) -> str:
    """The column's DuckDB type, as the marts database declares it (govlake/marts.py)."""
    if col in ("disclosure_rate", "spam_share", "spam_score", "coverage"):
        return "DOUBLE"
    if col in ("is_spam", "repaired"):
        return "BOOLEAN"
    if col in ("deadline", "published_date"):
        return "DATE"
    if col == "year" or col.endswith("_order"):
        return "INTEGER"
    if col.startswith(("reports", "reviews", "litigations", "applications")) \
            or col.endswith(("_units", "_failures", "days_overdue")):
        return "BIGINT"
    return "VARCHAR"


def _column_schema(name: str) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(col, type=_column_type(col), description=desc)
                                   for col, desc in MART_DOCS[name][1].items()])


@dg.multi_asset(
    group_name="marts",
    pool="duckdb_writer",
    specs=[dg.AssetSpec(name, deps=list(FACT_DESCRIPTIONS), description=desc,
                        kinds={"duckdb"}, owners=OWNERS, group_name="marts",
                        code_version=MARTS_VERSION,
                        metadata={"dagster/column_schema": _column_schema(name)})
           for name, desc in MART_DESCRIPTIONS.items()],
)
def marts(context: dg.AssetExecutionContext, lake: LakeResource, clock: ClockResource):
    lk = lake.lake()
    counts = build_marts(lk, as_of=clock.date())
    context.log.info(f"marts rebuilt: {counts}")
    page = lk.reports_dir / "coverage.html"
    matrix = write_coverage(lk.marts_db, page)
    totals = matrix.totals()
    for name in MART_DESCRIPTIONS:
        meta = {
            "dagster/row_count": dg.MetadataValue.int(counts[name]),
            "rows": dg.MetadataValue.int(counts[name]),
            "database": dg.MetadataValue.path(str(lk.marts_db)),
            "build_id": dg.MetadataValue.text(str(counts["build_id"])),
        }
        if name in ("mart_coverage", "mart_province_year"):
            meta.update({
                "coverage_matrix": dg.MetadataValue.md(matrix_markdown(matrix)),
                "coverage_page": dg.MetadataValue.path(str(page)),
                "partitions_with_data": dg.MetadataValue.int(totals["partitions"]),
                "governments_found": dg.MetadataValue.int(totals["found"]),
                "governments_missing": dg.MetadataValue.int(totals["missing"]),
                "spam_copies": dg.MetadataValue.int(totals["spam"]),
            })
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
