"""Text normalization shared by cleaning, parsing and contamination.

NFKC turns full-width digits, letters and punctuation into ASCII (１２３ → 123,
（一） → (一)); the other steps remove the invisible characters that Word pastes
and government CMSs leave inside numbers and labels.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# a regex, not str.translate: translate maps every character through a dict (~15x slower)
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_SPACE_CHARS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# every run of spaces becomes one " ": runs of two or more, and single non-ASCII spaces
# (a single " " is left alone rather than replaced by itself, which is most of the work)
_SPACES = re.compile(f"[{_SPACE_CHARS} ]{{2,}}|[{_SPACE_CHARS}]")
_TRAILING = re.compile(r" +\n")
# a character one of the passes below would change (NFKC aside)
_CHANGED_CHARS = re.compile(f"[\r{_ZERO_WIDTH_CHARS}{_SPACE_CHARS}]")


def normalize_text(text: str) -> str:
    """NFKC, unify line ends, drop zero-width characters, fold space runs (tabs kept).

    A text the passes would not change is returned as it is: texts are often
    normalized already (a report text on its way to place search), and the check costs
    a fraction of the passes."""
    if ("  " in text or " \n" in text or _CHANGED_CHARS.search(text) is not None
            or not unicodedata.is_normalized("NFKC", text)):
        return _normalize_passes(text)
    return text


def _normalize_passes(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFKC", text)
    # keep tabs: tab-separated tables are a table shape of their own
    text = _SPACES.sub(" ", text)
    return _TRAILING.sub("\n", text)
