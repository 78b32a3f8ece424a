"""Source hosts and site URLs: official sites live under gov.cn (a few elsewhere).

A non-government source host is a signal, not proof. A non-government URL that
the text presents as the government's own site ("门户网站(http://www.uqngq.com.cn",
"本文地址:…") is the mark of a mirror that rewrote the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[^\s,,。;;)\)\]】\"'<>]*)?")
_KNOWN = (
    "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com", "cntv.cn", "weibo.com", "qq.com",
    "12377.cn", "chinacourt.org", "cnr.cn", "chinadaily.com.cn", "china.com.cn", "12315.cn",
    "12345.cn", "ccgp.gov.cn", "cpc.people.com.cn", "xuexi.cn", "gjzwfw.gov.cn",
)
_OWN = re.compile(
    r"(?:(?:人民政府|政府|县|市|区|省|局|委|办|厅|门户|单位)[^,。;\n]{0,14}(?:网站|网)[^,。;\n]{0,10}"
    r"|本文地址|原文地址|网址|链接|电子版[^,。;\n]{0,12})[::(\s]*$")


def host_of(url: str) -> str:
    try:
        u = url if "://" in url else "http://" + url
        return (urlsplit(u).hostname or "").lower().rstrip(".")
    except Exception:
        return ""


def is_official(host: str) -> bool:
    host = host.lower()
    if not host:
        return True  # nothing to judge
    if host == "gov.cn" or host.endswith(".gov.cn") or host.endswith(".gov"):
        return True
    return any(host == k or host.endswith("." + k) for k in _KNOWN)


def text_urls(text: str):
    """(match, host, presented_as_own_site) for each non-official URL in the text."""
    for m in URL.finditer(text):
        host = host_of(m.group(0))
        if is_official(host):
            continue
        ls = text.rfind("\n", 0, m.start()) + 1
        before = text[max(ls, m.start() - 40):m.start()]
        yield m, host, bool(_OWN.search(before))
