"""Report documents through ingestion without Dagster (issue 14): a manifest's page and
the documents it links, fetched from a real HTTP server on 127.0.0.1; a landing folder
with a PDF; a WARC with a .docx record. Catalog, raw, cleaned and fact files are real."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govlake import catalog, layers
from govlake.ingest.fetcher import FetchConfig, Fetcher
from govlake.lake import Lake
from tests.core.html_shapes import SEEDS
from tests.seed_documents import official_hosts, seed_docx, seed_pdf

FAKE_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _fetcher() -> Fetcher:
    return Fetcher(FetchConfig(per_host_interval=0.0, backoff=0.01, max_retries=0))


def _manifest(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "manifest.csv"
    path.write_text("url\n" + "".join(u + "\n" for u in urls), encoding="utf-8")
    return path


def test_a_page_s_documents_are_fetched_politely_and_bounded(tmp_path, http):
    links = "".join(f"<a href='/u/p{i}.pdf'>p{i}</a>" for i in range(12))
    http.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /u/p1.pdf\n")
    http.expect_request("/page.html").respond_with_data(
        "<html><head><title>某县2024年政府信息公开工作年度报告</title></head><body>"
        "<div class='content'><a href='/dl?id=1'>附件下载</a>"
        "<a href='/moved.pdf'>迁移</a>" + links + "</div></body></html>",
        content_type="text/html; charset=utf-8")
    for i in range(12):
        http.expect_request(f"/u/p{i}.pdf").respond_with_data(FAKE_PDF + bytes([i]),
                                                             content_type="application/pdf")
    http.expect_request("/dl").respond_with_data("<html><body>请登录后下载</body></html>",
                                                 content_type="text/html")
    other = http.url_for("/elsewhere.pdf").replace("127.0.0.1", "localhost")
    http.expect_request("/moved.pdf").respond_with_data("", status=302,
                                                        headers={"Location": other})
    http.expect_request("/elsewhere.pdf").respond_with_data(FAKE_PDF + b"moved")
    lake = Lake.at(tmp_path / "lake")
    page = http.url_for("/page.html")
    log: list[dict] = []
    with _fetcher() as f:
        found = list(catalog.discover_manifest(lake, _manifest(tmp_path, page), fetcher=f,
                                               log=log))
    # ten links at most: the eleven .pdf first (one of them forbidden), then 附件下载
    att = [r for r in log if r["event"] == "attachment"]
    assert [r["url"].rsplit("/", 1)[1] for r in att] == [
        "moved.pdf", "p0.pdf", "p1.pdf", "p2.pdf", "p3.pdf", "p4.pdf", "p5.pdf", "p6.pdf",
        "p7.pdf", "p8.pdf"]
    assert att[2]["error"] == "disallowed by robots.txt" and att[2]["attempts"] == 0
    assert att[0]["note"] == "redirected off the site to localhost"
    assert att[0]["final_url"] == other and att[0]["document_kind"] == "pdf"
    assert all(r["parent_url"] == page and r["link_reason"] == "suffix .pdf" for r in att)
    requested = {req.path for req, _ in http.log}
    assert "/u/p9.pdf" not in requested and "/dl" not in requested and "/u/p1.pdf" not in requested
    # what is yielded: the page, then each document with its parent
    assert [x.source for x in found] == [page] + [r["url"] for r in att if r["ok"]]
    assert found[0].parent_sha256 is None and found[0].problem is None
    sha = catalog.sha256_hex(found[0].data)
    assert all(x.parent_sha256 == sha and x.parent_url == page for x in found[1:])
    assert found[2].ref.filename == "p0.pdf" and found[2].data == FAKE_PDF + b"\x00"


def test_an_html_page_behind_a_download_link_is_logged_not_kept(tmp_path, http):
    http.expect_request("/page.html").respond_with_data(
        "<html><body><div class='content'><a href='/dl?id=1'>附件下载</a>"
        "<a href='/get?id=2'>附件2</a></div></body></html>", content_type="text/html")
    http.expect_request("/dl").respond_with_data("<html><body>请登录</body></html>",
                                                 content_type="text/html")
    http.expect_request("/get").respond_with_data(FAKE_PDF, content_type="application/octet-stream")
    lake = Lake.at(tmp_path / "lake")
    log: list[dict] = []
    with _fetcher() as f:
        found = list(catalog.discover_manifest(
            lake, _manifest(tmp_path, http.url_for("/page.html")), fetcher=f, log=log))
    att = {r["url"].rsplit("/", 1)[1]: r for r in log if r["event"] == "attachment"}
    assert att["dl?id=1"]["note"] == "not a report document: a page" and att["dl?id=1"]["ok"]
    assert att["get?id=2"]["note"] is None and att["get?id=2"]["document_kind"] == "pdf"
    assert [x.ref.filename for x in found] == ["page.html", "get.pdf"]


def _report_site(http, pdf: bytes) -> str:
    http.expect_request("/ndbg/2021.html").respond_with_data(
        "<html><head><title>花溪区人民政府2021年政府信息公开工作年度报告</title></head><body>"
        "<div class='TRS_Editor'><p>全文见附件。</p><a href='/ndbg/2021.pdf'>附件</a>"
        "<img src='/ndbg/photo.png'></div></body></html>",
        content_type="text/html; charset=utf-8")
    http.expect_request("/ndbg/2021.pdf").respond_with_data(pdf, content_type="application/pdf")
    # a photo in the article that is no report table: no text, no facts
    http.expect_request("/ndbg/photo.png").respond_with_data(
        _blank_png(), content_type="image/png")
    return http.url_for("/ndbg/2021.html")


def _blank_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def official_server():
    with official_hosts("127.0.0.1"):
        yield


def test_the_page_and_its_documents_are_one_report(tmp_path, http, official_server):
    page = _report_site(http, seed_pdf(SEEDS["001"], with_title=False))
    lake = Lake.at(tmp_path / "lake").ensure()
    manifest = _manifest(tmp_path, page)
    with _fetcher() as f:
        counts = catalog.update_catalog(lake, catalog.discover_manifest(lake, manifest,
                                                                        fetcher=f), workers=1)
    assert counts["documents"] == 2 and counts["absorbed"] == 2
    rows = {r["source"].rsplit("/", 1)[1]: r for r in catalog.read_catalog(lake).to_pylist()}
    pdf, html, png = rows["2021.pdf"], rows["2021.html"], rows["photo.png"]
    assert {(r["province_key"], r["year"]) for r in rows.values()} == {("guizhou", 2021)}
    assert html["report_sha256"] == png["report_sha256"] == pdf["sha256"]
    assert pdf["report_sha256"] is None
    assert (pdf["document_kind"], png["document_kind"], html["document_kind"]) == (
        "pdf", "image", None)
    assert json.loads(pdf["hints"]) == {"province": "guizhou", "year": 2021,
                                        "unit_name": "花溪区人民政府", "region_code": "520111"}
    assert pdf["unit_name"] == "花溪区人民政府" and "report carried by" in html["routing_reason"]

    for layer in ("raw", "cleaned", "facts"):
        layers.BUILDERS[layer](lake, "guizhou", 2021)
    sidecars = [json.loads(p.read_text()) for p in lake.raw_dir("guizhou", 2021).glob("*.json")]
    assert sorted(s["file"].rsplit(".", 1)[1] for s in sidecars) == ["html", "pdf", "png"]
    reports = pq.read_table(lake.fact_file("reports", "guizhou", 2021)).to_pylist()
    assert len(reports) == 1                           # the page and the photo are no reports
    r = reports[0]
    assert (r["document_kind"], r["unit_name"], r["parse_status"], r["parent_url"]) == (
        "pdf", "花溪区人民政府", "ok", page)
    apps = pq.read_table(lake.fact_file("applications", "guizhou", 2021)).to_pylist()
    got = {(a["row_code"], a["applicant"]): a["value"] for a in apps}
    assert got[("new_received", "total")] == 125 and got[("granted", "natural_person")] == 15
    assert got[("unavailable_needs_creation", "natural_person")] == 1
    assert got[("other_overdue_correction", "total")] == 2
    # the same page again: its documents are not fetched a second time
    http.clear_log()
    with _fetcher() as f:
        again = list(catalog.discover_manifest(lake, manifest, fetcher=f))
    assert [x.source for x in again] == [page]
    assert [req.path for req, _ in http.log] == ["/robots.txt", "/ndbg/2021.html"]


def test_landing_folder_documents_and_a_warc_pdf_record_become_reports(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "huaxi-2021.pdf").write_bytes(seed_pdf(SEEDS["001"]))
    (landing / "wuding-2020.docx").write_bytes(seed_docx(SEEDS["000"]))
    with open(landing / "crawl.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "application/pdf")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://www.jingyuan.gov.cn/xxgk/ndbg2020.pdf", "response",
            payload=io.BytesIO(seed_pdf(SEEDS["002"])), http_headers=headers))
    lake = Lake.at(tmp_path / "lake").ensure()
    counts = catalog.update_catalog(lake, catalog.discover_landing(lake, landing), workers=1)
    assert counts["documents"] == 3 and counts["unreadable"] == 0
    rows = {r["filename"]: r for r in catalog.read_catalog(lake).to_pylist()}
    assert {k: (r["province_key"], r["year"], r["document_kind"]) for k, r in rows.items()} == {
        "huaxi-2021.pdf": ("guizhou", 2021, "pdf"),
        "wuding-2020.docx": ("yunnan", 2020, "docx"),
        "crawl-record1.pdf": ("ningxia", 2020, "pdf")}
    warc = rows["crawl-record1.pdf"]
    assert warc["source_url"] == "http://www.jingyuan.gov.cn/xxgk/ndbg2020.pdf"
    assert warc["parent_sha256"] is None and warc["report_sha256"] is None
    for layer in ("raw", "cleaned", "facts"):
        layers.BUILDERS[layer](lake, "ningxia", 2020)
    assert sorted(p.name.rsplit(".", 1)[1] for p in lake.raw_dir("ningxia", 2020).iterdir()) == [
        "json", "pdf"]
    reports = pq.read_table(lake.fact_file("reports", "ningxia", 2020)).to_pylist()
    assert [(r["unit_name"], r["format"], r["parse_status"], r["document_kind"])
            for r in reports] == [("泾源县人民政府", "2019", "ok", "pdf")]
    apps = pq.read_table(lake.fact_file("applications", "ningxia", 2020)).to_pylist()
    got = {(a["row_code"], a["applicant"]): a["value"] for a in apps}
    # seed 002 by hand: 6 received, 3 third-party, 1 internal, 2 administrative query
    assert got[("new_received", "total")] == 6
    assert got[("denied_third_party_rights", "natural_person")] == 3
    assert got[("denied_internal_affairs", "total")] == 1
    assert got[("denied_administrative_query", "total")] == 2
    disc = pq.read_table(lake.fact_file("active_disclosure", "ningxia", 2020)).to_pylist()
    got = {(d["item"], d["measure"]): d["value"] for d in disc}
    assert got[("penalty", "change")] == -139 and got[("procurement", "amount_wan_yuan")] == 960
    for layer in ("raw", "cleaned", "facts"):
        layers.BUILDERS[layer](lake, "yunnan", 2020)
    apps = pq.read_table(lake.fact_file("applications", "yunnan", 2020)).to_pylist()
    got = {(a["row_code"], a["applicant"]): a["value"] for a in apps}
    assert got[("new_received", "total")] == 1 and got[("granted", "natural_person")] == 1
    disc = pq.read_table(lake.fact_file("active_disclosure", "yunnan", 2020)).to_pylist()
    got = {(d["item"], d["measure"]): d["value"] for d in disc}
    assert got[("procurement", "amount_wan_yuan")] == 2506.18


def test_a_crawl_holding_a_page_and_the_pdf_it_links_gives_one_report(tmp_path):
    page_url = "http://www.huaxi.gov.cn/xxgk/ndbg/2021.html"
    page = ("<html><head><title>花溪区人民政府2021年政府信息公开工作年度报告</title></head>"
            "<body><div class='content'><p>全文见附件。</p>"
            "<a href='/files/ndbg.pdf'>附件</a></div></body></html>").encode()
    landing = tmp_path / "landing"
    landing.mkdir()
    with open(landing / "crawl.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body, ctype in ((page_url, page, "text/html; charset=utf-8"),
                                 ("http://www.huaxi.gov.cn/files/ndbg.pdf",
                                  seed_pdf(SEEDS["001"], with_title=False), "application/pdf")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(body),
                                                          http_headers=headers))
    lake = Lake.at(tmp_path / "lake").ensure()
    counts = catalog.update_catalog(lake, catalog.discover_landing(lake, landing), workers=1)
    assert counts["absorbed"] == 1
    rows = {r["filename"]: r for r in catalog.read_catalog(lake).to_pylist()}
    pdf, html = rows["crawl-record2.pdf"], rows["crawl-record1.html"]
    assert (pdf["parent_sha256"], pdf["parent_url"]) == (html["sha256"], page_url)
    assert html["report_sha256"] == pdf["sha256"]
    assert {(r["province_key"], r["year"]) for r in rows.values()} == {("guizhou", 2021)}
    for layer in ("raw", "cleaned", "facts"):
        layers.BUILDERS[layer](lake, "guizhou", 2021)
    reports = pq.read_table(lake.fact_file("reports", "guizhou", 2021)).to_pylist()
    assert [(r["unit_name"], r["document_kind"], r["parent_url"]) for r in reports] == [
        ("花溪区人民政府", "pdf", page_url)]
    # a second look at the same folder adds nothing (the document's parent, found after
    # discovery, does not make its row look new)
    again = catalog.update_catalog(lake, catalog.discover_landing(lake, landing), workers=1)
    assert again["added"] == 0 and again["sources"] == 2
