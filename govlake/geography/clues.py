"""A province from what a report states about itself, when its name and host leave it open.

Why: a mirror copy whose brand replaced the place name still carries the unit's
postcode, its telephone and the channels it publishes on. Each alone names a province
(postcode.py, areacode.py, channels.py); together they are taken only when every one
agrees, so two clues that disagree leave the province unknown rather than guessed.
"""

from __future__ import annotations

from govlake.geography.areacode import area_code_province, stated_area_codes
from govlake.geography.channels import channel_clues
from govlake.geography.postcode import postcode_province, stated_postcodes


def stated_province(text: str) -> tuple[str, str] | None:
    """(province key, what placed it) when the text's postcodes, telephone area codes
    and named channels all point to one province; None when there is none or they differ."""
    if not text:
        return None
    clues: list[tuple[str, str]] = []
    found = postcode_province(text)
    if found:
        clues.append((found[0], f"the stated postcode {found[1]}"))
    elif stated_postcodes(text):
        return None          # postcodes of two provinces, or of none
    found = area_code_province(text)
    if found:
        clues.append((found[0], f"the telephone area code {found[1]}"))
    elif stated_area_codes(text):
        return None          # area codes of two provinces
    for c in channel_clues(text):
        clues.append((c.province_key, f"{c.name} named as its {c.kind} ({c.phrase})"))
    keys = {k for k, _ in clues}
    if len(keys) != 1:
        return None
    return keys.pop(), "; ".join(dict.fromkeys(why for _, why in clues[:3]))
