"""What each partitioned layer holds for one (province, year), built and written.

The Dagster assets call these through ``build_partitions``: the partitions of a range
run are spread over every core (govlake.pool), each worker writes its partition's
files, and only small summaries travel back for the run's metadata and checks, so
memory does not grow with the size of the range. No dagster import here.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from govlake import atomic, catalog, factstore, pool, progress, schema, workcache
from govlake.duplicates import mark_duplicates
from govlake.fingerprint import pipeline_fingerprint
from govlake.ingest.content import DOCUMENT_SUFFIXES
from govlake.lake import Lake
from govlake.pipeline import SourceRef, parse_cleaned, unreadable_record
from govlake.tables import from_columns, read_table, row_count, to_table, write_table

# ---------------------------------------------------------------- raw


def _suffix(filename: str | None) -> str:
    """The raw file's extension: the page's or document's own, else .bin."""
    name = (filename or "").lower()
    for ext in (*catalog.PAGE_SUFFIXES, *DOCUMENT_SUFFIXES):
        if name.endswith(ext):
            return ext
    return ".bin"


def _place_bytes(lk: Lake, sha256: str, dest) -> None:
    """The snapshot's bytes at ``dest``: a hard link to its content-addressed blob on a
    local lake (both are never written again, so one copy on disk serves both and a
    national raw layer costs no copying), else a copy."""
    import os

    blob = lk.blob_path(sha256)
    if not lk.is_remote:
        try:
            os.link(blob, dest)
            return
        except OSError:   # another file system, or links not allowed: copy
            pass
    dest.write_bytes(blob.read_bytes())


def build_raw(lk: Lake, province: str, year: int) -> list[dict]:
    """Swap in the partition's snapshots (bytes as found) with a JSON sidecar each."""
    rows = catalog.partition_rows(lk, province, year)

    def fill(tmp):
        for r in rows:
            name = r["sha256"] + _suffix(r["filename"])
            _place_bytes(lk, r["sha256"], tmp / name)
            sidecar = {
                "sha256": r["sha256"], "report_id": r["report_id"], "file": name,
                "size": r["size"], "sources": r["sources"], "source_url": r["source_url"],
                "filename": r["filename"], "origin": r["origin"],
                "encoding": r["encoding"], "taken_at": r["fetched_at"] or r["discovered_at"],
                "content_type": r["content_type"], "routing_reason": r["routing_reason"],
                "hints": json.loads(r["hints"]) if r.get("hints") else {},
                "error": r["error"],   # set: not a page (recorded, never parsed)
                "routing_conflicts": r["routing_conflicts"],
                # issue 14: a document linked from a page, and a family member with no
                # facts of its own (the report is the carrier's: govlake.families)
                "parent_sha256": r.get("parent_sha256"), "parent_url": r.get("parent_url"),
                "document_kind": r.get("document_kind"),
                "report_sha256": r.get("report_sha256"),
            }
            (tmp / (r["sha256"] + ".json")).write_text(
                json.dumps(sidecar, ensure_ascii=False, indent=1, sort_keys=True),
                encoding="utf-8")

    atomic.replace_dir(lk.raw_dir(province, year), fill)
    return [{"partition": f"{province}|{year}", "sha256": r["sha256"][:12], "size": r["size"],
             "encoding": r["encoding"], "source": r["sources"][0]} for r in rows]


# ---------------------------------------------------------------- cleaned

CLEANED_SUMMARY = ("report_id", "province_key", "year", "title", "encoding", "script",
                   "spam_score", "is_spam", "spam_signals", "repaired", "error")


def source_ref(side: dict) -> SourceRef:
    """The source of a raw snapshot, as its sidecar records it."""
    return SourceRef(filename=side.get("filename") or side["file"],
                     source_path=(side.get("sources") or [None])[0],
                     source_url=side.get("source_url"), fetched_at=side.get("taken_at"),
                     content_type=side.get("content_type"), hints=side.get("hints") or {})


def clean_partition(lk: Lake, province: str, year: int) -> list[dict]:
    """Every raw snapshot of one partition → cleaned records, in sha256 order.

    Each snapshot is processed once per pipeline version (govlake.workcache): the
    catalog's routing usually did it already; otherwise it is done here. A snapshot
    the catalog found to be no page (a PDF, a torn corpus record) is recorded with its
    reason and never parsed. A snapshot whose report another carries (the page that
    only links its report's PDF: govlake.families) is no report: it stays in the raw
    layer and the catalog, not here.
    """
    sidecars = {}
    cleaned = {}
    for sidecar_path in sorted(lk.raw_dir(province, year).glob("*.json")):
        side = json.loads(sidecar_path.read_text(encoding="utf-8"))
        if side.get("report_sha256") not in (None, side["sha256"]):
            continue
        sidecars[side["sha256"]] = side
        if side.get("error") and side.get("routing_reason", "").startswith("not a page"):
            cleaned[side["sha256"]] = unreadable_record(side["sha256"], source_ref(side),
                                                        side["error"], "unsupported")
    jobs = [(sha, source_ref(side)) for sha, side in sidecars.items() if sha not in cleaned]
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
                        "parent_sha256": side.get("parent_sha256"),
                        "parent_url": side.get("parent_url"),
                        "pipeline_fingerprint": pipeline_fingerprint()})
    return records


def build_cleaned(lk: Lake, province: str, year: int) -> list[dict]:
    """Write the partition's cleaned records; return them without their texts."""
    records = clean_partition(lk, province, year)
    write_table(lk.cleaned_file(province, year), to_table("cleaned_reports", records))
    return [{**{k: r.get(k) for k in CLEANED_SUMMARY}, "chars": len(r.get("text") or "")}
            for r in records]


# ---------------------------------------------------------------- facts


def facts_for_partition(lk: Lake, province: str, year: int) -> dict[str, pa.Table]:
    """The six fact tables of one partition, from its cleaned records.

    Each report's report record and fact columns come from the work cache (the catalog
    placed it); a report missing there is parsed again from its cleaned record.
    """
    path = lk.cleaned_file(province, year)
    index = read_table(path, "cleaned_reports",
                       ["sha256", "routing_reason", "parent_url"]).to_pylist()
    full: list[dict] | None = None  # the whole cleaned records, read on the first miss
    reports, facts = [], []
    for i, rec in enumerate(index):
        cached = workcache.load(lk, rec["sha256"], "placed")
        if cached is None:
            full = full if full is not None else read_table(path, "cleaned_reports").to_pylist()
            hints = json.loads(full[i]["hints"]) if full[i].get("hints") else None
            placed = parse_cleaned(full[i], hints)
            cached = {"report": placed.report, "facts": workcache.fact_columns(placed.facts)}
        report = cached["report"]
        report["pipeline_fingerprint"] = pipeline_fingerprint()
        # The catalog placed this snapshot here; the partition's keys are authoritative.
        reason = rec.get("routing_reason") or report["routing_reason"]
        if (report["province_key"], report["year"]) != (province, year):
            reason = (f"{reason}; re-parse now suggests "
                      f"{report['province_key']}|{report['year']}")
        report.update(province_key=province, year=year, routing_reason=reason,
                      parent_url=rec.get("parent_url"))
        if province != schema.UNKNOWN:
            report["province"] = schema.PROVINCE_NAME.get(province, report["province"])
        reports.append(report)
        facts.append(cached["facts"])
    mark_duplicates(reports, [sum(map(row_count, f.values())) for f in facts])
    out = {"reports": to_table("reports", reports)}
    for table in workcache.FACT_TABLES:
        out[table] = from_columns(table, [(r, f[table]) for r, f in zip(reports, facts)])
    return out


REPORT_SUMMARY = ["report_id", "unit_name", "region_code", "admin_level", "province_key",
                  "year", "format", "parse_status", "parse_errors", "is_spam", "duplicate_of"]


def build_facts(lk: Lake, province: str, year: int) -> dict:
    """Commit the partition's six fact tables as one (govlake.factstore); return what the
    run's metadata and checks need: the reports' key columns, row counts and the
    identities that failed."""
    tables = facts_for_partition(lk, province, year)
    factstore.commit(lk, province, year, tables)
    checks = tables["quality_checks"]
    return {"reports": tables["reports"].select(REPORT_SUMMARY).to_pylist(),
            "rows": {name: table.num_rows for name, table in tables.items()},
            "quality_failed": checks.filter(pc.invert(checks["passed"])).to_pylist()}


# ---------------------------------------------------------------- a range at once

BUILDERS: dict[str, Callable] = {"raw": build_raw, "cleaned": build_cleaned,
                                 "facts": build_facts}


def _build_one(args: tuple) -> object:
    layer, root, province, year = args
    return BUILDERS[layer](Lake.at(root), province, year)


def build_partitions(layer: str, lk: Lake, keys: list[tuple[str, int]],
                     workers: int | None = None) -> list[tuple[tuple[str, int], object]]:
    """Build one layer for each (province, year), partitions spread over every core;
    return ((province, year), summary) in the order given."""
    results = pool.imap(_build_one, [(layer, lk.root, p, y) for p, y in keys],
                        workers=workers, threshold=2)
    return list(zip(keys, progress.counted(f"{layer} partitions", results, len(keys))))
