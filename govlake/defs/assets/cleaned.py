"""Cleaned layer: one record per report — decoded, extracted, normalized, repaired.

Raw and repaired text sit side by side with every repair recorded, and the
contamination check on this asset puts each partition's spam share in view.
"""

import json
from collections import Counter

import dagster as dg

from govlake.defs.assets.common import OWNERS, column_schema, md_table
from govlake.defs.assets.raw import raw_snapshots
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import LakeResource
from govlake import workcache
from govlake.fingerprint import pipeline_fingerprint
from govlake.pipeline import SourceRef, unreadable_record
from govlake.tables import SCHEMAS, to_table, write_table


def _ref(side: dict) -> SourceRef:
    """The source of a raw snapshot, as its sidecar records it."""
    return SourceRef(filename=side.get("filename") or side["file"],
                     source_path=(side.get("sources") or [None])[0],
                     source_url=side.get("source_url"), fetched_at=side.get("taken_at"),
                     content_type=side.get("content_type"), hints=side.get("hints") or {})


def clean_partition(lk, province: str, year: int) -> list[dict]:
    """Every raw snapshot of one partition → cleaned records, in sha256 order.

    Each snapshot is processed once per pipeline version (govlake.workcache): the
    catalog's routing usually did it already; otherwise it is done here, on every core.
    A snapshot the catalog found to be no page (a PDF, a torn corpus record) is
    recorded with its reason and never parsed.
    """
    sidecars = {}
    cleaned = {}
    for sidecar_path in sorted(lk.raw_dir(province, year).glob("*.json")):
        side = json.loads(sidecar_path.read_text(encoding="utf-8"))
        sidecars[side["sha256"]] = side
        if side.get("error") and side.get("routing_reason", "").startswith("not a page"):
            cleaned[side["sha256"]] = unreadable_record(side["sha256"], _ref(side),
                                                        side["error"], "unsupported")
    jobs = [(sha, _ref(side)) for sha, side in sidecars.items() if sha not in cleaned]
    for sha, payload, _ in workcache.compute_many(lk, jobs, part="cleaned"):
        cleaned[sha] = dict(payload["cleaned"])
    records = []
    for sha in sorted(cleaned):
        side = sidecars[sha]
        records.append({**cleaned[sha], "province_key": province, "year": year,
                        "routing_reason": side.get("routing_reason"),
                        "routing_conflicts": side.get("routing_conflicts") or [],
                        "hints": json.dumps(side.get("hints") or {}, ensure_ascii=False,
                                            sort_keys=True),
                        "pipeline_fingerprint": pipeline_fingerprint()})
    return records


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
    all_records = []
    for province, year in keys_in_run(context):
        records = clean_partition(lk, province, year)
        write_table(lk.cleaned_file(province, year), to_table("cleaned_reports", records))
        all_records += records
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
              "chars": len(r.get("text") or "")} for r in all_records],
            ["report_id", "partition", "title", "encoding", "script", "spam_score", "chars"])),
    })
    yield spam_check(all_records)
