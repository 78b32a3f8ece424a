"""Jobs: the whole lake for selected partitions (what `govlake run` and the UI launch)."""

import dagster as dg


lake_job = dg.define_asset_job(
    name="govlake_lake_job",
    description="Catalog new sources, then build raw → cleaned → facts → marts for "
                "the selected (province, year) partitions.",
    selection=dg.AssetSelection.all(),
)
