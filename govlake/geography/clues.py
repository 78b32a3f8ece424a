"""A province from what a report states about itself, when its name and host leave it open.

Why: a mirror copy whose brand replaced the place name still carries the unit's
postcode, its telephone and the channels it publishes on. Each alone names a province
(postcode.py, areacode.py, channels.py); together they are taken only when every one
agrees, so two clues that disagree leave the province unknown rather than guessed.
"""

from __future__ import annotations

from govlake.geography.areacode import area_codes, stated_area_codes
from govlake.geography.channels import channel_clues
from govlake.geography.postcode import province_of_postcode, stated_postcodes


def stated_province(text: str) -> tuple[str, str] | None:
    """(province key, what placed it) when the text's postcodes, telephone area codes
    and named channels all point to one province; None when there is none or they differ
    (a postcode allocated to no province counts as disagreeing)."""
    if not text:
        return None
    postcodes, phones = stated_postcodes(text), stated_area_codes(text)
    clues = [(province_of_postcode(c), f"the stated postcode {c}") for c in postcodes[:1]]
    clues += [(area_codes()[c], f"the telephone area code {c}") for c in phones[:1]]
    clues += [(c.province_key, f"{c.name} named as its {c.kind} ({c.phrase})")
              for c in channel_clues(text)]
    keys = ({province_of_postcode(c) for c in postcodes} | {area_codes()[c] for c in phones}
            | {k for k, _ in clues})
    if len(keys) != 1 or None in keys:
        return None
    return keys.pop(), "; ".join(dict.fromkeys(why for _, why in clues[:3]))
