"""Data-quality checks (docs/DOMAIN.md §2 identities). Recorded, never "fixed".

Each check yields one QualityCheck whose detail names the offending numbers,
e.g. "total: 6+0 != 6+1", so a data engineer can find the cell at fault.
"""

from __future__ import annotations

from govlake import schema
from govlake.parsing.model import ApplicationFact, QualityCheck, ReviewLitigationFact


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def application_checks(facts: list[ApplicationFact]) -> list[QualityCheck]:
    if not facts:
        return []
    # value by row, then applicant (the last fact of a cell wins): one dict per row is
    # looked up once, where (row, applicant) keys cost a tuple and a hash per look-up
    v: dict[str, dict[str, float]] = {}
    for f in facts:
        row = v.get(f.row_code)
        if row is None:
            row = v[f.row_code] = {}
        row[f.applicant] = f.value
    none: dict[str, float] = {}
    checks: list[QualityCheck] = []

    # 一 + 二 = （七）总计 + 四, per column
    bad, done = [], 0
    rows = [v.get(r, none) for r in ("new_received", "carried_over", "results_total", "carried_forward")]
    for a in schema.APPLICANT_CODES:
        if not all(a in row for row in rows):
            continue
        done += 1
        nr, co, rt, cf = (row[a] for row in rows)
        if not _close(nr + co, rt + cf):
            bad.append(f"{a}: {_fmt(nr)}+{_fmt(co)} != {_fmt(rt)}+{_fmt(cf)}")
    if done:
        checks.append(QualityCheck("applications_balance", not bad,
                                   "; ".join(bad) if bad else f"{done} columns balance"))

    # （七）总计 = sum of the leaf result rows, per column
    bad, done = [], 0
    totals = v.get("results_total", none)
    leaf_rows = [v[r] for r in schema.LEAF_RESULT_ROWS if r in v]
    for a in schema.APPLICANT_CODES:
        if a not in totals:
            continue
        leaves = [row[a] for row in leaf_rows if a in row]
        if not leaves:
            continue
        done += 1
        s = sum(leaves)
        if not _close(s, totals[a]):
            bad.append(f"{a}: sum of results {_fmt(s)} != 总计 {_fmt(totals[a])}")
    if done:
        checks.append(QualityCheck("applications_results_sum", not bad,
                                   "; ".join(bad) if bad else f"{done} columns add up"))

    # 总计 column = 自然人 + the five 法人 columns, per row
    bad, done = [], 0
    parties = schema.APPLICANT_CODES[:-1]
    for r in schema.APPLICATION_ROW_CODES:
        row = v.get(r, none)
        if "total" not in row:
            continue
        parts = [row[a] for a in parties if a in row]
        if not parts:
            continue
        done += 1
        if not _close(sum(parts), row["total"]):
            bad.append(f"{r}: {'+'.join(_fmt(p) for p in parts)} != {_fmt(row['total'])}")
    if done:
        checks.append(QualityCheck("applications_applicant_sum", not bad,
                                   "; ".join(bad) if bad else f"{done} rows add up"))

    # 2021: other = sum of its sub-rows
    sub_rows = [v[r] for r in schema.OTHER_SUBROWS if r in v]
    if sub_rows:
        bad, done = [], 0
        other = v.get("other", none)
        for a in schema.APPLICANT_CODES:
            subs = [row[a] for row in sub_rows if a in row]
            if not subs or a not in other:
                continue
            done += 1
            if not _close(sum(subs), other[a]):
                bad.append(f"{a}: {'+'.join(_fmt(s) for s in subs)} != {_fmt(other[a])}")
        if done:
            checks.append(QualityCheck("applications_other_sum", not bad,
                                       "; ".join(bad) if bad else f"{done} columns add up"))
    return checks


def review_litigation_checks(facts: list[ReviewLitigationFact]) -> list[QualityCheck]:
    """total = upheld + corrected + other + pending, per proceeding."""
    v = {(f.proceeding, f.outcome): f.value for f in facts}
    bad, done = [], 0
    for proc in schema.PROCEEDING_CODES:
        if (proc, "total") not in v:
            continue
        parts = [(o, v[(proc, o)]) for o in schema.OUTCOME_CODES[:-1] if (proc, o) in v]
        if len(parts) < 2:
            continue
        done += 1
        s = sum(p for _, p in parts)
        if not _close(s, v[(proc, "total")]):
            bad.append(f"{proc}: {'+'.join(_fmt(p) for _, p in parts)} != {_fmt(v[(proc, 'total')])}")
    if not done:
        return []
    return [QualityCheck("review_litigation_sum", not bad,
                         "; ".join(bad) if bad else f"{done} proceedings add up")]
