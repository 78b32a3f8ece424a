"""Text normalization shared by cleaning, parsing and contamination.

NFKC turns full-width digits, letters and punctuation into ASCII (１２３ → 123,
（一） → (一)); the other steps remove the invisible characters that Word pastes
and government CMSs leave inside numbers and labels.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+")
_TRAILING = re.compile(r" +\n")


def normalize_text(text: str) -> str:
    """NFKC, unify line ends, drop zero-width characters, fold space runs (tabs kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = unicodedata.normalize("NFKC", text)
    # keep tabs: tab-separated tables are a table shape of their own
    text = _SPACES.sub(" ", text)
    return _TRAILING.sub("\n", text)
