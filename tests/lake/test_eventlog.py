"""Kept SQLite connections for Dagster's event log (govlake/defs/eventlog.py): installed
on the pinned Dagster, bounded, and writing the same files the stock storage reads."""

import os

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from govlake.defs import eventlog

parts = dg.StaticPartitionsDefinition([f"p{i}" for i in range(12)])


@dg.asset(partitions_def=parts)
def numbers(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"n": int(context.partition_key[1:])})


@pytest.fixture
def installed():
    assert eventlog.install()
    yield
    eventlog.install()


def _instance(home):
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return dg.DagsterInstance.from_config(str(home))


def test_installed_on_the_pinned_dagster(installed):
    assert SqliteEventLogStorage._connect is eventlog._connect
    assert dg.__version__ == eventlog.DAGSTER_VERSION


def test_runs_are_recorded_and_read_back_by_the_stock_storage(tmp_path, installed):
    home = tmp_path / "home"
    instance = _instance(home)
    for i in range(12):   # twelve runs: more run shards than engines are kept
        res = dg.materialize([numbers], partition_key=f"p{i}", instance=instance)
        assert res.success
    mine = [url for pid, url in eventlog._engines if pid == os.getpid() and str(home) in url]
    assert sum(not u.endswith("/index.db") for u in mine) <= eventlog.MAX_ENGINES
    assert sum(u.endswith("/index.db") for u in mine) == 1

    eventlog.uninstall()   # the stock storage, on the same files, sees every run's events
    assert SqliteEventLogStorage._connect is not eventlog._connect
    fresh = _instance(home)
    records = fresh.fetch_materializations(dg.AssetKey("numbers"), limit=100).records
    got = sorted(r.event_log_entry.dagster_event.partition for r in records)
    assert got == sorted(f"p{i}" for i in range(12))
    values = {r.event_log_entry.dagster_event.partition:
              r.asset_materialization.metadata["n"].value for r in records}
    assert values["p7"] == 7 and values["p11"] == 11


def test_switched_off_by_the_environment(monkeypatch, installed):
    eventlog.uninstall()
    monkeypatch.setenv(eventlog.ENV, "0")
    assert eventlog.install() is False
    assert SqliteEventLogStorage._connect is not eventlog._connect
    monkeypatch.delenv(eventlog.ENV)
    assert eventlog.install() is True


def test_left_alone_when_the_stock_method_is_not_the_one_it_was_written_for(monkeypatch, installed):
    eventlog.uninstall()
    monkeypatch.setattr(eventlog, "_STOCK_SOURCE_SHA", "0" * 64)
    assert eventlog.install() is False
    assert SqliteEventLogStorage._connect is not eventlog._connect


def test_kept_connections_do_not_wait_for_the_disk(tmp_path, installed):
    instance = _instance(tmp_path / "home")
    assert dg.materialize([numbers], partition_key="p1", instance=instance).success
    with instance.event_log_storage.index_connection() as conn:
        # 1 = NORMAL (a killed process still leaves a consistent WAL database)
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_directory_deleted_and_made_again_gets_fresh_connections(tmp_path, installed):
    # a kept connection must never write into a deleted file: a new instance on a new
    # directory at the same path records its runs where the stock storage will read them
    import shutil

    home = tmp_path / "home"
    first = _instance(home)
    assert dg.materialize([numbers], partition_key="p1", instance=first).success
    shutil.rmtree(home)
    second = _instance(home)
    assert dg.materialize([numbers], partition_key="p2", instance=second).success
    eventlog.uninstall()
    records = _instance(home).fetch_materializations(dg.AssetKey("numbers"), limit=10).records
    assert [r.event_log_entry.dagster_event.partition for r in records] == ["p2"]


def test_has_table_asks_the_kept_engine(tmp_path, installed):
    assert SqliteEventLogStorage.has_table is eventlog._has_table
    instance = _instance(tmp_path / "home")
    storage = instance.event_log_storage
    assert storage.has_table("asset_event_tags") is True
    assert storage.has_table("no_such_table") is False
    # asked inside a write, as Dagster does before storing a materialization's tags
    with storage.index_connection():
        assert storage.has_table("event_logs") is True
    eventlog.uninstall()
    assert SqliteEventLogStorage.has_table is not eventlog._has_table
    assert storage.has_table("asset_event_tags") is True   # the stock method agrees
    assert storage.has_table("no_such_table") is False
