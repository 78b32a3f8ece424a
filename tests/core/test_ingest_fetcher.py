"""The fetcher against a real local HTTP server (pytest-httpserver, no mocks of requests)."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest
from werkzeug import Response

from govlake.decoding import decode_bytes
from govlake.ingest.fetcher import FetchConfig, Fetcher, retry_after_seconds

REPORT = (
    "<html><head><title>北京市人民政府办公厅2023年政府信息公开工作年度报告</title></head><body>"
    "<h1>北京市人民政府办公厅2023年政府信息公开工作年度报告</h1>"
    "<p>本报告由北京市人民政府办公厅根据《中华人民共和国政府信息公开条例》要求编制。"
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    "本年度新收政府信息公开申请一千二百三十四件，办结率百分之百。朱镕基同志题词。</p>"
    "</body></html>"
)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def fetcher(**kw) -> Fetcher:
    base = {"connect_timeout": 2, "read_timeout": 5, "deadline": 10, "max_bytes": 1_000_000,
            "max_retries": 3, "backoff": 0.05, "max_backoff": 1, "per_host_interval": 0,
            "respect_robots": False}
    return Fetcher(FetchConfig(**{**base, **kw}))


def test_gbk_page_without_any_charset_decodes(http):
    body = REPORT.encode("gbk")
    http.expect_request("/gbk").respond_with_data(body, content_type="text/html")
    r = fetcher().fetch(http.url_for("/gbk"))
    assert r.ok and r.status == 200 and r.error is None and r.unsupported is None
    assert r.data == body                       # bytes exactly as served
    assert r.content_type == "text/html"        # no charset anywhere
    decoded = decode_bytes(r.data, r.content_type)
    assert decoded.encoding == "gb18030"
    assert "政府信息公开工作年度报告" in decoded.text and "朱镕基" in decoded.text
    assert len(r.attempts) == 1 and r.attempts[0].status == 200
    assert r.attempts[0].bytes == len(body) and r.fetched_at


def test_429_with_retry_after_then_200(http):
    http.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"})
    http.expect_ordered_request("/busy").respond_with_data("<html>ok</html>",
                                                           content_type="text/html")
    t0 = time.monotonic()
    r = fetcher().fetch(http.url_for("/busy"))
    waited = time.monotonic() - t0
    assert r.ok and r.data == b"<html>ok</html>" and r.error is None
    assert [a.status for a in r.attempts] == [429, 200]
    assert r.attempts[0].error.startswith("HTTP 429")
    assert waited >= 1.0


def test_500_500_200_is_three_attempts(http):
    for status in (500, 500):
        http.expect_ordered_request("/flaky").respond_with_data("oops", status=status)
    http.expect_ordered_request("/flaky").respond_with_data("<p>fine</p>", content_type="text/html")
    r = fetcher().fetch(http.url_for("/flaky"))
    assert r.ok and r.status == 200 and r.data == b"<p>fine</p>"
    assert [a.status for a in r.attempts] == [500, 500, 200]


def test_persistent_503_gives_up_after_max_retries(http):
    http.expect_request("/down").respond_with_data("no", status=503)
    r = fetcher(max_retries=2).fetch(http.url_for("/down"))
    assert not r.ok and r.status == 503 and r.data is None
    assert len(r.attempts) == 3 and "HTTP 503" in r.error and "gave up after 3" in r.error


def test_404_is_not_retried(http):
    http.expect_request("/gone").respond_with_data("missing", status=404)
    r = fetcher().fetch(http.url_for("/gone"))
    assert not r.ok and r.status == 404 and len(r.attempts) == 1 and "HTTP 404" in r.error


def test_redirect_chain(http):
    http.expect_request("/r1").respond_with_data("", status=301, headers={"Location": "/r2"})
    http.expect_request("/r2").respond_with_data(
        "", status=302, headers={"Location": http.url_for("/r3")})
    http.expect_request("/r3").respond_with_data("", status=307, headers={"Location": "final"})
    http.expect_request("/final").respond_with_data("<p>report</p>", content_type="text/html")
    r = fetcher().fetch(http.url_for("/r1"))
    assert r.ok and r.data == b"<p>report</p>"
    assert r.url == http.url_for("/r1") and r.final_url == http.url_for("/final")
    assert r.redirects == [http.url_for("/r1"), http.url_for("/r2"), http.url_for("/r3")]
    assert [a.status for a in r.attempts] == [301, 302, 307, 200]


def test_redirect_to_another_host_records_the_final_host(http):
    # a government page sending its reader elsewhere is evidence: the final host is kept
    elsewhere = f"http://localhost:{http.port}/elsewhere"   # the same server, another host name
    http.expect_request("/ndbg").respond_with_data("", status=302, headers={"Location": elsewhere})
    http.expect_request("/elsewhere").respond_with_data("<p>bet</p>", content_type="text/html")
    start = f"http://127.0.0.1:{http.port}/ndbg"
    r = fetcher().fetch(start)
    assert r.ok and r.data == b"<p>bet</p>" and r.redirects == [start]
    assert r.final_url == elsewhere and r.final_host == "localhost"
    assert r.as_record()["final_host"] == "localhost"


def test_redirect_loop_and_non_http_redirect(http):
    http.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    http.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    http.expect_request("/ftp").respond_with_data(
        "", status=302, headers={"Location": "ftp://example.org/x"})
    f = fetcher()
    assert "redirect loop" in f.fetch(http.url_for("/a")).error
    r = f.fetch(http.url_for("/ftp"))
    assert "only http and https" in r.error and len(r.attempts) == 1


def test_slow_server_beyond_deadline(http):
    def slow(request):
        time.sleep(3)
        return Response("<p>late</p>", content_type="text/html")

    http.expect_request("/slow").respond_with_handler(slow)
    t0 = time.monotonic()
    r = fetcher(deadline=1).fetch(http.url_for("/slow"))
    assert time.monotonic() - t0 < 2.5
    assert not r.ok and r.data is None and "deadline" in r.error


def test_body_dribbling_past_deadline_is_cut(http):
    def dribble(request):
        def gen():
            for _ in range(30):
                yield b"<p>x</p>"
                time.sleep(0.1)
        return Response(gen(), content_type="text/html")

    http.expect_request("/dribble").respond_with_handler(dribble)
    t0 = time.monotonic()
    r = fetcher(deadline=1).fetch(http.url_for("/dribble"))
    assert time.monotonic() - t0 < 2.0
    assert not r.ok and "deadline" in r.error and r.data is None


def test_oversized_body_declared_and_streamed(http):
    big = b"<p>" + b"x" * 5000 + b"</p>"
    http.expect_request("/big").respond_with_data(big, content_type="text/html")
    http.expect_request("/big-chunked").respond_with_handler(
        lambda req: Response((big[i:i + 500] for i in range(0, len(big), 500)),
                             content_type="text/html"))
    f = fetcher(max_bytes=1000)
    for path in ("/big", "/big-chunked"):
        r = f.fetch(http.url_for(path))
        assert not r.ok and r.data is None and "exceeds" in r.error, path
        assert len(r.attempts) == 1


def test_pdf_where_html_was_expected_is_a_document(http):
    http.expect_request("/report.pdf").respond_with_data(PDF, content_type="application/pdf")
    http.expect_request("/report.html").respond_with_data(PDF, content_type="text/html")
    http.expect_request("/scan").respond_with_data(b"\x89PNG\r\n\x1a\nxxxx",
                                                   content_type="image/png")
    f = fetcher()
    for path in ("/report.pdf", "/report.html"):
        r = f.fetch(http.url_for(path))
        assert r.ok and r.error is None and r.document == "pdf" and r.data == PDF
        assert r.unsupported is None
    r = f.fetch(http.url_for("/scan"))
    assert r.ok and r.document == "image" and r.data.startswith(b"\x89PNG")
    http.expect_request("/a.zip").respond_with_data(b"PK\x03\x04rest", content_type="text/html")
    r = f.fetch(http.url_for("/a.zip"))
    assert r.ok and r.document is None and r.unsupported == "ZIP archive (docx/xlsx?)"


def test_304_on_refresh(http):
    etag, lm = '"v1-abc"', "Wed, 21 Oct 2025 07:28:00 GMT"
    http.expect_ordered_request("/page").respond_with_data(
        "<p>v1</p>", content_type="text/html", headers={"ETag": etag, "Last-Modified": lm})
    http.expect_ordered_request(
        "/page", headers={"If-None-Match": etag, "If-Modified-Since": lm},
    ).respond_with_data("", status=304, headers={"ETag": etag})
    f = fetcher()
    first = f.fetch(http.url_for("/page"))
    assert first.ok and first.etag == etag and first.last_modified == lm
    again = f.fetch(http.url_for("/page"), etag=first.etag, last_modified=first.last_modified)
    assert again.ok and again.not_modified and again.status == 304 and again.data is None
    assert again.etag == etag and again.last_modified == lm
    request = [req for req, _ in http.log if req.path == "/page"][-1]
    assert request.headers["If-None-Match"] == etag and request.headers["If-Modified-Since"] == lm


def test_robots_disallow_without_page_request(http):
    http.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    http.expect_request("/private/report.html").respond_with_data("<p>secret</p>")
    http.expect_request("/public/report.html").respond_with_data("<p>open</p>")
    f = fetcher(respect_robots=True)
    r = f.fetch(http.url_for("/private/report.html"))
    assert not r.ok and r.error == "disallowed by robots.txt" and r.attempts == []
    assert f.fetch(http.url_for("/public/report.html")).ok
    mine = ("/robots.txt", "/private/report.html", "/public/report.html")
    paths = [req.path for req, _ in http.log if req.path in mine]  # (not a late slow handler)
    assert paths == ["/robots.txt", "/public/report.html"]   # robots once, no private hit
    assert fetcher(respect_robots=False).fetch(http.url_for("/private/report.html")).ok


def test_robots_crawl_delay_raises_the_host_interval(http):
    http.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 1\n")
    http.expect_request("/p").respond_with_data("<p>ok</p>")
    f = fetcher(respect_robots=True, per_host_interval=0)
    t0 = time.monotonic()
    assert f.fetch(http.url_for("/p")).ok and f.fetch(http.url_for("/p")).ok
    assert time.monotonic() - t0 >= 1.0     # (urllib.robotparser reads whole seconds only)


def test_gzip_content_encoding_gives_the_page_bytes(http):
    body = REPORT.encode("gbk")
    http.expect_request("/gz").respond_with_data(
        gzip.compress(body), content_type="text/html", headers={"Content-Encoding": "gzip"})
    r = fetcher().fetch(http.url_for("/gz"))
    assert r.ok and r.data == body


def test_unreachable_robots_means_allowed(http):
    http.expect_request("/robots.txt").respond_with_data("err", status=500)
    http.expect_request("/p").respond_with_data("<p>ok</p>")
    r = fetcher(respect_robots=True).fetch(http.url_for("/p"))
    assert r.ok and r.data == b"<p>ok</p>"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/r.html",
                                 "javascript:alert(1)", "http://"])
def test_non_http_scheme_is_refused_without_request(url):
    r = fetcher().fetch(url)
    assert not r.ok and r.attempts == [] and r.error and r.data is None


def test_connection_refused_is_retried_then_recorded():
    with socket.socket() as s:               # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = fetcher(max_retries=2).fetch(f"http://127.0.0.1:{port}/x")
    assert not r.ok and r.status is None and len(r.attempts) == 3
    assert "connection error" in r.error and all(a.status is None for a in r.attempts)
    assert r.as_record()["attempts"][0]["error"].startswith("connection error")


def test_per_host_interval_is_honoured_across_threads(http):
    http.expect_request("/p").respond_with_data("<p>x</p>")
    f = fetcher(per_host_interval=0.3)
    t0 = time.monotonic()
    threads = [threading.Thread(target=f.fetch, args=(http.url_for("/p"),)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - t0 >= 0.9     # 4 requests, 3 intervals
    assert sum(req.path == "/p" for req, _ in http.log) == 4


def test_retry_after_http_date():
    import datetime as dt
    import email.utils

    now = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
    later = email.utils.format_datetime(now + dt.timedelta(seconds=7), usegmt=True)
    assert retry_after_seconds(later, now) == 7
    assert retry_after_seconds("3") == 3 and retry_after_seconds("soon") is None


def test_retry_after_beyond_deadline_gives_up_early(http):
    http.expect_request("/later").respond_with_data("", status=503,
                                                    headers={"Retry-After": "120"})
    t0 = time.monotonic()
    r = fetcher(deadline=2).fetch(http.url_for("/later"))
    assert time.monotonic() - t0 < 1 and "deadline" in r.error and len(r.attempts) == 1
