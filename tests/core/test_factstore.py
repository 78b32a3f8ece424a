"""A partition's six fact tables committed as one (govlake/factstore.py), on a local lake
and on an fsspec URL (memory://, the object-storage code path)."""

import json
import os
import time
import uuid

import duckdb
import pytest

from govlake import factstore, schema
from govlake.lake import Lake
from govlake.marts import build_marts
from govlake.tables import read_table, to_table, write_table

P, Y = "ningxia", 2020


def _tables(report_ids: list[str], value: float) -> dict:
    """Six tables of a partition: one report row and one applications row per id."""
    rows = {t: [] for t in schema.FACT_TABLES}
    for rid in report_ids:
        rows["reports"].append({"report_id": rid, "province_key": P, "year": Y,
                                "parse_status": "ok", "is_spam": False})
        rows["applications"].append({"report_id": rid, "province_key": P, "year": Y,
                                     "row_code": "new_received", "applicant": "total",
                                     "value": value})
    return {t: to_table(t, r) for t, r in rows.items()}


@pytest.fixture(params=["local", "memory"])
def lake(request, tmp_path):
    if request.param == "local":
        return Lake.at(tmp_path)
    return Lake.at(f"memory://facts-{uuid.uuid4().hex[:8]}")


def _files(lake: Lake, table: str) -> list[str]:
    folder = lake.partition_dir("facts", table, P, Y)
    return sorted(p.name for p in folder.glob("*.parquet")) if folder.exists() else []


def test_a_commit_names_six_content_named_files_and_replaces_the_old_version(lake):
    assert factstore.committed(lake, P, Y) is None and factstore.partitions(lake) == []
    first = factstore.commit(lake, P, Y, _tables(["r1"], 6.0))
    assert sorted(first["tables"]) == sorted(schema.FACT_TABLES)
    assert first["tables"]["reports"]["rows"] == 1 and first["tables"]["applications"]["rows"] == 1
    assert json.loads(lake.fact_pointer(P, Y).read_bytes()) == first
    for table, entry in first["tables"].items():
        assert _files(lake, table) == [entry["file"]]
        assert entry["file"].startswith("part-") and len(entry["file"]) == len("part-.parquet") + 16
    assert factstore.read(lake, "applications", P, Y)["value"].to_pylist() == [6.0]
    assert factstore.partitions(lake) == [(P, Y)]

    second = factstore.commit(lake, P, Y, _tables(["r1", "r2"], 7.0))
    assert second["version"] != first["version"]
    assert factstore.read(lake, "applications", P, Y)["value"].to_pylist() == [7.0, 7.0]
    for table in schema.FACT_TABLES:  # the old version is gone; empty tables kept their file
        assert _files(lake, table) == [second["tables"][table]["file"]]
    unchanged = [t for t in schema.FACT_TABLES
                 if first["tables"][t]["file"] == second["tables"][t]["file"]]
    assert unchanged == ["review_litigation", "active_disclosure", "legacy_indicators",
                         "quality_checks"]
    assert str(lake.fact_file("reports", P, Y)).endswith(second["tables"]["reports"]["file"])


def test_an_unchanged_commit_writes_nothing(tmp_path):
    lake = Lake.at(tmp_path)
    factstore.commit(lake, P, Y, _tables(["r1"], 6.0))
    stats = {p: (p.stat().st_ino, p.stat().st_mtime_ns)
             for p in lake.layer("facts").rglob("*") if p.is_file()}
    assert len(stats) == 7  # six tables and the pointer
    factstore.commit(lake, P, Y, _tables(["r1"], 6.0))
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in lake.layer("facts").rglob("*") if p.is_file()} == stats


def test_a_commit_killed_before_its_pointer_leaves_the_old_version_whole(tmp_path, monkeypatch):
    """The pointer is written last: files of an unfinished commit are invisible to readers
    (and to the marts), and the sweep removes them once no run may still be writing."""
    lake = Lake.at(tmp_path)
    factstore.commit(lake, P, Y, _tables(["r1"], 6.0))
    old = {t: p.name for t, p in factstore.committed(lake, P, Y).items()}

    def crash(target, data, durable=False):
        if target == lake.fact_pointer(P, Y):
            raise SystemExit("killed")
        real(target, data, durable)

    real = factstore.atomic.write_bytes
    monkeypatch.setattr(factstore.atomic, "write_bytes", crash)
    with pytest.raises(SystemExit):
        factstore.commit(lake, P, Y, _tables(["r1", "r2"], 7.0))
    monkeypatch.undo()
    assert len(_files(lake, "reports")) == 2 and len(_files(lake, "applications")) == 2
    assert {t: p.name for t, p in factstore.committed(lake, P, Y).items()} == old
    assert factstore.read(lake, "applications", P, Y)["value"].to_pylist() == [6.0]
    build_marts(lake)
    with duckdb.connect(str(lake.marts_db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(value) FROM applications").fetchall() == [(1, 6.0)]

    assert factstore.sweep_unreferenced(lake, older_than=time.time() - 60) == []  # too new
    for p in lake.layer("facts").rglob("part-*.parquet"):
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    swept = factstore.sweep_unreferenced(lake, older_than=time.time() - 60)
    assert len(swept) == 2  # the new reports and applications files, never the committed
    for table in schema.FACT_TABLES:
        assert _files(lake, table) == [old[table]]


def test_a_lake_written_before_pointers_is_read_and_migrated_on_its_next_commit(tmp_path):
    lake = Lake.at(tmp_path)
    legacy = _tables(["r0"], 5.0)
    for table, t in legacy.items():  # the old layout: part-0.parquet, no pointer
        write_table(lake.fact_version_file(table, P, Y, factstore.LEGACY_NAME), t)
    assert factstore.partitions(lake) == [(P, Y)]
    assert read_table(lake.fact_file("applications", P, Y), "applications")[
        "value"].to_pylist() == [5.0]
    assert factstore.snapshot(lake)["reports"] == [
        lake.fact_version_file("reports", P, Y, "part-0.parquet")]
    factstore.commit(lake, P, Y, _tables(["r1"], 6.0))
    for table in schema.FACT_TABLES:
        assert _files(lake, table) == [factstore.committed(lake, P, Y)[table].name]
        assert factstore.LEGACY_NAME not in _files(lake, table)


def test_a_commit_takes_all_six_tables():
    with pytest.raises(ValueError, match="all six"):
        factstore.commit(Lake.at("/nonexistent"), P, Y, {"reports": _tables([], 0)["reports"]})
