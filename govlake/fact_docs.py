"""What every column of the fact tables means, as the marts database comments them.

BI tools (Superset, Metabase, DBeaver) show a DuckDB column's COMMENT as its
description; govlake.marts comments every fact column from here and refuses to build
when a fact table has a column this module does not describe. The names and their
meanings are docs/SCHEMA.md's (the output contract); provenance columns are additions.
"""

from __future__ import annotations

_KEYS = {
    "report_id": "Stable report id (same content, same id); joins every fact table to reports.",
    "province_key": "Partition key: pinyin slug of the province, or central / unknown.",
    "year": "The year the report is about (not the year it was published).",
}

_PROVENANCE = {
    "source_section": "Report section the figure was read from (二, 三, 四 or 附表).",
    "source_label": "Row label of the figure as the report wrote it.",
    "source_column": "Column of the figure in its table (1-based), when read from a table.",
    "source_line": "Line of the cleaned text the figure was read from.",
    "source_page": "Page of the document (PDF, Word, OFD, image) the figure stood on; null for pages.",
}

FACT_COLUMN_DOCS: dict[str, dict[str, str]] = {
    "reports": {
        "report_id": _KEYS["report_id"],
        "source_url": "Where the copy was fetched from, when known.",
        "source_host": "Host of source_url.",
        "source_path": "Where the copy was imported from (landing folder or sample), when known.",
        "document_kind": "What the copy is: html | pdf | docx | doc | ofd | image (text copies: html).",
        "parent_url": "The page that linked this report's document (an attachment), when it was one.",
        "sha256": "SHA-256 of the copy's bytes (raw/_blobs/<sha[:2]>/<sha>).",
        "fetched_at": "When the copy was fetched or found (UTC timestamp).",
        "title": "Page title of the copy (after repair, when repaired).",
        "unit_name": "Reporting unit, normalized, Simplified.",
        "admin_level": "province | prefecture | county | township | department.",
        "province": "Official name of the provincial-level division (e.g. 宁夏回族自治区).",
        "province_key": _KEYS["province_key"],
        "year": _KEYS["year"],
        "prefecture": "Prefecture-level division of the unit, when known.",
        "county": "County-level division of the unit, when known.",
        "region_code": "GB/T 2260 division code, as deep as known.",
        "format": "Report template whose tables the report uses: 2019 | 2021 | legacy.",
        "format_source": "How format was decided: tables (seen) | year (template in force).",
        "script": "simplified | traditional (the copy as published).",
        "published_date": "Publication date stated on the page, when known.",
        "is_spam": "The copy was spam-contaminated.",
        "spam_score": "Contamination score, 0–1.",
        "spam_signals": "Contamination evidence: kind, evidence, location, weight.",
        "repaired": "Contamination was undone before parsing.",
        "parse_status": "ok | partial | failed.",
        "parse_errors": "Why parsing was partial or failed.",
        "duplicate_of": "report_id of the better copy of the same report, or null.",
        "routing_reason": "Why the copy was placed in its (province, year) partition.",
        "encoding": "Character encoding the copy's bytes were decoded with.",
        "pipeline_fingerprint": "Version of the pipeline that produced the row.",
    },
    "applications": {
        **_KEYS,
        "row_code": "Row of section 三 (new_received … results_total, carried_forward; "
                    "docs/SCHEMA.md).",
        "applicant": "natural_person | commercial | research | social_org | legal_service | "
                     "other_org | total.",
        "value": "Number of applications (a count).",
        **_PROVENANCE,
    },
    "review_litigation": {
        **_KEYS,
        "proceeding": "review | litigation_direct | litigation_after_review | litigation.",
        "outcome": "upheld | corrected | other | pending | total.",
        "value": "Number of proceedings (a count).",
        **_PROVENANCE,
    },
    "active_disclosure": {
        **_KEYS,
        "item": "Section 二 item: rules, normative_docs, licensing, other_services, penalty, "
                "enforcement, fees, procurement.",
        "measure": "issued | published | total_public | repealed | in_force | prior_year_items "
                   "| change | decisions | projects | amount_wan_yuan.",
        "value": "The figure; amounts always in 万元 (measure amount_wan_yuan).",
        "unit": "Unit of value as normalized (万元 for amounts), when it has one.",
        **_PROVENANCE,
    },
    "legacy_indicators": {
        **_KEYS,
        "indicator": "Indicator of the legacy (2008–2018) 附表, as the report names it.",
        "code": "The docs/SCHEMA.md code the indicator answers, when it answers one.",
        "unit": "Unit the report states for the indicator.",
        "value": "The figure (a count or an amount, as the unit says).",
        "cumulative": "The 历年累计 figure (true) rather than the 本年度 one.",
        **_PROVENANCE,
    },
    "quality_checks": {
        **_KEYS,
        "check": "Name of the check (docs/DOMAIN.md §2 identities and others).",
        "passed": "The check held.",
        "detail": "The numbers compared, or why the check could not be made.",
    },
}

COUNT_COLUMNS = {"applications": "value", "review_litigation": "value"}
"""Fact columns that hold counts: BIGINT in the marts database."""
