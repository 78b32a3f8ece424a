"""The province × year coverage matrix: found / missing / spam, to look at rather than read.

Pure: reads a marts DuckDB file (read-only) and returns the matrix, a markdown
table for Dagster metadata, and a self-contained static HTML page with an SVG
heatmap (inline CSS and SVG, no script, no network) written atomically.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from govlake import atomic, schema, storage


@dataclass(frozen=True)
class Cell:
    province_key: str
    province: str
    year: int
    expected: int
    found: int
    missing: int
    reports: int
    spam: int

    @property
    def has_data(self) -> bool:
        return self.reports > 0

    @property
    def coverage(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def key(self) -> str:
        return f"{self.province_key}|{self.year}"


@dataclass
class Matrix:
    provinces: list[tuple[str, str]]              # (key, official name), registry order
    years: list[int]
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    build_id: str | None = None
    as_of: str | None = None

    def cell(self, province: str, year: int) -> Cell | None:
        return self.cells.get((province, year))

    @property
    def with_data(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.has_data]

    def totals(self) -> dict[str, int]:
        cs = self.with_data
        return {"partitions": len(cs), "expected": sum(c.expected for c in cs),
                "found": sum(c.found for c in cs), "missing": sum(c.missing for c in cs),
                "reports": sum(c.reports for c in cs), "spam": sum(c.spam for c in cs)}


def coverage_matrix(db: str | Path) -> Matrix:
    """Read the matrix from `mart_coverage` (or `mart_province_year` in older files)."""
    with storage.duckdb_read_only(db) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "mart_coverage" in tables:
            rows = con.execute(
                "SELECT province_key, province, year, expected_units, found_units, missing_units, "
                "reports, reports_spam FROM mart_coverage").fetchall()
        else:
            rows = con.execute(
                "SELECT province_key, coalesce(province, province_key), year, "
                "coalesce(expected_units, 0), coalesce(expected_units - missing_units, 0), "
                "coalesce(missing_units, 0), reports, reports_spam FROM mart_province_year"
            ).fetchall()
        build = (None, None)
        stamped = {f"{r[0]}.{r[1]}" for r in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE table_name = '_build'").fetchall()}
        # internal._build since the marts keep their helper tables apart; main._build before
        for table in ("internal._build", "main._build"):
            if table in stamped:
                b = con.execute(f"SELECT build_id, as_of FROM {table}").fetchall()
                if b:
                    build = (b[0][0], b[0][1].isoformat() if b[0][1] else None)
                break
    cells = {(r[0], int(r[2])): Cell(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5]),
                                     int(r[6]), int(r[7])) for r in rows}
    order = {k: i for i, k in enumerate(schema.PROVINCE_KEYS)}
    keys = sorted({p for p, _ in cells}, key=lambda k: (order.get(k, len(order)), k))
    names = {c.province_key: c.province for c in cells.values()}
    years = sorted({y for _, y in cells})
    if years:
        years = list(range(years[0], years[-1] + 1))
    return Matrix([(k, names.get(k) or schema.PROVINCE_NAME.get(k, k)) for k in keys], years,
                  cells, *build)


# ------------------------------------------------------------------ markdown (Dagster metadata)

def _md_cell(c: Cell | None) -> str:
    if c is None or not c.has_data:
        return "·"
    text = f"{c.found}/{c.expected}" if c.expected else f"{c.reports} rep"
    if c.spam:
        text += f" ⚠{c.spam}"
    return text


def matrix_markdown(m: Matrix, only_with_data: bool = True) -> str:
    """Rows: provinces (those with data, by default); columns: years. found/expected ⚠spam."""
    if not m.years:
        return "_(no reports in the lake)_"
    provinces = [(k, n) for k, n in m.provinces
                 if not only_with_data or any((m.cell(k, y) or _NONE).has_data for y in m.years)]
    head = "| province | " + " | ".join(str(y) for y in m.years) + " |\n"
    head += "|---|" + "---:|" * len(m.years) + "\n"
    body = "".join(f"| {k} {n} | " + " | ".join(_md_cell(m.cell(k, y)) for y in m.years) + " |\n"
                   for k, n in provinces)
    t = m.totals()
    return (head + body + f"\nCells: governments found/expected, ⚠ spam-contaminated copies, "
            f"· no reports. Partitions with data: {t['partitions']}; found {t['found']} of "
            f"{t['expected']} expected, missing {t['missing']}, spam {t['spam']}.")


_NONE = Cell("", "", 0, 0, 0, 0, 0, 0)


# ------------------------------------------------------------------ HTML heatmap

CELL_W, CELL_H, LEFT, TOP = 58, 30, 190, 46


NO_DATA_COLOUR = "#eceff1"
NO_REGISTRY_COLOUR = "#90caf9"
COMPLETE_COLOUR = "#00695c"
"""Every expected government found: a colour of its own (dark teal), not the top of the
ramp, so 30/30 never looks like 28/30."""

BANDS: tuple[tuple[float, str, str], ...] = (
    # (lowest share found, band, colour): a stepped scale, red → light green, below complete
    (0.90, "90", "#a6d96a"),
    (0.75, "75", "#d9ef8b"),
    (0.50, "50", "#fee08b"),
    (0.25, "25", "#fdae61"),
    (0.0, "0", "#f46d43"),
)
BAND_LABELS = {"90": "90–99% found", "75": "75–89% found", "50": "50–74% found",
               "25": "25–49% found", "0": "under 25% found"}


def band(c: Cell | None) -> str:
    """The cell's step of the scale: nodata, noregistry, complete, or the lowest share of
    its band ("90" … "0")."""
    if c is None or not c.has_data:
        return "nodata"
    if c.coverage is None:
        return "noregistry"
    if c.found >= c.expected:
        return "complete"
    return next(name for low, name, _ in BANDS if c.coverage >= low)


def _colour(c: Cell | None) -> str:
    """Grey without data, blue for unregistered (central/unknown), dark teal when complete,
    else the band's colour (stepped, so neighbouring shares do not blur together)."""
    b = band(c)
    if b == "nodata":
        return NO_DATA_COLOUR
    if b == "noregistry":
        return NO_REGISTRY_COLOUR
    if b == "complete":
        return COMPLETE_COLOUR
    return next(colour for _, name, colour in BANDS if name == b)


def _title(c: Cell | None, key: str, name: str, year: int) -> str:
    if c is None or not c.has_data:
        return f"{name} {year}: no reports"
    cov = f" ({c.coverage:.1%})" if c.coverage is not None else ""
    return (f"{name} {year}: found {c.found} of {c.expected} expected governments{cov}, "
            f"missing {c.missing}, reports {c.reports}, spam {c.spam}")


def _svg(m: Matrix) -> str:
    w = LEFT + CELL_W * len(m.years) + 10
    h = TOP + CELL_H * len(m.provinces) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" role="img" aria-label="province by year coverage heatmap">']
    for j, y in enumerate(m.years):
        x = LEFT + j * CELL_W + CELL_W / 2
        out.append(f'<text class="yr" x="{x}" y="{TOP - 12}" text-anchor="middle">{y}</text>')
    for i, (key, name) in enumerate(m.provinces):
        ty = TOP + i * CELL_H
        out.append(f'<text class="pv" x="{LEFT - 8}" y="{ty + CELL_H / 2 + 4}" '
                   f'text-anchor="end">{html.escape(name)} · {key}</text>')
        for j, y in enumerate(m.years):
            c = m.cell(key, y)
            x = LEFT + j * CELL_W
            state = ("nodata" if c is None or not c.has_data else
                     "spam" if c.spam else "found")
            attrs = (f'class="cell {state} band-{band(c)}" data-partition="{key}|{y}" '
                     f'data-band="{band(c)}"'
                     + (f' data-found="{c.found}" data-missing="{c.missing}" '
                        f'data-spam="{c.spam}" data-expected="{c.expected}"'
                        if c is not None and c.has_data else ""))
            out.append(f'<g {attrs}><title>{html.escape(_title(c, key, name, y))}</title>'
                       f'<rect x="{x + 1}" y="{ty + 1}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                       f'rx="3" fill="{_colour(c)}"/>')
            if c is not None and c.has_data:
                label = f"{c.found}/{c.expected}" if c.expected else f"{c.reports}"
                out.append(f'<text class="v" x="{x + CELL_W / 2}" y="{ty + CELL_H / 2 + 4}" '
                           f'text-anchor="middle">{label}</text>')
                if c.spam:
                    out.append(f'<path d="M{x + CELL_W - 15},{ty + 1} h13 v13 z" fill="#e65100"/>'
                               f'<text class="sp" x="{x + CELL_W - 5}" y="{ty + 10}" '
                               f'text-anchor="middle">{c.spam}</text>')
            out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",system-ui,sans-serif;
margin:24px;color:#263238;background:#fff}
h1{font-size:20px;margin:0 0 4px} p.meta{color:#607d8b;margin:0 0 16px;font-size:13px}
.summary{display:flex;gap:12px;margin:0 0 16px;flex-wrap:wrap}
.summary div{border:1px solid #cfd8dc;border-radius:6px;padding:8px 12px;min-width:90px}
.summary b{display:block;font-size:20px} .summary span{font-size:12px;color:#607d8b}
svg text{font-size:12px;fill:#263238} svg text.yr{font-weight:600}
svg text.v{font-size:11px;font-weight:600} svg text.sp{font-size:9px;fill:#fff;font-weight:700}
svg g.band-complete text.v{fill:#fff}
svg g.cell:hover rect{stroke:#263238;stroke-width:2}
.legend{display:flex;gap:14px;align-items:center;font-size:12px;margin:12px 0}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:middle;
margin-right:4px}
table{border-collapse:collapse;font-size:12px;margin-top:20px}
td,th{border:1px solid #cfd8dc;padding:3px 8px;text-align:right} th{background:#eceff1}
td:first-child,th:first-child{text-align:left}
"""


def render_html(m: Matrix, generated_at: dt.datetime | None = None) -> str:
    """A self-contained page: summary, legend (every step of the scale), SVG heatmap, and
    the numbers as a table."""
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc)
    t = m.totals()
    meta = f"generated {generated_at:%Y-%m-%d %H:%M} UTC"
    if m.as_of:
        meta += f" · deadlines as of {m.as_of}"
    if m.build_id:
        meta += f" · marts build {m.build_id[:12]}"
    summary = "".join(f"<div><b>{v}</b><span>{k}</span></div>" for k, v in (
        ("partitions with data", t["partitions"]), ("reports", t["reports"]),
        ("governments found", t["found"]), ("governments missing", t["missing"]),
        ("spam copies", t["spam"])))
    swatch = '<span data-legend="{}"><i style="background:{}"></i>{}</span>'.format
    legend = ('<div class="legend" id="legend">'
              + swatch("complete", COMPLETE_COLOUR, "all expected governments found")
              + "".join(swatch(name, colour, BAND_LABELS[name]) for _, name, colour in BANDS)
              + swatch("noregistry", NO_REGISTRY_COLOUR, "no registry (central / unknown)")
              + swatch("nodata", NO_DATA_COLOUR, "no reports")
              + swatch("spam", "#e65100", "spam copies (corner count)")
              + "<span>cell text: governments found / expected</span></div>")
    rows = "".join(
        f'<tr data-partition="{c.key}"><td>{html.escape(c.province)} ({c.province_key})</td>'
        f"<td>{c.year}</td><td>{c.expected}</td><td>{c.found}</td><td>{c.missing}</td>"
        f"<td>{c.reports}</td><td>{c.spam}</td>"
        f"<td>{'' if c.coverage is None else f'{c.coverage:.1%}'}</td></tr>"
        for c in sorted(m.with_data, key=lambda c: (c.province_key, c.year)))
    table = ("<table><thead><tr><th>province</th><th>year</th><th>expected</th><th>found</th>"
             "<th>missing</th><th>reports</th><th>spam</th><th>coverage</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    body = _svg(m) if m.years else "<p>No reports in the lake yet.</p>"
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<title>govlake coverage: province × year</title>"
            f"<style>{_CSS}</style></head><body>"
            "<h1>Report coverage: province × year</h1>"
            f'<p class="meta">{html.escape(meta)}</p>'
            f'<div class="summary">{summary}</div>{legend}'
            f'<div id="heatmap">{body}</div>{table}</body></html>\n')


def write_coverage(db: Path, out: Path,
                   generated_at: dt.datetime | None = None) -> Matrix:
    """Read the matrix from the marts file and write the page atomically; return the matrix."""
    m = coverage_matrix(db)
    atomic.write_text(out, render_html(m, generated_at))
    return m
