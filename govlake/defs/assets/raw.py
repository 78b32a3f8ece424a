"""Raw layer: each partition's snapshots, bytes exactly as found, with a sidecar each."""

import json

import dagster as dg

from govlake import atomic, catalog
from govlake.defs.assets.common import OWNERS, md_table
from govlake.defs.assets.ingest import source_catalog
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource


def _suffix(filename: str | None) -> str:
    name = (filename or "").lower()
    for ext in (".html", ".htm", ".shtml", ".txt"):
        if name.endswith(ext):
            return ext
    return ".bin"


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
    total = 0
    preview = []
    for province, year in keys_in_run(context):
        rows = catalog.partition_rows(lk, province, year)

        def fill(tmp, rows=rows):
            for r in rows:
                data = lk.blob_path(r["sha256"]).read_bytes()
                name = r["sha256"] + _suffix(r["filename"])
                (tmp / name).write_bytes(data)
                sidecar = {
                    "sha256": r["sha256"], "report_id": r["report_id"], "file": name,
                    "size": r["size"], "sources": r["sources"], "source_url": r["source_url"],
                    "filename": r["filename"], "origin": r["origin"],
                    "encoding": r["encoding"], "taken_at": r["fetched_at"] or r["discovered_at"],
                    "content_type": r["content_type"], "routing_reason": r["routing_reason"],
                    "hints": json.loads(r["hints"]) if r.get("hints") else {},
                    "error": r["error"],   # set: not a page (recorded, never parsed)
                    "routing_conflicts": r["routing_conflicts"],
                }
                (tmp / (r["sha256"] + ".json")).write_text(
                    json.dumps(sidecar, ensure_ascii=False, indent=1, sort_keys=True),
                    encoding="utf-8")

        atomic.replace_dir(lk.raw_dir(province, year), fill)
        total += len(rows)
        preview += [{"partition": f"{province}|{year}", "sha256": r["sha256"][:12],
                     "size": r["size"], "encoding": r["encoding"],
                     "source": r["sources"][0]} for r in rows]
    return dg.MaterializeResult(metadata={
        "snapshots": dg.MetadataValue.int(total),
        "preview": dg.MetadataValue.md(md_table(preview, ["partition", "sha256", "size",
                                                         "encoding", "source"])),
    })
