"""Schedules: one range-aware weekly refresh of the provinces, and the annual
reporting-deadline refresh.

- `refresh_provinces` (one schedule, range-aware): weekly, rebuild the provinces'
  partitions — every year from 2008, or only the latest N years (`latest_years`, or
  `$GOVLAKE_REFRESH_LATEST_YEARS` read at each tick; 0 or unset = all) — as single-run
  ranges grouped like `govlake run` groups them (plan_runs): every province in one run.
  `$GOVLAKE_REFRESH_PROVINCES=yunnan,guizhou` limits it to some provinces.
- `reporting_deadlines`: on 1 February (the departments' 31 January deadline has passed)
  and on 1 April (the governments' 31 March deadline, docs/DOMAIN.md §1), refresh last year's
  partition of every province; the run includes the `reports_complete` check, which turns
  into an ERROR for missing governments once their deadline has passed.

Every run is tagged with whom it covers (`govlake/province` or `govlake/provinces`). The
run requests come from pure functions of the tick time (`refresh_run_requests`,
`deadline_run_requests`) so tests inject time.
Both kinds start STOPPED: switch them on in the UI (Automation) or with `dagster schedule start`.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

from govlake import schema
from govlake.defs.jobs import partitions_job  # raw → … → marts for a partition or range
from govlake.defs.partitions import partition_key, plan_runs, run_tags

TIMEZONE = "Asia/Shanghai"
REFRESH_CRON = "0 1 * * 0"                      # weekly, 01:00 on Sunday
DEADLINE_CRON = "0 6 1 2,4 *"                    # 06:00 on 1 February and 1 April
LATEST_YEARS_ENV = "GOVLAKE_REFRESH_LATEST_YEARS"

# ------------------------------------------------------------------ pure helpers

def last_report_year(now: dt.datetime | dt.date) -> int:
    """The newest year whose reports can exist: the year that last ended."""
    return schema.last_year(now)


def refresh_years(now: dt.datetime | dt.date, latest_years: int | None = None) -> tuple[int, int]:
    """(first, last) year a refresh at `now` covers: all years, or the latest N."""
    hi = last_report_year(now)
    lo = schema.FIRST_YEAR if not latest_years else max(schema.FIRST_YEAR, hi - latest_years + 1)
    return lo, hi


def latest_years_setting(value: int | None = None) -> int | None:
    """The configured latest-N: the factory's value, else the environment, else all years."""
    if value is not None:
        return value or None
    raw = os.environ.get(LATEST_YEARS_ENV, "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"${LATEST_YEARS_ENV} must be a whole number of years, not {raw!r}")
    if n < 0:
        raise ValueError(f"${LATEST_YEARS_ENV} must be 0 (all years) or more, not {n}")
    return n or None


PROVINCES_ENV = "GOVLAKE_REFRESH_PROVINCES"


def provinces_setting(value: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The provinces the refresh covers: the factory's, else $GOVLAKE_REFRESH_PROVINCES
    (comma-separated keys), else every province."""
    if value is not None:
        return tuple(value)
    raw = os.environ.get(PROVINCES_ENV, "").strip()
    if not raw:
        return schema.PROVINCE_KEYS
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    unknown = [k for k in keys if k not in schema.PROVINCE_KEYS]
    if unknown:
        raise ValueError(f"${PROVINCES_ENV}: unknown province key(s) {', '.join(unknown)} "
                         f"(one of {', '.join(schema.PROVINCE_KEYS)})")
    return keys


def refresh_run_requests(now: dt.datetime, latest_years: int | None = None,
                         provinces: tuple[str, ...] = schema.PROVINCE_KEYS
                         ) -> list[dg.RunRequest]:
    """The refresh at ``now``: the provinces' years as single-run ranges, as few as the
    ranges allow (plan_runs: neighbouring provinces share a run, so every province is
    one run), each tagged with the provinces it covers."""
    lo, hi = refresh_years(now, latest_years)
    todo = [(p, y) for p in provinces for y in range(lo, hi + 1)]
    return [dg.RunRequest(
        run_key=f"refresh-{block[0]}-{block[-1]}-{lo}-{hi}-{now:%Y%m%dT%H%M}",
        job_name=partitions_job.name,
        tags={**run_tags(block, lo, hi), "govlake/years": f"{lo}-{hi}",
              "govlake/trigger": "schedule:refresh"},
    ) for block, lo, hi in plan_runs(todo)]


def province_refresh_request(province: str, now: dt.datetime,
                             latest_years: int | None = None) -> dg.RunRequest:
    """One province's refresh: one single-run range over its years."""
    (request,) = refresh_run_requests(now, latest_years, (province,))
    return request


def deadline_kind(now: dt.datetime | dt.date) -> str | None:
    """Which statutory deadline of last year's reports has passed at `now`, if any."""
    day = now.date() if isinstance(now, dt.datetime) else now
    if day >= dt.date(day.year, 4, 1):
        return "governments_31_march"
    if day >= dt.date(day.year, 2, 1):
        return "departments_31_january"
    return None


def deadline_run_requests(now: dt.datetime,
                          provinces: tuple[str, ...] = schema.PROVINCE_KEYS) -> list[dg.RunRequest]:
    """Last year's partition of every province, once its reporting deadline has passed."""
    kind = deadline_kind(now)
    if kind is None:
        return []
    year = last_report_year(now)
    return [dg.RunRequest(
        run_key=f"deadline-{kind}-{year}-{province}",
        job_name=partitions_job.name,
        partition_key=partition_key(province, year),
        tags={"govlake/province": province, "govlake/years": str(year),
              "govlake/deadline": kind, "govlake/trigger": "schedule:deadline"},
    ) for province in provinces]


def _tick_time(context: dg.ScheduleEvaluationContext) -> dt.datetime:
    return context.scheduled_execution_time or dt.datetime.now(dt.timezone.utc)


# ------------------------------------------------------------------ schedule definitions

def refresh_schedule(latest_years: int | None = None,
                     provinces: tuple[str, ...] | None = None,
                     default_status=dg.DefaultScheduleStatus.STOPPED) -> dg.ScheduleDefinition:
    """The weekly refresh of every province (or those configured), as range runs."""

    @dg.schedule(
        name="refresh_provinces",
        cron_schedule=REFRESH_CRON,
        execution_timezone=TIMEZONE,
        job=partitions_job,
        default_status=default_status,
        tags={"govlake/trigger": "schedule:refresh"},
        description=f"Weekly refresh of the provinces' partitions as single-run ranges "
                    f"(every province in one run): all years from {schema.FIRST_YEAR}, or the "
                    f"latest N with ${LATEST_YEARS_ENV}=N; only some provinces with "
                    f"${PROVINCES_ENV}=yunnan,guizhou.",
    )
    def _refresh(context: dg.ScheduleEvaluationContext):
        return refresh_run_requests(_tick_time(context), latest_years_setting(latest_years),
                                    provinces_setting(provinces))

    return _refresh


@dg.schedule(
    name="reporting_deadlines",
    cron_schedule=DEADLINE_CRON,
    execution_timezone=TIMEZONE,
    job=partitions_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="1 February and 1 April: refresh last year's partition of every province and run "
                "the completeness check (departments due 31 January, governments 31 March).",
)
def reporting_deadlines(context: dg.ScheduleEvaluationContext):
    requests = deadline_run_requests(_tick_time(context))
    if not requests:
        return dg.SkipReason("no reporting deadline has passed this year yet")
    return requests


schedules = [refresh_schedule(), reporting_deadlines]
