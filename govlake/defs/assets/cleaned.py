"""Cleaned layer: one record per report — decoded, extracted, normalized, repaired.

Raw and repaired text sit side by side with every repair recorded, and the
contamination check on this asset puts each partition's spam share in view. A range
run records each partition's own figures and check result (see assets/common.py).
"""

from collections import Counter

import dagster as dg

from govlake import layers
from govlake.defs.assets.common import (NO_DATA, OWNERS, check_done, check_selected,
                                        column_schema, md_table, partition_check,
                                        partition_check_spec, partition_metadata,
                                        range_metadata)
from govlake.defs.assets.raw import raw_snapshots
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource
from govlake.defs.versions import PIPELINE_VERSION
from govlake.tables import SCHEMAS


def _strongest(rec: dict) -> str:
    sigs = sorted(rec.get("spam_signals") or [], key=lambda s: -(s.get("weight") or 0))
    return f"{sigs[0]['kind']}: {sigs[0]['evidence'][:60]}" if sigs else ""


def cleaned_partition_metadata(records: list[dict]) -> dict:
    """One partition's figures and the preview of its own reports."""
    meta = {
        "reports": dg.MetadataValue.int(len(records)),
        "dagster/row_count": dg.MetadataValue.int(len(records)),
        "contaminated": dg.MetadataValue.int(sum(bool(r["is_spam"]) for r in records)),
        "repaired": dg.MetadataValue.int(sum(bool(r["repaired"]) for r in records)),
        "unreadable": dg.MetadataValue.int(sum(bool(r.get("error")) for r in records)),
        "preview": dg.MetadataValue.md(md_table(
            [{"report_id": r["report_id"], "partition": f"{r['province_key']}|{r['year']}",
              "title": r.get("title"), "encoding": r.get("encoding"),
              "script": r.get("script"), "spam_score": round(r["spam_score"], 3),
              "chars": r["chars"]} for r in records],
            ["report_id", "partition", "title", "encoding", "script", "spam_score", "chars"])),
    }
    if not records:
        meta["status"] = dg.MetadataValue.text(NO_DATA)
    return meta


def spam_figures(records: list[dict]) -> tuple[bool, dict]:
    """(passed, figures) of the contamination check over ``records`` (one partition)."""
    flagged = [r for r in records if r.get("is_spam")]
    n = len(records)
    scores = [float(r.get("spam_score") or 0) for r in records]
    buckets = Counter(min(int(s * 10), 9) / 10 for s in scores)
    return not flagged, {
        "reports": n,
        "contaminated": len(flagged),
        "contaminated_share": round(len(flagged) / n, 4) if n else 0.0,
        "score_distribution": dg.MetadataValue.json(
            {f"{k:.1f}-{k + 0.1:.1f}": v for k, v in sorted(buckets.items())}),
        "flagged": dg.MetadataValue.md(md_table(
            [{"report_id": r["report_id"], "score": round(r["spam_score"], 3),
              "repaired": r["repaired"], "strongest_evidence": _strongest(r)} for r in flagged],
            ["report_id", "score", "repaired", "strongest_evidence"])),
    }


@dg.asset(
    group_name="cleaned",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=[raw_snapshots],
    kinds={"python", "parquet"},
    owners=OWNERS,
    code_version=PIPELINE_VERSION,
    metadata={"dagster/column_schema": column_schema(SCHEMAS["cleaned_reports"])},
    check_specs=[partition_check_spec(
        "spam_contamination", "cleaned_reports",
        "Share of gambling-spam-contaminated copies in the partition (WARN), with evidence.",
        report_partitions)],
    description=(
        "One record per report: decoded text via trafilatura with tables kept as "
        "`|` rows, NFKC-normalized; the contamination assessment (spam_score, "
        "signals with evidence) and the repaired text beside the original."
    ),
)
def cleaned_reports(context: dg.AssetExecutionContext, lake: LakeResource):
    lk = lake.lake()
    # records come back without their texts (`chars` says how long each was)
    built = layers.build_partitions("cleaned", lk, keys_in_run(context))
    for key, (_, records) in zip(context.partition_keys, built):
        partition_metadata(context, "cleaned_reports", key, cleaned_partition_metadata(records))
    yield dg.MaterializeResult(metadata=range_metadata(context))
    if check_selected(context, "cleaned_reports", "spam_contamination"):
        for key, (_, records) in zip(context.partition_keys, built):
            passed, figures = spam_figures(records)
            yield partition_check(
                context, "cleaned_reports", "spam_contamination", key, passed=passed,
                severity=dg.AssetCheckSeverity.WARN, metadata=figures,
                description=None if records else NO_DATA)
        yield check_done(context, "cleaned_reports", "spam_contamination")
