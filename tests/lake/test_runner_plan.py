"""How the runner groups partitions into range runs (one run for a national backfill)."""

from govlake import schema
from govlake.defs.partitions import plan_runs


def test_a_national_backfill_is_one_run():
    provinces = [p for p in schema.PROVINCE_KEYS if p not in ("central", "unknown")]
    todo = [(p, y) for p in provinces for y in range(2019, 2024)]
    assert plan_runs(todo) == [(provinces, 2019, 2023)]


def test_each_province_keeps_its_own_span_gaps_included():
    sample = [("fujian", 2017), ("guizhou", 2021), ("ningxia", 2020), ("yunnan", 2018),
              ("yunnan", 2020)]
    assert plan_runs(sample) == [(["fujian"], 2017, 2017), (["guizhou"], 2021, 2021),
                                 (["yunnan"], 2018, 2020), (["ningxia"], 2020, 2020)]


def test_only_neighbours_with_the_same_span_share_a_run():
    # tianjin lies between beijing and hebei in PROVINCE_KEYS: a rectangle over
    # beijing…hebei would touch it, so they run apart
    todo = [("beijing", 2020), ("hebei", 2020), ("shanxi", 2020), ("neimenggu", 2019),
            ("neimenggu", 2020)]
    assert plan_runs(todo) == [(["beijing"], 2020, 2020), (["hebei", "shanxi"], 2020, 2020),
                               (["neimenggu"], 2019, 2020)]


def test_nothing_to_do_is_no_run():
    assert plan_runs([]) == []
