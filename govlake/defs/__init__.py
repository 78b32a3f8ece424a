"""Dagster definitions: a thin layer wiring the pure govlake core into assets.

`dg dev` (and `govlake ui`) load this module as the code location `govlake`, as
pyproject's [tool.dg] says.
The executor comes from $GOVLAKE_EXECUTOR (govlake.defs.executors).
"""

import dagster as dg

from govlake.defs import eventlog, partitionkeys

eventlog.install()  # kept SQLite connections for the event log, where safe (defs/eventlog.py)
partitionkeys.install()  # a range's keys listed once, not per metadata call (defs/partitionkeys.py)

from govlake.defs.assets.cleaned import cleaned_reports
from govlake.defs.assets.facts import fact_tables
from govlake.defs.assets.ingest import source_catalog
from govlake.defs.assets.marts import marts
from govlake.defs.assets.raw import raw_snapshots
from govlake.defs.checks import snapshots_refreshed_after_deadline
from govlake.defs.executors import executor_def
from govlake.defs.jobs import ingest_job, lake_job, marts_job, partitions_job
from govlake.defs.resources import ClockResource, LakeResource
from govlake.defs.schedules import schedules
from govlake.defs.sensors import catalog_sensor, landing_sensor, manifest_sensor


def build_definitions(executor: str | None = None) -> dg.Definitions:
    """The definitions, with every job on ``executor`` (default: $GOVLAKE_EXECUTOR, else
    multiprocess). A function so workers can rebuild them for a named executor."""
    return dg.Definitions(
        assets=[source_catalog, raw_snapshots, cleaned_reports, fact_tables, marts],
        asset_checks=[snapshots_refreshed_after_deadline],
        jobs=[lake_job, ingest_job, partitions_job, marts_job],
        schedules=schedules,
        sensors=[landing_sensor, manifest_sensor, catalog_sensor],
        resources={"lake": LakeResource(), "clock": ClockResource()},
        executor=executor_def(executor),
    )


defs = build_definitions()
