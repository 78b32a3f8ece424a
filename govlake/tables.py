"""Arrow schemas of the cleaned and fact tables, and Parquet I/O for them.

Column names follow docs/SCHEMA.md; provenance and lineage columns are additions.
Files are written deterministically (fixed row order, no timestamps in the
writer metadata) so a re-run over the same snapshots yields identical bytes.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govlake import storage
from govlake.atomic import atomic_path

_SIGNAL = pa.struct([
    ("kind", pa.string()), ("evidence", pa.string()), ("location", pa.string()),
    ("weight", pa.float64()),
])
_REPAIR = pa.struct([
    ("kind", pa.string()), ("before", pa.string()), ("after", pa.string()),
    ("offset", pa.int64()),
])

_PROVENANCE = [
    ("source_section", pa.string()),
    ("source_label", pa.string()),
    ("source_column", pa.int32()),
    ("source_line", pa.int32()),
    # 1-based page of a document (PDF, Word, OFD, image) the value stood on; null for pages
    ("source_page", pa.int32()),
]
_KEYS = [("province_key", pa.string()), ("year", pa.int32())]

SCHEMAS: dict[str, pa.Schema] = {
    "cleaned_reports": pa.schema([
        ("report_id", pa.string()),
        ("sha256", pa.string()),
        *_KEYS,
        ("source_path", pa.string()),
        ("source_url", pa.string()),
        ("source_host", pa.string()),
        ("fetched_at", pa.string()),
        ("encoding", pa.string()),
        ("encoding_method", pa.string()),
        ("kind", pa.string()),
        ("extractor", pa.string()),
        ("title", pa.string()),
        ("published_date", pa.string()),
        ("script", pa.string()),
        ("text", pa.string()),
        ("repaired_text", pa.string()),
        ("repaired_title", pa.string()),
        ("repaired", pa.bool_()),
        ("repairs", pa.list_(_REPAIR)),
        ("is_spam", pa.bool_()),
        ("spam_score", pa.float64()),
        ("spam_signals", pa.list_(_SIGNAL)),
        ("routing_reason", pa.string()),
        ("routing_conflicts", pa.list_(pa.string())),
        ("warnings", pa.list_(pa.string())),
        ("error", pa.string()),
        # the page's report tables as grids (spans expanded), JSON: parsing/html_grid.py
        ("html_tables", pa.string()),
        # html | pdf | docx | doc | ofd | image: what the report was published as
        ("document_kind", pa.string()),
        # a document's page map, JSON {"lines": [[first line, page]…], "tables": [[page
        # of each row]…]}: where each fact stood (pipeline.page_of)
        ("document_pages", pa.string()),
        ("hints", pa.string()),
        ("pipeline_fingerprint", pa.string()),
        # a report document fetched from a page's link: that page (issue 14)
        ("parent_sha256", pa.string()),
        ("parent_url", pa.string()),
    ]),
    "reports": pa.schema([
        ("report_id", pa.string()),
        ("source_url", pa.string()),
        ("source_host", pa.string()),
        ("source_path", pa.string()),
        ("sha256", pa.string()),
        ("fetched_at", pa.string()),
        ("title", pa.string()),
        ("unit_name", pa.string()),
        ("admin_level", pa.string()),
        ("province", pa.string()),
        *_KEYS,
        ("prefecture", pa.string()),
        ("county", pa.string()),
        ("region_code", pa.string()),
        ("format", pa.string()),
        ("format_source", pa.string()),  # tables | year (docs/SCHEMA.md)
        ("script", pa.string()),
        ("published_date", pa.string()),
        ("is_spam", pa.bool_()),
        ("spam_score", pa.float64()),
        ("spam_signals", pa.list_(_SIGNAL)),
        ("repaired", pa.bool_()),
        ("parse_status", pa.string()),
        ("parse_errors", pa.list_(pa.string())),
        ("duplicate_of", pa.string()),
        ("routing_reason", pa.string()),
        ("encoding", pa.string()),
        ("document_kind", pa.string()),
        ("pipeline_fingerprint", pa.string()),
        ("parent_url", pa.string()),   # the page that linked this report's document
    ]),
    "applications": pa.schema([
        ("report_id", pa.string()), *_KEYS,
        ("row_code", pa.string()), ("applicant", pa.string()), ("value", pa.float64()),
        *_PROVENANCE,
    ]),
    "review_litigation": pa.schema([
        ("report_id", pa.string()), *_KEYS,
        ("proceeding", pa.string()), ("outcome", pa.string()), ("value", pa.float64()),
        *_PROVENANCE,
    ]),
    "active_disclosure": pa.schema([
        ("report_id", pa.string()), *_KEYS,
        ("item", pa.string()), ("measure", pa.string()), ("value", pa.float64()),
        ("unit", pa.string()),
        *_PROVENANCE,
    ]),
    "legacy_indicators": pa.schema([
        ("report_id", pa.string()), *_KEYS,
        ("indicator", pa.string()), ("code", pa.string()), ("unit", pa.string()),
        ("value", pa.float64()), ("cumulative", pa.bool_()),
        *_PROVENANCE,
    ]),
    "quality_checks": pa.schema([
        ("report_id", pa.string()), *_KEYS,
        ("check", pa.string()), ("passed", pa.bool_()), ("detail", pa.string()),
    ]),
}


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts; keys beyond the schema are ignored) → a table of the named schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


REPORT_KEYS = ("report_id", "province_key", "year")  # the same on every fact row of a report


def columns_of(name: str, rows: list[dict]) -> dict[str, list]:
    """One report's fact rows → {column: values}, without the report's keys.

    The compact form the work cache keeps: a report's ~200 fact rows decode as a few
    lists instead of 200 dicts, and a partition's table is built from the lists in one
    conversion (``from_columns``)."""
    return {c: [r.get(c) for r in rows] for c in SCHEMAS[name].names if c not in REPORT_KEYS}


def row_count(columns: dict[str, list]) -> int:
    """Rows held by one report's columns_of(...)."""
    return len(next(iter(columns.values()), ()))


def from_columns(name: str, reports: list[tuple[dict, dict[str, list]]]) -> pa.Table:
    """A fact table from (keys, columns_of(...)) per report, rows in the order given."""
    out: dict[str, list] = {c: [] for c in SCHEMAS[name].names}
    for keys, cols in reports:
        n = row_count(cols)
        for c in REPORT_KEYS:
            out[c] += [keys[c]] * n
        for c, values in cols.items():
            out[c] += values
    return pa.Table.from_pydict(out, schema=SCHEMAS[name])


def write_table(path: Path, table: pa.Table) -> None:
    """Write Parquet atomically and deterministically."""
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True,
                       store_schema=True)


def read_table(path: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    schema = SCHEMAS[name] if columns is None else pa.schema(
        [SCHEMAS[name].field(c) for c in columns])
    if not path.exists():
        return schema.empty_table()
    return storage.read_parquet(path, schema=schema, columns=columns)
