"""govlake.storage and govlake.atomic on a local root and on an fsspec URL (memory://)."""

import uuid
from pathlib import Path

import duckdb
import pytest

from govlake import atomic, storage
from govlake.lake import Lake
from govlake.tables import read_table, to_table, write_table


@pytest.fixture
def mem_lake():
    return Lake.at(f"memory://lake-{uuid.uuid4().hex[:8]}")


def test_a_local_root_stays_a_plain_path(tmp_path):
    lake = Lake.at(tmp_path)
    assert type(lake.root) is type(Path()) and not lake.is_remote
    assert Lake.at(f"file://{tmp_path}").root == tmp_path.resolve()


def test_a_url_root_is_kept_as_a_url(mem_lake):
    assert mem_lake.is_remote
    assert str(mem_lake.fact_file("reports", "guizhou", 2021)).endswith(
        "/facts/reports/province=guizhou/year=2021/part-0.parquet")
    assert str(mem_lake.fact_file("reports", "guizhou", 2021)).startswith("memory://")


def test_atomic_writes_on_a_url(mem_lake):
    target = mem_lake.blob_path("ab" * 32)
    atomic.write_bytes(target, b"first")
    v1 = storage.file_version(target)
    atomic.write_bytes(target, b"second, longer")
    assert target.read_bytes() == b"second, longer"
    assert storage.file_version(target) != v1
    with atomic.atomic_path(mem_lake.catalog_file) as tmp:
        assert not storage.is_remote(tmp)        # written locally first
        tmp.write_bytes(b"whole")
        assert not mem_lake.catalog_file.exists()  # invisible until complete
    assert mem_lake.catalog_file.read_bytes() == b"whole"


def test_failed_write_leaves_the_old_object(mem_lake):
    target = mem_lake.catalog_file
    atomic.write_bytes(target, b"old")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash mid-write")
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("where", ["local", "memory"])
def test_replace_dir_swaps_the_whole_set(where, tmp_path, mem_lake):
    lake = Lake.at(tmp_path) if where == "local" else mem_lake
    target = lake.raw_dir("ningxia", 2020)
    atomic.replace_dir(target, lambda d: [(d / n).write_text(n) for n in ("a.html", "a.json",
                                                                            "b.json")])
    atomic.replace_dir(target, lambda d: [(d / n).write_text(n + "2") for n in ("a.html",
                                                                                "c.json")])
    assert sorted(p.name for p in target.iterdir()) == ["a.html", "c.json"]
    assert (target / "a.html").read_text() == "a.html2"


@pytest.mark.parametrize("where", ["local", "memory"])
def test_parquet_and_duckdb_read_the_same_rows(where, tmp_path, mem_lake):
    lake = Lake.at(tmp_path) if where == "local" else mem_lake
    rows = [{"report_id": "r1", "province_key": "guizhou", "year": 2021, "table_code": "二",
             "row_code": "rules_made", "column_code": "new", "value": 3.0}]
    path = lake.fact_file("active_disclosure", "guizhou", 2021)
    write_table(path, to_table("active_disclosure", rows))
    back = read_table(path, "active_disclosure")
    assert back.num_rows == 1 and back["value"].to_pylist() == [3.0]
    con = duckdb.connect()
    files = storage.duckdb_paths(con, sorted(lake.layer("facts").glob(
        "active_disclosure/province=*/year=*/*.parquet")))
    assert con.execute("SELECT sum(value) FROM read_parquet(?)", [files]).fetchall() == [(3.0,)]


def test_a_database_on_a_url_is_read_through_a_local_copy(mem_lake, tmp_path):
    db = tmp_path / "x.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT 42 AS answer").fetchall()
    con.close()
    storage.upload(db, mem_lake.marts_db)
    with storage.duckdb_read_only(mem_lake.marts_db) as con:
        assert con.execute("SELECT answer FROM t").fetchall() == [(42,)]


def test_as_path_keeps_urls_and_paths():
    assert storage.as_path("some/dir") == Path("some/dir")
    assert storage.is_remote(storage.as_path("memory://x/y"))
    assert not storage.is_remote(storage.as_path(Path("/x")))
