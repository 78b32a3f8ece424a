"""Facts layer: the parsed report record and its long-format fact tables.

One op parses each partition's cleaned records once and writes all six tables
(docs/SCHEMA.md names) under facts/<table>/province=<p>/year=<y>/. Copies of the same
unit's report for the same year are kept but marked ``duplicate_of`` the best
copy, so marts count each report once. A range run records each partition's own figures and
check results (see assets/common.py).
"""

import dagster as dg

from govlake import layers
from govlake.completeness import completeness
from govlake.defs.assets.cleaned import cleaned_reports
from govlake.defs.assets.common import (NO_DATA, OWNERS, check_done, check_selected,
                                        column_schema, md_table, partition_check,
                                        partition_check_spec, partition_metadata,
                                        range_metadata)
from govlake.defs.partitions import keys_in_run, report_partitions
from govlake.defs.resources import ClockResource, LakeResource
from govlake.defs.versions import PIPELINE_VERSION
from govlake.tables import SCHEMAS

FACT_DESCRIPTIONS = {
    "reports": "One row per report: unit, place, year, format, spam and parse status.",
    "applications": "Section 三: requests received and their outcomes, by applicant type.",
    "review_litigation": "Section 四: administrative reviews and lawsuits by outcome.",
    "active_disclosure": "Section 二: proactive disclosure items and measures (amounts in 万元).",
    "legacy_indicators": "Pre-2019 reports: 附表 indicators, 本年度 and 历年累计 apart.",
    "quality_checks": "The identities of docs/DOMAIN.md §2 per report, passed or not, with numbers.",
}


def quality_figures(checks: int, failed: list[dict]) -> tuple[bool, dict]:
    """``checks`` identities were tested in the partition; ``failed`` did not hold."""
    return not failed, {
        "checks": checks, "failed": len(failed),
        "reports_failing": len({r["report_id"] for r in failed}),
        "failures": dg.MetadataValue.md(md_table(
            [{"report_id": r["report_id"], "check": r["check"], "detail": r["detail"]}
             for r in failed], ["report_id", "check", "detail"], limit=50)),
    }


def parse_figures(reports: list[dict]) -> tuple[bool, dict]:
    bad = [r for r in reports if r["parse_status"] != "ok"]
    return not bad, {
        "reports": len(reports),
        "parsed_ok": sum(r["parse_status"] == "ok" for r in reports),
        "partial": sum(r["parse_status"] == "partial" for r in reports),
        "failed": sum(r["parse_status"] == "failed" for r in reports),
        "not_ok": dg.MetadataValue.md(md_table(
            [{"report_id": r["report_id"], "status": r["parse_status"],
              "errors": "; ".join(r["parse_errors"])} for r in bad],
            ["report_id", "status", "errors"])),
    }


def completeness_figures(province: str, year: int, reports: list[dict],
                         today) -> tuple[bool, dict, str | None]:
    """Missing expected governments of one partition: listed before the deadline, a
    failure (ERROR) after it. A partition with no report at all (a year inside a range
    run that has no data yet) is not judged: it says so; mart_missing_reports and
    mart_coverage list its expected governments."""
    if not reports:
        return True, {"as_of": today.isoformat(), "reports": 0,
                      "status": dg.MetadataValue.text(NO_DATA)}, (
            "No report of this partition is in the lake: completeness not judged "
            "(mart_missing_reports lists the expected governments).")
    c = completeness(province, year, reports, today)
    status = "OVERDUE" if c.overdue else ("outstanding" if c.missing else "complete")
    return not c.overdue, {
        "as_of": today.isoformat(),
        "expected_units": c.expected, "found_units": c.found, "missing_units": len(c.missing),
        "deadline": c.deadline.isoformat() if c.deadline else "",
        "status": status,
        "missing": dg.MetadataValue.md(md_table(
            c.missing, ["unit_name", "region_code", "admin_level", "deadline", "days_overdue"],
            limit=200)),
    }, None


def reports_partition_metadata(reports: list[dict], rows: dict[str, int]) -> dict:
    """The `reports` asset's figures for one partition, and its own preview."""
    meta = {
        "rows": dg.MetadataValue.int(rows["reports"]),
        "dagster/row_count": dg.MetadataValue.int(rows["reports"]),
        "parsed_ok": dg.MetadataValue.int(sum(r["parse_status"] == "ok" for r in reports)),
        "partial": dg.MetadataValue.int(sum(r["parse_status"] == "partial" for r in reports)),
        "failed": dg.MetadataValue.int(sum(r["parse_status"] == "failed" for r in reports)),
        "spam": dg.MetadataValue.int(sum(bool(r["is_spam"]) for r in reports)),
        "duplicates": dg.MetadataValue.int(sum(bool(r["duplicate_of"]) for r in reports)),
        "preview": dg.MetadataValue.md(md_table(
            reports, ["report_id", "unit_name", "province_key", "year", "format",
                      "parse_status", "is_spam"])),
    }
    if not reports:
        meta["status"] = dg.MetadataValue.text(NO_DATA)
    return meta


CHECKS = {  # check name → (asset, description)
    "identities_hold": ("quality_checks", "docs/DOMAIN.md §2 identities per report, per partition "
                                          "(WARN)."),
    "reports_parsed": ("reports", "Reports of the partition whose tables could not be parsed "
                                  "(WARN)."),
    "reports_complete": ("reports", "Expected governments of the partition missing: listed "
                                    "before the deadline, ERROR after it."),
}


@dg.multi_asset(
    group_name="facts",
    partitions_def=report_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    specs=[dg.AssetSpec(name, deps=[cleaned_reports], description=desc,
                        kinds={"python", "parquet"}, owners=OWNERS, group_name="facts",
                        code_version=PIPELINE_VERSION,
                        metadata={"dagster/column_schema": column_schema(SCHEMAS[name])})
           for name, desc in FACT_DESCRIPTIONS.items()],
    check_specs=[partition_check_spec(name, asset, desc, report_partitions)
                 for name, (asset, desc) in CHECKS.items()],
)
def fact_tables(context: dg.AssetExecutionContext, lake: LakeResource, clock: ClockResource):
    lk = lake.lake()
    built = layers.build_partitions("facts", lk, keys_in_run(context))
    for key, (_, b) in zip(context.partition_keys, built):
        for name in FACT_DESCRIPTIONS:
            meta = ({"rows": dg.MetadataValue.int(b["rows"][name]),
                     "dagster/row_count": dg.MetadataValue.int(b["rows"][name])}
                    if name != "reports" else reports_partition_metadata(b["reports"], b["rows"]))
            if not b["reports"]:
                meta["status"] = dg.MetadataValue.text(NO_DATA)
            partition_metadata(context, name, key, meta)
    shared = range_metadata(context)
    for name in FACT_DESCRIPTIONS:
        if dg.AssetKey(name) in context.selected_asset_keys:
            yield dg.MaterializeResult(asset_key=name, metadata=shared)
    today = clock.date()
    for check_name, (asset, _) in CHECKS.items():
        if not check_selected(context, asset, check_name):
            continue
        for key, ((province, year), b) in zip(context.partition_keys, built):
            note = None if b["reports"] else NO_DATA
            if check_name == "identities_hold":
                passed, figures = quality_figures(b["rows"]["quality_checks"], b["quality_failed"])
                severity = dg.AssetCheckSeverity.WARN
            elif check_name == "reports_parsed":
                passed, figures = parse_figures(b["reports"])
                severity = dg.AssetCheckSeverity.WARN
            else:
                passed, figures, note = completeness_figures(province, year, b["reports"], today)
                severity = dg.AssetCheckSeverity.ERROR
            yield partition_check(context, asset, check_name, key, passed=passed,
                                  severity=severity, metadata=figures, description=note)
        yield check_done(context, asset, check_name)
