"""The lake on object storage: the bundled sample built on s3:// through real Dagster runs,
against a real S3-compatible server (moto in server mode, on localhost)."""

import hashlib
import json
import re

import pytest
from moto.server import ThreadedMotoServer

from govlake import schema, storage, workcache
from govlake.atomic import write_bytes
from govlake.defs.runner import run_lake
from govlake.lake import Lake
from govlake.pipeline import SourceRef
from tests.conftest import SAMPLES
from tests.lake.test_sample_lake import SAMPLE_PARTITIONS

BUCKET = "govlake-test"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as mp:
        # the standard AWS variables: govlake passes nothing of its own to s3fs
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        fs = s3fs.S3FileSystem()
        fs.mkdir(BUCKET)
        yield fs
        s3fs.S3FileSystem.clear_instance_cache()
    server.stop()


@pytest.fixture(scope="module")
def s3_lake(s3_server, dagster_instance):
    lake = Lake.at(f"s3://{BUCKET}/lake")
    s3_server.put(str(SAMPLES) + "/", f"{BUCKET}/lake/samples/", recursive=True)
    summary = run_lake(lake, include_samples=True, instance=dagster_instance,
                       progress=lambda m: None)
    assert not summary.failed_runs, summary.failed_runs
    return lake, summary


def test_lake_root_is_a_url(s3_lake):
    lake, _ = s3_lake
    assert lake.is_remote
    partition = f"s3://{BUCKET}/lake/facts/applications/province=guizhou/year=2021/"
    committed = str(lake.fact_file("applications", "guizhou", 2021))  # through the pointer
    assert committed.startswith(partition), committed
    assert re.fullmatch(r"part-[0-9a-f]{16}\.parquet", committed[len(partition):]), committed
    assert str(lake.fact_pointer("guizhou", 2021)) == (
        f"s3://{BUCKET}/lake/facts/_committed/province=guizhou/year=2021/manifest.json")


def test_every_layer_is_written_to_the_bucket(s3_lake, s3_server):
    _, summary = s3_lake
    assert summary.partitions == SAMPLE_PARTITIONS
    keys = set(s3_server.find(f"{BUCKET}/lake"))
    for layer in ("raw/snapshots", "cleaned/reports", "facts/reports", "facts/applications"):
        assert any(k.startswith(f"{BUCKET}/lake/{layer}/province=guizhou/year=2021/")
                   for k in keys), layer
    assert f"{BUCKET}/lake/catalog/sources.parquet" in keys
    assert f"{BUCKET}/lake/marts/govlake.duckdb" in keys
    assert f"{BUCKET}/lake/reports/coverage.html" in keys
    # raw bytes are kept, content-addressed, exactly as found
    page = next(SAMPLES.glob("001_*.html")).read_bytes()
    sha = hashlib.sha256(page).hexdigest()
    assert s3_server.cat(f"{BUCKET}/lake/raw/_blobs/{sha[:2]}/{sha}") == page
    # nothing half-written is left behind
    assert not [k for k in keys if ".tmp" in k or ".building" in k]


def test_facts_on_s3_equal_the_local_lakes(s3_lake, sample_lake):
    s3, _ = s3_lake
    local, _ = sample_lake
    for table in ("reports", "applications", "review_litigation", "active_disclosure",
                  "legacy_indicators", "quality_checks"):
        for province, year in SAMPLE_PARTITIONS:
            a = storage.read_parquet(s3.fact_file(table, province, year))
            b = storage.read_parquet(local.fact_file(table, province, year))
            assert a.num_rows == b.num_rows, (table, province, year)
            for col in set(a.column_names) - {"source_path"}:  # where it was found differs
                assert a[col].to_pylist() == b[col].to_pylist(), (table, province, year, col)


def test_marts_built_on_s3_show_the_seeds_figures(s3_lake):
    lake, _ = s3_lake
    with storage.duckdb_read_only(lake.marts_db) as con:
        rows = dict(((p, y), (n, g)) for p, y, n, g in con.execute(
            "SELECT province_key, year, applications_received, applications_granted "
            "FROM mart_province_year").fetchall())
    assert rows[("guizhou", 2021)] == (125, 16)            # 花溪区 2021
    assert rows[("ningxia", 2020)][0] == 6                 # 泾源县 2020
    assert rows[("yunnan", 2018)] == (3605, 1240)          # 云南省 2018 (legacy)


def test_second_run_on_s3_skips_every_partition(s3_lake, dagster_instance):
    lake, _ = s3_lake
    again = run_lake(lake, include_samples=True, instance=dagster_instance,
                     progress=lambda m: None)
    assert again.skipped == SAMPLE_PARTITIONS
    assert len(again.runs) == 1  # the catalog run only


def test_forced_rerun_on_s3_replaces_the_partition_whole(s3_lake, s3_server, dagster_instance):
    lake, _ = s3_lake
    raw = f"{BUCKET}/lake/raw/snapshots/province=ningxia/year=2020"
    s3_server.pipe(f"{raw}/stale.json", b"{}")
    summary = run_lake(lake, include_samples=True, provinces=["ningxia"], force=True,
                       instance=dagster_instance, progress=lambda m: None)
    assert not summary.failed_runs
    names = sorted(k.rsplit("/", 1)[1] for k in s3_server.find(raw))
    assert "stale.json" not in names
    assert len(names) == 2 and names[0].endswith(".html") and names[1].endswith(".json")


def test_facts_on_s3_are_committed_through_the_pointer(s3_lake, s3_server):
    """One file per fact table and partition in the bucket: the one its pointer names."""
    lake, _ = s3_lake
    for province, year in SAMPLE_PARTITIONS:
        pointer = json.loads(s3_server.cat(
            f"{BUCKET}/lake/facts/_committed/province={province}/year={year}/manifest.json"))
        assert sorted(pointer["tables"]) == sorted(schema.FACT_TABLES)
        for table, entry in pointer["tables"].items():
            folder = f"{BUCKET}/lake/facts/{table}/province={province}/year={year}"
            assert [k.rsplit("/", 1)[1] for k in s3_server.find(folder)] == [entry["file"]]
            assert storage.read_parquet(lake.fact_file(table, province, year)).num_rows == (
                entry["rows"])


def test_worker_pool_reads_and_caches_on_s3(s3_server):
    """More snapshots than the in-process threshold: the forkserver pool's workers read
    the blobs from the bucket and write the work cache there."""
    lake = Lake.at(f"s3://{BUCKET}/pool-lake")
    page = next(SAMPLES.glob("002_*.html")).read_bytes()
    jobs = []
    for n in range(workcache.PARALLEL_THRESHOLD + 2):
        data = page + f"<!-- copy {n} -->".encode()
        sha = hashlib.sha256(data).hexdigest()
        write_bytes(lake.blob_path(sha), data)
        jobs.append((sha, SourceRef(filename=f"copy{n}.html")))
    results = list(workcache.compute_many(lake, jobs, workers=2, full=False))
    assert len(results) == len(jobs)
    assert all(not cached for _, _, cached in results)
    assert {r[1]["report"]["unit_name"] for r in results} == {"泾源县人民政府"}
    again = list(workcache.compute_many(lake, jobs, workers=2, full=False))
    assert all(cached for _, _, cached in again)
