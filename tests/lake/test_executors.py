"""The executor is selectable; dask runs real partitions of the bundled sample.

Real components throughout: a persistent (sqlite) Dagster instance, a
dask.distributed LocalCluster with worker processes, the real lake on disk.
"""

import os
import shutil

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from govlake.defs import build_definitions, defs, executors
from govlake.defs.resources import ClockResource, LakeResource
from govlake.lake import Lake
from tests.conftest import SAMPLES

QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def _keys(group_names):
    graph = defs.resolve_asset_graph()
    return [k for k in graph.get_all_asset_keys() if graph.get(k).group_name in group_names]


PARTITIONED = _keys({"raw", "cleaned", "facts"})
MARTS = _keys({"marts"})


@pytest.fixture(scope="module")
def catalogued_lake(tmp_path_factory, dagster_instance):
    """The bundled sample, catalogued (in process: the catalog is not what is tested)."""
    root = tmp_path_factory.mktemp("dask_lake")
    shutil.copytree(SAMPLES, root / "samples")
    lake = Lake.at(root).ensure()
    res = executors.materialize(
        [dg.AssetKey("source_catalog")], executor="in_process", instance=dagster_instance,
        resources=_resources(lake),
        run_config={**QUIET, "ops": {"source_catalog": {"config": {
            "include_samples": True, "landing_dir": None, "manifests": []}}}})
    assert res.success
    return lake


def _resources(lake):
    return {"lake": LakeResource(root=str(lake.root)), "clock": ClockResource()}


def _total(lake, province, year, row_code):
    rows = pq.read_table(lake.fact_file("applications", province, year)).to_pylist()
    return next(r["value"] for r in rows if r["row_code"] == row_code
                and r["applicant"] == "total")


def _step_pids(result):
    return {e.pid for e in result.all_events if e.is_step_event}


def _children(settle_to=None):
    """This process's descendants; with ``settle_to``, wait (≤ 10 s) until no more remain."""
    import time

    import psutil

    deadline = time.monotonic() + (10 if settle_to is not None else 0)

    def alive(p):
        try:
            return p.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    while True:
        pids = {p.pid for p in psutil.Process().children(recursive=True) if alive(p)}
        if settle_to is None or pids <= settle_to or time.monotonic() > deadline:
            return pids
        time.sleep(0.2)


@pytest.fixture(scope="module")
def dask_cluster():
    """A real dask.distributed cluster on localhost: a scheduler and one worker process."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield cluster, client


@pytest.fixture
def no_executor_env(monkeypatch):
    for var in (executors.ENV_EXECUTOR, executors.ENV_DASK_SCHEDULER, executors.ENV_DASK_WORKERS):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


# ---------------------------------------------------------------- selection


def test_default_is_multiprocess(no_executor_env):
    assert executors.executor_name() == "multiprocess"
    built = build_definitions()
    assert built.resolve_job_def("govlake_lake_job").executor_def.name == "multiprocess"
    assert built.resolve_job_def("govlake_partitions_job").executor_def.name == "multiprocess"


def test_environment_selects_the_executor_of_every_job(no_executor_env):
    no_executor_env.setenv("GOVLAKE_EXECUTOR", "dask")
    built = build_definitions()
    for job in ("govlake_lake_job", "govlake_ingest_job", "govlake_partitions_job"):
        assert built.resolve_job_def(job).executor_def.name == "dask"
    no_executor_env.setenv("GOVLAKE_EXECUTOR", "in-process")
    assert build_definitions().resolve_job_def("govlake_lake_job").executor_def.name \
        == "in_process"
    dg.Definitions.validate_loadable(build_definitions("dask"))


def test_dask_cluster_comes_from_the_environment(no_executor_env):
    assert executors.dask_cluster_config() == {"local": {"n_workers": 2, "processes": True}}
    no_executor_env.setenv("GOVLAKE_DASK_WORKERS", "3")
    assert executors.dask_cluster_config()["local"]["n_workers"] == 3
    no_executor_env.setenv("GOVLAKE_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    assert executors.dask_cluster_config() == {"existing": {"address": "tcp://10.0.0.5:8786"}}
    no_executor_env.delenv("GOVLAKE_DASK_SCHEDULER")
    no_executor_env.setenv("GOVLAKE_DASK_WORKERS", "many")
    with pytest.raises(ValueError, match="GOVLAKE_DASK_WORKERS='many'"):
        executors.dask_cluster_config()


def test_an_unknown_executor_fails_clearly(no_executor_env, dagster_instance):
    with pytest.raises(executors.UnknownExecutorError,
                       match=r"unknown executor 'spark': choose one of "
                             r"multiprocess, in_process, dask"):
        executors.executor_def("spark")
    no_executor_env.setenv("GOVLAKE_EXECUTOR", "celery")
    with pytest.raises(executors.UnknownExecutorError,
                       match=r"GOVLAKE_EXECUTOR='celery'.*multiprocess, in_process, dask"):
        build_definitions()
    runs_before = len(dagster_instance.get_run_records())
    with pytest.raises(executors.UnknownExecutorError):
        executors.materialize(PARTITIONED, executor="spark", instance=dagster_instance,
                              partition_key="guizhou|2021")
    assert len(dagster_instance.get_run_records()) == runs_before   # nothing was launched


def test_multiprocess_runs_a_step_in_a_child_process(catalogued_lake, dagster_instance,
                                                     no_executor_env):
    lake = catalogued_lake
    before = pq.read_table(lake.catalog_file).num_rows
    res = executors.materialize(      # the catalog again (one step; nothing new to add)
        [dg.AssetKey("source_catalog")], instance=dagster_instance, resources=_resources(lake),
        run_config={**QUIET, "ops": {"source_catalog": {"config": {
            "include_samples": True, "landing_dir": None, "manifests": []}}}})
    assert res.success
    assert dagster_instance.get_run_by_id(res.run_id).tags["govlake/executor"] == "multiprocess"
    started = [e for e in res.all_events if e.event_type_value == "STEP_WORKER_STARTED"]
    assert len(started) == 1 and _step_pids(res) == {started[0].pid} != {os.getpid()}
    assert pq.read_table(lake.catalog_file).num_rows == before == 5


# ---------------------------------------------------------------- dask, for real


def test_dask_on_an_existing_local_cluster_builds_a_partition_and_the_marts(
        catalogued_lake, dagster_instance, dask_cluster, no_executor_env):
    from dask.distributed import get_task_stream

    lake = catalogued_lake
    cluster, client = dask_cluster
    no_executor_env.setenv("GOVLAKE_DASK_SCHEDULER", cluster.scheduler_address)
    worker_pids = set(client.run(os.getpid).values())
    with get_task_stream(client) as stream:
        part = executors.materialize(
            PARTITIONED, executor="dask", instance=dagster_instance,
            resources=_resources(lake), run_config=QUIET, partition_key="guizhou|2021")
        assert part.success
        marts = executors.materialize(     # the marts step is in a pool (duckdb_writer)
            MARTS, executor="dask", instance=dagster_instance,
            resources=_resources(lake), run_config=QUIET)
        assert marts.success
    tasks = {t["key"] for t in stream.data}

    # the steps were dask tasks (keyed job.step-run_id), run by the cluster's worker
    # process, not by this one
    assert {f"govlake_lake_job.{step}-{part.run_id}"
            for step in ("raw_snapshots", "cleaned_reports", "fact_tables")} <= tasks
    assert f"govlake_lake_job.marts-{marts.run_id}" in tasks
    assert _step_pids(part) == _step_pids(marts) == worker_pids
    assert os.getpid() not in worker_pids
    run = dagster_instance.get_run_by_id(part.run_id)
    assert run.tags["govlake/executor"] == "dask"
    assert run.tags["dagster/partition"] == "guizhou|2021"
    assert run.job_name == "govlake_lake_job"

    # 花溪区 2021: 125 new applications, 16 granted (the figures the sample tests pin)
    assert _total(lake, "guizhou", 2021, "new_received") == 125
    assert _total(lake, "guizhou", 2021, "granted") == 16
    con = duckdb.connect(str(lake.marts_db), read_only=True)
    try:
        assert con.execute(
            "SELECT province_key, year, applications_received, applications_granted, reviews "
            "FROM mart_province_year WHERE province_key = 'guizhou'").fetchall() \
            == [("guizhou", 2021, 125, 16, 5)]
    finally:
        con.close()
    # the step's checks came back from the worker with the run's results
    checks = {e.check_name: e.passed for e in part.get_asset_check_evaluations()}
    assert checks["identities_hold"] and checks["reports_parsed"]


def test_dask_starts_its_own_local_cluster_by_default(
        catalogued_lake, dagster_instance, no_executor_env):
    lake = catalogued_lake
    no_executor_env.setenv("GOVLAKE_EXECUTOR", "dask")      # selected by the environment
    no_executor_env.setenv("GOVLAKE_DASK_WORKERS", "1")
    children_before = _children()
    # a range run, as `govlake run` makes them: two snapshots, so the steps' work cache
    # starts its process pool inside the dask worker (which must not be daemonic)
    res = executors.materialize(PARTITIONED, instance=dagster_instance,
                                resources=_resources(lake), run_config=QUIET,
                                tags={"dagster/asset_partition_range_start": "yunnan|2018",
                                      "dagster/asset_partition_range_end": "yunnan|2020"})
    assert res.success
    assert dagster_instance.get_run_by_id(res.run_id).tags["govlake/executor"] == "dask"
    pids = _step_pids(res)
    assert len(pids) == 1 and os.getpid() not in pids       # one dask worker process
    assert _children(settle_to=children_before) <= children_before   # closed after the run
    assert _total(lake, "yunnan", 2018, "new_received") == 3605   # 云南省 2018 (legacy prose)
    assert _total(lake, "yunnan", 2020, "new_received") == 1      # 武定县 2020


# a two-step job whose first step fails: dask must not run the second
@dg.asset
def broken_upstream():
    raise RuntimeError("upstream broke")


class MarkerConfig(dg.Config):
    marker: str


@dg.asset(deps=[broken_upstream])
def never_downstream(config: MarkerConfig):
    with open(config.marker, "w") as f:
        f.write("ran")


def failing_job():
    return dg.Definitions(
        assets=[broken_upstream, never_downstream], jobs=[dg.define_asset_job("failing_job")],
        executor=executors.executor_def("dask")).resolve_job_def("failing_job")


def test_dask_skips_the_steps_after_a_failed_one(
        tmp_path, dagster_instance, dask_cluster, no_executor_env):
    from dagster._core.definitions.reconstruct import build_reconstructable_job

    cluster, _ = dask_cluster
    no_executor_env.setenv("GOVLAKE_DASK_SCHEDULER", cluster.scheduler_address)
    marker = tmp_path / "downstream_ran"
    res = dg.execute_job(
        build_reconstructable_job(__name__, "failing_job"), instance=dagster_instance,
        run_config={**QUIET, "ops": {"never_downstream": {"config": {"marker": str(marker)}}}})
    assert not res.success
    steps = [(e.event_type_value, e.step_key) for e in res.all_events if e.is_step_event]
    assert ("STEP_FAILURE", "broken_upstream") in steps
    assert not any(key == "never_downstream" for _, key in steps)
    assert not marker.exists()
    assert any("Skipped step never_downstream" in (e.message or "")
               for e in res.all_events if e.event_type_value == "ENGINE_EVENT")


def test_the_command_line_offers_every_executor():
    from govlake import cli

    assert sorted(cli.EXECUTORS) == sorted(executors.EXECUTORS)
