"""The source catalog: every snapshot ever found, its bytes kept, its partition decided.

Discovery walks the bundled sample and the landing folder (and, later, manifests
and fetches); each new byte string is stored once, content-addressed, and routed
to exactly one (province, year) partition by the pure pipeline. Re-running is
cheap: a (sha256, source) pair already in the catalog is not routed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govlake import atomic
from govlake.lake import Lake
from govlake.pipeline import SourceRef, process, report_id_for, sha256_hex

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".txt")

CATALOG_SCHEMA = pa.schema([
    ("sha256", pa.string()),
    ("report_id", pa.string()),
    ("source", pa.string()),          # path relative to the lake root, or URL
    ("source_url", pa.string()),
    ("filename", pa.string()),
    ("size", pa.int64()),
    ("origin", pa.string()),          # samples | landing | manifest
    ("discovered_at", pa.string()),
    ("fetched_at", pa.string()),
    ("content_type", pa.string()),
    ("province_key", pa.string()),
    ("year", pa.int32()),
    ("unit_name", pa.string()),
    ("encoding", pa.string()),
    ("routing_reason", pa.string()),
    ("routing_conflicts", pa.list_(pa.string())),
    ("error", pa.string()),
])


@dataclass(frozen=True)
class Found:
    data: bytes
    ref: SourceRef
    source: str
    origin: str


def _files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith("."):
            yield path


def discover_samples(lake: Lake) -> Iterator[Found]:
    """The bundled sample's saved web pages (the .txt originals are reference copies)."""
    for path in _files(lake.samples_dir, (".html", ".htm")):
        yield Found(path.read_bytes(), SourceRef(filename=path.name, source_path=str(path)),
                    str(path.relative_to(lake.root)), "samples")


def discover_landing(lake: Lake, folder: Path | None = None) -> Iterator[Found]:
    """Pages dropped into the landing folder, in any encoding."""
    folder = folder or lake.landing_dir
    for path in _files(folder, PAGE_SUFFIXES):
        try:
            source = str(path.relative_to(lake.root))
        except ValueError:
            source = str(path)
        yield Found(path.read_bytes(), SourceRef(filename=path.name, source_path=str(path)),
                    source, "landing")


def read_catalog(lake: Lake) -> pa.Table:
    if not lake.catalog_file.exists():
        return CATALOG_SCHEMA.empty_table()
    return pq.read_table(lake.catalog_file, schema=CATALOG_SCHEMA)


def update_catalog(lake: Lake, found: Iterable[Found], now: dt.datetime | None = None) -> dict:
    """Store and route what is new; return counts for the asset's metadata."""
    now = now or dt.datetime.now(dt.timezone.utc)
    existing = read_catalog(lake).to_pylist()
    seen = {(r["sha256"], r["source"]) for r in existing}
    routed_by_sha = {r["sha256"]: r for r in existing}
    added = errors = 0
    for item in found:
        sha = sha256_hex(item.data)
        if (sha, item.source) in seen:
            continue
        blob = lake.blob_path(sha)
        if not blob.exists():
            atomic.write_bytes(blob, item.data)
        prior = routed_by_sha.get(sha)
        if prior is not None:  # same bytes through another source: one report, two sources
            row = {**prior, "source": item.source, "source_url": item.ref.source_url,
                   "filename": item.ref.filename, "origin": item.origin,
                   "discovered_at": now.isoformat(timespec="seconds"),
                   "fetched_at": item.ref.fetched_at, "content_type": item.ref.content_type}
        else:
            rec, placed = process(item.data, item.ref)  # never raises: errors are recorded
            errors += bool(rec.get("error"))
            row = {
                "sha256": sha, "report_id": report_id_for(sha), "source": item.source,
                "source_url": item.ref.source_url, "filename": item.ref.filename,
                "size": len(item.data), "origin": item.origin,
                "discovered_at": now.isoformat(timespec="seconds"),
                "fetched_at": item.ref.fetched_at, "content_type": item.ref.content_type,
                "province_key": placed.report["province_key"],
                "year": placed.report["year"],
                "unit_name": placed.report["unit_name"],
                "encoding": rec.get("encoding"),
                "routing_reason": placed.report["routing_reason"],
                "routing_conflicts": placed.routing_conflicts,
                "error": rec.get("error"),
            }
        existing.append(row)
        seen.add((sha, item.source))
        routed_by_sha.setdefault(sha, row)
        added += 1
    existing.sort(key=lambda r: (r["province_key"] or "", r["year"] or 0, r["sha256"], r["source"]))
    table = pa.Table.from_pylist(existing, schema=CATALOG_SCHEMA)
    with atomic.atomic_path(lake.catalog_file) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return {"sources": len(existing), "added": added, "unreadable": errors,
            "snapshots": len({r["sha256"] for r in existing})}


def partition_rows(lake: Lake, province: str, year: int) -> list[dict]:
    """Catalog rows routed to one partition, one per distinct snapshot, sources merged."""
    rows = [r for r in read_catalog(lake).to_pylist()
            if r["province_key"] == province and r["year"] == year]
    by_sha: dict[str, dict] = {}
    # the first-discovered source is the one the routing was worked out from
    for r in sorted(rows, key=lambda r: (r["discovered_at"] or "", r["source"])):
        entry = by_sha.setdefault(r["sha256"], {**r, "sources": []})
        entry["sources"].append(r["source"])
    return [by_sha[k] for k in sorted(by_sha)]


def partitions_with_data(lake: Lake) -> list[tuple[str, int]]:
    """(province, year) pairs the catalog routed at least one snapshot to."""
    table = read_catalog(lake)
    pairs = {(p, y) for p, y in zip(table["province_key"].to_pylist(),
                                    table["year"].to_pylist()) if p and y}
    return sorted(pairs)
