"""Cleaned layer: one record per report — decoded, extracted, normalized, repaired.

Raw and repaired text sit side by side with every repair recorded, and the
contamination check on this asset puts each partition's spam share in view.
"""

from collections import Counter

import dagster as dg

from govlake import layers
from govlake.defs.assets.common import OWNERS, column_schema, md_table
from govlake.defs.assets.raw import raw_snapshots
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource
from govlake.tables import SCHEMAS


def _strongest(rec: dict) -> str:
    sigs = sorted(rec.get("spam_signals") or [], key=lambda s: -(s.get("weight") or 0))
    return f"{sigs[0]['kind']}: {sigs[0]['evidence'][:60]}" if sigs else ""


def spam_check(records: list[dict]) -> dg.AssetCheckResult:
    flagged = [r for r in records if r.get("is_spam")]
    n = len(records)
    scores = [float(r.get("spam_score") or 0) for r in records]
    buckets = Counter(min(int(s * 10), 9) / 10 for s in scores)
    by_part = Counter(f"{r['province_key']}|{r['year']}" for r in flagged)
    return dg.AssetCheckResult(
        check_name="spam_contamination",
        passed=not flagged,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "reports": n,
            "contaminated": len(flagged),
            "contaminated_share": round(len(flagged) / n, 4) if n else 0.0,
            "contaminated_by_partition": dg.MetadataValue.json(dict(by_part)),
            "score_distribution": dg.MetadataValue.json(
                {f"{k:.1f}-{k + 0.1:.1f}": v for k, v in sorted(buckets.items())}),
            "flagged": dg.MetadataValue.md(md_table(
                [{"report_id": r["report_id"], "partition": f"{r['province_key']}|{r['year']}",
                  "score": round(r["spam_score"], 3), "repaired": r["repaired"],
                  "strongest_evidence": _strongest(r)} for r in flagged],
                ["report_id", "partition", "score", "repaired", "strongest_evidence"])),
        },
    )


@dg.asset(
    group_name="cleaned",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[raw_snapshots],
    kinds={"python", "parquet"},
    owners=OWNERS,
    metadata={"dagster/column_schema": column_schema(SCHEMAS["cleaned_reports"])},
    check_specs=[dg.AssetCheckSpec(
        "spam_contamination", asset="cleaned_reports",
        description="Share of gambling-spam-contaminated copies (WARN), with evidence.")],
    description=(
        "One record per report: decoded text via trafilatura with tables kept as "
        "`|` rows, NFKC-normalized; the contamination assessment (spam_score, "
        "signals with evidence) and the repaired text beside the original."
    ),
)
def cleaned_reports(context: dg.AssetExecutionContext, lake: LakeResource):
    lk = lake.lake()
    # records come back without their texts (`chars` says how long each was)
    all_records = [r for _, records in layers.build_partitions("cleaned", lk, keys_in_run(context))
                   for r in records]
    yield dg.MaterializeResult(metadata={
        "reports": dg.MetadataValue.int(len(all_records)),
        "dagster/row_count": dg.MetadataValue.int(len(all_records)),
        "contaminated": dg.MetadataValue.int(sum(bool(r["is_spam"]) for r in all_records)),
        "repaired": dg.MetadataValue.int(sum(bool(r["repaired"]) for r in all_records)),
        "unreadable": dg.MetadataValue.int(sum(bool(r.get("error")) for r in all_records)),
        "preview": dg.MetadataValue.md(md_table(
            [{"report_id": r["report_id"], "partition": f"{r['province_key']}|{r['year']}",
              "title": r.get("title"), "encoding": r.get("encoding"),
              "script": r.get("script"), "spam_score": round(r["spam_score"], 3),
              "chars": r["chars"]} for r in all_records],
            ["report_id", "partition", "title", "encoding", "script", "spam_score", "chars"])),
    })
    yield spam_check(all_records)
