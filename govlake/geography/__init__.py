"""Geography core: gazetteer, unit resolution, partition routing, expected units, deadlines.

    resolve_unit(name, text, host=, hints=) -> Resolution
    route(resolution, year, hints) -> Routing
    expected_units(province_key, year, departments=, townships=) -> [ExpectedUnit]
    report_deadline(year, admin_level) -> date

Pure functions over a vendored GB/T 2260 list (govlake/data/geography/); no network.
An official source host is read as a place too (hostindex.py: qianan.gov.cn, gzhuaxi.gov.cn).
"""

from .deadlines import report_deadline
from .expected import ExpectedUnit, expected_units
from .gazetteer import Division, gazetteer
from .resolve import Resolution, resolve_unit
from .routing import Routing, report_year, route

__all__ = ["Division", "ExpectedUnit", "Resolution", "Routing", "expected_units", "gazetteer",
           "report_deadline", "report_year", "resolve_unit", "route"]
