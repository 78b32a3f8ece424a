"""Statutory deadlines for a year's report (政府信息公开条例).

2008 regulation, Art. 31: every body by 31 March of the next year. Revised
regulation (in force 2019-05-15), Art. 49: departments of governments at county
level and above by 31 January, governments (本级政府) by 31 March. Reports on 2018
were due before the revision took effect, so the split starts with reports on 2019.
"""

from __future__ import annotations

from datetime import date

GOVERNMENT_LEVELS = ("province", "prefecture", "county", "township")
FIRST_ART49_YEAR = 2019


def report_deadline(year: int, admin_level: str) -> date:
    """Last day to publish the report on `year` for a unit of `admin_level`."""
    y = int(year) + 1
    if int(year) >= FIRST_ART49_YEAR and admin_level == "department":
        return date(y, 1, 31)
    return date(y, 3, 31)
