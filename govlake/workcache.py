"""Per-snapshot work, done once per pipeline version.

Processing a snapshot (decode → clean → repair → parse → place) is by far the
most expensive thing the lake does. Its result is stored under
cache/<pipeline fingerprint>/<sha256>.{cleaned,placed}.json.zst — the texts apart from
the (much smaller) report and facts, so each layer reads only what it needs — and the
catalog's routing, the cleaned layer and the facts layer share one pass; a re-run
over unchanged snapshots does no parsing at all. Deleting the cache only costs time.

The encoding is chosen for the partition steps, which read back every report of a
range: orjson (JSON, ~3x faster than the standard library both ways), zstd frames
(`zstd -dc` shows one), and each report's fact rows as columns (tables.columns_of).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from pathlib import Path

import orjson
import pyarrow as pa

from govlake import atomic, pool, schema
from govlake.families import fact_count
from govlake.fingerprint import pipeline_fingerprint
from govlake.lake import Lake
from govlake.pipeline import SourceRef, clean_snapshot, parse_cleaned
from govlake.tables import columns_of

FACT_TABLES = tuple(t for t in schema.FACT_TABLES if t != "reports")


def _path(lake: Lake, sha256: str, part: str) -> Path:
    return lake.work_cache_path(pipeline_fingerprint(), sha256, part)


def encode(body: dict) -> bytes:
    return pa.compress(orjson.dumps(body), "zstd", asbytes=True)


def decode(data: bytes) -> dict:
    return orjson.loads(pa.input_stream(pa.py_buffer(data), compression="zstd").read())


def _read(path: Path) -> dict | None:
    try:
        return decode(path.read_bytes())
    except (OSError, ValueError, pa.ArrowException):  # missing, torn or foreign: a miss
        return None


def load(lake: Lake, sha256: str, part: str = "all") -> dict | None:
    """The cached payload or None.

    ``placed``: {report, facts, routing_conflicts, timings, cleaned: {encoding, error}};
    ``cleaned``: {cleaned: the cleaned record}; ``all``: both.
    """
    placed_path = _path(lake, sha256, "placed")  # written last: its presence means both
    if part == "cleaned":
        return _read(_path(lake, sha256, "cleaned")) if placed_path.exists() else None
    placed = _read(placed_path)
    if placed is None or part == "placed":
        return placed
    cleaned = _read(_path(lake, sha256, "cleaned"))
    return None if cleaned is None else {**placed, **cleaned}


def store(lake: Lake, sha256: str, payload: dict) -> None:
    rec = payload["cleaned"]
    placed = {k: v for k, v in payload.items() if k != "cleaned"}
    placed["cleaned"] = {"encoding": rec.get("encoding"), "error": rec.get("error")}
    for part, body in (("cleaned", {"cleaned": rec}), ("placed", placed)):
        atomic.write_bytes(_path(lake, sha256, part), encode(body))


def fact_columns(facts: dict[str, list[dict]]) -> dict[str, dict[str, list]]:
    """A Placed's fact rows as the cache keeps them: each table as columns_of(...)."""
    return {t: columns_of(t, facts[t]) for t in FACT_TABLES}


def compute(data: bytes, ref: SourceRef) -> dict:
    """Run both stages for one snapshot, timing each (never raises).

    ``facts`` holds each fact table as columns (tables.columns_of), cached or not."""
    t0 = time.perf_counter()
    rec = clean_snapshot(data, ref)
    t1 = time.perf_counter()
    placed = parse_cleaned(rec, ref.hints)
    t2 = time.perf_counter()
    return {"cleaned": rec, "report": placed.report,
            "facts": fact_columns(placed.facts),
            "routing_conflicts": placed.routing_conflicts,
            "timings": {"clean_s": t1 - t0, "parse_s": t2 - t1}}


# ---------------------------------------------------------------- many at once

PARALLEL_THRESHOLD = 12  # below this, worker start-up costs more than it saves


SUMMARY_KEYS = ("report_id", "province_key", "year", "unit_name", "routing_reason",
                "parse_status", "region_code")


def summary(payload: dict) -> dict:
    """What the catalog needs of a payload (workers send only this back)."""
    rec = payload["cleaned"]  # the full record, or the {encoding, error} of the placed part
    return {"cleaned": {"encoding": rec.get("encoding"), "error": rec.get("error")},
            "report": {k: payload["report"].get(k) for k in SUMMARY_KEYS},
            "routing_conflicts": payload.get("routing_conflicts") or [],
            "fact_rows": fact_count(payload.get("facts")),   # joins a page and its documents
            "timings": payload.get("timings") or {}}


@functools.lru_cache(maxsize=8)
def _lake(root) -> Lake:
    return Lake.at(root)   # (resolving the root for every snapshot cost ~50 µs each)


def _worker(args: tuple) -> tuple[str, dict, bool]:
    """Compute and store one snapshot that compute_many found missing from the cache. Not
    looked up again here (a second cache read for every page); two runs computing the same
    snapshot at once both write the same payload, each atomically."""
    root, sha, ref, full = args
    lake = _lake(root)
    payload = compute(lake.blob_path(sha).read_bytes(), ref)
    store(lake, sha, payload)
    return sha, payload if full else summary(payload), False


def compute_many(lake: Lake, jobs: Iterable[tuple[str, SourceRef]], workers: int | None = None,
                 full: bool = True, part: str = "all"):
    """Yield (sha256, payload, was_cached) for each job, on every core.

    ``jobs`` may be a generator (the catalog's discovery): workers start on the first
    misses while it is still being read. Bytes are read from the content-addressed
    blob store by the workers. With ``full=False`` only the routing summary travels
    back to the parent (the whole payload is in the cache for whoever needs it);
    ``part`` limits what a cache hit reads (``cleaned`` for the cleaned layer). Cache
    hits come last. If worker processes cannot be started, the work is done in this
    process instead: slower, never lost.
    """
    hits = []

    def misses():
        for sha, ref in jobs:
            payload = load(lake, sha, part if full else "placed")
            if payload is not None:
                hits.append((sha, payload if full else summary(payload), True))
            else:
                yield lake.root, sha, ref, full

    yield from pool.imap(_worker, misses(), workers=workers, threshold=PARALLEL_THRESHOLD,
                         chunksize=8)
    yield from hits
