"""Mirror copies: a report on a host that is not the government's own.

Why (docs/DOMAIN.md §4): whole government sites are copied onto SEO farms, hijacked
and expired domains and document-scraper sites. Such a copy is not the official
publication, carries the farm's links and can be altered at any time, so it is
contaminated even when its text is intact. Official hosts are gov.cn and its
subdomains plus a short allowlist (govlake/data/contamination/official_hosts.txt,
extended by $GOVLAKE_OFFICIAL_HOSTS, comma-separated). The government CMS's path
shape kept on a foreign host (/art/2020/2/28/art_…, t20230116_…, /zwgk/…) is the
farm's fingerprint and is named in the evidence.
"""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from urllib.parse import urlsplit

ENV = "GOVLAKE_OFFICIAL_HOSTS"
WEIGHT_WITH_PATH = 0.9
WEIGHT_HOST_ONLY = 0.7

# path shapes of the CMSs government sites run on (and that mirrors keep)
CMS_PATH = re.compile(
    r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+"            # Hanweb (浙江, 江西 …)
    r"|/t20\d{6}_\d+"                                  # TRS: t20230116_1234.html
    r"|/content/post_\d+"                              # 广东 sites
    r"|/col/col\d+"
    r"|/(?:zwgk|xxgk|zfxxgk|zfxxgkml|xxgkml|gkml|zwxxgk|govinfo|gongkai|zfjgzy|zfxxgknb|gknb|ndbg|"
    r"zdlyxxgk|zfxxgkmlfg|xxgkzl|zwgkml)(?=[/_.])"
    r"|/doc_\d+\.html|/channel_\d+"
    r"|/\d{6}/t\d{8}_\d+",
    re.I)


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[str, ...]:
    path = resources.files("govlake") / "data" / "contamination" / "official_hosts.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(ln.strip().lower().lstrip(".") for ln in lines if ln.strip() and not ln.startswith("#"))


def official_suffixes() -> tuple[str, ...]:
    extra = tuple(h.strip().lower().lstrip(".") for h in os.environ.get(ENV, "").split(",") if h.strip())
    return ("gov.cn",) + _shipped() + extra


def is_official_source(host: str) -> bool:
    """Whether a source host is an official publisher's (gov.cn or allowlisted)."""
    host = (host or "").lower().rstrip(".")
    return any(host == s or host.endswith("." + s) for s in official_suffixes())


def cms_shape(url: str) -> str | None:
    """The government-CMS path shape a URL keeps, if any (e.g. '/art/2024/1/22/art_23998')."""
    try:
        path = urlsplit(url if "://" in url else "http://" + url).path
    except ValueError:
        return None
    m = CMS_PATH.search(path)
    return m.group(0) if m else None


def mirror_signal(url: str | None, host: str) -> tuple[str, float] | None:
    """(evidence, weight) when the copy sits on a non-official host; None otherwise
    (and None without a known host: no host, no signal)."""
    if not host or is_official_source(host):
        return None
    shape = cms_shape(url or "")
    if shape:
        return f"{host} (government CMS path kept: {shape})", WEIGHT_WITH_PATH
    return f"{host} (not a government host)", WEIGHT_HOST_ONLY
