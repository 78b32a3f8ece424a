"""Which links of a report page are followed as the report's documents (issue 14), and
how a page and its documents become one report (govlake.families)."""

from __future__ import annotations

from govlake.families import choose_carrier, fact_count, missing_hints
from govlake.ingest.attachments import find_attachments, registrable_domain, same_site
from govlake.ingest.content import document_filename, document_kind

PAGE = "http://www.huaian.gov.cn/art/2025/1/20/art_1_2.html"
TITLE = "淮安市人民政府2024年政府信息公开工作年度报告"


def _page(body: str, title: str = TITLE) -> str:
    return (f"<html><head><title>{title}</title></head><body>"
            f"<div class='header'><img src='/images/banner.jpg' width='900'>"
            f"<a href='/'>首页</a><a href='/col/ndbg.html'>政府信息公开年报</a></div>"
            f"<div class='TRS_Editor'>{body}</div>"
            f"<div id='footer'><img src='/images/conac.png'><a href='/about.pdf'>x</a></div>"
            f"</body></html>")


def _urls(html: str, limit: int = 10) -> list[str]:
    return [link.url for link in find_attachments(html, PAGE, limit)]


def test_documents_by_suffix_on_the_same_site_are_followed_in_page_order():
    html = _page("<p>全文见附件</p>"
                 "<a href='/u/2025/ndbg.pdf'>报告</a>"
                 "<a href='http://zwgk.huaian.gov.cn/u/ndbg.DOCX?v=2#top'>Word版</a>"
                 "<a href='../../../u/old.doc'>doc</a><a href='/u/a.wps'>wps</a>"
                 "<a href='/u/b.ofd'>ofd</a>")
    assert _urls(html) == [
        "http://www.huaian.gov.cn/u/2025/ndbg.pdf",
        "http://zwgk.huaian.gov.cn/u/ndbg.DOCX?v=2",       # same registrable domain
        "http://www.huaian.gov.cn/art/u/old.doc",
        "http://www.huaian.gov.cn/u/a.wps", "http://www.huaian.gov.cn/u/b.ofd",
        "http://www.huaian.gov.cn/about.pdf"]               # a .pdf anywhere on the site


def test_off_site_links_schemes_and_the_page_itself_are_not_followed():
    html = _page("<a href='http://www.mirror-site.com/ndbg.pdf'>附件</a>"
                 "<a href='https://www.jiangsu.gov.cn/ndbg.pdf'>附件</a>"   # another government
                 "<a href='ftp://www.huaian.gov.cn/ndbg.pdf'>附件</a>"
                 "<a href='javascript:download(1)'>下载</a><a href='mailto:a@b.cn'>附件</a>"
                 f"<a href='{PAGE}#print'>{TITLE}</a>")
    assert _urls(html) == ["http://www.huaian.gov.cn/about.pdf"]


def test_anchor_text_admits_a_download_script_but_not_another_page():
    html = _page("<a href='/module/download/downfile.jsp?classid=0&filename=abc'>附件下载</a>"
                 "<a href='/attach/12345'>附件1：" + TITLE + "</a>"
                 f"<a href='/art/2024/1/1/art_9.html'>{TITLE}</a>"       # a page: never
                 "<a href='/list.jsp?id=7'>淮安市人民政府2023年政府信息公开工作年度报告</a>"
                 "<a href='/view?id=8'>" + TITLE + "</a>"                # titled, no suffix
                 "<a href='/news/1'>新闻动态</a>")                        # not an attachment
    assert _urls(html) == [
        "http://www.huaian.gov.cn/module/download/downfile.jsp?classid=0&filename=abc",
        "http://www.huaian.gov.cn/attach/12345",
        "http://www.huaian.gov.cn/view?id=8",
        "http://www.huaian.gov.cn/about.pdf"]


def test_images_of_the_article_body_only_not_icons_logos_or_chrome():
    html = _page("<p><img src='/u/cms/table1.png' alt='表一'></p>"
                 "<p><img data-src='/u/cms/table2.JPG'></p>"
                 "<img src='/u/cms/icon_pdf.png'>"                  # an icon by name
                 "<img src='/u/cms/spacer.jpg' width='1' height='1'>"   # declared tiny
                 "<img src='/u/cms/qrcode.png'>"                    # a QR code
                 "<img src='/u/cms/anim.gif'>"                      # not png/jpg
                 "<img src='http://cdn.other.com/t3.png'>")         # off-site
    assert _urls(html) == ["http://www.huaian.gov.cn/u/cms/table1.png",
                           "http://www.huaian.gov.cn/u/cms/table2.JPG",
                           "http://www.huaian.gov.cn/about.pdf"]
    # an image outside any content container is not the report's
    assert _urls("<html><body><img src='/u/t.png'></body></html>") == []


def test_at_most_the_limit_a_page_documents_first():
    links = "".join(f"<a href='/u/p{i}.pdf'>p{i}</a>" for i in range(12))
    html = _page("<a href='/x/dl.jsp?id=1'>附件下载</a>" + links)
    got = _urls(html)
    assert len(got) == 10
    # the document links outrank the 附件 script link; page order kept among those chosen
    assert got == [f"http://www.huaian.gov.cn/u/p{i}.pdf" for i in range(10)]
    assert _urls(html, limit=3) == [f"http://www.huaian.gov.cn/u/p{i}.pdf" for i in range(3)]
    assert _urls(html, limit=0) == []
    # each URL once, whatever links it twice
    twice = _page("<a href='/u/r.pdf'>附件</a><a href='/u/r.pdf#p2'>下载</a>")
    assert _urls(twice) == ["http://www.huaian.gov.cn/u/r.pdf",
                            "http://www.huaian.gov.cn/about.pdf"]


def test_base_href_and_broken_markup():
    html = ("<html><head><base href='http://www.huaian.gov.cn/files/'></head><body>"
            "<div class='content'><a href='r.pdf'>附件<div><table><td>")
    assert _urls(html) == ["http://www.huaian.gov.cn/files/r.pdf"]
    assert _urls("") == [] and _urls("\x00\x01 not html") == []
    xhtml = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
             "<body><a href='/r.pdf'>附件</a></body></html>")
    assert _urls(xhtml) == ["http://www.huaian.gov.cn/r.pdf"]


def test_registrable_domain():
    assert registrable_domain("zwgk.huaian.gov.cn") == "huaian.gov.cn"
    assert registrable_domain("www.huaian.gov.cn") == "huaian.gov.cn"
    assert registrable_domain("www.gov.cn") == "www.gov.cn"
    assert registrable_domain("www.example.com") == "example.com"
    assert registrable_domain("www.xx.js.cn") == "xx.js.cn"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"
    assert registrable_domain("localhost") == "localhost"
    assert same_site("http://a.huaian.gov.cn/x", "https://b.huaian.gov.cn/y")
    assert not same_site("http://www.huaian.gov.cn/x", "http://www.suqian.gov.cn/y")
    assert not same_site("http://127.0.0.1:80/x", "http://localhost:80/y")


def test_document_kind_by_bytes_and_file_names():
    assert document_kind(b"%PDF-1.7\n...", "text/html") == "pdf"
    assert document_kind(b"\x89PNG\r\n\x1a\n....") == "image"
    assert document_kind(b"<html><body>%PDF-</body></html>", "application/pdf") is None
    assert document_kind(b"") is None and document_kind(None) is None
    assert document_filename("downfile.jsp", "pdf", b"%PDF") == "downfile.jsp.pdf"
    assert document_filename("r.PDF", "pdf", b"%PDF") == "r.PDF"
    assert document_filename("t", "image", b"\x89PNG") == "t.png"
    assert document_filename("t", "image", b"\xff\xd8\xff") == "t.jpg"


# ---------------------------------------------------------------- page + documents

PAGE_REPORT = {"province_key": "jiangsu", "year": 2024, "unit_name": "淮安市人民政府",
               "region_code": "320800", "routing_reason": "province inferred: …; year from content"}


def test_a_document_without_place_or_year_takes_the_pages():
    bare = {"province_key": "unknown", "year": 2025, "unit_name": None,
            "routing_reason": "province not determinable: no unit name found in the text; "
                              "year from content; year not determinable: placed in unknown"}
    assert missing_hints(bare, PAGE_REPORT) == {
        "year": 2024, "province": "jiangsu", "unit_name": "淮安市人民政府",
        "region_code": "320800"}
    # what a manifest said stays: only the rest is inherited
    assert missing_hints(bare, PAGE_REPORT, {"year": 2023}) == {
        "province": "jiangsu", "unit_name": "淮安市人民政府", "region_code": "320800"}


def test_a_document_stating_its_own_unit_and_year_keeps_them():
    own = {"province_key": "jiangsu", "year": 2024, "unit_name": "淮安市淮安区人民政府",
           "routing_reason": "province inferred: …; year from content"}
    assert missing_hints(own, PAGE_REPORT) == {}
    elsewhere = {"province_key": "zhejiang", "year": 2024, "unit_name": None,
                 "routing_reason": "province inferred from host; year from content"}
    assert missing_hints(elsewhere, PAGE_REPORT) == {}      # placed elsewhere: not ours
    only_year = {"province_key": "unknown", "year": 2025, "unit_name": "淮安市人民政府",
                 "routing_reason": "…; year not determinable: placed in unknown"}
    assert missing_hints(only_year, PAGE_REPORT) == {"year": 2024}
    page_unknown = {"province_key": "unknown", "year": 2025, "unit_name": None,
                    "routing_reason": "year not determinable: placed in unknown"}
    assert missing_hints(only_year, page_unknown) == {}


def test_the_member_with_most_facts_carries_the_report():
    # the page links its report's PDF and .docx and a logo: the PDF carries (first of
    # the equals), the page and the logo are absorbed, the .docx stays a copy
    assert choose_carrier([("page", 0), ("pdf", 233), ("docx", 233), ("logo", 0)]) == (
        "pdf", ["page", "logo"])
    # a page with its own tables carries; a document with as many stays a copy
    assert choose_carrier([("page", 233), ("pdf", 233)]) == ("page", [])
    # nobody has facts: the page is the (failed) report, the documents are absorbed
    assert choose_carrier([("page", 0), ("scan", 0)]) == ("page", ["scan"])
    assert choose_carrier([("page", 0)]) == ("page", [])
    assert fact_count({"applications": {"value": [1, 2]}, "quality_checks": {"x": [1] * 5},
                       "review_litigation": {"value": [3]}}) == 3
    assert fact_count(None) == 0
