"""A province from the unit's own postcode, when nothing else places a report.

Why: a report's contact line gives the unit's address and postcode (地址:…;
邮编:344000). China's postal codes are allocated by province in their first two
digits (a national scheme, stable since 1980), so a stated postcode places a
report in its province when the name and host cannot — typically a mirror copy
whose place name a brand replaced. Only the province: the later digits are
allocated by postal district, not by administrative division.
"""

from __future__ import annotations

import re

# first two digits → province key (China Post allocation)
_PREFIX: dict[str, str] = {}
for key, prefixes in {
    "beijing": "10", "shanghai": "20", "tianjin": "30", "chongqing": "40",
    "neimenggu": "01 02", "shanxi": "03 04", "hebei": "05 06 07", "liaoning": "11 12",
    "jilin": "13", "heilongjiang": "15 16", "jiangsu": "21 22", "anhui": "23 24",
    "shandong": "25 26 27", "zhejiang": "31 32", "jiangxi": "33 34", "fujian": "35 36",
    "hunan": "41 42", "hubei": "43 44", "henan": "45 46 47", "guangdong": "51 52",
    "guangxi": "53 54", "guizhou": "55 56", "hainan": "57", "sichuan": "61 62 63 64",
    "yunnan": "65 66 67", "shaanxi": "71 72", "gansu": "73 74", "ningxia": "75",
    "qinghai": "81", "xinjiang": "83 84", "xizang": "85 86",
}.items():
    for p in prefixes.split():
        _PREFIX[p] = key

_STATED = re.compile(r"(?:邮编|邮政编码|郵編|郵政編碼)\s*[:：]?\s*(\d{6})(?!\d)")


def stated_postcodes(text: str) -> list[str]:
    """The postcodes a text states (邮编:344000), in order."""
    return _STATED.findall(text or "")


def province_of_postcode(code: str) -> str | None:
    """The province key a postcode's first two digits are allocated to, or None."""
    return _PREFIX.get(code[:2])
