"""Several copies of one unit's report for one year: keep all, count one.

Mirror and hijacked sites copy reports; the same report also arrives as the
original and as a contaminated mirror. All copies stay in the facts; all but
the best are marked ``duplicate_of`` the best, and the marts skip them.
"""

from __future__ import annotations

from govlake import schema


def _rank(report: dict, n_facts: int) -> tuple:
    """Best first: not spam, parsed ok, most facts, then a stable tie-break."""
    status = {"ok": 0, "partial": 1, "failed": 2}.get(report["parse_status"], 3)
    return (bool(report["is_spam"]), status, -n_facts, report["report_id"])


def mark_duplicates(reports: list[dict], fact_counts: list[int]) -> None:
    """Set ``duplicate_of`` on every copy but the best, per unit and year (``fact_counts``:
    each report's number of fact rows).

    A unit is its region code plus its name (two 桥东区 differ by code; two
    departments of one county by name). Reports in `unknown` are never merged:
    their place or year is not known well enough to call them the same report.
    """
    groups: dict[tuple, list[tuple[dict, int]]] = {}
    for r, n in zip(reports, fact_counts, strict=True):
        if r.get("unit_name") and r.get("province_key") != schema.UNKNOWN:
            groups.setdefault((r.get("region_code") or "", r["unit_name"], r["year"]),
                              []).append((r, n))
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: _rank(*m))
        for dup, _ in members[1:]:
            dup["duplicate_of"] = members[0][0]["report_id"]
