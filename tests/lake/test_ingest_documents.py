"""Issue 14, acceptance: a report page that only links its report as a PDF and a .docx.

A real HTTP server on 127.0.0.1 serves the page of 花溪区人民政府's 2021 report (seed
001): title and a sentence, no tables, links to the report as ndbg.pdf and ndbg.docx
— both rendered at test time from the seed's hand-read figures and holding only the
tables (no title, no year), so their government and year can only come from the page.
Beside them the page links what must not be fetched: another site's PDF, a PDF
robots.txt forbids, another year's report page, a logo; and `govlake run --manifest`
(the command line, in process) must land ONE report with the attachment's figures,
both sources kept, the page not counted as a report of its own.
"""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest

from govlake import cli
from govlake.lake import Lake
from tests.core.html_shapes import SEEDS
from tests.conftest import REPO
from tests.seed_documents import official_hosts, seed_docx, seed_pdf

REPO_DAGSTER_YAML = REPO / "govlake" / "defs" / "dagster.yaml"
SEED = SEEDS["001"]
TITLE = "花溪区人民政府2021年政府信息公开工作年度报告"


def _page(other_site: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body><div class="header"><img src="/images/logo.png" width="300"><a href="/">首页</a>
<a href="/xxgk/ndbg/2020.html">花溪区人民政府2020年政府信息公开工作年度报告</a></div>
<div class="TRS_Editor"><p>{TITLE}全文见附件。</p>
<p>附件：<a href="/files/ndbg.pdf">{TITLE}.pdf</a></p>
<p><a href="/files/ndbg.docx">{TITLE}（Word版）</a></p>
<p><a href="{other_site}/files/copy.pdf">转载</a> <a href="/private/draft.pdf">草稿</a></p>
</div><div id="footer">版权所有</div></body></html>"""


@pytest.fixture
def official_server():
    with official_hosts("localhost"):
        yield


@pytest.fixture
def dagster_home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(REPO_DAGSTER_YAML.read_text(encoding="utf-8"),
                                       encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def test_a_page_linking_its_report_as_pdf_and_docx_lands_one_report(tmp_path, httpserver,
                                                                     dagster_home, capsys,
                                                                     official_server):
    pdf, docx = seed_pdf(SEED, with_title=False), seed_docx(SEED, with_title=False)
    # the server stands for the government's own site ("localhost"); "127.0.0.1" is
    # another site on the same server, so a request to it would show in the log
    assert httpserver.url_for("/").startswith("http://localhost:")
    other = httpserver.url_for("/").replace("localhost", "127.0.0.1").rstrip("/")
    page_url = httpserver.url_for("/xxgk/ndbg/2021.html")
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    httpserver.expect_request("/xxgk/ndbg/2021.html").respond_with_data(
        _page(other), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/files/ndbg.pdf").respond_with_data(
        pdf, content_type="application/pdf")
    httpserver.expect_request("/files/ndbg.docx").respond_with_data(
        docx, content_type="application/octet-stream")    # the bytes tell what it is
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"url\n{page_url}\n", encoding="utf-8")
    lake = Lake.at(tmp_path / "lake")

    code = cli.main(["run", "--lake", str(lake.root), "--manifest", str(manifest)])
    out = capsys.readouterr().out
    assert code == 0, out

    # what was asked of the server: the page, robots.txt, the two documents — nothing else
    asked = sorted(req.path for req, _ in httpserver.log)
    assert asked == ["/files/ndbg.docx", "/files/ndbg.pdf", "/robots.txt",
                     "/xxgk/ndbg/2021.html"]
    log = pq.read_table(lake.layer("catalog") / "fetch_log.parquet").to_pylist()
    attachments = [r for r in log if r["event"] == "attachment"]
    assert [(r["url"].rsplit("/", 1)[1], r["document_kind"], r["parent_url"], r["ok"],
             r["error"]) for r in attachments] == [
        ("ndbg.pdf", "pdf", page_url, True, None),
        ("ndbg.docx", "docx", page_url, True, None),
        ("draft.pdf", None, page_url, False, "disallowed by robots.txt")]   # no request

    # the catalog: three snapshots in one partition, the documents' parent recorded
    catalog = {r["source"]: r for r in pq.read_table(lake.catalog_file).to_pylist()}
    assert set(catalog) == {page_url, httpserver.url_for("/files/ndbg.pdf"),
                            httpserver.url_for("/files/ndbg.docx")}
    assert {(r["province_key"], r["year"]) for r in catalog.values()} == {("guizhou", 2021)}
    page_row = catalog[page_url]
    pdf_row = catalog[httpserver.url_for("/files/ndbg.pdf")]
    docx_row = catalog[httpserver.url_for("/files/ndbg.docx")]
    assert pdf_row["parent_sha256"] == docx_row["parent_sha256"] == page_row["sha256"]
    assert pdf_row["parent_url"] == page_url and page_row["parent_sha256"] is None
    assert (pdf_row["document_kind"], docx_row["document_kind"]) == ("pdf", "docx")
    # the tables-only documents took unit, place and year from the page
    assert json.loads(pdf_row["hints"]) == {"province": "guizhou", "year": 2021,
                                            "unit_name": "花溪区人民政府", "region_code": "520111"}
    # the page has no facts: its report is carried by a document
    assert page_row["report_sha256"] in (pdf_row["sha256"], docx_row["sha256"])

    # the facts: the documents are reports (two copies of one); the page is none
    reports = pq.read_table(lake.fact_file("reports", "guizhou", 2021)).to_pylist()
    assert sorted(r["document_kind"] for r in reports) == ["docx", "pdf"]
    assert all(r["unit_name"] == "花溪区人民政府" and r["region_code"] == "520111"
               and r["parse_status"] == "ok" and r["format"] == "2021"
               and r["parent_url"] == page_url for r in reports)
    best = [r for r in reports if r["duplicate_of"] is None]
    assert len(best) == 1 and best[0]["duplicate_of"] is None
    assert {r["duplicate_of"] for r in reports} == {None, best[0]["report_id"]}
    apps = pq.read_table(lake.fact_file("applications", "guizhou", 2021)).to_pylist()
    got = {(r["row_code"], r["applicant"]): r["value"] for r in apps
           if r["report_id"] == best[0]["report_id"]}
    # seed 001's figures, read by hand (tests/core/conftest.py APPS_001)
    assert got[("new_received", "natural_person")] == 117
    assert got[("new_received", "commercial")] == 8
    assert got[("new_received", "total")] == 125
    assert got[("granted", "total")] == 16
    assert got[("partially_granted", "natural_person")] == 17
    assert got[("denied_internal_affairs", "commercial")] == 2
    assert got[("unavailable_not_held", "total")] == 72
    assert got[("other_misc", "total")] == 5
    assert got[("results_total", "total")] == 125
    rl = pq.read_table(lake.fact_file("review_litigation", "guizhou", 2021)).to_pylist()
    rl = {(r["proceeding"], r["outcome"]): r["value"] for r in rl
          if r["report_id"] == best[0]["report_id"]}
    assert rl[("review", "upheld")] == 3 and rl[("review", "total")] == 5
    assert rl[("litigation_after_review", "total")] == 8 and rl[("litigation", "total")] == 11
    disc = pq.read_table(lake.fact_file("active_disclosure", "guizhou", 2021)).to_pylist()
    disc = {(r["item"], r["measure"]): r["value"] for r in disc
            if r["report_id"] == best[0]["report_id"]}
    assert disc[("licensing", "decisions")] == 32455 and disc[("fees", "amount_wan_yuan")] == 736.5

    # the marts count one report, with the seed's headline figures and no failure
    with duckdb.connect(str(lake.marts_db), read_only=True) as con:
        row = con.execute("SELECT reports, reports_failed, reports_partial, reports_spam, "
                          "applications_received, applications_granted "
                          "FROM mart_province_year WHERE province_key = 'guizhou' "
                          "AND year = 2021").fetchone()
        assert row == (1, 0, 0, 0, 125, 16)
        units = con.execute("SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NULL), "
                            "min(parent_url) FROM mart_unit_year").fetchone()
        assert units == (2, 1, page_url)
        found = con.execute("SELECT found_units FROM mart_coverage WHERE province_key = "
                            "'guizhou' AND year = 2021").fetchone()
        assert found == (1,)
    # the raw layer keeps all three snapshots, the documents with their own extensions
    raw = sorted(p.suffix for p in lake.raw_dir("guizhou", 2021).iterdir()
                 if p.suffix != ".json")
    assert raw == [".docx", ".html", ".pdf"]

    # a second run: nothing fetched again but the page (no conditional support here), no
    # document fetched twice for the same page bytes, every partition skipped
    httpserver.clear_log()
    assert cli.main(["run", "--lake", str(lake.root), "--manifest", str(manifest)]) == 0
    assert sorted(req.path for req, _ in httpserver.log) == ["/robots.txt",
                                                             "/xxgk/ndbg/2021.html"]
