"""Raw layer: each partition's snapshots, bytes exactly as found, with a sidecar each."""

import dagster as dg

from govlake import layers
from govlake.defs.assets.common import OWNERS, md_table
from govlake.defs.assets.ingest import source_catalog
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource


@dg.asset(
    group_name="raw",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[source_catalog],
    kinds={"python", "html"},
    owners=OWNERS,
    description=(
        "Snapshots routed to this (province, year): the bytes as fetched or found, "
        "never altered, each with a JSON sidecar (sources, sha256, size, detected "
        "encoding, when it was taken). Re-running swaps the partition directory whole."
    ),
)
def raw_snapshots(context: dg.AssetExecutionContext, lake: LakeResource) -> dg.MaterializeResult:
    lk = lake.lake()
    built = layers.build_partitions("raw", lk, keys_in_run(context))
    preview = [row for _, rows in built for row in rows]
    total = len(preview)
    return dg.MaterializeResult(metadata={
        "snapshots": dg.MetadataValue.int(total),
        "preview": dg.MetadataValue.md(md_table(preview, ["partition", "sha256", "size",
                                                         "encoding", "source"])),
    })
