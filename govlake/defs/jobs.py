"""Jobs: what `govlake run`, the sensors, the schedules and the UI launch.

Every run has a name the UI can filter on: `govlake run`/`demo` catalogue through
`govlake_ingest_job`, build each range through `govlake_partitions_job` (its partitioned
assets; the marts once at the end) and rebuild the marts through `govlake_marts_job`.
"""

import dagster as dg

lake_job = dg.define_asset_job(
    name="govlake_lake_job",
    description="Catalog new sources, then build raw → cleaned → facts → marts for "
                "the selected (province, year) partitions.",
    selection=dg.AssetSelection.all(),
)

ingest_job = dg.define_asset_job(
    name="govlake_ingest_job",
    description="Discover, fetch, store and route new snapshots (the source catalog only).",
    selection=dg.AssetSelection.assets("source_catalog"),
)

partitions_job = dg.define_asset_job(
    name="govlake_partitions_job",
    description="raw → cleaned → facts → marts for a (province, year) partition or range.",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("source_catalog"),
)

marts_job = dg.define_asset_job(
    name="govlake_marts_job",
    description="Rebuild the DuckDB marts from every partition's facts (one writer at a time).",
    selection=dg.AssetSelection.groups("marts"),
)
