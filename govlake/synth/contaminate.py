"""Spam contamination of a synthetic page, at a realistic rate (docs/DOMAIN.md §4).

Kinds (as in the truth file): phrase_substitution (every 政府信息公开 — or the unit's
name — replaced by a gambling brand), title_injection (a site name appended to the
<title>), spliced_phrase (spam phrases spliced into sentences), word_salad
(nonsense sentences), traditional_pinyin (mirror re-rendering in Traditional
characters with pinyin glosses). The injection helpers and brand lists are the
contamination eval set's (govlake.contamination.evalset), reused as they are.
"""

from __future__ import annotations

import functools
import random

from govlake.contamination import evalset as ev

KINDS = ("phrase_substitution", "title_injection", "spliced_phrase", "word_salad", "traditional_pinyin")
# per-page probability of each primary kind; total ≈ 10 %
RATES = (("phrase_substitution", 0.03), ("title_injection", 0.025), ("spliced_phrase", 0.02),
         ("word_salad", 0.015), ("traditional_pinyin", 0.01))


@functools.lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    return tuple(ev._salad_words())


def choose(rng: random.Random, rate_scale: float = 1.0) -> list[str]:
    """The contamination kinds of one page ([] for most pages)."""
    x = rng.random()
    acc = 0.0
    for kind, p in RATES:
        acc += p * rate_scale
        if x < acc:
            kinds = [kind]
            if kind == "title_injection" and rng.random() < 0.5:   # seed 004: title + splice + salad
                kinds += ["spliced_phrase"] + (["word_salad"] if rng.random() < 0.5 else [])
            if kind == "phrase_substitution" and rng.random() < 0.3:
                kinds.append("title_injection")
            return kinds
    return []


def on_blocks(blocks: list[tuple], kinds: list[str], rng: random.Random) -> list[tuple]:
    """Splice spam phrases / word salad into the prose paragraphs."""
    if not ({"spliced_phrase", "word_salad"} & set(kinds)):
        return blocks
    paras = [i for i, b in enumerate(blocks) if b[0] == "p" and len(b[1]) > 40]
    out = list(blocks)
    if "spliced_phrase" in kinds and paras:
        brand = rng.choice(ev.SPLICE)
        for i in rng.sample(paras, min(len(paras), rng.randint(1, 4))):
            t = out[i][1]
            out[i] = ("p", ev._insert(t, ev._clause_starts(t, rng, 1), lambda: brand))
    if "word_salad" in kinds and paras:
        words = list(_words())
        for i in rng.sample(paras, min(len(paras), rng.randint(1, 3))):
            t = out[i][1]
            out[i] = ("p", ev._insert(t, ev._clause_starts(t, rng, rng.randint(1, 2)),
                                      lambda: ev._salad(rng, words)))
    return out


def title_tail(kinds: list[str], rng: random.Random) -> str:
    return rng.choice(ev.TITLE_SPAM) if "title_injection" in kinds else ""


def on_page(html: str, kinds: list[str], unit: str, rng: random.Random) -> tuple[str, dict]:
    """Page-wide kinds: substitution and Traditional re-rendering. Returns (html, details)."""
    detail: dict = {}
    if "phrase_substitution" in kinds:
        if rng.random() < 0.3 and unit in html:
            brand = rng.choice(ev.UNIT_BRANDS)
            html = html.replace(unit, brand)
            detail["substituted"] = {unit: brand}
        else:
            brand = rng.choice(ev.BRANDS)
            html = html.replace(ev.OPEN, brand)
            detail["substituted"] = {ev.OPEN: brand}
    if "traditional_pinyin" in kinds:
        rate = rng.choice((0.3, 0.6, 1.0))
        html = ev._traditional(html, rng, rate)
        detail["gloss_rate"] = rate
    return html, detail
