"""Schedules: a refresh per province, and the annual reporting-deadline refresh.

- `refresh_<province>` (one per province, visible and toggleable one by one in the UI):
  rebuild that province's partitions — every year from 2008, or only the latest N years
  (`latest_years`, or `$GOVLAKE_REFRESH_LATEST_YEARS` read at each tick; 0 or unset = all)
  — as one single-run range, weekly.
- `reporting_deadlines`: on 1 February (the departments' 31 January deadline has passed)
  and on 1 April (the governments' 31 March deadline, docs/DOMAIN.md §1), refresh last year's
  partition of every province; the run includes the `reports_complete` check, which turns
  into an ERROR for missing governments once their deadline has passed.

Every run is tagged `govlake/province`. The run requests come from pure functions of the
tick time (`province_refresh_request`, `deadline_run_requests`) so tests inject time.
Both kinds start STOPPED: switch them on in the UI (Automation) or with `dagster schedule start`.
"""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

from govlake import schema
from govlake.defs.jobs import partitions_job  # raw → … → marts for a partition or range
from govlake.defs.partitions import partition_key, range_tags

TIMEZONE = "Asia/Shanghai"
REFRESH_CRON = "{minute} {hour} * * 0"          # weekly, early Sunday, staggered per province
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


def province_refresh_request(province: str, now: dt.datetime,
                             latest_years: int | None = None) -> dg.RunRequest:
    """One single-run range over the province's years (range tags, as `govlake run` uses)."""
    lo, hi = refresh_years(now, latest_years)
    return dg.RunRequest(
        run_key=f"refresh-{province}-{lo}-{hi}-{now:%Y%m%dT%H%M}",
        job_name=partitions_job.name,
        tags={
            **range_tags(province, province, lo, hi),
            "govlake/province": province,
            "govlake/years": f"{lo}-{hi}",
            "govlake/trigger": "schedule:refresh",
        },
    )


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

def refresh_schedule(province: str, index: int = 0, latest_years: int | None = None,
                     default_status=dg.DefaultScheduleStatus.STOPPED) -> dg.ScheduleDefinition:
    """The weekly refresh of one province (staggered by `index` so they do not all start at once)."""
    cron = REFRESH_CRON.format(minute=(index % 12) * 5, hour=1 + index // 12)
    name = schema.PROVINCE_NAME.get(province, province)

    @dg.schedule(
        name=f"refresh_{province}",
        cron_schedule=cron,
        execution_timezone=TIMEZONE,
        job=partitions_job,
        default_status=default_status,
        tags={"govlake/province": province},
        description=f"Weekly refresh of {name} ({province}): all years from {schema.FIRST_YEAR}, "
                    f"or the latest N with ${LATEST_YEARS_ENV}=N.",
    )
    def _refresh(context: dg.ScheduleEvaluationContext):
        return province_refresh_request(province, _tick_time(context),
                                        latest_years_setting(latest_years))

    return _refresh


def province_refresh_schedules(latest_years: int | None = None,
                               provinces: tuple[str, ...] = schema.PROVINCE_KEYS
                               ) -> list[dg.ScheduleDefinition]:
    return [refresh_schedule(p, i, latest_years) for i, p in enumerate(provinces)]


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


schedules = [*province_refresh_schedules(), reporting_deadlines]
