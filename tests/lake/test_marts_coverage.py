"""The province × year coverage matrix: in the marts, as Dagster metadata, and as a static page."""

import re

import dagster as dg

from govlake.coverage import (BANDS, COMPLETE_COLOUR, Cell, Matrix, band, coverage_matrix,
                              matrix_markdown, render_html)
from govlake.marts import MARTS

SAMPLE = {"yunnan|2020", "guizhou|2021", "ningxia|2020", "yunnan|2018", "fujian|2017"}


def test_matrix_has_every_province_and_the_sample_partitions(sample_lake):
    lake, _ = sample_lake
    m = coverage_matrix(lake.marts_db)
    assert m.years == [2017, 2018, 2019, 2020, 2021]
    assert len(m.provinces) == 33  # every province, central and unknown, data or not
    assert {c.key for c in m.with_data} == SAMPLE
    ningxia = m.cell("ningxia", 2020)
    assert (ningxia.found, ningxia.expected, ningxia.missing, ningxia.spam) == (1, 28, 27, 0)
    assert ningxia.found + ningxia.missing == ningxia.expected
    assert m.cell("yunnan", 2020).spam == 1 and m.cell("guizhou", 2021).spam == 0
    assert not m.cell("yunnan", 2019).has_data
    assert m.cell("yunnan", 2019).expected > 100  # the registry still knows who should report
    assert m.totals() == {"partitions": 5, "expected": 513, "found": 5, "missing": 508,
                          "reports": 5, "spam": 3}


def test_matrix_agrees_with_the_other_marts(marts):
    assert marts.execute("""
        SELECT count(*) FROM mart_coverage c JOIN mart_province_year p USING (province_key, year)
        WHERE c.expected_units <> p.expected_units OR c.missing_units <> p.missing_units
           OR c.reports <> p.reports OR c.reports_spam <> p.reports_spam""").fetchone()[0] == 0
    missing = dict(marts.execute("SELECT province_key || '|' || year, count(*) "
                                 "FROM mart_missing_reports GROUP BY ALL").fetchall())
    cov = dict(marts.execute("SELECT province_key || '|' || year, missing_units FROM mart_coverage "
                             "WHERE reports > 0").fetchall())
    assert missing == cov


def test_markdown_matrix_for_the_ui(sample_lake):
    lake, _ = sample_lake
    md = matrix_markdown(coverage_matrix(lake.marts_db))
    lines = md.splitlines()
    assert lines[0] == "| province | 2017 | 2018 | 2019 | 2020 | 2021 |"
    ningxia = next(line for line in lines if line.startswith("| ningxia"))
    assert ningxia.split(" | ")[4] == "1/28"
    yunnan = next(line for line in lines if line.startswith("| yunnan"))
    assert "1/146 ⚠1" in yunnan


def test_coverage_page_is_self_contained_and_has_the_sample_cells(sample_lake):
    lake, _ = sample_lake
    page = lake.reports_dir / "coverage.html"
    assert page.exists(), "the marts asset writes reports/coverage.html"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    state = {part: cls for cls, part in
             re.findall(r'class="cell (\w+) band-\w+" data-partition="([a-z]+\|\d{4})"', html)}
    with_data = set(re.findall(r'data-partition="([a-z]+\|\d{4})" data-band="\w+" data-found',
                               html))
    assert with_data == SAMPLE
    assert len(re.findall(r'class="cell ', html)) == 33 * 5
    assert ('data-partition="ningxia|2020" data-band="0" data-found="1" data-missing="27" '
            'data-spam="0"') in html
    assert ('data-partition="yunnan|2018" data-band="0" data-found="1" data-missing="145" '
            'data-spam="1"') in html
    assert "宁夏回族自治区" in html
    # cells with reports are "found", or "spam" where a spam copy is among them
    assert {p: state[p] for p in SAMPLE} == {
        "guizhou|2021": "found", "ningxia|2020": "found", "fujian|2017": "spam",
        "yunnan|2018": "spam", "yunnan|2020": "spam"}
    assert state["beijing|2017"] == "nodata" and state["central|2020"] == "nodata"


def test_empty_lake_renders_a_page(tmp_path):
    import duckdb

    db = tmp_path / "m.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE mart_coverage (province_key VARCHAR, province VARCHAR, year BIGINT, "
                "expected_units BIGINT, found_units BIGINT, missing_units BIGINT, reports BIGINT, "
                "reports_spam BIGINT)")
    con.close()
    html = render_html(coverage_matrix(db))
    assert "No reports in the lake yet" in html


def _sample_materialization(instance, lake, name):
    """The newest materialization of `name` that built this lake's marts (other tests
    share the instance with other lakes)."""
    records = instance.fetch_materializations(dg.AssetKey(name), limit=200).records
    for rec in records:
        mat = rec.asset_materialization
        if mat and mat.metadata.get("database") and \
                mat.metadata["database"].value == str(lake.marts_db):
            return mat
    return None


def test_coverage_is_materialization_metadata(sample_lake, dagster_instance):
    lake, _ = sample_lake
    mat = _sample_materialization(dagster_instance, lake, "mart_coverage")
    assert mat is not None
    meta = mat.metadata
    assert "| ningxia" in meta["coverage_matrix"].value
    assert meta["coverage_page"].value == str(lake.reports_dir / "coverage.html")
    assert meta["governments_missing"].value == 508
    for name in MARTS:
        mat = _sample_materialization(dagster_instance, lake, name)
        assert mat is not None and "build_id" in mat.metadata, name


def _cells(*found_of_30: int) -> Matrix:
    cells = {("hebei", 2010 + i): Cell("hebei", "河北省", 2010 + i, 30, f, 30 - f, max(f, 1), 0)
             for i, f in enumerate(found_of_30)}
    return Matrix([("hebei", "河北省")], sorted(y for _, y in cells), cells)


def test_full_coverage_has_its_own_colour_and_near_full_does_not_share_it():
    m = _cells(30, 29, 28, 27, 23, 22, 15, 8, 7, 0)
    got = [band(m.cell("hebei", y)) for y in m.years]
    # 30/30 complete; 29, 28 and 27 of 30 (≥ 90%) the top band below it; 23/30 = 76.7%;
    # 22/30 = 73.3%; 15/30 = 50%; 8/30 = 26.7%; 7/30 = 23.3%; nothing found
    assert got == ["complete", "90", "90", "90", "75", "50", "50", "25", "0", "0"]
    html = render_html(m)
    fills = dict(re.findall(r'data-partition="hebei\|(\d{4})"[^>]*>.*?fill="([^"]+)"', html,
                            flags=re.S))
    assert fills["2010"] == COMPLETE_COLOUR
    assert fills["2012"] == dict((n, c) for _, n, c in BANDS)["90"] != COMPLETE_COLOUR
    assert len({fills[str(y)] for y in range(2010, 2020)}) == 6   # six steps in use
    # the legend names every step of the scale, with its colour
    legend = html[html.index('id="legend"'):html.index('<div id="heatmap">')]
    for _, name, colour in BANDS:
        assert f'data-legend="{name}"><i style="background:{colour}">' in legend
    assert f'data-legend="complete"><i style="background:{COMPLETE_COLOUR}">' in legend
    assert "90–99% found" in legend and "all expected governments found" in legend
