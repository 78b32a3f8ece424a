"""Province × year: the unit of every materialization.

The year dimension is a yearly time window from 2008, so each finished year
appears by itself; the newest partition is the last year that has ended (its
reports are due in the months after).
"""

import dagster as dg

from govlake import schema

province_partitions = dg.StaticPartitionsDefinition(list(schema.PROVINCE_KEYS))
year_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=str(schema.FIRST_YEAR), fmt="%Y", end_offset=0,
    timezone="Asia/Shanghai",  # a year ends when it ends in China (the schedules' clock)
)
report_partitions = dg.MultiPartitionsDefinition(
    {"province": province_partitions, "year": year_partitions}
)


def partition_key(province: str, year: int | str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"province": province, "year": str(year)})


def split_key(key) -> tuple[str, int]:
    """A MultiPartitionKey or "province|year" string → (province, year)."""
    if isinstance(key, dg.MultiPartitionKey):
        dims = key.keys_by_dimension
        return dims["province"], int(dims["year"])
    province, year = str(key).split("|")
    return province, int(year)


def keys_in_run(context) -> list[tuple[str, int]]:
    """Every (province, year) this run covers: one partition or a range."""
    return [split_key(k) for k in context.partition_keys]


def range_tags(first: str, last: str, lo: int, hi: int) -> dict[str, str]:
    """Run tags for one single-run range: provinces first…last (in their declared
    order) × years lo…hi, a rectangle of partitions."""
    return {"dagster/asset_partition_range_start": f"{first}|{lo}",
            "dagster/asset_partition_range_end": f"{last}|{hi}"}


def run_tags(provinces: list[str], lo: int, hi: int) -> dict[str, str]:
    """Tags of one run of plan_runs: its range, and whom it covers (``govlake/province``
    for one province, ``govlake/provinces`` comma-separated for several)."""
    first, last = provinces[0], provinces[-1]
    who = ({"govlake/province": first} if first == last
           else {"govlake/provinces": ",".join(provinces)})
    return {**range_tags(first, last, lo, hi), **who}


def province_spans(todo: list[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """province → (first year, last year) of its partitions in ``todo``."""
    spans: dict[str, tuple[int, int]] = {}
    for province, year in todo:
        lo, hi = spans.get(province, (year, year))
        spans[province] = (min(lo, year), max(hi, year))
    return spans


def plan_runs(todo: list[tuple[str, int]]) -> list[tuple[list[str], int, int]]:
    """Group partitions into as few range runs as possible: (provinces, first year, last year).

    A multi-partition range is a rectangle (see range_tags). Each province spans its
    own years, gaps included; neighbouring provinces (in PROVINCE_KEYS order) with the
    same span share a run, so a national backfill is one run and no province outside
    the selection is touched.
    """
    spans = province_spans(todo)
    order = {p: i for i, p in enumerate(schema.PROVINCE_KEYS)}
    blocks: list[tuple[list[str], int, int]] = []
    for province in sorted(spans, key=order.__getitem__):
        lo, hi = spans[province]
        if blocks and (blocks[-1][1], blocks[-1][2]) == (lo, hi) and (
                order[blocks[-1][0][-1]] + 1 == order[province]):
            blocks[-1][0].append(province)
        else:
            blocks.append(([province], lo, hi))
    return blocks


# The instance configuration shipped with the package (govlake/defs/instance.py copies it
# into each lake's instance; tests load it too).
from pathlib import Path as _Path  # noqa: E402

REPO_DAGSTER_YAML = _Path(__file__).resolve().with_name("dagster.yaml")
