"""Property-based tests (hypothesis) of the decoders and the report parser.

Inputs are generated, and what must hold whatever they are is checked:

Decoding (govlake/decoding.py decode_bytes)
- any bytes, with any Content-Type and any <meta charset> (real, unknown, or codecs
  that are no text encoding at all): a Decoded, or the documented UndecodableContent
  for empty or binary bytes; never another exception.
- text in utf-8 / gb18030 / gbk / big5 (and utf-16, which only a BOM announces), with
  and without BOM, declared by header, by <meta>, not at all, or by a header that lies,
  cut at any byte: never raises; given its own charset (or a BOM) it reads back exactly
  — cut, exactly the characters whose bytes are all there.

Parsing (govlake.parsing.parse_report on text, govlake.pipeline.process on HTML)
- sections 二/三/四 in the template's labels (govlake/schema.py, govlake/synth/tables.py)
  with random non-negative integers, blanks, '/' and other blank marks, padding cells,
  rendered in the shapes the parser reads (`| a | b |` rows, tab rows, one cell per line
  ending in '|', PDF text, HTML <table> with rowspan/colspan) and cut at a random point:
  no exception and no internal error, parse_status in ok/partial/failed, and every
  figure emitted is a number standing as a cell of the input — or, for the derived rows,
  the sum of emitted figures (`other` = Σ 其他处理 sub-rows, `litigation` = direct +
  after review).
- a complete (no blank) table, not cut: exactly the generated figures, status ok. HTML
  through the pipeline, blanks allowed: never `ok` with figures other than the table's.

Deterministic (derandomize=True) and without an example database; hypothesis's caches
go to a temporary directory, never into the repository.
"""

from __future__ import annotations

import codecs
import functools
import html as _html
import os
import random
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from govlake import schema
from govlake.decoding import Decoded, UndecodableContent, canonical, decode_bytes, sniff_binary
from govlake.normalize import normalize_text
from govlake.parsing import parse_report
from govlake.pipeline import SourceRef, process
from govlake.synth import shapes as S
from govlake.synth.tables import TCell, app_row_layout, section2_rows, section3_grid, \
    section4_grid

# hypothesis keeps caches (constants, charmaps) in its storage directory: not in the repo
set_hypothesis_home_dir(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
                        or Path(tempfile.gettempdir()) / "govlake-hypothesis")


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


# ================================================================ decoding

# charsets a header or a <meta> may name: real ones, aliases, unknown names, and codecs
# Python knows that are no text encoding or raise oddly (undefined, punycode, idna, base64)
CHARSET_NAMES = (
    "utf-8", "UTF-8", "utf8", "gbk", "GBK", "gb2312", "GB2312", "gb18030", "cp936", "x-gbk",
    "euc-cn", "hz-gb-2312", "big5", "Big5", "big5-hkscs", "cp950", "iso-8859-1", "latin1",
    "us-ascii", "ascii", "unicode", "utf-16", "utf-16le", "utf-32", "utf-7", "shift_jis",
    "euc-jp", "euc-kr", "koi8-r", "windows-1252", "cp1252", "mac-roman", "undefined",
    "punycode", "idna", "base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri",
    "unicode_escape", "raw_unicode_escape", "x-unknown", "none", "-", "",
)
METHODS = ("bom", "header", "meta", "detected", "fallback")


def _content_types():
    named = st.sampled_from(CHARSET_NAMES).map(lambda n: f"text/html; charset={n}")
    return st.one_of(st.none(), named, st.sampled_from(("text/html", "application/pdf", "")),
                     st.text(max_size=40))


def _decode(data: bytes, content_type: str | None) -> Decoded | None:
    """decode_bytes, checked: a Decoded, or UndecodableContent for empty or binary bytes
    only; any other exception fails the test."""
    try:
        d = decode_bytes(data, content_type)
    except UndecodableContent:
        assert not data or sniff_binary(data) is not None, "refused bytes that may be text"
        return None
    assert isinstance(d, Decoded) and isinstance(d.text, str)
    assert d.method in METHODS
    codecs.lookup(d.encoding)  # a real codec name
    return d


# bytes that look like Chinese pages more often than st.binary() does: lead/trail bytes
# of the double-byte encodings, ASCII, markup, the magic of binary formats
_PAGE_BYTES = st.lists(st.one_of(
    st.integers(0x80, 0xFF), st.integers(0x20, 0x7E), st.sampled_from(b"\n\t<>=\"'\x00"),
), max_size=600).map(bytes)
_MAGIC = st.sampled_from((b"", b"", b"%PDF-", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b",
                          codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                          codecs.BOM_UTF32_LE, b"\x84\x31\x95\x33"))


@_settings(400)
@given(body=st.one_of(st.binary(max_size=600), _PAGE_BYTES), magic=_MAGIC,
       meta=st.none() | st.sampled_from(CHARSET_NAMES), content_type=_content_types())
def test_decode_any_bytes_never_raises(body, magic, meta, content_type):
    data = magic + (f'<meta charset="{meta}">'.encode() if meta is not None else b"") + body
    _decode(data, content_type)


# ---------------------------------------------------------------- texts in an encoding

ENCODINGS = ("utf-8", "gb18030", "gbk", "big5", "utf-16")
# the names a page may give each encoding in (canonical() maps them all to its codec)
DECLARED = {"utf-8": ("utf-8", "UTF-8", "utf8"), "gb18030": ("gb18030", "GB18030"),
            "gbk": ("gbk", "GBK", "gb2312", "cp936", "x-gbk"), "big5": ("big5", "BIG5"),
            "utf-16": ("utf-16",)}
# U+FEFF in each encoding that has a BOM (gbk and big5 have none; Python's utf-16
# encoder writes one itself)
BOMS = {"utf-8": codecs.BOM_UTF8, "gb18030": "\ufeff".encode("gb18030"),
        "utf-16": codecs.BOM_UTF16_LE}
_ASCII = [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t"]
# beyond CJK and ASCII: Latin-1, Greek, Cyrillic, symbols, circled numbers, CJK
# punctuation, kana, full-width forms — where the double-byte tables differ most
_EDGE_RANGES = ((0xA0, 0x180), (0x370, 0x460), (0x2000, 0x2800), (0x3000, 0x3100),
                (0x3200, 0x3400), (0xFE30, 0xFFF0))


def _encodes(ch: str, enc: str) -> bool:
    try:
        ch.encode(enc)
    except UnicodeEncodeError:
        return False
    return True


def _big5_read_otherwise(ch: str) -> bool:
    """Whether Big5-HKSCS — the codec a declared Big5 page is read with, as browsers do —
    reads this character's Big5 bytes as another character: Python's big5 puts the ETEN
    row (①, kana, Cyrillic at C6A1–C8FE) where HKSCS has other characters. Such a text
    cannot read back exactly whichever table is chosen; they are left out of big5 texts."""
    b = ch.encode("big5")
    try:
        return b.decode("big5hkscs") != ch
    except UnicodeDecodeError:
        return False  # HKSCS cannot read it: the decoder falls back to Big5 itself


@functools.lru_cache(maxsize=None)
def _alphabet(enc: str) -> tuple[list[str], ...]:
    """(CJK, other, widened-unreadable) characters encodable in `enc`, without U+FEFF (a
    leading one cannot be told from a BOM) and NUL (binary). The last: characters whose
    bytes the codec a declared `enc` is widened to (canonical: big5 → big5hkscs) cannot
    read — few, so drawn on their own or hypothesis would hardly meet them."""
    codec = "utf-16-le" if enc == "utf-16" else enc
    wide = canonical(enc)

    def ok(ch: str) -> bool:
        return _encodes(ch, codec) and not (enc == "big5" and _big5_read_otherwise(ch))

    def unreadable(ch: str) -> bool:
        try:
            ch.encode(codec).decode(wide)
        except UnicodeDecodeError:
            return True
        return False

    cjk = [c for c in map(chr, range(0x4E00, 0xA000)) if ok(c)]
    edge = [c for lo, hi in _EDGE_RANGES for c in map(chr, range(lo, hi))
            if c != "\ufeff" and ok(c)]
    if enc in ("utf-8", "gb18030", "utf-16"):  # beyond the BMP: four bytes
        edge += [chr(c) for c in (0x20000, 0x2A6D6, 0x1F600, 0x10000, 0x10FFFD)]
    special = [c for c in cjk + edge if unreadable(c)] if enc in ("gbk", "big5") else []
    return cjk, edge, special


@functools.lru_cache(maxsize=None)
def _texts(enc: str):
    cjk, edge, special = _alphabet(enc)
    chars = st.one_of(st.sampled_from(cjk), st.sampled_from(_ASCII), st.sampled_from(edge),
                      *([st.sampled_from(special)] if special else []))
    # lists of one_of, not st.text(alphabet=…): text() merges the alphabets into one set of
    # code points and draws mostly the lowest, so the few special characters never came up
    return st.lists(chars, max_size=120).map("".join)


def _encode(text: str, enc: str, bom: bool) -> bytes:
    codec = "utf-16-le" if enc == "utf-16" else enc
    return (BOMS[enc] if bom else b"") + text.encode(codec)


def _readable_prefix(text: str, enc: str, head: int, available: int) -> str:
    """The characters of `text` whose bytes all lie in the first `available` bytes, the
    text's own bytes starting at `head` (after a BOM, a <meta>)."""
    codec = "utf-16-le" if enc == "utf-16" else enc
    n = head
    for k, ch in enumerate(text):
        n += len(ch.encode(codec))
        if n > available:
            return text[:k]
    return text


@st.composite
def encoded_texts(draw):
    enc = draw(st.sampled_from(ENCODINGS))
    text = draw(_texts(enc))
    bom = enc == "utf-16" or (enc in BOMS and draw(st.booleans()))
    how = draw(st.sampled_from(("header", "meta", "none", "lie")
                               if enc != "utf-16" else ("header", "none", "lie")))
    name = draw(st.sampled_from(DECLARED[enc]))
    lie = draw(st.sampled_from(CHARSET_NAMES))
    cut = draw(st.none() | st.integers(min_value=0))
    return enc, text, bom, how, name, lie, cut


@_settings(500)
@given(case=encoded_texts())
def test_decode_encoded_text(case):
    enc, text, bom, how, name, lie, cut = case
    meta = f'<meta charset="{name}">' if how == "meta" else ""
    whole = meta + text
    data = _encode(whole, enc, bom)
    if cut is not None:
        data = data[:cut % (len(data) + 1)]
    content_type = {"header": f"text/html; charset={name}", "lie": f"text/html; charset={lie}"
                    }.get(how)
    d = _decode(data, content_type)
    if d is None:
        return  # refused: empty, or the text starts like a binary format (GIF8, PK…)

    head = len(BOMS[enc]) if bom else 0
    expected = _readable_prefix(whole, enc, head, len(data))
    honest = how == "header" or (how == "lie" and canonical(lie) == canonical(name))
    meta_whole = how == "meta" and len(data) >= head + len(meta.encode())
    bom_whole = bom and len(data) >= head
    # given its own charset (header, or a <meta> that was not cut away) or a BOM — which
    # wins over any header — a text reads back exactly: cut, the characters whose bytes
    # are all there. utf-8 needs no declaration at all.
    if bom_whole or honest or meta_whole or (enc == "utf-8" and how == "none"):
        assert d.text == expected, (d.encoding, d.method)


@_settings(200)
@given(text=_texts("utf-8"), enc=st.sampled_from(("utf-8", "gb18030", "gbk")),
       lie=st.sampled_from(CHARSET_NAMES), cut=st.integers(min_value=0))
def test_decode_lying_meta_and_header_never_raise(text, enc, lie, cut):
    """A <meta> and a header that both lie (or name what is no text encoding)."""
    body = ("<meta charset=\"%s\">" % lie + text).encode(enc, errors="replace")
    for data in (body, body[:cut % (len(body) + 1)]):
        _decode(data, f"text/html; charset={lie}")
        _decode(data, None)


# ================================================================ parsing

BLANK_MARKS = ("", "/", "-", "—", "无")  # cells that say "not given"
TITLE = "花溪区2021年政府信息公开工作年度报告"
PREAMBLE = ("本报告由花溪区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。"
            "本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。")
OVERVIEW = "我区坚持便民、务实、高效原则,紧紧围绕重点领域信息公开工作,不断提升政务公开质量。" * 3
ISSUES = "一是部分重点领域信息公开质量不高;二是信息更新不够及时。下一步将加强培训。"
HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况")

# section 二's (item, measure) cells in template order, as synth/tables.section2_rows lays them
DISC_KEYS = {
    "2021": [("rules", m) for m in ("issued", "repealed", "in_force")]
    + [("normative_docs", m) for m in ("issued", "repealed", "in_force")]
    + [("licensing", "decisions"), ("penalty", "decisions"), ("enforcement", "decisions"),
       ("fees", "amount_wan_yuan")],
    "2019": [(i, m) for i in ("rules", "normative_docs") for m in ("issued", "published", "total_public")]
    + [(i, m) for i in ("licensing", "other_services", "penalty", "enforcement")
       for m in ("prior_year_items", "change", "decisions")]
    + [("fees", "prior_year_items"), ("fees", "change"), ("procurement", "projects"),
       ("procurement", "amount_wan_yuan")],
}
TEXT_SHAPES = ("pipe_rows", "pipe_grid", "tsv", "cell_lines", "pdf")
HTML_STYLES = ("plain", "word")  # synth/shapes.html_table: tidy CMS, Word-paste markup
PADS = ((0,), (1,), (2,), (0, 1, 2), (1, 0))


def _cells(draw, n: int) -> list[str]:
    """n cell texts: non-negative integers, and in half the tables blank marks at some
    positions (drawn as positions: a draw per cell would double the cost)."""
    cells = [str(v) for v in draw(st.lists(st.integers(0, 10**7), min_size=n, max_size=n))]
    if draw(st.booleans()):
        for pos in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n // 4)):
            cells[pos] = BLANK_MARKS[pos % len(BLANK_MARKS)]
    return cells


def _section2_rows(fmt: str, disc: dict) -> list[list[TCell]]:
    figures = {}
    for (item, measure), v in disc.items():
        figures.setdefault(item, {})[measure] = v
    return section2_rows(SimpleNamespace(fmt=fmt, active_disclosure=figures), random.Random(0), {})


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _text_lines(rows: list[list[TCell]], shape: str, pads: tuple[int, ...]) -> list[str]:
    """One table in a text shape; `pads`: empty cells appended to each row, cycled."""
    pad = [pads[r % len(pads)] for r in range(len(rows))]
    if shape == "pipe_rows":  # ragged rows: a row's own cells (rowspans not expanded), a
        # colspan followed by empty cells — as other extractors and older trafilatura give
        return [_pipe([t for c in row for t in [c.text] + [""] * (c.colspan - 1)] + [""] * p)
                for row, p in zip(rows, pad)]
    if shape == "pipe_grid":  # trafilatura 2.3: spans expanded into empty cells, one width
        return [_pipe(cells + [""] * p) for cells, p in zip(S.grid(rows), pad)]
    if shape == "tsv":
        return ["\t".join(cells + [""] * p) for cells, p in zip(S.grid(rows), pad)]
    if shape == "cell_lines":  # one cell per line ending in '|', padding pipes on a row's last
        out = []
        for row, p in zip(rows, pad):
            lines = S.pipe_lines([row])
            lines[-1] += " " + "|" * p if p else ""
            out += lines
        return out
    return S.pdf_lines(rows)


def _html_table(rows: list[list[TCell]], style: str, pads: tuple[int, ...]) -> str:
    markup = S.html_table(rows, style, split_numbers=style == "word")
    k = iter(range(10**6))
    return re.sub("</tr>", lambda m: "<td></td>" * pads[next(k) % len(pads)] + "</tr>", markup)


@st.composite
def reports(draw, shape: str):
    """A generated report: (fmt, apps, rl, disc, the input (text or HTML), how it was made)."""
    fmt = draw(st.sampled_from(("2019", "2021")))
    codes = [code for code, _, _ in app_row_layout(fmt)]
    cells = _cells(draw, 7 * len(codes) + 15)
    apps = {code: cells[7 * k:7 * k + 7] for k, code in enumerate(codes)}
    rl = cells[-15:]
    disc = dict(zip(DISC_KEYS[fmt], draw(st.lists(st.integers(0, 10**6), min_size=len(DISC_KEYS[fmt]),
                                                  max_size=len(DISC_KEYS[fmt])))))
    pads = draw(st.sampled_from(PADS))
    short = draw(st.booleans())
    tables = [_section2_rows(fmt, disc), section3_grid(fmt, apps), section4_grid(rl, short)]
    if shape in HTML_STYLES:
        style = shape
        how = f"html/{style}/pad{pads}"
        body = [f"<h1>{TITLE}</h1>", f"<p>{PREAMBLE}</p>", "<p>一、总体情况</p>", f"<p>{OVERVIEW}</p>"]
        for heading, rows in zip(HEADINGS, tables):
            body += [f"<p>{heading}</p>", _html_table(rows, style, pads)]
        body += [f"<p>{HEADINGS[3]}</p>", f"<p>{ISSUES}</p>"]
        charset = draw(st.sampled_from(("utf-8", "gb18030")))
        page = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{TITLE}</title>'
                f'</head><body><div class="article"><div class="content" id="zoom">'
                + "\n".join(body) + "</div></div></body></html>")
        cut = draw(st.none() | st.integers(0, len(page)))
        source = (page if cut is None else page[:cut], charset)
    else:
        how = f"{shape}/pad{pads}"
        lines = [TITLE, PREAMBLE, "一、总体情况", OVERVIEW]
        for heading, rows in zip(HEADINGS, tables):
            lines += [heading] + _text_lines(rows, shape, pads)
        lines += [HEADINGS[3], ISSUES]
        text = normalize_text("\n".join(lines))
        cut = draw(st.none() | st.integers(0, len(text)))
        source = text if cut is None else text[:cut]
    complete = not any(v in BLANK_MARKS for v in [*rl, *(c for r in apps.values() for c in r)])
    return Case(fmt=fmt, apps=apps, rl=rl, disc=disc, source=source, cut=cut,
                complete=complete, how=how)


class Case(SimpleNamespace):
    """A generated report; its repr (what a failure prints) leaves out the rendered input."""

    def __repr__(self) -> str:
        rows = "; ".join(f"{code}: {' '.join(v or '_' for v in row)}" for code, row in self.apps.items())
        return (f"Case({self.how}, fmt={self.fmt}, cut={self.cut}, complete={self.complete}, "
                f"apps=[{rows}], rl={' '.join(v or '_' for v in self.rl)}, disc={self.disc})")


# ---------------------------------------------------------------- what the input holds

_NUMBER = re.compile(r"\d+")
_CELL_END = re.compile(r"</?(?:td|th|tr|p|br|table|tbody|thead|div|h1|title|head|body|html)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>|<[^>]*$")


def _cell_numbers(text: str) -> set[float]:
    """The numbers that stand as a whole cell of a text: split at '|', tabs and lines."""
    cells = (c.strip() for c in re.split(r"[|\t\n]", text))
    return {float(c) for c in cells if _NUMBER.fullmatch(c)}


def _html_cell_numbers(page: str) -> set[float]:
    """The numbers that stand as a whole cell (or paragraph) of an HTML page."""
    text = _TAG.sub("", _CELL_END.sub("\n", page))
    return _cell_numbers(_html.unescape(text).replace("\xa0", " "))


def _check_sourced(app: dict, rl: dict, others: list, allowed: set[float], fmt: str) -> None:
    """Every figure is a cell of the input, or a derived row's sum of emitted figures.
    `app`, `rl`: figures by (row, applicant), (proceeding, outcome); `others`: (what,
    figure) of section 二 and of legacy indicators."""
    for (row, applicant), value in app.items():
        if row == "other" and fmt == "2021":
            subs = [app[(s, applicant)] for s in schema.OTHER_SUBROWS if (s, applicant) in app]
            assert subs and value == sum(subs), ("other", applicant, value, subs)
        else:
            assert value in allowed, (row, applicant, value)
    for (proc, outcome), value in rl.items():
        if proc == "litigation":
            parts = [rl.get((p, outcome)) for p in ("litigation_direct", "litigation_after_review")]
            assert None not in parts and value == sum(parts), (outcome, value, parts)
        else:
            assert value in allowed, (proc, outcome, value)
    for what, value in others:
        assert value in allowed, (what, value)


def _check_report(r, allowed: set[float], fmt: str) -> None:
    app, rl, disc = _got(r)
    others = list(disc.items()) + [(f.indicator, f.value) for f in r.legacy_indicators]
    _check_sourced(app, rl, others, allowed, fmt)


def _expected(case) -> tuple[dict, dict, dict]:
    """The figures the generated tables state, derived rows included."""
    apps = {(code, a): float(v) for code, row in case.apps.items()
            for a, v in zip(schema.APPLICANT_CODES, row) if v not in BLANK_MARKS}
    if case.fmt == "2021":
        for a in schema.APPLICANT_CODES:
            subs = [apps[(s, a)] for s in schema.OTHER_SUBROWS if (s, a) in apps]
            if subs:
                apps[("other", a)] = sum(subs)
    rl = {key: float(v) for key, v in zip(schema.REVIEW_LITIGATION_ORDER, case.rl)
          if v not in BLANK_MARKS}
    for o in schema.OUTCOME_CODES:
        parts = [rl.get((p, o)) for p in ("litigation_direct", "litigation_after_review")]
        if None not in parts:
            rl[("litigation", o)] = sum(parts)
    disc = {k: float(v) for k, v in case.disc.items()}
    return apps, rl, disc


def _assert_figures(got: tuple, expected: tuple, why) -> None:
    """The parsed figures are the generated ones; a failure names the differing cells."""
    diff = {name: {k: (g.get(k), e.get(k)) for k in set(g) | set(e) if g.get(k) != e.get(k)}
            for name, g, e in zip(("三", "四", "二"), got, expected)}
    diff = {name: dict(sorted(d.items())[:8]) for name, d in diff.items() if d}
    assert not diff, (why, "(parsed, generated):", diff)


def _got(report) -> tuple[dict, dict, dict]:
    return ({(f.row_code, f.applicant): f.value for f in report.applications},
            {(f.proceeding, f.outcome): f.value for f in report.review_litigation},
            {(f.item, f.measure): f.value for f in report.active_disclosure})


def _kind(case) -> str:
    return f"{'complete' if case.complete else 'blanks'}, {'whole' if case.cut is None else 'cut'}"


def _no_internal_error(errors) -> None:
    assert not [e for e in errors if "internal error" in e], errors


@pytest.mark.parametrize("shape", TEXT_SHAPES)
@_settings(100)
@given(data=st.data())
def test_parse_generated_tables(shape, data):
    """parse_report on a generated text. Exact figures are asked of complete tables only:
    from text alone a blank cell can be told from padding only by position, which the
    shapes without a uniform grid (ragged rows, one cell per line, PDF text, tab rows)
    do not keep — such rows are named in report.table_gaps, and the pipeline checks them
    against the HTML grid (test_process_generated_html)."""
    case = data.draw(reports(shape), label="case")
    r = parse_report(case.source, title=TITLE)
    event(_kind(case), r.parse_status)
    _no_internal_error(r.parse_errors)
    assert r.parse_status in schema.PARSE_STATUSES
    _check_report(r, _cell_numbers(case.source), case.fmt)
    if case.complete and case.cut is None:
        _assert_figures(_got(r), _expected(case), case.how)
        assert r.parse_status == "ok", (case.how, r.parse_errors)
        assert r.format == case.fmt


@pytest.mark.parametrize("style", HTML_STYLES)
@_settings(40)
@given(data=st.data())
def test_process_generated_html(style, data):
    """A generated page (utf-8 or gb18030) through the whole pipeline: trafilatura's text
    reading checked against the HTML grid's (parsing/reconcile.py)."""
    case = data.draw(reports(style), label="case")
    page, charset = case.source
    rec, placed = process(page.encode(charset), SourceRef(filename="page.html"))
    report = placed.report
    event(_kind(case), report["parse_status"])
    _no_internal_error([rec.get("error") or ""] + list(report["parse_errors"]))
    assert report["parse_status"] in schema.PARSE_STATUSES
    parsed = placed.parsed
    allowed = _html_cell_numbers(page)
    _check_report(parsed, allowed, case.fmt)
    # and the fact rows written out (where `litigation` is derived once more)
    rows = placed.facts
    _check_sourced({(f["row_code"], f["applicant"]): f["value"] for f in rows["applications"]},
                   {(f["proceeding"], f["outcome"]): f["value"] for f in rows["review_litigation"]},
                   [((f["item"], f["measure"]), f["value"]) for f in rows["active_disclosure"]]
                   + [(f["indicator"], f["value"]) for f in rows["legacy_indicators"]],
                   allowed, case.fmt)
    if case.cut is None:
        expected = _expected(case)
        if case.complete:
            _assert_figures(_got(parsed), expected, case.how)
            assert report["parse_status"] == "ok", (case.how, report["parse_errors"])
        elif report["parse_status"] == "ok":
            # blanks: the text's and the grid's readings may disagree, but never `ok` then
            _assert_figures(_got(parsed), expected, (case.how, report["parse_errors"]))
