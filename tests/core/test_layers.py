"""The partition layers built without Dagster: what each writes, and that a lost work
cache only costs time."""

import shutil

import pyarrow.parquet as pq

from govlake import catalog, layers
from govlake.lake import Lake


def _built(root):
    lake = Lake.at(root).ensure()
    catalog.update_catalog(lake, catalog.discover_samples(_with_samples(lake)), workers=1)
    for layer in ("raw", "cleaned", "facts"):
        layers.build_partitions(layer, lake, [("guizhou", 2021), ("yunnan", 2018)], workers=1)
    return lake


def _with_samples(lake):
    from tests.conftest import SAMPLES

    shutil.copytree(SAMPLES, lake.layer("samples"), dirs_exist_ok=True)
    return lake


def test_facts_come_back_the_same_from_the_cache_and_from_a_re_parse(tmp_path):
    lake = _built(tmp_path)
    built = {t: pq.read_table(lake.fact_file(t, "guizhou", 2021))
             for t in ("reports", "applications", "review_litigation", "quality_checks")}
    apps = built["applications"].to_pylist()
    received = {r["applicant"]: r["value"] for r in apps if r["row_code"] == "new_received"}
    assert (received["natural_person"], received["total"]) == (117.0, 125.0)  # 花溪区 2021
    assert {(r["province_key"], r["year"]) for r in apps} == {("guizhou", 2021)}
    shutil.rmtree(lake.layer("cache"))                                # lost: parsed again
    summary = layers.build_facts(lake, "guizhou", 2021)
    for table, before in built.items():
        assert pq.read_table(lake.fact_file(table, "guizhou", 2021)).equals(before), table
    assert summary["rows"]["applications"] == len(apps)
    assert [r["report_id"] for r in summary["reports"]] == built["reports"]["report_id"].to_pylist()
    assert summary["quality_failed"] == []


def test_raw_snapshots_are_the_blobs_bytes_without_a_second_copy(tmp_path):
    # a local lake links each raw snapshot to its content-addressed blob (one copy on disk);
    # rebuilding the raw layer swaps the directory, never writes through the link
    import hashlib
    import json

    lake = _built(tmp_path)
    raw = sorted(p for p in lake.raw_dir("guizhou", 2021).iterdir() if p.suffix != ".json")
    assert raw
    for path in raw:
        sha = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["sha256"]
        blob = lake.blob_path(sha)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
        assert path.stat().st_ino == blob.stat().st_ino
    layers.build_partitions("raw", lake, [("guizhou", 2021)], workers=1)
    for path in raw:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
