"""The source catalog: discovery and routing of every snapshot (not partitioned).

It is the one place that looks across partitions: it finds pages in the bundled
sample and the landing folder, keeps their bytes content-addressed and decides
each one's (province, year). Partitioned assets downstream read only their rows.
"""

import itertools

import dagster as dg

from govlake import catalog, storage
from govlake.defs.assets.common import OWNERS, column_schema, md_table
from govlake.defs.resources import LakeResource
from govlake.defs.versions import CATALOG_VERSION


class CatalogConfig(dg.Config):
    include_samples: bool = False
    landing_dir: str | None = None  # default: <lake>/landing
    manifests: list[str] = []       # CSV / JSON Lines files of URLs to fetch


@dg.asset(
    group_name="ingest",
    metadata={"dagster/column_schema": column_schema(catalog.CATALOG_SCHEMA)},
    kinds={"python", "parquet"},
    owners=OWNERS,
    code_version=CATALOG_VERSION,
    description=(
        "Every snapshot found (bundled sample, landing folder, fetched from manifests), "
        "its bytes stored "
        "content-addressed under raw/_blobs and routed to one (province, year) "
        "partition — or to `unknown` with the reason."
    ),
)
def source_catalog(context: dg.AssetExecutionContext, config: CatalogConfig,
                   lake: LakeResource) -> dg.MaterializeResult:
    lk = lake.lake()
    found = []
    if config.include_samples:
        found.extend(catalog.discover_samples(lk))
    landing = storage.as_path(config.landing_dir) if config.landing_dir else None
    fetch_log: list[dict] = []
    fetched = (doc for m in config.manifests
               for doc in catalog.discover_manifest(lk, storage.as_path(m), log=fetch_log))
    read_ok = [0]  # inputs read as pages this run, new or known (the CLI's "nothing read")

    def counted(items):
        for item in items:
            read_ok[0] += item.problem is None
            yield item

    counts = catalog.update_catalog(lk, counted(itertools.chain(
        found, catalog.discover_landing(lk, landing, log=fetch_log), fetched)))
    for row in fetch_log:
        row["run_id"] = context.run.run_id
    catalog.append_fetch_log(lk, fetch_log)
    fetches = [r for r in fetch_log if r["event"] == "fetch"]
    counts.update(fetched=sum(bool(r["ok"]) and not r["not_modified"] for r in fetches),
                  not_modified=sum(bool(r["not_modified"]) for r in fetches),
                  fetch_failed=sum(not r["ok"] for r in fetches),
                  attachments_fetched=sum(r["event"] == "attachment" and bool(r["ok"])
                                          and bool(r.get("document_kind")) for r in fetch_log),
                  manifest_problems=sum(r["event"] == "manifest_problem" for r in fetch_log),
                  landing_problems=sum(r["event"] == "landing_problem" for r in fetch_log),
                  # a page not modified since its last fetch was read too (nothing new)
                  inputs_read=read_ok[0] + sum(bool(r["not_modified"]) for r in fetches))
    parts = catalog.partitions_with_data(lk)
    context.log.info(f"catalog: {counts}; partitions with data: {len(parts)}")
    return dg.MaterializeResult(metadata={
        **{k: dg.MetadataValue.float(v) if isinstance(v, float) else dg.MetadataValue.int(v)
           for k, v in counts.items()},
        "partitions_with_data": dg.MetadataValue.text(
            ", ".join(f"{p}|{y}" for p, y in parts) or "none"),
        "path": dg.MetadataValue.path(str(lk.catalog_file)),
        "fetch_attempts": dg.MetadataValue.md(md_table(
            fetch_log, ["url", "status", "attempts", "size", "duration_s", "not_modified",
                        "error"], limit=50)),
    })
