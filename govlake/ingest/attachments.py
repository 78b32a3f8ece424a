"""Links from a report page to the report's own documents (issue 14).

Many governments publish the annual report as an attachment — a PDF, a Word or WPS
file, an OFD file, or images of the tables (a 图片版) — on a page that only links it.
``find_attachments`` reads a fetched page's links and names the ones worth fetching:

* an anchor whose href path ends in .pdf .doc .docx .wps .ofd;
* an anchor whose text says it is one (附件, 下载) or repeats the report's title
  (the page's <title>/<h1>, or 年度报告) — its href may be a download script;
* an image inside the article body (a container whose id/class names the content,
  TRS_Editor, zoom, article, content… — never the header, navigation or footer),
  .png/.jpg only, not an icon, logo, QR code or a declared thumbnail;

each only on the page's own site (the same registrable domain: zwgk.huaian.gov.cn
and www.huaian.gov.cn are one site; an IP address or a single-label host only itself),
http(s), at most ``limit`` a page (10), in page order, each URL once. What a link
turns out to be is decided by its bytes when fetched (govlake.ingest.content): an
HTML page behind a 下载 link is not kept as an attachment.

One lxml parse of a page the fetcher already holds (~1 ms for a 50 KB page); pages
from the landing folder are never scanned, so the landing hot path is unchanged.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from govlake.ingest.content import DOCUMENT_SUFFIXES, suffix_of

MAX_ATTACHMENTS = 10

# second-level public suffixes under which the registrable domain is three labels
_SECOND_LEVEL = {"gov", "com", "net", "org", "edu", "ac", "mil", "idv"}
_CN_PROVINCES = {"bj", "tj", "he", "sx", "nm", "ln", "jl", "hl", "sh", "js", "zj", "ah", "fj",
                 "jx", "sd", "ha", "hb", "hn", "gd", "gx", "hi", "cq", "sc", "gz", "yn", "xz",
                 "sn", "gs", "qh", "nx", "xj", "tw", "hk", "mo"}
_LINK_SUFFIXES = tuple(s for s in DOCUMENT_SUFFIXES if s not in (".png", ".jpg", ".jpeg"))
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
_ANCHOR_WORDS = ("附件", "下载", "年度报告", "年报")
_CONTENT = re.compile(r"TRS_Editor|Custom_UnionStyle|zoom|article|content|detail|main_?text|"
                      r"\bcontent|\bzw\b|zhengwen|\bnr\b|neirong|text|\bcon\b|view|pages_content",
                      re.IGNORECASE)
_CHROME = re.compile(r"header|footer|\bnav|menu|banner|sidebar|\bside\b|\btop\b|\bfoot|"
                     r"\bhead\b|breadcrumb|crumb|share|copyright|\blogo", re.IGNORECASE)
_NOT_REPORT_IMAGE = re.compile(r"logo|icon|banner|qr|ewm|erweima|share|weixin|wechat|weibo|"
                               r"arrow|btn|button|blank|spacer|dot|line|bg[_.]|jiucuo|"
                               r"conac|gongan|beian|print|close", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_MIN_IMAGE_SIDE = 100   # declared width/height below this: an icon, not a table


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    reason: str          # "suffix .pdf" | "anchor text: 附件…" | "article image"
    text: str = ""       # the anchor's text or the image's alt


def registrable_domain(host: str) -> str:
    """The part of a host name a site owns: huaian.gov.cn for zwgk.huaian.gov.cn,
    example.com for www.example.com; an IP address or a single label is itself."""
    host = (host or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    if labels[-2] in _SECOND_LEVEL or (labels[-1] == "cn" and labels[-2] in _CN_PROVINCES):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url_a: str, url_b: str) -> bool:
    try:
        a, b = urlsplit(url_a).hostname or "", urlsplit(url_b).hostname or ""
    except ValueError:
        return False
    return bool(a) and registrable_domain(a) == registrable_domain(b)


def _clean_url(href: str, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


def _text(el) -> str:
    return re.sub(r"\s+", "", el.text_content() or "")


def _title(root) -> str:
    for xpath in ("//title", "//h1"):
        for el in root.xpath(xpath):
            text = _text(el)
            if len(text) >= 6:
                return text
    return ""


def _names_report(text: str, title: str) -> bool:
    if any(w in text for w in _ANCHOR_WORDS):
        return True
    stem = re.sub(r"\.(pdf|docx?|wps|ofd)$", "", text, flags=re.IGNORECASE)
    return len(stem) >= 6 and bool(title) and (stem in title or title in stem)


def _in_article(el) -> bool:
    """Inside a content container and not inside page chrome (nearest decides)."""
    node = el.getparent()
    while node is not None and isinstance(node.tag, str):
        if node.tag in ("header", "footer", "nav"):
            return False
        marks = f"{node.get('id') or ''} {node.get('class') or ''}"
        if marks.strip():
            if _CHROME.search(marks):
                return False
            if _CONTENT.search(marks):
                return True
        if node.tag in ("article", "main"):
            return True
        node = node.getparent()
    return False


def _small(img) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().lower().removesuffix("px")
        if value.isdigit() and int(value) < _MIN_IMAGE_SIDE:
            return True
    return False


def find_attachments(html: str, page_url: str, limit: int = MAX_ATTACHMENTS
                     ) -> list[AttachmentLink]:
    """The links of a report page worth fetching as the report's documents (see above)."""
    if not html or limit <= 0:
        return []
    import lxml.html
    from lxml import etree

    html = _XML_DECLARATION.sub("", html, count=1)   # lxml refuses it on a str (XHTML)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = page_url
    for el in root.xpath("//base[@href]"):
        base = urljoin(page_url, el.get("href"))
        break
    title = _title(root)
    page = _clean_url(page_url, page_url)
    found: dict[str, tuple[int, int, AttachmentLink]] = {}   # url → (rank, order, link)
    for order, el in enumerate(root.iter("a", "img")):
        picked = _anchor(el, base, title) if el.tag == "a" else _image(el, base)
        if picked is None:
            continue
        rank, url, reason, text = picked
        if url == page or not same_site(url, page_url):
            continue
        if url not in found or rank < found[url][0]:
            found[url] = (rank, found[url][1] if url in found else order,
                          AttachmentLink(url, reason, text))
    best = sorted(found.values(), key=lambda t: (t[0], t[1]))[:limit]
    return [link for _, _, link in sorted(best, key=lambda t: t[1])]


_PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# a link named only by the report's title behind a script is another page (a list of
# reports, another year's), not this report's file: only 附件/下载 admit a script URL
_SCRIPT_SUFFIXES = (".asp", ".aspx", ".php", ".jsp", ".do", ".action", ".cgi")


def _anchor(el, base: str, title: str) -> tuple[int, str, str, str] | None:
    """(rank, url, reason, text) of a link to follow: a document's suffix first, then
    附件/下载, then the report's title (a page link — .html — is never one, nor a
    script named only by the title)."""
    url = _clean_url(el.get("href"), base)
    if url is None:
        return None
    text = _text(el) or re.sub(r"\s+", "", el.get("title") or "")
    ext = suffix_of(urlsplit(url).path)
    if ext in _LINK_SUFFIXES:
        return 0, url, f"suffix {ext}", text
    if ext in _PAGE_SUFFIXES:
        return None
    if any(w in text for w in ("附件", "下载")):
        return 1, url, f"anchor text: {text[:40]}", text
    if _names_report(text, title) and ext not in _SCRIPT_SUFFIXES:
        return 2, url, f"anchor text: {text[:40]}", text
    return None


def _image(el, base: str) -> tuple[int, str, str, str] | None:
    """An image of the article body (a 图片版 report's tables), not an icon or logo."""
    src = el.get("src") or el.get("data-src") or el.get("data-original")
    url = _clean_url(src, base)
    if url is None or suffix_of(urlsplit(url).path) not in _IMAGE_SUFFIXES:
        return None
    if _small(el) or _NOT_REPORT_IMAGE.search(urlsplit(url).path.rsplit("/", 1)[-1]) \
            or not _in_article(el):
        return None
    return 1, url, "article image", (el.get("alt") or "").strip()
