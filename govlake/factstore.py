"""A partition's six fact tables, committed as one.

Writing six files one after another cannot be one transaction: a run killed between
them would leave a partition whose ``reports`` are new and whose ``applications`` are
old. So each table's file is named by its content (``part-<sha256[:16]>.parquet``, in the
usual ``facts/<table>/province=<p>/year=<y>/`` directory) and never overwritten, and a
small per-partition pointer (``facts/_committed/province=<p>/year=<y>/manifest.json``)
names the six files that make the partition's current version. A commit writes the new
files first and the pointer last, in one atomic step (temp file + rename locally, one
PUT on object storage); only then are the files of the version it replaced deleted.
Readers (the marts build, ``partition_is_current``, ``Lake.fact_file``, the benchmarks)
read the pointer once and open the files it names: before the pointer is replaced they
see the whole old version, after it the whole new one, never a mix. A killed commit
leaves files no pointer names; the next run's recovery removes them
(:func:`sweep_unreferenced`) once no run that may still be writing is older than them.

Content names make a re-commit of unchanged facts free (same names, same pointer:
nothing is written) and keep re-runs byte-identical. Lakes written before this module
had one ``part-0.parquet`` per table and no pointer; they are still read so, and the
partition's next build commits it the new way and removes the old files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govlake import atomic, schema, storage, testhooks
from govlake.lake import Lake

FORMAT = 1
LEGACY_NAME = "part-0.parquet"  # the one file per table before pointers (still read)


def _parquet_bytes(table: pa.Table) -> bytes:
    """Deterministic Parquet (govlake.tables' settings): same rows, same bytes, same name."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True, store_schema=True)
    return sink.getvalue().to_pybytes()


def version_name(data: bytes) -> str:
    return f"part-{hashlib.sha256(data).hexdigest()[:16]}.parquet"


def read_pointer(lake: Lake, province: str, year: int | str) -> dict | None:
    """The partition's committed version, or None when it has no pointer."""
    path = lake.fact_pointer(province, year)
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return None


def committed(lake: Lake, province: str, year: int | str) -> dict[str, Path] | None:
    """{table: file} of the partition's committed version, from one read of its pointer;
    a lake written before pointers gives its ``part-0.parquet`` files; None: no facts."""
    pointer = read_pointer(lake, province, year)
    if pointer is not None:
        return {t: lake.fact_version_file(t, province, year, entry["file"])
                for t, entry in pointer["tables"].items()}
    legacy = {t: lake.fact_version_file(t, province, year, LEGACY_NAME)
              for t in schema.FACT_TABLES}
    legacy = {t: p for t, p in legacy.items() if p.exists()}
    return legacy or None


def commit(lake: Lake, province: str, year: int, tables: dict[str, pa.Table]) -> dict:
    """Make ``tables`` (all six) the partition's facts in one step; return the pointer.

    New files first (durable before the pointer can name them), the pointer last, then
    the replaced version's files are deleted. Unchanged tables keep their file; an
    unchanged partition writes nothing at all."""
    if set(tables) != set(schema.FACT_TABLES):
        raise ValueError(f"a commit takes all six fact tables, not {sorted(tables)}")
    old = read_pointer(lake, province, year)
    old_files = {t: e["file"] for t, e in (old or {}).get("tables", {}).items()}
    entries = {}
    for name in schema.FACT_TABLES:
        data = _parquet_bytes(tables[name])
        file = version_name(data)
        entries[name] = {"file": file, "rows": tables[name].num_rows, "bytes": len(data)}
        target = lake.fact_version_file(name, province, year, file)
        if old_files.get(name) == file and target.exists():
            continue  # the committed version already holds these bytes
        atomic.write_bytes(target, data, durable=True)
    pointer = {"format": FORMAT, "province_key": province, "year": int(year),
               "version": hashlib.sha256(json.dumps(entries, sort_keys=True).encode())
               .hexdigest()[:16],
               "tables": entries}
    if pointer != old:
        testhooks.pause_at("facts-commit")  # tests: every new file written, pointer not yet
        atomic.write_bytes(lake.fact_pointer(province, year),
                           json.dumps(pointer, indent=1, sort_keys=True).encode(), durable=True)
    for name in schema.FACT_TABLES:  # the replaced version (and a pre-pointer lake's file)
        for stale in {old_files.get(name), LEGACY_NAME} - {entries[name]["file"], None}:
            _remove(lake.fact_version_file(name, province, year, stale))
    return pointer


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def read(lake: Lake, table: str, province: str, year: int | str,
         columns: list[str] | None = None) -> pa.Table | None:
    """One committed table of a partition, or None when the partition has no facts."""
    files = committed(lake, province, year)
    if not files or table not in files:
        return None
    return storage.read_parquet(files[table], columns=columns)


def partitions(lake: Lake) -> list[tuple[str, int]]:
    """Every partition with committed facts (pointers, and pre-pointer partitions)."""
    found = set()
    base = lake.layer("facts")
    for p in base.glob("_committed/province=*/year=*/manifest.json"):
        found.add((p.parent.parent.name.split("=", 1)[1], int(p.parent.name.split("=", 1)[1])))
    for t in schema.FACT_TABLES:
        for p in base.glob(f"{t}/province=*/year=*/{LEGACY_NAME}"):
            found.add((p.parent.parent.name.split("=", 1)[1], int(p.parent.name.split("=", 1)[1])))
    return sorted(found)


def snapshot(lake: Lake) -> dict[str, list[Path]]:
    """{table: committed files of every partition}: each pointer read once, so the six
    lists come from the same versions (what the marts load)."""
    out: dict[str, list[Path]] = {t: [] for t in schema.FACT_TABLES}
    for province, year in partitions(lake):
        for table, path in (committed(lake, province, year) or {}).items():
            out.setdefault(table, []).append(path)
    return out


def sweep_unreferenced(lake: Lake, older_than: float) -> list[str]:
    """Remove fact files that no pointer names — what a commit killed before its pointer
    left — if last modified before ``older_than`` (a time before every run that may still
    be writing). Partitions without a pointer (a pre-pointer lake) are left alone.
    Local lakes only (the recovery sweep's scope)."""
    done = []
    for province, year in partitions(lake):
        pointer = read_pointer(lake, province, year)
        if pointer is None:
            continue
        for table in schema.FACT_TABLES:
            keep = pointer["tables"].get(table, {}).get("file")
            folder = lake.partition_dir("facts", table, province, year)
            for path in folder.glob("part-*.parquet"):
                try:
                    if path.name != keep and path.stat().st_mtime < older_than:
                        path.unlink()
                        done.append(f"removed {path}")
                except FileNotFoundError:
                    continue
    return done
