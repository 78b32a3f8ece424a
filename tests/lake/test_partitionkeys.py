"""A range's partition keys kept once (govlake/defs/partitionkeys.py): the same keys as the
stock method, per-partition metadata of a real range run intact, dynamic dimensions left
to the stock method, bounded, and switched off by the environment."""

import dagster as dg
import pytest
from dagster._core.definitions.partitions.definition.multi import MultiPartitionsDefinition

from govlake.defs import partitionkeys
from govlake.defs.partitions import report_partitions


@pytest.fixture
def installed():
    assert partitionkeys.install()
    yield
    partitionkeys.install()


def _stock_keys(pdef, start, end):
    partitionkeys.uninstall()
    try:
        return pdef.get_partition_keys_in_range(dg.PartitionKeyRange(start, end))
    finally:
        assert partitionkeys.install()


def test_installed_on_the_pinned_dagster(installed):
    assert MultiPartitionsDefinition.get_partition_keys_in_range is partitionkeys._keys_in_range
    assert dg.__version__ == partitionkeys.DAGSTER_VERSION


@pytest.mark.parametrize("start,end,count", [
    ("beijing|2019", "xinjiang|2023", 155),     # the benchmark's national range
    ("beijing|2008", "unknown|2025", 594),      # every partition
    ("guizhou|2021", "guizhou|2021", 1),
])
def test_same_keys_as_the_stock_method(installed, start, end, count):
    want = _stock_keys(report_partitions, start, end)
    rng = dg.PartitionKeyRange(start, end)
    first = report_partitions.get_partition_keys_in_range(rng)
    again = report_partitions.get_partition_keys_in_range(rng)
    assert len(want) == count
    assert first == want and again == want
    assert all(isinstance(k, dg.MultiPartitionKey) for k in again)
    again.clear()      # a caller's copy: the kept list is not touched
    assert report_partitions.get_partition_keys_in_range(rng) == want


def test_bounded(installed):
    provinces = [p for p in report_partitions.partitions_defs[0].partitions_def.get_partition_keys()]
    for p in provinces:
        for year in ("2019", "2020", "2021"):
            report_partitions.get_partition_keys_in_range(
                dg.PartitionKeyRange(f"{p}|{year}", f"{p}|{year}"))
    assert len(partitionkeys._ranges) == partitionkeys.MAX_RANGES


def test_dynamic_dimensions_go_to_the_stock_method(installed):
    pdef = dg.MultiPartitionsDefinition({"a": dg.DynamicPartitionsDefinition(name="things"),
                                         "b": dg.StaticPartitionsDefinition(["x", "y"])})
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("things", ["t1", "t2"])
        before = len(partitionkeys._ranges)
        keys = pdef.get_partition_keys_in_range(dg.PartitionKeyRange("t1|x", "t2|y"),
                                                dynamic_partitions_store=instance)
        assert sorted(keys) == ["t1|x", "t1|y", "t2|x", "t2|y"]
        assert len(partitionkeys._ranges) == before


grid = dg.MultiPartitionsDefinition({"p": dg.StaticPartitionsDefinition(["a", "b", "c"]),
                                     "q": dg.StaticPartitionsDefinition(["1", "2"])})


@dg.asset(partitions_def=grid, backfill_policy=dg.BackfillPolicy.single_run())
def figures(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    for key in context.partition_keys:
        dims = key.keys_by_dimension
        context.add_asset_metadata({"n": ord(dims["p"]) * 10 + int(dims["q"])}, partition_key=key)
    return dg.MaterializeResult()


def test_a_range_run_keeps_each_partitions_metadata(installed):
    with dg.instance_for_test() as instance:
        res = dg.materialize([figures], instance=instance,
                             tags={"dagster/asset_partition_range_start": "a|1",
                                   "dagster/asset_partition_range_end": "c|2"})
        assert res.success
        # each add_asset_metadata checked its key against the kept range
        assert (id(grid), "a|1", "c|2") in partitionkeys._ranges
        records = instance.fetch_materializations(dg.AssetKey("figures"), limit=20).records
        got = {r.event_log_entry.dagster_event.partition:
               r.asset_materialization.metadata["n"].value for r in records}
    assert got == {"a|1": 971, "b|1": 981, "c|1": 991, "a|2": 972, "b|2": 982, "c|2": 992}


def test_switched_off_by_the_environment(monkeypatch, installed):
    partitionkeys.uninstall()
    monkeypatch.setenv(partitionkeys.ENV, "0")
    assert not partitionkeys.install()
    assert MultiPartitionsDefinition.get_partition_keys_in_range is not partitionkeys._keys_in_range
