"""The text's reading of sections 三 and 四 checked against the HTML grid's.

Why: a wrong number is worse than a missing one. Where the two readings of a
table agree, the figures stand. Where they disagree the report is `partial` and
the error names the cells; the figures kept are those of the reading whose own
identities (一+二 = 总计+四, 总计 = Σ results, 总计 column = Σ applicants) hold
while the other's fail, else only the cells both readings agree on.
"""

from __future__ import annotations

from govlake import schema
from govlake.parsing import quality
from govlake.parsing.grid_facts import (app_key, applications_from_grids, disagreements,
                                        review_litigation_from_grids, rl_key)
from govlake.parsing.model import ParsedReport

SHOWN = 6  # disagreeing cells named in the error; the count gives the rest


def _failures(checks) -> int:
    return sum(1 for q in checks if not q.passed)


def _compare(text_facts, grid_facts, key):
    """Disagreements, counting a cell the text has and the grid lacks only in a
    row the grid read (a row the grid could not line up is no contradiction)."""
    grid_rows = {key(f)[0] for f in grid_facts}
    text_in_view = [f for f in text_facts if key(f)[0] in grid_rows]
    return disagreements(text_in_view, grid_facts, key)


def _settle(section, text_facts, grid_facts, key, checks, errors):
    diff = _compare(text_facts, grid_facts, key)
    if not diff:
        return text_facts, False
    shown = "; ".join(diff[:SHOWN]) + (f"; … {len(diff) - SHOWN} more" if len(diff) > SHOWN else "")
    t_checks, g_checks = checks(text_facts), checks(grid_facts)
    t_fail, g_fail = _failures(t_checks), _failures(g_checks)
    # a reading "holds" only when its identities could be checked at all
    if g_checks and g_fail == 0 and t_fail > 0:
        kept, how = grid_facts, "kept the HTML table's reading (its identities hold, the text's do not)"
    elif t_checks and t_fail == 0 and g_fail > 0:
        kept, how = text_facts, "kept the text's reading (its identities hold, the table's do not)"
    else:
        grid_values = {key(f): f.value for f in grid_facts}
        kept = [f for f in text_facts if key(f) in grid_values and grid_values[key(f)] == f.value]
        how = "kept only the cells both readings agree on"
    errors.append(f"section {section}: the HTML table and the text disagree on {len(diff)} "
                  f"cells ({shown}); {how}")
    return kept, True


def needs_grid(report: ParsedReport) -> bool:
    """Whether the HTML grid can tell anything the text's reading has not. Where every
    row of sections 三 and 四 stood in the text as exactly its numbers (seven, fifteen)
    after its label, with no blank, padding or missing cell among them, both readings
    see the same cells in the same order whatever spans the page used. Where a row had
    a blank, a padding cell or a cell too few or many (report.table_gaps), or a section
    was not found whole, a padded or span-shifted row can mislead one reading and not
    the other: then the grid is read. (Reading it on every page would cost ~7% of the
    trafilatura call.)"""
    if report.table_gaps:
        return True
    per_row: dict[str, int] = {}
    for f in report.applications:
        per_row[f.row_code] = per_row.get(f.row_code, 0) + 1
    width = len(schema.APPLICANT_CODES)
    if not per_row or any(n < width for n in per_row.values()):
        return True
    base = sum(1 for f in report.review_litigation if f.proceeding != "litigation")
    return base < len(schema.REVIEW_LITIGATION_ORDER)


def reconcile_with_grids(report: ParsedReport, grids: list) -> None:
    """Check (and where they disagree, settle) sections 三 and 四 against the grids."""
    errors: list[str] = []
    disagree = False
    got = applications_from_grids(grids)
    if got is not None:
        grid_apps, _ = got
        if not report.applications and grid_apps:
            report.applications = grid_apps
            report.parse_errors = [e for e in report.parse_errors if not e.startswith("section 三")]
            errors.append("section 三: read from the HTML table only (the text reading found none)")
        elif grid_apps:
            report.applications, d = _settle("三", report.applications, grid_apps, app_key,
                                             quality.application_checks, errors)
            disagree |= d
    got = review_litigation_from_grids(grids)
    if got is not None and got[0]:
        grid_rl, _ = got
        text_rl = [f for f in report.review_litigation if f.proceeding != "litigation"]
        derived = [f for f in report.review_litigation if f.proceeding == "litigation"]
        if not text_rl:
            from govlake.parsing.review_litigation import litigation_totals
            report.review_litigation = grid_rl + litigation_totals(grid_rl)
            report.parse_errors = [e for e in report.parse_errors if not e.startswith("section 四")]
            errors.append("section 四: read from the HTML table only (the text reading found none)")
        else:
            kept, d = _settle("四", text_rl, grid_rl, rl_key, quality.review_litigation_checks, errors)
            if d:
                from govlake.parsing.review_litigation import litigation_totals
                derived = litigation_totals(kept)
            report.review_litigation = kept + derived
            disagree |= d
    if not errors:
        return  # both readings agree: nothing changed
    report.parse_errors.extend(errors)
    if disagree and report.parse_status == "ok":
        report.parse_status = "partial"
    if errors and report.parse_status == "failed" and (report.applications or report.review_litigation):
        report.parse_status = "partial"
    report.quality_checks = (quality.application_checks(report.applications)
                             + quality.review_litigation_checks(report.review_litigation))
