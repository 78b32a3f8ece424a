"""What the parser returns for one report: plain data, no I/O.

The facts layer turns these into Parquet rows; `govlake inspect` into JSON.
Every fact keeps its provenance (section, the label as written, column position)
so a data engineer can trace a number back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


# The facts below are frozen dataclasses with hand-written __init__s: the generated
# one sets each field through object.__setattr__ (~1.5 µs an object, and a page makes
# hundreds of facts); these set the instance __dict__ in one step, with the same result.
_set_dict = object.__setattr__


@dataclass(frozen=True, init=False)
class Provenance:
    section: str            # "二" | "三" | "四" | "legacy" | "prose"
    label: str              # the row label as written on the page (after normalization)
    column: int | None      # 0-based position of the value in its row, when known
    line: int | None = None  # 1-based line of the cleaned text where the value stood

    def __init__(self, section: str, label: str, column: int | None, line: int | None = None) -> None:
        _set_dict(self, "__dict__", {"section": section, "label": label, "column": column, "line": line})


@dataclass(frozen=True, init=False)
class ApplicationFact:
    row_code: str
    applicant: str
    value: float
    source: Provenance

    def __init__(self, row_code: str, applicant: str, value: float, source: Provenance) -> None:
        _set_dict(self, "__dict__", {"row_code": row_code, "applicant": applicant, "value": value,
                                     "source": source})


@dataclass(frozen=True, init=False)
class ReviewLitigationFact:
    proceeding: str
    outcome: str
    value: float
    source: Provenance

    def __init__(self, proceeding: str, outcome: str, value: float, source: Provenance) -> None:
        _set_dict(self, "__dict__", {"proceeding": proceeding, "outcome": outcome, "value": value,
                                     "source": source})


@dataclass(frozen=True, init=False)
class DisclosureFact:
    item: str
    measure: str
    value: float
    unit: str | None        # "件" | "项" | "万元" … as reported (amounts are converted to 万元)
    source: Provenance

    def __init__(self, item: str, measure: str, value: float, unit: str | None,
                 source: Provenance) -> None:
        _set_dict(self, "__dict__", {"item": item, "measure": measure, "value": value, "unit": unit,
                                     "source": source})


@dataclass(frozen=True)
class LegacyIndicator:
    indicator: str          # the indicator name as written
    code: str | None        # the SCHEMA code it answers, e.g. "applications.new_received.total"
    unit: str | None
    value: float
    cumulative: bool        # 历年累计 rather than 本年度
    source: Provenance


@dataclass(frozen=True)
class QualityCheck:
    check: str
    passed: bool
    detail: str


@dataclass
class ParsedReport:
    format: str | None = None           # "2019" | "2021" | "legacy"
    format_source: str | None = None    # "tables" (seen in its labels) | "year" (template in force)
    # rows of sections 三/四 the text read from other than exactly their numbers (a blank,
    # padding, a missing cell): where the HTML grid is read to check them (reconcile.py)
    table_gaps: list = field(default_factory=list)
    year: int | None = None             # the year reported on
    unit_name: str | None = None
    published_date: str | None = None   # ISO date
    title: str | None = None
    parse_status: str = "failed"        # ok | partial | failed
    parse_errors: list[str] = field(default_factory=list)
    applications: list[ApplicationFact] = field(default_factory=list)
    review_litigation: list[ReviewLitigationFact] = field(default_factory=list)
    active_disclosure: list[DisclosureFact] = field(default_factory=list)
    legacy_indicators: list[LegacyIndicator] = field(default_factory=list)
    quality_checks: list[QualityCheck] = field(default_factory=list)
