"""Standalone asset checks: the ones that look across partitions or at time itself."""

import json

import dagster as dg

from govlake import catalog
from govlake.completeness import freshness
from govlake.defs.assets.common import md_table
from govlake.defs.assets.raw import raw_snapshots
from govlake.defs.resources import ClockResource, LakeResource


@dg.asset_check(
    asset=raw_snapshots,
    name="snapshots_refreshed_after_deadline",
    description="Every partition with data has snapshots taken after its reports were due "
                "(31 March of the next year); otherwise late reports cannot be in it (WARN).",
)
def snapshots_refreshed_after_deadline(lake: LakeResource,
                                       clock: ClockResource) -> dg.AssetCheckResult:
    lk = lake.lake()
    today = clock.date()
    results = []
    for province, year in catalog.partitions_with_data(lk):
        raw_dir = lk.raw_dir(province, year)
        stamps = [json.loads(p.read_text(encoding="utf-8")).get("taken_at")
                  for p in sorted(raw_dir.glob("*.json"))] if raw_dir.is_dir() else []
        results.append(freshness(province, year, stamps, today))
    stale = [f for f in results if f.stale]
    return dg.AssetCheckResult(
        passed=not stale, severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "as_of": today.isoformat(),
            "partitions": len(results), "stale": len(stale),
            "stale_partitions": dg.MetadataValue.md(md_table(
                [{"partition": f"{f.province_key}|{f.year}", "newest_snapshot": f.latest_snapshot,
                  "deadline": f.deadline.isoformat()} for f in stale],
                ["partition", "newest_snapshot", "deadline"], limit=100)),
        },
    )
