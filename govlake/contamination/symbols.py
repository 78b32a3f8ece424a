"""Symbols spliced into sentences.

Why: SEO farms break up a copied text with decorative symbols and emoji set
between two Chinese characters (政府★信息, 公开㊣工作) so that it no longer matches
the original. A report uses such symbols only as bullets at the start of a line
or in table cells; inside a run of Han characters they are the farm's mark.
"""

from __future__ import annotations

import re

# decorative symbols and emoji; not ①②, √ ×, ※ or the bullets ●■◆ a report itself uses
_SYMBOLS = ("★☆♥♡♣♠♦♧♤♢◇▲△▼▽◎⊙♂♀卍㊣✓✔✘✖➤➥☞☜✿❀❁❃❄✪✫✬✭✮✯✰❤❥❦❧♪♫♬☀☁☂☃☎☏✈✉✌✍✎"
            "\u2700-\u27bf\U0001F300-\U0001FAFF"
            "\u2500-\u257f\u3100-\u312f")  # box drawing and bopomofo: mojibake of a re-encoded copy
_ANY = re.compile(r"[" + _SYMBOLS + r"]")
_SPLICE = re.compile(r"(?<=[\u4e00-\u9fff])[" + _SYMBOLS + r"]{1,3}(?=[\u4e00-\u9fff])")
MIN_SPLICES = 3
# figures masked by a scraper (全年发布**条, ****年度): the copy's numbers are gone
_MASKED = re.compile(r"(?<![*0-9A-Za-z])\*{1,6}(?=\s?[条件年个份宗次项人万元%])")


def find_spliced_symbols(text: str) -> list[tuple[int, str]]:
    """(offset, evidence) of each symbol set inside a run of Han characters, when a
    text has at least MIN_SPLICES of them (one may be a typo)."""
    found = []
    for m in (_SPLICE.finditer(text) if _ANY.search(text) else ()):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < 2:
            continue  # a bullet after one character of numbering
        found.append((m.start(), text[max(0, m.start() - 4):m.end() + 4].replace("\n", " ")))
    masked = [(m.start(), "figure masked: " + text[max(0, m.start() - 6):m.end() + 2].replace("\n", " "))
              for m in _MASKED.finditer(text)] if "*" in text else []
    return (found if len(found) >= MIN_SPLICES else []) + (masked if len(masked) >= MIN_SPLICES else [])
