"""What a data engineer sees: the Dagster UI and the coverage page, in a real headless Chromium.

The sample lake is materialized into a temporary instance, dagster-webserver serves it,
and Playwright drives Debian's chromium. Assets and partitions are also queried through
Dagster's GraphQL API. Screenshots go to test-artifacts/ui/.
"""

from __future__ import annotations

import re

from govlake import schema
from tests.webserver import graphql

SAMPLE = {"yunnan|2020", "guizhou|2021", "ningxia|2020", "yunnan|2018", "fujian|2017"}
TIMEOUT = 60_000


def _png_ok(path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    assert len(data) > 20_000, f"{path} looks blank ({len(data)} bytes)"


def test_graphql_lists_assets_groups_and_materialized_partitions(webserver):
    data = graphql(webserver, """{ assetNodes { assetKey { path } groupName isPartitioned
        partitionKeysByDimension { name partitionKeys } } }""")
    nodes = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert {"ingest", "raw", "cleaned", "facts", "marts"} == {n["groupName"] for n in nodes.values()}
    assert {"mart_province_year", "mart_unit_year", "mart_missing_reports",
            "mart_application_outcomes", "mart_coverage"} <= nodes.keys()
    dims = {d["name"]: d["partitionKeys"] for d in nodes["applications"]["partitionKeysByDimension"]}
    assert dims["province"] == list(schema.PROVINCE_KEYS)

    data = graphql(webserver, """query($key: AssetKeyInput!) { assetNodeOrError(assetKey: $key) {
        ... on AssetNode { partitionStats { numMaterialized numPartitions numFailed }
                           assetMaterializations { partition runId } } } }""",
                   {"key": {"path": ["applications"]}})
    node = data["assetNodeOrError"]
    assert node["partitionStats"]["numPartitions"] == len(schema.PROVINCE_KEYS) * len(
        dims["year"])
    assert node["partitionStats"]["numMaterialized"] >= len(SAMPLE)
    assert node["partitionStats"]["numFailed"] == 0
    materialized = {m["partition"] for m in node["assetMaterializations"]}
    assert SAMPLE <= materialized, materialized


def test_graphql_shows_the_coverage_matrix_metadata(webserver):
    data = graphql(webserver, """{ assetNodeOrError(assetKey: {path: ["mart_coverage"]}) {
        ... on AssetNode { assetMaterializations(limit: 1) { partition
          metadataEntries { label ... on MarkdownMetadataEntry { mdStr }
                            ... on PathMetadataEntry { path } } } } } }""")
    (mat,) = data["assetNodeOrError"]["assetMaterializations"]
    entries = {e["label"]: e for e in mat["metadataEntries"]}
    assert "| ningxia 宁夏回族自治区 |" in entries["coverage_matrix"]["mdStr"]
    assert entries["coverage_page"]["path"].endswith("reports/coverage.html")


def test_schedules_are_listed_in_the_ui(webserver):
    data = graphql(webserver, """{ repositoriesOrError { ... on RepositoryConnection { nodes {
        schedules { name cronSchedule executionTimezone scheduleState { status } tags { key value } } } } } }""")
    schedules = {s["name"]: s for repo in data["repositoriesOrError"]["nodes"]
                 for s in repo["schedules"]}
    # one range-aware refresh for every province, not one schedule each
    assert set(schedules) == {"refresh_provinces", "reporting_deadlines"}, \
        "register govlake.defs.schedules in govlake/defs/__init__.py"
    assert schedules["reporting_deadlines"]["cronSchedule"] == "0 6 1 2,4 *"
    assert schedules["refresh_provinces"]["executionTimezone"] == "Asia/Shanghai"


def test_asset_graph_page_shows_the_groups_and_assets(webserver, page, artifacts):
    page.goto(webserver + "/asset-groups", wait_until="networkidle", timeout=TIMEOUT)
    page.get_by_text("Global asset lineage").first.wait_for(timeout=TIMEOUT)
    sidebar = page.locator("body")
    for group in ("ingest", "raw", "cleaned", "facts", "marts"):
        page.get_by_text(group, exact=True).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # let the graph lay out
    page.screenshot(path=str(artifacts / "asset_graph.png"))
    _png_ok(artifacts / "asset_graph.png")
    assert "marts" in sidebar.inner_text()

    # one group opened: its assets are nodes of the graph (the graph renders what is in view),
    # fed by the fact tables of the group upstream
    page.goto(webserver + "/locations/govlake/asset-groups/marts", wait_until="networkidle",
              timeout=TIMEOUT)
    page.get_by_text("mart_missing_reports", exact=True).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "asset_group_marts.png"))
    _png_ok(artifacts / "asset_group_marts.png")
    text = page.locator("body").inner_text()
    assert "applications" in text and "reports" in text
    # the List tab names every asset of the group
    page.get_by_text("List", exact=True).first.click()
    for name in ("mart_province_year", "mart_unit_year", "mart_missing_reports",
                 "mart_application_outcomes", "mart_coverage"):
        page.get_by_text(name, exact=True).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "asset_group_marts_list.png"))
    _png_ok(artifacts / "asset_group_marts_list.png")


def test_partitioned_asset_page_shows_both_dimensions_and_the_sample(webserver, page, artifacts):
    page.goto(webserver + "/assets/applications?view=partitions", wait_until="networkidle",
              timeout=TIMEOUT)
    page.get_by_text(re.compile(r"Materialized \(\d+\)")).first.wait_for(timeout=TIMEOUT)
    page.get_by_text("ningxia", exact=True).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts / "applications_partitions.png"))
    _png_ok(artifacts / "applications_partitions.png")
    text = page.locator("body").inner_text()
    m = re.search(r"Materialized \((\d+)\)", text)
    assert int(m.group(1)) >= len(SAMPLE)
    assert "Filter by province" in page.content() or "province" in text
    for province in ("beijing", "yunnan", "guizhou", "central", "unknown"):
        assert province in text
    for year in ("2008", "2017", "2021"):
        assert year in text


def test_mart_page_shows_the_coverage_matrix_and_column_docs(webserver, page, artifacts):
    page.goto(webserver + "/assets/mart_coverage", wait_until="networkidle", timeout=TIMEOUT)
    cell = page.get_by_text("coverage_matrix", exact=True).first
    cell.wait_for(timeout=TIMEOUT)
    cell.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "mart_coverage_metadata.png"))
    _png_ok(artifacts / "mart_coverage_metadata.png")
    row = page.locator("tr", has_text="coverage_matrix").first.inner_text()
    assert "ningxia" in row and "1/28" in row and "1/146" in row
    text = page.locator("body").inner_text()
    assert "found_units" in text and "Expected governments whose report is in the lake." in text


def test_coverage_page_renders_the_sample_matrix(ui_lake, page, artifacts):
    _, lake = ui_lake
    html = lake.reports_dir / "coverage.html"
    assert html.exists()
    page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT)
    page.set_viewport_size({"width": 900, "height": 1400})
    cells = page.locator("g.cell")
    assert cells.count() == 33 * 5
    data_cells = page.locator("g.cell[data-found]")
    shown = {data_cells.nth(i).get_attribute("data-partition") for i in range(data_cells.count())}
    assert shown == SAMPLE
    assert page.locator("g.cell.spam").count() == 3  # the three contaminated copies
    ningxia = page.locator('g.cell[data-partition="ningxia|2020"]')
    assert ningxia.get_attribute("data-missing") == "27"
    assert "1/28" in ningxia.text_content()
    box = page.locator("#heatmap svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 33 * 25
    page.screenshot(path=str(artifacts / "coverage.png"), full_page=True)
    _png_ok(artifacts / "coverage.png")
    # the heatmap has colour: ningxia|2020 (1 of 28 found) is drawn red, a cell without
    # reports grey
    def fill(partition):
        rgb = page.locator(f'g.cell[data-partition="{partition}"] rect').first.evaluate(
            "e => getComputedStyle(e).fill")
        return tuple(int(x) for x in re.findall(r"\d+", rgb)[:3])
    r, g, b = fill("ningxia|2020")
    assert r > 180 and g < 120 and b < 120, (r, g, b)
    r, g, b = fill("beijing|2017")
    assert abs(r - g) < 20 and abs(g - b) < 20, (r, g, b)


# ------------------------------------------------------------------ per-partition truth
# The sample's yunnan partitions are built by one single-run range, yunnan|2018 … yunnan|2020:
# 2018 holds 云南省人民政府's legacy report, 2020 武定县's, 2019 nothing.

def _metadata_row(page, label: str) -> str:
    return page.locator("tr", has=page.get_by_text(label, exact=True)).first.inner_text()


def test_each_partition_of_a_range_run_shows_its_own_rows_and_preview(webserver, page,
                                                                      artifacts):
    shown = {}
    for year in (2018, 2019, 2020):
        page.goto(f"{webserver}/assets/reports?view=partitions&partition=yunnan%7C{year}",
                  wait_until="networkidle", timeout=TIMEOUT)
        page.get_by_text(f"yunnan|{year}", exact=True).first.wait_for(timeout=TIMEOUT)
        page.get_by_text("run_range", exact=True).first.wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / f"reports_yunnan_{year}.png"))
        shown[year] = {label: _metadata_row(page, label)
                       for label in ("rows", "parsed_ok", "spam", "preview", "run_range")}
        shown[year]["page"] = page.locator("body").inner_text()
    _png_ok(artifacts / "reports_yunnan_2019.png")
    for year in (2018, 2019, 2020):
        assert "yunnan|2018 … yunnan|2020 (3 partitions, one run)" in shown[year]["run_range"]
    digits = {y: {k: re.findall(r"\d+", shown[y][k].split("\n", 1)[-1]) for k in
                  ("rows", "parsed_ok", "spam")} for y in shown}
    assert digits[2018] == {"rows": ["1"], "parsed_ok": ["1"], "spam": ["1"]}
    assert digits[2020] == {"rows": ["1"], "parsed_ok": ["1"], "spam": ["1"]}
    assert digits[2019] == {"rows": ["0"], "parsed_ok": ["0"], "spam": ["0"]}
    assert "云南省人民政府" in shown[2018]["preview"] and "武定县" not in shown[2018]["preview"]
    assert "武定县人民政府" in shown[2020]["preview"] and "云南省" not in shown[2020]["preview"]
    # the empty year: no one else's report, and it says it has no data
    assert "no rows" in shown[2019]["preview"]
    assert "武定县" not in shown[2019]["page"] and "云南省人民政府" not in shown[2019]["page"]
    assert "no data: nothing was routed to this partition" in shown[2019]["page"]


def test_the_checks_tab_shows_results_per_partition(webserver, page, artifacts):
    page.goto(f"{webserver}/assets/reports?view=checks&checkDetail=reports_complete",
              wait_until="networkidle", timeout=TIMEOUT)
    page.get_by_text("Execution history", exact=True).first.wait_for(timeout=TIMEOUT)
    page.get_by_text("Partitions", exact=True).last.click()
    # five sample partitions overdue (ERROR), the range's empty yunnan|2019 not judged
    page.get_by_text("Failed (5)", exact=True).first.wait_for(timeout=TIMEOUT)
    page.get_by_text("Passed (1)", exact=True).first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "reports_complete_partitions.png"))
    _png_ok(artifacts / "reports_complete_partitions.png")
    # one partition's own evaluation: its severity and its figures
    data = graphql(webserver, """{ assetCheckExecutions(assetKey: {path: ["reports"]},
        checkName: "reports_complete", limit: 50) { status partition evaluation { severity
        metadataEntries { label ... on IntMetadataEntry { intValue }
                                 ... on TextMetadataEntry { text } } } } }""")
    by_partition = {}
    for ex in data["assetCheckExecutions"]:
        by_partition.setdefault(ex["partition"], ex)   # newest first
    ningxia = by_partition["ningxia|2020"]
    meta = {e["label"]: e.get("intValue", e.get("text"))
            for e in ningxia["evaluation"]["metadataEntries"]}
    assert ningxia["status"] == "FAILED" and ningxia["evaluation"]["severity"] == "ERROR"
    assert (meta["expected_units"], meta["found_units"], meta["missing_units"]) == (28, 1, 27)
    assert by_partition["yunnan|2019"]["status"] == "SUCCEEDED"
    assert {"yunnan|2018", "yunnan|2019", "yunnan|2020"} <= by_partition.keys()
