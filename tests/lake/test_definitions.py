"""The Dagster definitions load, validate and describe themselves."""

import dagster as dg

from govlake import schema
from govlake.defs import defs
from govlake.defs.partitions import report_partitions


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("govlake_lake_job") is not None


def test_partitions_are_every_province_by_year_from_2008():
    dims = {d.name: d.partitions_def for d in report_partitions.partitions_defs}
    assert dims["province"].get_partition_keys() == list(schema.PROVINCE_KEYS)
    assert "central" in dims["province"].get_partition_keys()
    assert "unknown" in dims["province"].get_partition_keys()
    years = dims["year"].get_partition_keys()
    assert years[0] == "2008" and "2021" in years
    assert "guizhou|2021" in report_partitions.get_partition_keys()


def test_every_asset_has_description_kinds_owners_group_and_single_run_backfill():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    names = {k.to_user_string() for k in keys}
    assert {"source_catalog", "raw_snapshots", "cleaned_reports", "reports", "applications",
            "review_litigation", "active_disclosure", "legacy_indicators", "quality_checks",
            "mart_province_year", "mart_unit_year", "mart_missing_reports"} <= names
    groups = set()
    for key in keys:
        node = graph.get(key)
        assert node.description, key
        assert node.owners, key
        assert node.kinds, key
        groups.add(node.group_name)
        if node.group_name in ("raw", "cleaned", "facts"):
            assert node.partitions_def == report_partitions, key
            assert node.backfill_policy == dg.BackfillPolicy.single_run(), key
        else:  # the catalog looks across partitions; the marts hold them all
            assert node.partitions_def is None, key
    assert {"ingest", "raw", "cleaned", "facts", "marts"} == groups


def test_marts_writer_is_in_the_duckdb_pool():
    graph = defs.resolve_asset_graph()
    node = graph.get(dg.AssetKey("mart_province_year"))
    assert node.pools == {"duckdb_writer"}


def test_the_repository_dagster_yaml_loads_with_one_duckdb_writer(tmp_path, monkeypatch):
    from govlake.defs.partitions import REPO_DAGSTER_YAML

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text(REPO_DAGSTER_YAML.read_text())
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        cfg = instance.get_concurrency_config()
        assert cfg.pool_config.default_pool_limit == 1
        assert instance.get_settings("telemetry") == {"enabled": False}
        assert str(instance.storage_directory()).startswith(str(tmp_path))
    finally:
        instance.dispose()


def test_tables_show_their_column_schema_in_the_ui():
    graph = defs.resolve_asset_graph()
    for name in ("source_catalog", "cleaned_reports", "reports", "applications",
                 "review_litigation", "active_disclosure", "legacy_indicators",
                 "quality_checks", "mart_province_year"):
        node = graph.get(dg.AssetKey(name))
        cols = [c.name for c in node.metadata["dagster/column_schema"].columns]
        assert cols, name
    apps = graph.get(dg.AssetKey("applications")).metadata["dagster/column_schema"]
    assert [c.name for c in apps.columns][:6] == [
        "report_id", "province_key", "year", "row_code", "applicant", "value"]
