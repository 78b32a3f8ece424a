"""Sensors: new files in the landing folder or manifests start ingestion; a new catalog
starts range runs over the partitions that changed, as few as the ranges allow.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from govlake import catalog, storage
from govlake.defs.jobs import ingest_job, partitions_job
from govlake.defs.partitions import plan_runs, run_tags
from govlake.defs.resources import LakeResource

MANIFEST_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")


def _listing(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """The files the landing reader would take (no hidden, no half-downloaded ones)."""
    from govlake.ingest.landing import landing_files

    return [p for p in landing_files(folder)
            if not suffixes or p.suffix.lower() in suffixes]


def _listing_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> tuple[str, int]:
    """A digest of names, sizes and mtimes of those files (and how many there are)."""
    h = hashlib.sha256()
    files = _listing(folder, suffixes)
    for p in files:
        h.update(f"{p.relative_to(folder)}\0{storage.file_version(p)}\n".encode())
    return h.hexdigest()[:16], len(files)


@dg.sensor(job=ingest_job, minimum_interval_seconds=60,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="New or changed files in data_lake/landing/ (pages, JSON Lines, WARC) "
                       "→ catalog them.")
def landing_sensor(context: dg.SensorEvaluationContext, lake: LakeResource):
    folder = lake.lake().landing_dir
    digest, n = _listing_digest(folder)
    if n == 0 or digest == context.cursor:
        return dg.SkipReason(f"no new files in {folder}")
    context.update_cursor(digest)
    return dg.RunRequest(
        run_key=f"landing-{digest}",
        run_config={"ops": {"source_catalog": {"config": {"landing_dir": str(folder)}}}},
        tags={"govlake/trigger": "landing_sensor"})


@dg.sensor(job=ingest_job, minimum_interval_seconds=300,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="New or changed manifests in data_lake/manifests/ → fetch their URLs.")
def manifest_sensor(context: dg.SensorEvaluationContext, lake: LakeResource):
    folder = lake.lake().manifests_dir
    digest, n = _listing_digest(folder, MANIFEST_SUFFIXES)
    if n == 0 or digest == context.cursor:
        return dg.SkipReason(f"no new or changed manifests in {folder}")
    context.update_cursor(digest)
    manifests = [str(p) for p in _listing(folder, MANIFEST_SUFFIXES)]
    return dg.RunRequest(
        run_key=f"manifests-{digest}",
        run_config={"ops": {"source_catalog": {"config": {"manifests": manifests}}}},
        tags={"govlake/trigger": "manifest_sensor"})


def stale_partition_requests(lake, run_key_prefix: str) -> list[dg.RunRequest]:
    """Range runs over the partitions that are not current, grouped as the runner groups
    them (plan_runs): neighbouring provinces with the same years share one run, so a
    national landing is one run. A province's range covers the years between its
    stale ones too."""
    stale = [(province, year) for province, year in catalog.partitions_with_data(lake)
             if not catalog.partition_is_current(lake, province, year)]
    return [
        dg.RunRequest(
            run_key=f"{run_key_prefix}-{provinces[0]}-{provinces[-1]}-{lo}-{hi}",
            tags={**run_tags(provinces, lo, hi), "govlake/trigger": "catalog_sensor"})
        for provinces, lo, hi in plan_runs(stale)
    ]


@dg.sensor(job=partitions_job, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="After each catalog update, build the partitions that changed "
                       "(single-run ranges, neighbouring provinces with the same years "
                       "in one run).")
def catalog_sensor(context: dg.SensorEvaluationContext, lake: LakeResource):
    event = context.instance.get_latest_materialization_event(dg.AssetKey("source_catalog"))
    if event is None:
        return dg.SkipReason("the catalog has never been materialized")
    marker = event.run_id  # one catalog materialization per run
    if marker == context.cursor:
        return dg.SkipReason("no new catalog materialization")
    context.update_cursor(marker)
    requests = stale_partition_requests(lake.lake(), f"catalog-{marker}")
    if not requests:
        return dg.SkipReason("catalog updated, but every partition is current")
    return requests


