"""Facts layer: the parsed report record and its long-format fact tables.

One op parses each partition's cleaned records once and writes all six tables
(docs/SCHEMA.md names) under facts/<table>/province=<p>/year=<y>/. Copies of the same
unit's report for the same year are kept but marked ``duplicate_of`` the best
copy, so marts count each report once.
"""

import dagster as dg

from govlake import layers
from govlake.completeness import completeness
from govlake.defs.assets.cleaned import cleaned_reports
from govlake.defs.assets.common import OWNERS, column_schema, md_table
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import ClockResource, LakeResource
from govlake.tables import SCHEMAS

FACT_DESCRIPTIONS = {
    "reports": "One row per report: unit, place, year, format, spam and parse status.",
    "applications": "Section 三: requests received and their outcomes, by applicant type.",
    "review_litigation": "Section 四: administrative reviews and lawsuits by outcome.",
    "active_disclosure": "Section 二: proactive disclosure items and measures (amounts in 万元).",
    "legacy_indicators": "Pre-2019 reports: 附表 indicators, 本年度 and 历年累计 apart.",
    "quality_checks": "The identities of docs/DOMAIN.md §2 per report, passed or not, with numbers.",
}


def quality_check(checks: int, failed: list[dict]) -> dg.AssetCheckResult:
    """``checks`` identities were tested; ``failed`` are the rows that did not hold."""
    return dg.AssetCheckResult(
        check_name="identities_hold", asset_key="quality_checks",
        passed=not failed, severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "checks": checks, "failed": len(failed),
            "reports_failing": len({r["report_id"] for r in failed}),
            "failures": dg.MetadataValue.md(md_table(
                [{"report_id": r["report_id"], "partition": f"{r['province_key']}|{r['year']}",
                  "check": r["check"], "detail": r["detail"]} for r in failed],
                ["report_id", "partition", "check", "detail"], limit=50)),
        },
    )


def parse_check(reports: list[dict]) -> dg.AssetCheckResult:
    bad = [r for r in reports if r["parse_status"] != "ok"]
    return dg.AssetCheckResult(
        check_name="reports_parsed", asset_key="reports",
        passed=not bad, severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "reports": len(reports),
            "partial": sum(r["parse_status"] == "partial" for r in reports),
            "failed": sum(r["parse_status"] == "failed" for r in reports),
            "not_ok": dg.MetadataValue.md(md_table(
                [{"report_id": r["report_id"], "partition": f"{r['province_key']}|{r['year']}",
                  "status": r["parse_status"], "errors": "; ".join(r["parse_errors"])}
                 for r in bad], ["report_id", "partition", "status", "errors"])),
        },
    )


def completeness_check(reports_by_partition: dict, today) -> dg.AssetCheckResult:
    """Missing expected governments: listed before the deadline, an ERROR after it."""
    # a partition with no report at all (a year inside a range run that has no data yet)
    # is not judged here: mart_missing_reports and mart_coverage show it
    results = [completeness(p, y, reps, today) for (p, y), reps in reports_by_partition.items()
               if reps]
    skipped = sum(1 for reps in reports_by_partition.values() if not reps)
    overdue = [c for c in results if c.overdue]
    missing_rows = [{"partition": f"{c.province_key}|{c.year}", **m}
                    for c in results for m in c.missing]
    return dg.AssetCheckResult(
        check_name="reports_complete", asset_key="reports",
        passed=not overdue, severity=dg.AssetCheckSeverity.ERROR,
        description="Every expected government's report is in (deadline: Art. 49 / Art. 31).",
        metadata={
            "as_of": today.isoformat(),
            "partitions_without_reports": skipped,
            "expected_units": sum(c.expected for c in results),
            "found_units": sum(c.found for c in results),
            "missing_units": len(missing_rows),
            "overdue_partitions": dg.MetadataValue.json(
                [f"{c.province_key}|{c.year}" for c in overdue]),
            "by_partition": dg.MetadataValue.md(md_table(
                [{"partition": f"{c.province_key}|{c.year}", "expected": c.expected,
                  "found": c.found, "missing": len(c.missing),
                  "deadline": c.deadline.isoformat() if c.deadline else "",
                  "status": "OVERDUE" if c.overdue else ("outstanding" if c.missing else "complete")}
                 for c in results],
                ["partition", "expected", "found", "missing", "deadline", "status"], limit=100)),
            "missing": dg.MetadataValue.md(md_table(
                missing_rows, ["partition", "unit_name", "region_code", "admin_level",
                               "deadline", "days_overdue"], limit=200)),
        },
    )


@dg.multi_asset(
    group_name="facts",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    specs=[dg.AssetSpec(name, deps=[cleaned_reports], description=desc,
                        kinds={"python", "parquet"}, owners=OWNERS, group_name="facts",
                        metadata={"dagster/column_schema": column_schema(SCHEMAS[name])})
           for name, desc in FACT_DESCRIPTIONS.items()],
    check_specs=[
        dg.AssetCheckSpec("identities_hold", asset="quality_checks",
                          description="docs/DOMAIN.md §2 identities per report (WARN)."),
        dg.AssetCheckSpec("reports_parsed", asset="reports",
                          description="Reports whose tables could not be parsed (WARN)."),
        dg.AssetCheckSpec("reports_complete", asset="reports",
                          description="Expected governments missing: listed before the "
                                      "deadline, ERROR after it."),
    ],
)
def fact_tables(context: dg.AssetExecutionContext, lake: LakeResource, clock: ClockResource):
    lk = lake.lake()
    rows = dict.fromkeys(FACT_DESCRIPTIONS, 0)
    by_partition: dict[tuple[str, int], list[dict]] = {}
    quality_failed: list[dict] = []
    for key, built in layers.build_partitions("facts", lk, keys_in_run(context)):
        by_partition[key] = built["reports"]
        quality_failed += built["quality_failed"]
        for name, n in built["rows"].items():
            rows[name] += n
    reports = [r for reps in by_partition.values() for r in reps]
    for name in FACT_DESCRIPTIONS:
        meta = {"rows": dg.MetadataValue.int(rows[name]),
                "dagster/row_count": dg.MetadataValue.int(rows[name])}
        if name == "reports":
            meta.update({
                "parsed_ok": dg.MetadataValue.int(sum(r["parse_status"] == "ok" for r in reports)),
                "partial": dg.MetadataValue.int(sum(r["parse_status"] == "partial" for r in reports)),
                "failed": dg.MetadataValue.int(sum(r["parse_status"] == "failed" for r in reports)),
                "spam": dg.MetadataValue.int(sum(bool(r["is_spam"]) for r in reports)),
                "duplicates": dg.MetadataValue.int(sum(bool(r["duplicate_of"]) for r in reports)),
                "preview": dg.MetadataValue.md(md_table(
                    reports, ["report_id", "unit_name", "province_key", "year", "format",
                              "parse_status", "is_spam"])),
            })
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
    yield quality_check(rows["quality_checks"], quality_failed)
    yield parse_check(reports)
    yield completeness_check(by_partition, clock.date())
