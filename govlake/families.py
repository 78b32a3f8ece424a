"""A report page and the documents it links: one report, every source kept (issue 14).

Many governments put the annual report in an attachment (PDF, Word, OFD, images of
the tables) on a page that only links it. Counted naively, the page is a failed
report with no tables and the attachment a second report — or an unplaced one, since
a table-only PDF often names neither its government nor its year. The catalog
(govlake.catalog.update_catalog) joins them with the two rules here, after routing:

1. **Hints from the parent.** A document that lacks its place or year (no unit
   resolved, province unknown, year not determinable) takes what it lacks from its
   parent page's routing (the page's title, text and host placed it; a page too
   short to parse is read as its title followed by its text) as hints: only
   what is missing, so a document that states its own unit and year keeps them. The
   hints go into the catalog row, so rebuilding the document from the raw sidecar
   gives the same report.
2. **One report per family.** The family is the page plus the documents fetched from
   its links. The member with the most facts *carries* the report (a tie goes to the
   page, then to the earlier link). Members with no facts — the page that only links
   the PDF, a logo that slipped through, an HTML "download" page — are *absorbed*:
   routed with the carrier to its partition, kept in the catalog and the raw layer
   (``report_sha256`` names the carrier), but not a report of their own in the
   cleaned and fact layers, so the marts and completeness count the family once.
   Other members with facts (the same report as PDF and as .docx) stay reports of
   their own: copies of one unit-year, of which the duplicate rule counts one. When
   no member has facts the page is the report (failed or empty, as it truly is) and
   the documents are absorbed into it.

Pure functions over routing summaries; no I/O.
"""

from __future__ import annotations

from govlake import schema

FACT_TABLES_COUNTED = ("applications", "review_litigation", "active_disclosure",
                       "legacy_indicators")   # quality checks exist for every report

_YEAR_UNKNOWN = ("year not determinable", "publication year")


def fact_count(facts: dict | None) -> int:
    """Fact rows of a cached payload's ``facts`` ({table: columns}), checks excluded."""
    if not facts:
        return 0
    return sum(len(next(iter((facts.get(t) or {}).values()), ()))
               for t in FACT_TABLES_COUNTED)


def missing_hints(child: dict, parent: dict, have: dict | None = None) -> dict:
    """Hints a document takes from its parent page: what it lacks and the page knows.

    ``child`` and ``parent`` are routed reports (province_key, year, unit_name,
    region_code, routing_reason); ``have`` the document's own hints (a manifest's),
    never replaced. The keys are those routing reads (province, year, unit_name,
    region_code) — not a manifest's ``unit``, which cleaning reads too: so the
    document's cleaned record does not depend on its parent, only its placing.
    """
    have = have or {}
    out: dict = {}
    p_place = parent.get("province_key") not in (None, schema.UNKNOWN)
    p_year_known = not any(w in (parent.get("routing_reason") or "") for w in _YEAR_UNKNOWN)
    year_missing = any(w in (child.get("routing_reason") or "") for w in _YEAR_UNKNOWN)
    # without a year every report lands in unknown: its province says nothing then
    c_unplaced = child.get("province_key") in (None, schema.UNKNOWN)
    if year_missing and p_year_known and parent.get("year"):
        out["year"] = int(parent["year"])
    if p_place and not child.get("unit_name"):
        if c_unplaced or child.get("province_key") == parent["province_key"]:
            out["province"] = parent["province_key"]
            if parent.get("unit_name"):   # as govlake.geography.resolve_unit reads them
                out["unit_name"] = parent["unit_name"]
                if parent.get("region_code"):
                    out["region_code"] = parent["region_code"]
    elif p_place and c_unplaced and not year_missing:
        out["province"] = parent["province_key"]
    return {k: v for k, v in out.items() if k not in have}


def needs_reading(report: dict) -> bool:
    """A routed report that leaves its unit, place or year open."""
    return (not report.get("unit_name") or report.get("province_key") in (None, schema.UNKNOWN)
            or any(w in (report.get("routing_reason") or "") for w in _YEAR_UNKNOWN))


def choose_carrier(members: list[tuple[str, int]]) -> tuple[str, list[str]]:
    """(carrier, absorbed) of a family given as [(sha256, facts)], the page first and
    its documents in link order: see rule 2 above."""
    best = max(range(len(members)), key=lambda i: (members[i][1], -i))
    carrier = members[best][0] if members[best][1] > 0 else members[0][0]
    absorbed = [sha for sha, n in members if n == 0 and sha != carrier]
    return carrier, absorbed
