"""Sensors: landing files and manifests start ingestion; a new catalog starts range runs."""

import shutil

import dagster as dg

from govlake.defs import defs
from govlake.defs.resources import ClockResource, LakeResource
from govlake.defs.sensors import catalog_sensor, landing_sensor, manifest_sensor
from govlake.lake import Lake
from tests.conftest import SAMPLES


def _tick(sensor, instance, lake, cursor=None):
    ctx = dg.build_sensor_context(instance=instance, cursor=cursor,
                                  resources={"lake": LakeResource(root=str(lake.root))})
    result = sensor(ctx)
    return result, ctx.cursor


def test_landing_sensor_fires_once_per_change(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    with dg.instance_for_test() as instance:
        result, cursor = _tick(landing_sensor, instance, lake)
        assert isinstance(result, dg.SkipReason)
        shutil.copy(next(SAMPLES.glob("001_*.html")), lake.landing_dir / "a.html")
        result, cursor = _tick(landing_sensor, instance, lake, cursor)
        assert isinstance(result, dg.RunRequest)
        assert result.run_config["ops"]["source_catalog"]["config"]["landing_dir"] == str(
            lake.landing_dir)
        again, cursor2 = _tick(landing_sensor, instance, lake, cursor)
        assert isinstance(again, dg.SkipReason) and cursor2 == cursor
        (lake.landing_dir / "b.txt").write_text("报告", encoding="utf-8")
        third, _ = _tick(landing_sensor, instance, lake, cursor)
        assert isinstance(third, dg.RunRequest) and third.run_key != result.run_key


def test_manifest_sensor_passes_every_manifest(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    (lake.manifests_dir / "guizhou.csv").write_text("url\nhttp://www.huaxi.gov.cn/a.html\n")
    (lake.manifests_dir / "notes.md").write_text("not a manifest")
    with dg.instance_for_test() as instance:
        result, _ = _tick(manifest_sensor, instance, lake)
        config = result.run_config["ops"]["source_catalog"]["config"]
        assert config["manifests"] == [str(lake.manifests_dir / "guizhou.csv")]


def test_catalog_sensor_requests_one_range_run_per_province_with_changes(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    for page in SAMPLES.glob("*.html"):
        shutil.copy(page, lake.landing_dir / page.name)
    with dg.instance_for_test() as instance:
        skip, _ = _tick(catalog_sensor, instance, lake)
        assert isinstance(skip, dg.SkipReason)          # no catalog yet
        assert dg.materialize(
            list(defs.assets), selection=[dg.AssetKey("source_catalog")], instance=instance,
            resources={"lake": LakeResource(root=str(lake.root)), "clock": ClockResource()},
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}}).success
        requests, cursor = _tick(catalog_sensor, instance, lake)
        ranges = {r.tags["govlake/province"]: (r.tags["dagster/asset_partition_range_start"],
                                                r.tags["dagster/asset_partition_range_end"])
                  for r in requests}
        assert ranges == {"fujian": ("fujian|2017", "fujian|2017"),
                          "guizhou": ("guizhou|2021", "guizhou|2021"),
                          "ningxia": ("ningxia|2020", "ningxia|2020"),
                          "yunnan": ("yunnan|2018", "yunnan|2020")}
        again, _ = _tick(catalog_sensor, instance, lake, cursor)
        assert isinstance(again, dg.SkipReason)         # same catalog materialization


def test_catalog_sensor_puts_neighbouring_provinces_with_the_same_years_in_one_run(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govlake import catalog
    from govlake.defs.sensors import stale_partition_requests

    lake = Lake.at(tmp_path).ensure()
    rows = [{"sha256": f"{i:064x}", "source": f"landing/{i}.html", "province_key": p, "year": y}
            for i, (p, y) in enumerate([("beijing", 2020), ("tianjin", 2020),
                                        ("hebei", 2019), ("hebei", 2021)])]
    lake.catalog_file.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=catalog.CATALOG_SCHEMA), lake.catalog_file)
    got = [(r.run_key, r.tags.get("govlake/province"), r.tags.get("govlake/provinces"),
            r.tags["dagster/asset_partition_range_start"],
            r.tags["dagster/asset_partition_range_end"])
           for r in stale_partition_requests(lake, "catalog-x")]
    assert got == [
        ("catalog-x-beijing-tianjin-2020-2020", None, "beijing,tianjin",
         "beijing|2020", "tianjin|2020"),
        ("catalog-x-hebei-hebei-2019-2021", "hebei", None, "hebei|2019", "hebei|2021"),
    ]
