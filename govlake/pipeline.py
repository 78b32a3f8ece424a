"""One snapshot through every pure step: decode → clean → repair → parse → place.

The Dagster assets, the catalog's routing and `govlake inspect` all call these
functions, so what the UI materializes and what a data engineer inspects on the
command line can never disagree. Nothing here raises on bad input: a snapshot
that cannot be read becomes a record with parse_status "failed" and the reason.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import orjson

from govlake import schema
from govlake.cleaning import clean_document, title_from_url
from govlake.contamination import analyze
from govlake.decoding import UndecodableContent, decode_bytes
from govlake.documents.sniff import sniff_kind
from govlake.geography import resolve_unit, route
from govlake.parsing import parse_report
from govlake.parsing.html_grid import report_tables
from govlake.parsing.model import ParsedReport, Provenance, ReviewLitigationFact
from govlake.tables import SCHEMAS


@dataclass(frozen=True)
class SourceRef:
    """Where a snapshot's bytes came from, and what we were told about it."""

    filename: str
    source_path: str | None = None
    source_url: str | None = None
    fetched_at: str | None = None
    content_type: str | None = None
    hints: dict = field(default_factory=dict)

    @property
    def host(self) -> str | None:
        if not self.source_url:
            return None
        try:
            return (urlsplit(self.source_url).hostname or "").lower() or None
        except ValueError:  # e.g. "http://[bad": not a URL we can take a host from
            return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_id_for(sha256: str) -> str:
    """Same bytes → same report id."""
    return sha256[:16]


# ---------------------------------------------------------------- stage 1: clean

def blank_record(sha256: str, ref: SourceRef) -> dict:
    """A cleaned-layer record before any text is known: identity, source, no spam."""
    return {
        "report_id": report_id_for(sha256), "sha256": sha256,
        "source_path": ref.source_path, "source_url": ref.source_url,
        "source_host": ref.host, "fetched_at": ref.fetched_at,
        "repairs": [], "spam_signals": [], "warnings": [], "routing_conflicts": [],
        "repaired": False, "is_spam": False, "spam_score": 0.0,
    }


def unreadable_record(sha256: str, ref: SourceRef, error: str, kind: str) -> dict:
    """The cleaned record of a snapshot with no text to parse, and why."""
    return {**blank_record(sha256, ref), "text": "", "repaired_text": "", "kind": kind,
            "error": error}


def clean_snapshot(data: bytes, ref: SourceRef) -> dict:
    """Decode, extract and repair one snapshot into a cleaned-layer record (never raises)."""
    try:
        return _clean_snapshot(data, ref)
    except Exception as exc:  # a bug must cost one report, not the partition
        return unreadable_record(
            sha256_hex(data), ref, f"internal error while cleaning: {type(exc).__name__}: {exc}",
            "error")


def _clean_snapshot(data: bytes, ref: SourceRef) -> dict:
    doc_kind = sniff_kind(data, ref.filename or ref.source_url)  # first bytes only
    if doc_kind is not None:
        return _clean_document(data, ref, doc_kind)
    sha = sha256_hex(data)
    try:
        decoded = decode_bytes(data, ref.content_type)
    except UndecodableContent as exc:
        return unreadable_record(sha, ref, str(exc), "unsupported")
    rec = blank_record(sha, ref)
    rec.update(encoding=decoded.encoding, encoding_method=decoded.method)
    cleaned = clean_document(decoded.text, filename=ref.filename)
    rec.update(kind=cleaned.kind, extractor=cleaned.extractor,
               title=cleaned.title or title_from_url(ref.source_url),
               published_date=cleaned.published_date, text=cleaned.text,
               warnings=list(cleaned.warnings), document_kind="html")
    _analyze_into(rec, cleaned.text, ref)
    if cleaned.kind == "html":
        tables = report_tables(decoded.text)
        rec["html_tables"] = orjson.dumps(tables).decode() if tables else None
    if not cleaned.text.strip():
        rec["error"] = "no text found in the document"
    return rec


def _clean_document(data: bytes, ref: SourceRef, kind: str) -> dict:
    """A PDF, Word, OFD file or image read into the same record a page makes: its text
    with tables as rows, the report tables' grids, and where each page starts."""
    from govlake.documents import read_document

    return _document_record(sha256_hex(data), ref, kind,
                            lambda: read_document(data, kind, name=ref.filename or ref.source_url))


def clean_page_images(pages: list[bytes], ref: SourceRef) -> dict:
    """Images that are the pages of one report (a "图片版" article: a picture per page),
    in order, read as one document of kind image (never raises). Its sha256 is that of
    the pages' own sha256s joined, so the same pages in the same order are the same
    report."""
    from govlake.documents import read_page_images

    sha = sha256_hex("".join(sha256_hex(p) for p in pages).encode())
    try:
        return _document_record(sha, ref, "image", lambda: read_page_images(pages))
    except Exception as exc:  # a bug must cost one report, not the partition
        return unreadable_record(sha, ref, f"internal error while cleaning: "
                                 f"{type(exc).__name__}: {exc}", "error")


def _document_record(sha: str, ref: SourceRef, kind: str, read) -> dict:
    from govlake.documents import DocumentError
    from govlake.documents.render import render

    try:
        doc = read()
    except DocumentError as exc:
        rec = unreadable_record(sha, ref, f"{kind}: {exc}", kind)
        rec["document_kind"] = kind
        return rec
    out = render(doc)
    rec = blank_record(sha, ref)
    rec.update(kind=kind, document_kind=kind, extractor=doc.reader,
               title=title_from_url(ref.source_url), published_date=None, text=out.text,
               warnings=list(doc.warnings),
               html_tables=orjson.dumps(out.tables).decode() if out.tables else None,
               document_pages=orjson.dumps({"lines": page_starts(out.line_pages),
                                            "tables": out.table_pages}).decode())
    _analyze_into(rec, out.text, ref)
    if not out.text.strip():
        rec["error"] = f"no text found in the {kind}" + (
            f" ({'; '.join(doc.warnings)})" if doc.warnings else "")
    return rec


def page_starts(line_pages: list[int]) -> list[list[int]]:
    """[first line, page] where each page's text starts (lines 1-based)."""
    out: list[list[int]] = []
    for i, page in enumerate(line_pages):
        if not out or out[-1][1] != page:
            out.append([i + 1, page])
    return out


_GRID_LABEL = re.compile(r"^HTML table (\d+) row (\d+)")


def page_of(p: Provenance, pages: dict | None) -> int | None:
    """The page a fact stood on: by its text line, or by its table row (grid reading)."""
    if not pages:
        return None
    if p.line is not None:
        starts = pages.get("lines") or []
        i = bisect_right([s[0] for s in starts], p.line) - 1
        return starts[i][1] if i >= 0 else None
    m = _GRID_LABEL.match(p.label or "")
    if m:
        tables = pages.get("tables") or []
        g, r = int(m.group(1)) - 1, int(m.group(2)) - 1
        if g < len(tables) and r < len(tables[g]):
            return tables[g][r]
    return None


def _analyze_into(rec: dict, text: str, ref: SourceRef) -> None:
    result = analyze(text, title=rec["title"], url=ref.source_url,
                     unit_name=ref.hints.get("unit"))
    rec.update(
        script=result.script,
        repaired_text=result.repaired_text,
        repaired_title=result.repaired_title,
        repaired=bool(result.repaired),
        repairs=[_repair_dict(r) for r in result.repairs],
        is_spam=bool(result.is_spam),
        spam_score=float(result.spam_score),
        spam_signals=[_signal_dict(s) for s in result.signals],
    )


def _signal_dict(s) -> dict:
    return {"kind": s.kind, "evidence": s.evidence, "location": s.location,
            "weight": float(s.weight)}


def _repair_dict(r) -> dict:
    return {"kind": r.kind, "before": r.before, "after": r.after,
            "offset": int(r.offset) if r.offset is not None else None}


# ---------------------------------------------------------------- stage 2: parse & place

@dataclass
class Placed:
    """A parsed report with its place: the report record and its fact rows."""

    report: dict
    facts: dict[str, list[dict]]
    parsed: ParsedReport
    routing_conflicts: list[str]


def parse_cleaned(rec: dict, ref_hints: dict | None = None) -> Placed:
    """Parse a cleaned record, resolve its unit and route it to a partition (never raises)."""
    try:
        return _parse_cleaned(rec, ref_hints)
    except Exception as exc:  # a bug must cost one report, not the partition
        error = f"internal error while parsing: {type(exc).__name__}: {exc}"
        province, year, why = partition_for(None, None, rec.get("fetched_at"))
        report = dict.fromkeys(SCHEMAS["reports"].names)
        report.update(
            report_id=rec["report_id"], sha256=rec.get("sha256"),
            source_url=rec.get("source_url"), source_host=rec.get("source_host"),
            source_path=rec.get("source_path"), fetched_at=rec.get("fetched_at"),
            province_key=province, year=year, is_spam=bool(rec.get("is_spam")),
            spam_score=float(rec.get("spam_score") or 0.0),
            spam_signals=list(rec.get("spam_signals") or []), repaired=bool(rec.get("repaired")),
            parse_status="failed", parse_errors=[error], routing_reason=why,
            encoding=rec.get("encoding"), script=rec.get("script"))
        return Placed(report=report, facts={t: [] for t in schema.FACT_TABLES if t != "reports"},
                      parsed=ParsedReport(parse_status="failed", parse_errors=[error]),
                      routing_conflicts=[])




def _parse_cleaned(rec: dict, ref_hints: dict | None = None) -> Placed:
    hints = dict(ref_hints or {})
    text = rec.get("repaired_text") or rec.get("text") or ""
    title = rec.get("repaired_title") or rec.get("title")
    if rec.get("error"):
        parsed = ParsedReport(parse_status="failed", parse_errors=[rec["error"]])
    else:
        tables = rec.get("html_tables")
        parsed = parse_report(text, title=title, tables=orjson.loads(tables) if tables else None)
    resolution = resolve_unit(parsed.unit_name, text, host=rec.get("source_host"),
                              hints=hints or None)
    year = parsed.year
    year_reason = "year from content"
    published = parsed.published_date or rec.get("published_date")
    if year is None and published:
        year = int(published[:4]) - 1
        year_reason = "year inferred as publication year − 1"
    routing = route(resolution, year, hints=hints or None)
    reason = f"{routing.reason}; {year_reason}"
    province_key, part_year, why = partition_for(routing.province_key, routing.year,
                                                 rec.get("fetched_at"))
    if why:
        reason = f"{reason}; {why}"
    report = {
        "report_id": rec["report_id"],
        "source_url": rec.get("source_url"),
        "source_host": rec.get("source_host"),
        "source_path": rec.get("source_path"),
        "sha256": rec.get("sha256"),
        "fetched_at": rec.get("fetched_at"),
        "title": title,
        "unit_name": resolution.unit_name or parsed.unit_name,
        "admin_level": resolution.admin_level,
        "province": schema.PROVINCE_NAME.get(province_key) if province_key not in
        (schema.UNKNOWN,) else resolution.province,
        "province_key": province_key,
        "year": part_year,
        "prefecture": resolution.prefecture,
        "county": resolution.county,
        "region_code": resolution.region_code,
        "format": parsed.format,
        "format_source": parsed.format_source,
        "script": rec.get("script"),
        "published_date": published,
        "is_spam": bool(rec.get("is_spam")),
        "spam_score": float(rec.get("spam_score") or 0.0),
        "spam_signals": list(rec.get("spam_signals") or []),
        "repaired": bool(rec.get("repaired")),
        "parse_status": parsed.parse_status,
        "parse_errors": list(parsed.parse_errors),
        "duplicate_of": None,
        "routing_reason": reason,
        "encoding": rec.get("encoding"),
        "document_kind": rec.get("document_kind") or "html",
    }
    keys = {"report_id": rec["report_id"], "province_key": province_key, "year": part_year}
    pages = rec.get("document_pages")
    facts = fact_rows(parsed, keys, orjson.loads(pages) if pages else None)
    return Placed(report=report, facts=facts, parsed=parsed,
                  routing_conflicts=list(routing.conflicts))


def partition_for(province_key: str | None, year: int | None,
                  fetched_at: str | None = None) -> tuple[str, int, str | None]:
    """Clamp a routing into a partition that exists, saying why when it had to.

    Nothing is dropped: a report whose year cannot be known or lies outside the
    partitioned range goes to ``unknown`` of the nearest year, with the reason.
    """
    province_key = province_key or schema.UNKNOWN
    newest = schema.last_year()
    if year is None:
        base = int(fetched_at[:4]) - 1 if fetched_at and fetched_at[:4].isdigit() else newest
        return schema.UNKNOWN, min(max(base, schema.FIRST_YEAR), newest), \
            "year not determinable: placed in unknown"
    if year < schema.FIRST_YEAR or year > newest:
        return schema.UNKNOWN, min(max(year, schema.FIRST_YEAR), newest), \
            f"reported year {year} outside {schema.FIRST_YEAR}–{newest}: placed in unknown"
    return province_key, year, None


def _sourced(row: dict, p: Provenance, pages: dict | None = None) -> dict:
    """`row` with the provenance columns appended. Rows are built with dict() and
    item assignment: a ** merge per row costs twice as much, over ~200 rows a page.
    `pages`: a document's page map (cleaned record's document_pages), for source_page."""
    row["source_section"] = p.section
    row["source_label"] = p.label
    row["source_column"] = p.column
    row["source_line"] = p.line
    row["source_page"] = page_of(p, pages) if pages else None
    return row


def with_litigation_totals(facts: list[ReviewLitigationFact]) -> list[ReviewLitigationFact]:
    """Add `litigation` (all litigation) as direct + after-review when the page gave both."""
    have = {(f.proceeding, f.outcome) for f in facts}
    out = list(facts)
    for outcome in schema.OUTCOME_CODES:
        if ("litigation", outcome) in have:
            continue
        parts = [f for f in facts if f.outcome == outcome
                 and f.proceeding in ("litigation_direct", "litigation_after_review")]
        if len(parts) == 2:
            out.append(ReviewLitigationFact(
                "litigation", outcome, parts[0].value + parts[1].value,
                Provenance("四", "derived: 未经复议直接起诉 + 复议后起诉", None, None)))
    return out


def fact_rows(parsed: ParsedReport, keys: dict, pages: dict | None = None) -> dict[str, list[dict]]:
    """ParsedReport → rows of the fact tables (docs/SCHEMA.md names), in a stable order.
    `pages`: a document's page map, so each fact says the page it stood on."""
    rows: dict[str, list[dict]] = {
        "applications": [
            _sourced(dict(keys, row_code=f.row_code, applicant=f.applicant, value=float(f.value)),
                     f.source, pages)
            for f in parsed.applications
        ],
        "review_litigation": [
            _sourced(dict(keys, proceeding=f.proceeding, outcome=f.outcome, value=float(f.value)),
                     f.source, pages)
            for f in with_litigation_totals(parsed.review_litigation)
        ],
        "active_disclosure": [
            _sourced(dict(keys, item=f.item, measure=f.measure, value=float(f.value), unit=f.unit),
                     f.source, pages)
            for f in parsed.active_disclosure
        ],
        "legacy_indicators": [
            _sourced(dict(keys, indicator=f.indicator, code=f.code, unit=f.unit, value=float(f.value),
                          cumulative=bool(f.cumulative)), f.source, pages)
            for f in parsed.legacy_indicators
        ],
        "quality_checks": [
            dict(keys, check=q.check, passed=bool(q.passed), detail=q.detail)
            for q in parsed.quality_checks
        ],
    }
    return rows


def process(data: bytes, ref: SourceRef) -> tuple[dict, Placed]:
    """Both stages for one snapshot (inspect and the catalog's routing use this)."""
    rec = clean_snapshot(data, ref)
    return rec, parse_cleaned(rec, ref.hints)
