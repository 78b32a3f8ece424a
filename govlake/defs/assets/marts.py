"""Marts layer: the DuckDB database BI tools read, rebuilt and swapped atomically.

Materializing any partition rebuilds the whole database from the fact Parquet
(cheap at this size) so every mart is consistent with every partition on disk.
Writers are serialized through the `duckdb_writer` concurrency pool.
"""

import dagster as dg

from govlake.defs.assets.common import OWNERS
from govlake.defs.assets.facts import FACT_DESCRIPTIONS
from govlake.defs.partitions import report_partitions
from govlake.defs.resources import ClockResource, LakeResource
from govlake.marts import build_marts

MART_DESCRIPTIONS = {
    "mart_province_year": "Per province and year: reports, spam, failures, coverage and "
                          "headline figures (applications, disclosure rate, reviews, lawsuits).",
    "mart_unit_year": "One row per report with its headline figures and quality failures.",
    "mart_missing_reports": "Expected governments with no report, their deadline and days overdue.",
}


@dg.multi_asset(
    group_name="marts",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writer",
    specs=[dg.AssetSpec(name, deps=list(FACT_DESCRIPTIONS), description=desc,
                        kinds={"duckdb"}, owners=OWNERS, group_name="marts")
           for name, desc in MART_DESCRIPTIONS.items()],
)
def marts(context: dg.AssetExecutionContext, lake: LakeResource, clock: ClockResource):
    lk = lake.lake()
    counts = build_marts(lk, as_of=clock.date())
    context.log.info(f"marts rebuilt: {counts}")
    for name in MART_DESCRIPTIONS:
        yield dg.MaterializeResult(asset_key=name, metadata={
            "rows": dg.MetadataValue.int(counts[name]),
            "database": dg.MetadataValue.path(str(lk.marts_db)),
        })
