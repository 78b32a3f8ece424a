"""Injected text: gambling-site names appended to the title, spam phrases spliced
into sentences ("广东快乐十分官方网:清晰明了").

Title suffixes are judged by what they say (a lexicon brand or a site-ish word
such as 官方网/网址/娱乐), never by their mere presence: "- XX县人民政府" and
"_中国政府网" are ordinary title tails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon

_SEP = re.compile(r"\s+[-–—|]\s*|\s*[-–—|]\s+|_|\|")
_SITEISH = re.compile(r"官方网|官网|网址|娱乐|平台|注册|开户|登录|app|\.com|bet|体育|彩", re.I)
_GOVISH = re.compile(r"人民政府|政府|局|委员会|办公|厅|中国政府网|门户|gov|公开|报告|人大|政协|法院|检察院|党")
_TITLEISH = re.compile(r"报告|政府|公开|年度")


@dataclass(frozen=True)
class TitleInjection:
    suffix: str        # the injected text including its separator
    start: int         # offset of the separator within the title string
    strong: bool       # a lexicon brand (vs. only site-ish words)


def title_injection(title: str) -> TitleInjection | None:
    """The injected tail of a title ("… - 广东快乐十分官方网"), if any."""
    if not title:
        return None
    seps = list(_SEP.finditer(title))
    for sep in seps:  # earliest separator whose whole tail is spam
        head, tail = title[:sep.start()], title[sep.end():]
        if not tail.strip():
            continue
        segments = [t for t in _SEP.split(tail) if t.strip()]
        if not segments:      # only separators left (a table row's "| ||"): nothing said
            continue
        strong = all(any(h.strong for h in lexicon.find_hits(t)) for t in segments)
        siteish = all(_SITEISH.search(t) and not _GOVISH.search(t) for t in segments)
        if strong or siteish:
            if not head.strip() and not strong:
                continue
            return TitleInjection(title[sep.start():], sep.start(), strong)
    return None


def title_line(text: str) -> tuple[int, str] | None:
    """(offset, line) of the first non-empty line when it reads like a page title."""
    off = 0
    for line in text.split("\n", 3)[:3]:
        if line.strip():
            if _SEP.search(line) and (_TITLEISH.search(line) or lexicon.find_hits(line)):
                return off, line
            return None
        off += len(line) + 1
    return None


def spliced(text: str, hit: lexicon.Hit) -> bool:
    """A brand phrase inside running text (not a line of its own)."""
    ls = text.rfind("\n", 0, hit.start) + 1
    le = text.find("\n", hit.span_end)
    le = len(text) if le < 0 else le
    rest = (text[ls:hit.start] + text[hit.span_end:le]).strip()
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 4
