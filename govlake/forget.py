"""Drop a partition or a source from the lake, and remember that it was dropped.

``forget(lake, partitions=[("yunnan", 2018)], urls=[...], sha256s=[...])`` removes the
matching rows from the catalog (every source of the snapshots a partition holds; a
URL's or a sha256's sources), deletes the snapshots' bytes (raw/_blobs and the work
cache) when no remaining source still needs them, and removes the raw, cleaned and
fact files of every partition left without a snapshot. Partitions that keep other
snapshots are simply out of date now: the next build (``govlake forget`` runs one)
rebuilds them, and the marts.

Every call appends one record to ``catalog/forgotten.jsonl`` (append-only, never
rewritten but to add a line): when, what was asked, the sha256s and URLs it covered,
the reason. Later catalog runs honour it: a forgotten snapshot (by its bytes) or URL is
not imported again from the landing folder, a manifest or the sample. ``restore=True``
appends a record that lifts it (the next run then imports the source again if it is
still offered). No dagster here.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govlake import atomic, storage
from govlake.lake import Lake

LAYER_TABLES = (("raw", "snapshots"), ("cleaned", "reports"))


def record_path(lake: Lake) -> Path:
    return lake.layer("catalog") / "forgotten.jsonl"


@dataclass
class Forgotten:
    sources: int = 0                                      # catalog rows removed
    sha256s: list[str] = field(default_factory=list)      # snapshots dropped
    urls: list[str] = field(default_factory=list)
    changed: list[tuple[str, int]] = field(default_factory=list)   # partitions touched
    emptied: list[tuple[str, int]] = field(default_factory=list)   # of these, now empty
    unmatched: list[str] = field(default_factory=list)    # what was asked and not found


def read_records(lake: Lake) -> list[dict]:
    path = record_path(lake)
    if not path.exists():
        return []
    return _read(path, storage.file_version(path))


@lru_cache(maxsize=4)
def _read(path: Path, version: tuple) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def blocked(lake: Lake) -> tuple[frozenset[str], frozenset[str]]:
    """(sha256s, URLs) forgotten and not restored since: not to be imported again."""
    shas: dict[str, bool] = {}
    urls: dict[str, bool] = {}
    for rec in read_records(lake):
        on = rec.get("action", "forget") == "forget"
        for s in rec.get("sha256s") or []:
            shas[s] = on
        for u in rec.get("urls") or []:
            urls[u] = on
    return (frozenset(s for s, on in shas.items() if on),
            frozenset(u for u, on in urls.items() if on))


def _append_record(lake: Lake, record: dict) -> None:
    path = record_path(lake)
    old = path.read_bytes() if path.exists() else b""
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    atomic.write_bytes(path, old + line.encode("utf-8"))


def _remove_tree(path: Path) -> None:
    if storage.is_remote(path):
        if path.exists():
            path.fs.rm(path.path, recursive=True)
    elif path.exists():
        shutil.rmtree(path)


def forget(lake: Lake, partitions: list[tuple[str, int]] = (), urls: list[str] = (),
           sha256s: list[str] = (), reason: str | None = None, restore: bool = False,
           now: dt.datetime | None = None) -> Forgotten:
    from govlake import catalog

    now = now or dt.datetime.now(dt.timezone.utc)
    rows = catalog.read_catalog(lake).to_pylist()
    out = Forgotten()
    asked = {"partitions": [f"{p}|{y}" for p, y in partitions], "urls": list(urls),
             "sha256s": list(sha256s)}
    if restore:
        out.sha256s, out.urls = sorted(set(sha256s)), sorted(set(urls))
        _append_record(lake, {"at": now.isoformat(timespec="seconds"), "action": "restore",
                              "asked": asked, "sha256s": out.sha256s, "urls": out.urls,
                              "reason": reason})
        return out
    drop_sha: set[str] = set()
    for p, y in partitions:
        hit = {r["sha256"] for r in rows if (r["province_key"], r["year"]) == (p, y)}
        if not hit:
            out.unmatched.append(f"{p}|{y}")
        drop_sha |= hit
    for s in sha256s:
        hit = {r["sha256"] for r in rows if r["sha256"] == s.lower()}
        if not hit:
            out.unmatched.append(s)
        drop_sha |= hit
    drop_url = set()
    for u in urls:
        hit = [r for r in rows if u in (r["source_url"], r["source"])]
        if not hit:
            out.unmatched.append(u)
        drop_url.add(u)
        # a URL's snapshot goes when no other source still offers it
        for r in hit:
            others = [o for o in rows if o["sha256"] == r["sha256"]
                      and u not in (o["source_url"], o["source"])]
            if not others:
                drop_sha.add(r["sha256"])
    keep, gone = [], []
    for r in rows:
        (gone if r["sha256"] in drop_sha or drop_url & {r["source_url"], r["source"]}
         else keep).append(r)
    out.sources = len(gone)
    out.sha256s = sorted(drop_sha)
    out.urls = sorted(drop_url | {r["source_url"] for r in gone if r["source_url"]})
    before = {(r["province_key"], r["year"]) for r in gone}
    after = {(r["province_key"], r["year"]) for r in keep}
    out.changed = sorted(before)
    out.emptied = sorted(before - after)
    if gone:
        table = pa.Table.from_pylist(keep, schema=catalog.CATALOG_SCHEMA)
        with atomic.atomic_path(lake.catalog_file) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        still = {r["sha256"] for r in keep}
        for sha in drop_sha - still:
            blob = lake.blob_path(sha)
            if blob.exists():
                blob.unlink()
            for cached in lake.layer("cache").glob(f"*/{sha[:2]}/{sha}.*"):
                cached.unlink()
        for p, y in out.emptied:
            for layer, table_name in LAYER_TABLES:
                _remove_tree(lake.partition_dir(layer, table_name, p, y))
            for fact_dir in lake.layer("facts").glob(f"*/province={p}/year={y}"):
                _remove_tree(fact_dir)
    _append_record(lake, {"at": now.isoformat(timespec="seconds"), "action": "forget",
                          "asked": asked, "sha256s": out.sha256s, "urls": out.urls,
                          "sources_removed": out.sources,
                          "partitions": [f"{p}|{y}" for p, y in out.changed],
                          "reason": reason})
    return out
