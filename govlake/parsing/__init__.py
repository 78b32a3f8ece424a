"""The report parser: `parse_report(text, title=...) -> ParsedReport`.

A pure function over normalized text (govlake.normalize.normalize_text): no I/O,
no Dagster, never raises — problems land in parse_status / parse_errors. It walks
one cell stream built from whatever table shape the text carries (cells.py) and
hands it to one small parser per section.
"""

from __future__ import annotations

from govlake.parsing.model import (
    ApplicationFact,
    DisclosureFact,
    LegacyIndicator,
    ParsedReport,
    Provenance,
    QualityCheck,
    ReviewLitigationFact,
)

__all__ = [
    "parse_report", "ParsedReport", "ApplicationFact", "ReviewLitigationFact",
    "DisclosureFact", "LegacyIndicator", "QualityCheck", "Provenance",
]

MAX_CHARS = 8_000_000  # beyond this the text is not a report; parse the head only


def parse_report(text: str, *, title: str | None = None, tables: list | None = None,
                 grids: list | None = None) -> ParsedReport:
    """Parse one report; never raises. `tables`: the markup of the page's report tables
    (parsing/html_grid.report_tables), or `grids` already read from it: a second reading
    of sections 三 and 四 the text's is checked against."""
    report = ParsedReport(title=title if isinstance(title, str) else None)
    try:
        _parse(text, report)
        if (tables or grids) and report.format in ("2019", "2021"):
            from govlake.parsing.reconcile import needs_grid, reconcile_with_grids
            if grids or needs_grid(report):
                if grids is None:
                    from govlake.parsing.html_grid import grids_of
                    grids = grids_of(tables)
                reconcile_with_grids(report, grids)
    except Exception as exc:  # noqa: BLE001 - a parser must never take the pipeline down
        report.parse_status = "failed"
        report.parse_errors.append(f"internal error: {type(exc).__name__}: {exc}")
    return report


def _parse(text: object, report: ParsedReport) -> None:
    from govlake.parsing import applications, detect, disclosure, legacy, quality, review_litigation
    from govlake.parsing.cells import TEXT, build_cells

    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        report.parse_errors.append("input is not text")
        return
    if len(text) > MAX_CHARS:
        report.parse_errors.append(f"text truncated to {MAX_CHARS} characters")
        text = text[:MAX_CHARS]
    if "\x00" in text:
        text = text.replace("\x00", "")
    from govlake.parsing.labels import has_cjk

    if not text.strip() or not has_cjk(text, 10, 20000):
        report.parse_errors.append("no Chinese text to parse" if text.strip() else "empty text")
        return

    det_text = detect.detection_text(text)
    report.year = detect.detect_year(det_text, report.title)
    report.unit_name = detect.detect_unit(det_text, report.title)
    report.published_date = detect.detect_published_date(det_text)

    cells = build_cells(text)
    app_start = applications.find_start(cells)
    apps, app_end, app_errors = applications.parse_applications_at(cells, app_start,
                                                                   report.table_gaps)
    if not apps:
        app_start = None
    disc, disc_errors = disclosure.parse_disclosure(cells, app_start)
    if apps:
        rl, rl_errors = review_litigation.parse_review_litigation(cells, app_end or 0,
                                                                  report.table_gaps)
    else:
        rl, rl_errors = (review_litigation.parse_review_litigation(cells, 0, report.table_gaps)
                         if disc else ([], []))

    labels = {c.label for c in cells if c.kind == TEXT and len(c.text) <= 40}
    report.format = detect.detect_format(labels, bool(apps))

    if report.format in ("2019", "2021"):
        report.applications = apps
        report.active_disclosure = disc
        report.review_litigation = rl
        errors = disc_errors + app_errors + rl_errors
        parsed = [bool(disc), bool(apps), bool(rl)]
        if all(parsed) and not errors:
            report.parse_status = "ok"
        elif any(parsed):
            report.parse_status = "partial" if not all(parsed) or errors else "ok"
        report.parse_errors.extend(errors)
        if report.parse_status == "ok" and errors:
            report.parse_status = "partial"
        report.format_source = "tables"
    else:
        _parse_legacy(text, cells, report, legacy)
        if report.legacy_indicators and any(f.source.section == "legacy" for f in report.legacy_indicators):
            report.format_source = "tables"  # a legacy 附表 seen
        else:
            # no table seen (images, an excerpt, a prose-only page): the template of its year
            report.format = detect.format_for_year(report.year)
            report.format_source = "year" if report.format else None
    report.quality_checks = (quality.application_checks(report.applications)
                             + quality.review_litigation_checks(report.review_litigation))


def _parse_legacy(text: str, cells, report: ParsedReport, legacy) -> None:
    inds, _ = legacy.parse_annex(cells)
    apps, revs = legacy.facts_from_indicators(inds)
    p_apps, p_revs, p_inds = legacy.parse_prose(text)
    have_apps = {(f.row_code, f.applicant) for f in apps}
    have_revs = {(f.proceeding, f.outcome) for f in revs}
    apps += [f for f in p_apps if (f.row_code, f.applicant) not in have_apps]
    revs += [f for f in p_revs if (f.proceeding, f.outcome) not in have_revs]
    if not inds:
        inds = p_inds
    report.legacy_indicators = inds
    report.applications = apps
    report.review_litigation = revs
    if inds or apps or revs:
        report.parse_status = "ok"
    elif report.year is not None or report.unit_name is not None:
        report.parse_status = "partial"
        report.parse_errors.append("legacy: no figures found (no 附表, no headline figures in prose)")
    else:
        report.parse_errors.append("no report structure recognised")
