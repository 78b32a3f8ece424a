"""The speed-ups of parsing, geography and contamination against the plain code they
replace: each fast path must give exactly what the straightforward version gives, on
random texts built from the pieces that trigger its edge cases."""

from __future__ import annotations

import dataclasses
import random
import re
from re import _parser as sre_parse

import pytest

from govlake.contamination import lexicon, pinyin_gloss, salad, template
from govlake.geography import names
from govlake import normalize
from govlake.normalize import normalize_text
from govlake.parsing import cells as cellmod
from govlake.parsing.model import ApplicationFact, DisclosureFact, Provenance, ReviewLitigationFact


def _texts(atoms: list[str], n: int, max_len: int, seed: int = 0):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(atoms) for _ in range(rng.randint(0, max_len)))


# ---------------------------------------------------------------- parsing


def _reference_cells(text: str) -> list[cellmod.Cell]:
    """build_cells as it was: a Cell per part, then split labels merged."""
    cells = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line or line.isspace():
            continue
        parts, delimited = cellmod._split_line(line)
        if delimited and not any(parts):
            continue
        piped = delimited and "|" in line
        for col, part in enumerate(parts):
            c = cellmod.Cell(part, lineno, col, delimited)
            c.ncols = len(parts) if piped else -len(parts)
            cells.append(c)

    def mergeable(i: int) -> bool:
        c = cells[i]
        if c.delimited or len(c.text) != 1:
            return False
        if c.kind != cellmod.VALUE:
            return True
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        return nxt is not None and not nxt.delimited and nxt.text in (".", "、", ")")

    out, i = [], 0
    while i < len(cells):
        if mergeable(i):
            j = i
            while j < len(cells) and mergeable(j):
                j += 1
            if j - i >= 2:
                merged = cellmod.Cell("".join(c.text for c in cells[i:j]), cells[i].line, 0, False)
                if merged.kind != cellmod.TEXT:
                    merged.kind, merged.value = cellmod.TEXT, None
                out.append(merged)
                i = j
                continue
        out.append(cells[i])
        i += 1
    return out


def _cell_fields(cells):
    return [(c.text, c.line, c.col, c.delimited, c.ncols, c.kind, c.value) for c in cells]


def test_build_cells_matches_reference():
    atoms = ["信", "息", "1", "2", "0", ".", "、", ")", "-", "/", "无", " ", "", "\t", "| a | 1 |",
             "|  |  |", "| |", "\t\t", "ab", "12", "1.", "本年新收", "3件", " 7 ", "x\ty", "万", "|", "\u3000"]
    for parts in _texts(atoms, 20000, 14, seed=1):
        text = "\n".join(parts)  # each atom a line
        assert _cell_fields(cellmod.build_cells(text)) == _cell_fields(_reference_cells(text)), text


def test_facts_stay_frozen_dataclasses():
    p = Provenance("三", "(一)予以公开", 2)
    f = ApplicationFact("granted", "commercial", 3.0, p)
    assert p.line is None and f == ApplicationFact("granted", "commercial", 3.0, Provenance("三", "(一)予以公开", 2, None))
    assert hash(f) == hash(ApplicationFact("granted", "commercial", 3.0, Provenance("三", "(一)予以公开", 2)))
    assert repr(p) == "Provenance(section='三', label='(一)予以公开', column=2, line=None)"
    assert dataclasses.asdict(f)["source"] == {"section": "三", "label": "(一)予以公开", "column": 2, "line": None}
    assert dataclasses.replace(f, value=4.0).value == 4.0
    for obj in (p, f, ReviewLitigationFact("review", "total", 1.0, p),
                DisclosureFact("rules", "new", 1.0, "件", p)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.value = 0  # type: ignore[misc]
    assert Provenance(section="二", label="x", column=None, line=5).line == 5


# ---------------------------------------------------------------- geography


def test_normalized_text_fast_path():
    atoms = list("ab 中文\n\t\r,.()（）１２e") + ["\u200b", "\u00ad", "\u00a0", "\u3000", "\u1680", "\u2005",
                                              "\u202f", "\ufeff", "ﬁ", "Ａ", "\u0301", "\u2028", "\x0b", "\u205f"]
    for s in _texts(atoms, 50000, 8, seed=2):
        assert normalize_text(s) == normalize._normalize_passes(s), repr(s)


def test_t2s_shortcut_only_skips_texts_t2s_keeps():
    conv = names._t2s()
    assert names._t2s_changes()  # the tables were read
    for s in ["当涂县人民政府", "乾县人民政府", "武定縣人民政府", "國家", "台湾", "後来", "发展和改革局", "皇后", "於"]:
        if names._t2s_keeps(s):
            assert conv.convert(s) == s, s
    assert not names._t2s_keeps("武定縣")


# ---------------------------------------------------------------- contamination


def test_anchored_frames_match_plain_finditer():
    atoms = ["报告", "工作报告", "工作年度报告", "2019年", "2019年度", "县", "市", "、", "\n", ",", "。", "政府信息公开",
             "365体育", "行政复议、行政诉讼情况", "工作存在的主要问题", "的收费及减免情况", "x", " ", "《", "12"]
    frames = [rx for rx, _ in template.FRAMES if isinstance(rx, template._Anchored)]
    assert frames
    for frame in frames:  # the declared width is the longest match
        assert frame.width == sre_parse.parse(frame.pattern).getwidth()[1]
    for text in _texts(atoms, 20000, 30, seed=3):
        for frame in frames:
            got = [(m.span(), m.group(0), m.start("x")) for m in frame.finditer(text)]
            want = [(m.span(), m.group(0), m.start("x")) for m in frame.rx.finditer(text)]
            assert got == want, (frame.pattern, text)


def test_pure_clauses_match_lookbehind_pattern():
    atoms = ["站点圣庙帮狗吃食", "政府信息", "公开", ",", "。", "、", "\n", "\t", " ", "  ", "a", "1", "《", "》",
             "“", "”", "|", "工作"]
    for text in _texts(atoms, 20000, 20, seed=4):
        got = [(m.group(1), m.span(1), m.group(2)) for m in salad._pure_clauses(text)]
        want = [(m.group(0), m.span(), m.group(1)) for m in salad._PURE_CLAUSE.finditer(text)]
        assert got == want, text


def test_glosses_prefilter():
    atoms = ["數據(jù)", "根(gēn)", "網(wǎng)", "(一)", "(pk)", "(PPP)", "x(xi)", "文", "(", ")", " ", "a", "據"]
    for text in _texts(atoms, 20000, 12, seed=5):
        got = [m.span() for m in pinyin_gloss.find_glosses(text)]
        want = [m.span() for m in pinyin_gloss.GLOSS.finditer(text)
                if pinyin_gloss.is_reading(m.group(1), m.group(2))]
        assert got == want, text


def test_strong_terms_match_single_alternation():
    strong = lexicon._patterns()[0]
    assert strong.latin is not None  # the split search is in use
    terms = lexicon._lexicon()["strong"]
    atoms = terms + [t.upper() for t in terms] + ["a", "B", "m", "P", "K", "ſ", "İ", "ａ", "µ", " ", "\n", ":",
                                                  "官方网", "备用", "2019年", "www.", ".com"]
    for text in _texts(atoms, 20000, 10, seed=6):
        got = [(m.span(), m.group(0)) for m in strong.finditer(text)]
        want = [(m.span(), m.group(0)) for m in strong.plain.finditer(text)]
        assert got == want, text


def test_latin_start_class_covers_every_start():
    strong = lexicon._patterns()[0]
    first = re.compile(strong.latin.pattern[:strong.latin.pattern.index(")") + 1], re.I)  # the look-ahead
    for cp in range(0x110000):
        ch = chr(cp)
        if first.match(ch):
            assert strong.latin_start.match(ch), hex(cp)


def test_slim_skips_only_searches_that_find_nothing():
    from govlake.parsing import html_grid as H

    def plain(f):
        return H._NOISE_ATTR.sub("", H._INLINE.sub("", H._COMMENT.sub("", f)))

    fragments = [
        "<table><tr><td>自然人</td><td>3</td></tr></table>",
        '<table border=1><tr><td colspan="2" STYLE="x">自然人</td></tr></table>',
        "<TABLE><TR><TD><SPAN lang=EN-US>1</SPAN><o:p></o:p></TD><TD><B>2</B></TD></TR></TABLE>",
        "<table><!-- <span>x</span> --><tr><td valign=top>行政复议</td><td x:num>4</td></tr></table>",
        "<table><tr><td><st1:chsdate Year=2021>2021</st1:chsdate></td><td><br>5</td></tr></table>",
        "<table><tr><td>width=3</td><td><strong><em>上年结转</em></strong></td></tr></table>",
        "<table><tr><td>class</td><td rowspan='3' class=\"a\">申请人情况</td></tr></table>",
    ]
    for f in fragments:
        assert H._slim(f) == plain(f), f
