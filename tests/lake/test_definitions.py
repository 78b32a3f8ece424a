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


def test_code_versions_follow_the_pipeline_fingerprint():
    from govlake.fingerprint import pipeline_fingerprint

    graph = defs.resolve_asset_graph()
    for name in ("cleaned_reports", "reports", "applications", "quality_checks"):
        assert graph.get(dg.AssetKey(name)).code_version == pipeline_fingerprint(), name
    assert graph.get(dg.AssetKey("raw_snapshots")).code_version
    marts = graph.get(dg.AssetKey("mart_province_year")).code_version
    assert marts and marts.startswith(pipeline_fingerprint()[:8])


def test_the_checks_of_partitioned_assets_are_partitioned():
    graph = defs.resolve_asset_graph()
    for asset, check in (("cleaned_reports", "spam_contamination"),
                         ("reports", "reports_complete"), ("reports", "reports_parsed"),
                         ("quality_checks", "identities_hold")):
        spec = graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(asset), check))
        assert spec.partitions_def == report_partitions, (asset, check)


def test_raw_freshness_is_a_dagster_policy_after_the_statutory_deadline():
    import datetime as dt

    from govlake.defs.freshness import refresh_window

    policy = defs.resolve_asset_graph().get(dg.AssetKey("raw_snapshots")).freshness_policy
    assert isinstance(policy, dg.FreshnessPolicy)
    # reports on 2020 were due 31 March 2021: refreshed between 1 April and 1 May
    assert refresh_window(2020) == (dt.date(2021, 4, 1), dt.date(2021, 5, 1))
    assert policy.deadline_cron == "0 0 1 5 *"
    assert policy.lower_bound_delta == dt.timedelta(days=30)
    assert policy.timezone == "Asia/Shanghai"


def test_named_jobs_for_every_kind_of_run():
    names = {j.name for j in defs.jobs}
    assert {"govlake_lake_job", "govlake_ingest_job", "govlake_partitions_job",
            "govlake_marts_job"} <= names
    marts = defs.resolve_job_def("govlake_marts_job").asset_layer.asset_graph
    assert {k.to_user_string() for k in marts.get_all_asset_keys()
            if marts.get(k).is_executable} >= {"mart_province_year", "mart_coverage"}


def test_pyproject_lays_the_project_out_for_dg():
    import tomllib

    from tests.conftest import REPO

    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["dg"]
    assert cfg["directory_type"] == "project"
    assert cfg["project"]["code_location_name"] == "govlake"
    assert cfg["project"]["code_location_target_module"] == "govlake.defs"


def test_the_instance_lives_with_the_lake(tmp_path, monkeypatch):
    from govlake.defs import instance
    from govlake.lake import Lake

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    lake = Lake.at(tmp_path / "lake")
    assert instance.resolve_home(lake) == tmp_path / "lake" / ".dagster"
    home = instance.use_lake_home(lake)
    assert (home / "dagster.yaml").read_text() == instance.INSTANCE_YAML.read_text()
    import os
    assert os.environ["DAGSTER_HOME"] == str(home)
    # a lake on object storage keeps its instance in a local directory named after it
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    s3 = Lake.at("s3://bucket/lake")
    h = instance.home_for(s3)
    assert h.parent == tmp_path / "state" / "govlake" / "dagster"
    assert h.name.startswith("s3_bucket_lake-")
    assert instance.home_for(Lake.at("s3://bucket/other")) != h
    # an explicit DAGSTER_HOME still wins
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "shared"))
    assert instance.resolve_home(lake) == tmp_path / "shared"


def test_the_ui_command_serves_the_lake_with_its_own_instance(tmp_path, monkeypatch):
    from govlake.defs import instance
    from govlake.lake import Lake

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    lake = Lake.at(tmp_path / "lake")
    argv, env, cwd = instance.ui_command(lake, port=3111)
    assert argv[0].endswith("dg") and argv[1:] == ["dev", "--host", "127.0.0.1",
                                                   "--port", "3111"]
    assert env["DAGSTER_HOME"] == str(tmp_path / "lake" / ".dagster")
    assert env["GOVLAKE_LAKE"] == str(lake.root)
    assert (cwd / "pyproject.toml").is_file()
    assert (tmp_path / "lake" / ".dagster" / "dagster.yaml").is_file()


def test_runs_are_recorded_in_the_lakes_own_instance_only(tmp_path):
    """Two lakes, two instances: a run on lake A is not in lake B's instance (the UI served
    on B lists B's runs only)."""
    import os

    import dagster as dg

    from govlake.defs.runner import run_lake
    from govlake.lake import Lake

    saved = os.environ.pop("DAGSTER_HOME", None)
    try:
        a, b = Lake.at(tmp_path / "a"), Lake.at(tmp_path / "b")
        summary = run_lake(a, progress=lambda m: None)      # an empty lake: the catalog run
        assert not summary.failed_runs and len(summary.runs) == 1
        assert os.environ["DAGSTER_HOME"] == str(tmp_path / "a" / ".dagster")
        for lake, runs in ((a, 1), (b, 0)):
            home = tmp_path / lake.root.name / ".dagster"
            if runs == 0:
                from govlake.defs.instance import prepare
                prepare(home)
            inst = dg.DagsterInstance.from_config(str(home))
            try:
                got = inst.get_runs()
                assert len(got) == runs, lake
                if runs:
                    assert got[0].run_id == summary.runs[0]
                    assert got[0].job_name == "govlake_ingest_job"
            finally:
                inst.dispose()
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved
