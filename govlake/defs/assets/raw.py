"""Raw layer: each partition's snapshots, bytes exactly as found, with a sidecar each.

A range run records one materialization per partition, each with its own snapshot
count and preview (a partition of the range with no snapshots says so).
"""

import dagster as dg

from govlake import layers
from govlake.defs.assets.common import (NO_DATA, OWNERS, md_table, partition_metadata,
                                        range_metadata)
from govlake.defs.assets.ingest import source_catalog
from govlake.defs.freshness import raw_freshness_policy
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource
from govlake.defs.versions import RAW_VERSION


def raw_partition_metadata(rows: list[dict]) -> dict:
    """One partition's figures: snapshots, bytes, and the preview of its own files."""
    meta = {
        "snapshots": dg.MetadataValue.int(len(rows)),
        "dagster/row_count": dg.MetadataValue.int(len(rows)),
        "bytes": dg.MetadataValue.int(sum(int(r["size"] or 0) for r in rows)),
        "preview": dg.MetadataValue.md(md_table(rows, ["partition", "sha256", "size",
                                                      "encoding", "source"])),
    }
    if not rows:
        meta["status"] = dg.MetadataValue.text(NO_DATA)
    return meta


@dg.asset(
    group_name="raw",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[source_catalog],
    kinds={"python", "html"},
    owners=OWNERS,
    code_version=RAW_VERSION,
    freshness_policy=raw_freshness_policy(),
    description=(
        "Snapshots routed to this (province, year): the bytes as fetched or found, "
        "never altered, each with a JSON sidecar (sources, sha256, size, detected "
        "encoding, when it was taken). Re-running swaps the partition directory whole."
    ),
)
def raw_snapshots(context: dg.AssetExecutionContext, lake: LakeResource) -> dg.MaterializeResult:
    lk = lake.lake()
    built = layers.build_partitions("raw", lk, keys_in_run(context))
    for key, (_, rows) in zip(context.partition_keys, built):
        partition_metadata(context, "raw_snapshots", key, raw_partition_metadata(rows))
    return dg.MaterializeResult(metadata=range_metadata(context))
