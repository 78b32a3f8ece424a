"""Jobs: what `govlake run`, the sensors, the schedules and the UI launch."""

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
