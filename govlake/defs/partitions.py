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

# The instance configuration shipped with the repository (tests load it too).
from pathlib import Path as _Path  # noqa: E402

REPO_DAGSTER_YAML = _Path(__file__).resolve().parents[2] / "dagster_home" / "dagster.yaml"
