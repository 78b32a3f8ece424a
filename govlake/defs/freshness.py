"""Freshness through Dagster's own policies, from the statutory deadlines.

Last year's reports are due by 31 March (governments; departments by 31 January since
the reports on 2019: govlake/geography/deadlines.py). Snapshots taken before that
cannot hold the reports published in the deadline's last weeks, so the raw snapshots
must be taken again after it: every year, between the day after the governments'
deadline and a month later, the raw layer must have been materialized, or Dagster's
freshness state turns FAIL until it is. (The per-partition view — which partitions have
no snapshot newer than their deadline — stays the `snapshots_refreshed_after_deadline`
check; `reports_complete` stays the check for missing governments.)
"""

from __future__ import annotations

import datetime as dt

import dagster as dg

from govlake.geography.deadlines import report_deadline

TIMEZONE = "Asia/Shanghai"
GRACE = dt.timedelta(days=30)
"""How long after the deadline the refresh may take before the asset is stale."""


def refresh_window(year: int) -> tuple[dt.date, dt.date]:
    """(opens, closes) of the refresh after the deadline of ``year``'s reports: the day
    after the latest deadline (the governments') and GRACE later."""
    opens = report_deadline(year, "county") + dt.timedelta(days=1)
    return opens, opens + GRACE


def raw_freshness_cron() -> str:
    """The yearly tick at which the refresh window closes (the same day every year)."""
    _, closes = refresh_window(2020)
    return f"0 0 {closes.day} {closes.month} *"


def raw_freshness_policy() -> dg.FreshnessPolicy:
    """Materialized between the day after 31 March and 30 days later, every year."""
    return dg.FreshnessPolicy.cron(deadline_cron=raw_freshness_cron(),
                                   lower_bound_delta=GRACE, timezone=TIMEZONE)
