"""Landing: saved pages, JSON Lines corpus dumps and WARC files → LandedDocs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govlake.decoding import decode_bytes
from govlake.ingest.landing import iter_landing

TITLE = "江苏省人民政府办公厅2022年政府信息公开工作年度报告"
GBK_PAGE = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            "<p>本报告根据《中华人民共和国政府信息公开条例》编制，朱镕基。</p></body></html>")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, date: str,
              status: str = "200 OK", extra: list | None = None):
    http = StatusAndHeaders(status, [("Content-Type", ctype),
                                     ("Content-Length", str(len(body)))] + (extra or []),
                            protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                    http_headers=http,
                                    warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)
    return rec


@pytest.fixture()
def warc_file(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        _response(w, "https://www.jiangsu.gov.cn/art/2023/1/report.html",
                  "<html><body><p>江苏省2022年报告</p></body></html>".encode(),
                  "text/html; charset=utf-8", "2023-02-01T08:00:00Z")
        _response(w, "http://www.nanjing.gov.cn/zfxxgk/ndbg.htm", GBK_PAGE.encode("gbk"),
                  "text/html; charset=GBK", "2023-02-02T09:30:00Z")
        _response(w, "http://www.wuxi.gov.cn/ndbg.pdf", PDF, "application/pdf",
                  "2023-02-03T10:00:00Z")
        _response(w, "http://www.wuxi.gov.cn/old", b"", "text/html", "2023-02-03T10:00:01Z",
                  status="301 Moved Permanently", extra=[("Location", "/new")])
        _response(w, "http://www.wuxi.gov.cn/missing", b"<h1>404</h1>", "text/html",
                  "2023-02-03T10:00:02Z", status="404 Not Found")
    return path


def test_warc_records_come_out_with_source_url_date_and_problem(warc_file: Path):
    docs = list(iter_landing(warc_file.parent))
    # record 1 is warcinfo, record 5 a redirect: not pages
    assert [d.source for d in docs] == [f"{warc_file}#record {n}" for n in (2, 3, 4, 6)]
    utf8, gbk, pdf, missing = docs

    assert utf8.source_url == "https://www.jiangsu.gov.cn/art/2023/1/report.html"
    assert utf8.fetched_at == "2023-02-01T08:00:00Z" and utf8.problem is None
    assert utf8.filename == "crawl-record2.html"
    assert "江苏省2022年报告" in decode_bytes(utf8.data, utf8.content_type).text

    assert gbk.source_url == "http://www.nanjing.gov.cn/zfxxgk/ndbg.htm"
    assert gbk.fetched_at == "2023-02-02T09:30:00Z" and gbk.problem is None
    assert gbk.data == GBK_PAGE.encode("gbk")              # payload bytes kept exactly
    assert gbk.content_type == "text/html; charset=GBK"
    decoded = decode_bytes(gbk.data, gbk.content_type)
    assert decoded.method == "header" and TITLE in decoded.text and "朱镕基" in decoded.text

    assert pdf.source_url == "http://www.wuxi.gov.cn/ndbg.pdf" and pdf.data == PDF
    assert pdf.problem is None                   # a report document: read, not set aside
    assert pdf.filename == "crawl-record4.pdf" and pdf.content_type == "application/pdf"
    assert pdf.fetched_at == "2023-02-03T10:00:00Z"

    assert missing.problem == "HTTP 404 response, not a page"


@pytest.mark.parametrize("gz", [False, True])
def test_warc_revisit_is_the_same_bytes_under_another_url(tmp_path: Path, gz: bool):
    path = tmp_path / ("dedup.warc.gz" if gz else "dedup.warc")
    body = GBK_PAGE.encode("gbk")
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        orig = _response(w, "http://a.gov.cn/r.html", body, "text/html",
                         "2023-01-01T00:00:00Z")
        digest = orig.rec_headers.get_header("WARC-Payload-Digest")
        revisit = w.create_revisit_record("http://mirror.a.gov.cn/r.html", digest,
                                          "http://a.gov.cn/r.html", "2023-01-01T00:00:00Z")
        w.write_record(revisit)
        w.write_record(w.create_revisit_record("http://c.gov.cn/x", "sha1:AAAA",
                                               "http://c.gov.cn/y", "2023-01-01T00:00:00Z"))
    a, b, c = iter_landing(tmp_path)
    assert a.data == b.data == body and b.problem is None
    assert (a.source_url, b.source_url) == ("http://a.gov.cn/r.html", "http://mirror.a.gov.cn/r.html")
    assert c.problem.startswith("revisit of a payload not in this file")


def test_truncated_warc_reports_a_problem_instead_of_stopping_silently(warc_file: Path):
    data = warc_file.read_bytes()
    warc_file.write_bytes(data[: len(data) - 40])
    docs = list(iter_landing(warc_file.parent))
    assert [d.source_url for d in docs[:3]] == [
        "https://www.jiangsu.gov.cn/art/2023/1/report.html",
        "http://www.nanjing.gov.cn/zfxxgk/ndbg.htm", "http://www.wuxi.gov.cn/ndbg.pdf"]
    assert docs[-1].source == f"{warc_file}#record 6"
    assert docs[-1].problem.startswith("truncated record"), docs[-1]


def test_garbage_warc_is_one_problem_doc(tmp_path: Path):
    (tmp_path / "junk.warc").write_bytes(b"this is not a WARC file\r\n\r\n" * 3)
    (doc,) = iter_landing(tmp_path)
    assert doc.source == f"{tmp_path / 'junk.warc'}#record 1"
    assert doc.problem.startswith("WARC unreadable from record 1")


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"url": "http://www.gd.gov.cn/ndbg.html", "html": GBK_PAGE,
                    "province": "广东", "year": 2022, "fetched_at": "2023-03-01T00:00:00Z"},
                   ensure_ascii=False),
        json.dumps({"warc_target_uri": "http://www.sz.gov.cn/r.txt",
                    "raw_content": "深圳市2022年政府信息公开工作年度报告\n一、总体情况",
                    "province": "Atlantis", "year": "2022"}, ensure_ascii=False),
        '{"url": "http://broken.example/", "html": "<p>unterminated',
        "",
        json.dumps({"url": "http://www.gz.gov.cn/empty"}),
        json.dumps({"text": "<!DOCTYPE html><html><body>广州</body></html>",
                    "meta": {"url": "http://www.gz.gov.cn/r.html"}, "timestamp": 1672531200},
                   ensure_ascii=False),
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_records(tmp_path: Path, gz: bool):
    text = "\n".join(_jsonl_lines()) + "\n"
    path = tmp_path / ("corpus.jsonl.gz" if gz else "corpus.jsonl")
    path.write_bytes(gzip.compress(text.encode("utf-8")) if gz else text.encode("utf-8"))
    html, txt, broken, empty, nested = iter_landing(tmp_path)

    assert html.source == f"{path}#line 1" and html.problem is None
    assert html.source_url == "http://www.gd.gov.cn/ndbg.html"
    assert html.filename == "corpus-line1.html" and html.data == GBK_PAGE.encode("utf-8")
    assert html.hints == {"province": "guangdong", "year": 2022}
    assert html.fetched_at == "2023-03-01T00:00:00Z"
    # the string was stored as UTF-8: the header charset wins over nothing misleading
    assert TITLE in decode_bytes(html.data, html.content_type).text

    assert txt.source == f"{path}#line 2" and txt.filename == "corpus-line2.txt"
    assert txt.source_url == "http://www.sz.gov.cn/r.txt" and txt.problem is None
    assert txt.hints == {"year": 2022} and "unknown province 'Atlantis'" in txt.notes[0]
    assert decode_bytes(txt.data, txt.content_type).text.startswith("深圳市2022年")

    assert broken.source == f"{path}#line 3" and broken.problem.startswith("invalid JSON")
    assert empty.source == f"{path}#line 5" and empty.problem == "record has no html or text"
    assert empty.source_url == "http://www.gz.gov.cn/empty"

    assert nested.filename.endswith(".html") and nested.source_url == "http://www.gz.gov.cn/r.html"
    assert nested.fetched_at == "2023-01-01T00:00:00+00:00"


def test_plain_files_any_encoding_and_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "gbk.html").write_bytes(GBK_PAGE.encode("gbk"))
    (tmp_path / "a.txt").write_bytes("\ufeff报告全文".encode("utf-8"))
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(b"<p>zipped</p>"))
    (tmp_path / "scan.pdf").write_bytes(PDF)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04rest")
    (tmp_path / "readme.md").write_bytes(b"hello")
    (tmp_path / ".hidden.html").write_bytes(b"<p>x</p>")
    (tmp_path / "partial.html.part").write_bytes(b"<p>x")
    docs = list(iter_landing(tmp_path))
    names = [Path(d.source).relative_to(tmp_path).as_posix() for d in docs]
    assert names == ["a.txt", "b/gbk.html", "c.htm.gz", "notes.docx", "readme.md", "scan.pdf"]
    a, gbk, c, docx, md, pdf = docs
    assert a.problem is None and a.source_url is None and a.fetched_at is None
    assert gbk.problem is None and TITLE in decode_bytes(gbk.data).text
    assert c.filename == "c.htm" and c.data == b"<p>zipped</p>"
    # a torn .docx is still handed on as one: its reader records why it cannot be read
    assert docx.problem is None and docx.filename == "notes.docx"
    assert md.problem == "unrecognised file type '.md'"
    # a report document is handed on (issue 14)
    assert pdf.problem is None and pdf.data == PDF and pdf.filename == "scan.pdf"
    assert pdf.content_type == "application/pdf"
    assert list(iter_landing(tmp_path)) == docs          # deterministic


def test_missing_folder_yields_nothing(tmp_path: Path):
    assert list(iter_landing(tmp_path / "nope")) == []


def test_two_problem_files_with_the_same_bytes_keep_their_own_reasons(tmp_path: Path):
    """Two hostile files leave the same evidence (no bytes): one snapshot, two catalog rows,
    each with its own reason."""
    from govlake import catalog
    from govlake.lake import Lake

    landing = tmp_path / "landing"
    landing.mkdir()
    zeros = 8 * 2**20  # a WARC record of 8 MiB of zeros, gzip-compressed: a bomb
    http = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % zeros
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://www.a.gov.cn/z\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: %d\r\n\r\n" % (len(http) + zeros) + http + bytes(zeros)
              + b"\r\n\r\n")
    (landing / "a.warc.gz").write_bytes(gzip.compress(record))
    packed = (landing / "a.warc.gz").stat().st_size
    (landing / "b.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://www.a.gov.cn/d\r\n"
        + b"X-Long: " + b"a" * (5 * 2**20) + b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    lake = Lake.at(tmp_path / "lake").ensure()
    catalog.update_catalog(lake, catalog.discover_landing(lake, landing))
    rows = {r["source"].rsplit("/", 1)[1]: r for r in catalog.read_catalog(lake).to_pylist()}
    assert sorted(rows) == ["a.warc.gz#record 1", "b.warc#record 1"]
    assert rows["a.warc.gz#record 1"]["sha256"] == rows["b.warc#record 1"]["sha256"]
    assert rows["a.warc.gz#record 1"]["error"] == (
        "WARC unreadable from record 1: decompression bomb: the WARC file inflates more than "
        f"200:1 ({len(record)} bytes from {packed}); the rest of the file is not read")
    assert rows["b.warc#record 1"]["error"] == (
        "WARC unreadable from record 1: too large: a WARC record's header lines exceed "
        "4194304 bytes; the rest of the file is not read")


def test_json_lines_that_are_not_a_corpus_are_refused_with_file_and_line(tmp_path: Path):
    # a synth truth file dropped into the landing folder: no url, html or text anywhere
    truth = tmp_path / "truth.jsonl"
    truth.write_text("\n".join(json.dumps({"file": f"pages/p{i}.html", "province_key": "hainan",
                                            "year": 2019}) for i in range(3)) + "\n",
                     encoding="utf-8")
    (refused,) = iter_landing(tmp_path)
    assert refused.refused and refused.data == b""
    assert refused.source == f"{truth}#line 1"
    assert refused.problem == ("not a corpus record (keys: file, province_key, year; a corpus "
                               "record has a url and html or text): file refused, not a corpus")


def test_a_stray_record_in_a_corpus_is_refused_alone(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "http://www.gz.gov.cn/r.html", "html": "<p>广州</p>"})
                      + "\n" + json.dumps({"status": "missing", "unit_name": "某县"}) + "\n",
                      encoding="utf-8")
    page, stray = iter_landing(tmp_path)
    assert page.problem is None and not page.refused
    assert stray.refused and stray.source == f"{corpus}#line 2"
    assert stray.problem.startswith("not a corpus record (keys: status, unit_name;")


def test_names_starting_with_an_underscore_are_not_inputs(tmp_path: Path):
    (tmp_path / "_truth").mkdir()
    (tmp_path / "_truth" / "truth.jsonl").write_text('{"file": "x"}\n', encoding="utf-8")
    (tmp_path / "_SUCCESS").write_bytes(b"")
    (tmp_path / "page.html").write_bytes(b"<p>x</p>")
    assert [Path(d.source).name for d in iter_landing(tmp_path)] == ["page.html"]
