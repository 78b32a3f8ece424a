"""Who has not reported yet, and whether they are late (docs/DOMAIN.md §1 deadlines).

Pure: the expected-unit registry and the statutory deadline come from
govlake.geography; "today" is passed in, so tests and checks can move time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from govlake import schema
from govlake.geography import expected_units, report_deadline

GOVERNMENT_LEVELS = ("province", "prefecture", "county")


@lru_cache(maxsize=1024)
def expected_governments(province_key: str, year: int) -> tuple:
    """The governments expected to report for a partition (cached: the registry is fixed)."""
    return tuple(u for u in expected_units(province_key, year) if u.admin_level in GOVERNMENT_LEVELS)


@dataclass(frozen=True)
class Completeness:
    province_key: str
    year: int
    expected: int
    found: int
    missing: list[dict]          # unit_name, region_code, admin_level, deadline, days_overdue
    deadline: dt.date | None     # the governments' deadline for this year
    overdue: bool                # the deadline has passed and someone is still missing

    @property
    def passed(self) -> bool:
        return not self.overdue


def completeness(province_key: str, year: int, reports: list[dict],
                 today: dt.date) -> Completeness:
    """Expected governments of a partition against its (non-duplicate) reports."""
    if province_key in (schema.UNKNOWN, schema.CENTRAL):
        return Completeness(province_key, year, 0, 0, [], None, False)
    live = [r for r in reports
            if not r.get("duplicate_of") and r.get("admin_level") in GOVERNMENT_LEVELS]
    found_codes = {r.get("region_code") for r in live}
    # a renamed division (黔西县 → 黔西市) may resolve to its new code while the registry
    # of that year expects the old one: the unit's name settles it
    found_names = {r.get("unit_name") for r in live if r.get("unit_name")}
    expected = expected_governments(province_key, year)
    missing = []
    for u in expected:
        if u.region_code in found_codes or u.unit_name in found_names:
            continue
        deadline = report_deadline(year, u.admin_level)
        missing.append({"unit_name": u.unit_name, "region_code": u.region_code,
                        "admin_level": u.admin_level, "deadline": deadline.isoformat(),
                        "days_overdue": max((today - deadline).days, 0)})
    deadline = report_deadline(year, "county")
    return Completeness(province_key, year, len(expected), len(expected) - len(missing),
                        missing, deadline, bool(missing) and today > deadline)


@dataclass(frozen=True)
class Freshness:
    province_key: str
    year: int
    deadline: dt.date
    latest_snapshot: str | None   # ISO time of the newest snapshot in the partition
    stale: bool                   # the deadline passed and nothing was taken since

    @property
    def detail(self) -> str:
        state = "STALE" if self.stale else "fresh"
        return (f"{self.province_key}|{self.year}: {state}; newest snapshot "
                f"{self.latest_snapshot or 'none'}, deadline {self.deadline.isoformat()}")


def freshness(province_key: str, year: int, taken_at: list[str | None],
              today: dt.date) -> Freshness:
    """Were the partition's snapshots refreshed after the last report was due?

    Snapshots taken before the deadline cannot contain the reports published
    in its last weeks; once the deadline has passed the partition needs a refresh.
    """
    deadline = report_deadline(year, "county")  # the latest deadline of the year
    stamps = sorted(t for t in taken_at if t)
    latest = stamps[-1] if stamps else None
    refreshed = latest is not None and dt.date.fromisoformat(latest[:10]) > deadline
    return Freshness(province_key, year, deadline, latest, today > deadline and not refreshed)
