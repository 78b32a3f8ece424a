"""The seeds' tables as real sites publish them, through the whole pipeline.

Each table-bearing seed (000 and 002: 2019 format; 001: 2021 format) is written back
into a page from its hand-read figures (tests/core/conftest.py, never the parser's
output) in the HTML shapes of docs/DOMAIN.md §3 (tests/core/html_shapes.py) and run
through govlake.pipeline.process: trafilatura's text reading and the HTML grid
reading (parsing/html_grid.py, grid_facts.py), reconciled (parsing/reconcile.py).

Every shape ends in one of two outcomes, decided by hand below for each shape:
- "exact": the seed's figures exactly, the plain seed's parse_status, no disagreement
  — and the grid reading covered every cell, so the agreement is a real check;
- "named": parse_status 'partial' with an error naming the cells the readings see
  differently.
Never `ok` with wrong numbers.
"""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace

import orjson
import pytest

from govlake.parsing import cells as cellmod
from govlake.parsing import parse_report
from govlake.parsing.grid_facts import applications_from_grids, review_litigation_from_grids
from govlake.parsing.html_grid import grids_of
from govlake.pipeline import SourceRef, process
from tests.conftest import SEED_TEXTS
from tests.core import html_shapes as H
from tests.core.conftest import (
    RL_ORDER, app_matrix, assert_applications, assert_disclosure, assert_review_litigation,
)

EXACT, NAMED = "exact", "named"

# shape → (page builder, expected outcome). The outcome is set by hand: every shape a
# site produces from the template gives the exact figures with no disagreement.
SHAPES = {
    # a. the template as published (corner rowspan=3 colspan=3), its 2-column-corner
    #    variant, and section 四 with 行政复议 colspan=5 rowspan=2
    "template": (lambda s: H.page(s), EXACT),
    "template_corner2": (lambda s: H.page(s, corner=2), EXACT),
    "template_review_rowspan": (lambda s: H.page(s, rl_variant="review_rowspan"), EXACT),
    "template_truncated_outcomes": (lambda s: H.page(s, rl_variant="truncated", pad=1), EXACT),
    # b. Word exports: 1 and 2 empty cells appended to every row
    "word_padded_1": (lambda s: H.page(s, pad=1), EXACT),
    "word_padded_2": (lambda s: H.page(s, pad=2), EXACT),
    "word_padded_2_corner2": (lambda s: H.page(s, pad=2, corner=2), EXACT),
    "word_padded_mixed": (lambda s: H.page(s, pad=(0, 1, 2)), EXACT),
    # c. Word paste markup: split labels and numbers, &nbsp;, <p> in cells
    "span_split": (lambda s: H.page(s, split=True), EXACT),
    "span_split_nbsp_padded": (lambda s: H.page(s, split=True, pad=1, pad_text="&nbsp;"), EXACT),
    # e. header rows in <thead> with <th>
    "th_thead": (lambda s: H.page(s, thead=True), EXACT),
    "th_thead_padded": (lambda s: H.page(s, thead=True, pad=1), EXACT),
    # f. the report inside a site's layout tables, metadata table above
    "layout": (lambda s: H.page(s, layout=True), EXACT),
    "layout_split_padded": (lambda s: H.page(s, layout=True, split=True, pad=2), EXACT),
}
# d. seed 002's own tab-separated rows, one <td> per tab cell, 0/1/2 empty cells appended
# (the bug report: this came out `ok` with the 6 new applications under legal_service)
FLAT = {pad: EXACT for pad in (0, 1, 2)}
SEED_KEYS = ["000", "001", "002"]


@functools.lru_cache(maxsize=None)
def _run(page: str | bytes):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return process(data, SourceRef(filename="page.html"))


@functools.lru_cache(maxsize=None)
def plain_status(key: str) -> str:
    """parse_status of the seed's own text through the pipeline."""
    path = next(SEED_TEXTS.glob(f"{key}_*.txt"))
    _, placed = process(path.read_bytes(), SourceRef(filename=path.name))
    return placed.report["parse_status"]


def _grids(rec) -> list:
    """The grids of the report tables the cleaned record kept (read whether or not the
    parser needed them: here they are checked on their own)."""
    return grids_of(orjson.loads(rec["html_tables"])) if rec.get("html_tables") else []


def _disagreements(report: dict) -> list[str]:
    return [e for e in report["parse_errors"] if "disagree" in e]


def _expected_matrix(apps: dict) -> dict:
    return {k: [float(v) for v in row] for k, row in apps.items()}


def assert_exact(rec, placed, seed: H.Seed) -> None:
    r = placed.parsed
    assert placed.report["parse_status"] == plain_status(seed.key) == "ok", placed.report["parse_errors"]
    assert not _disagreements(placed.report), placed.report["parse_errors"]
    assert_applications(r, seed.apps)
    assert_review_litigation(r, seed.rl)
    assert_disclosure(r, seed.disc)
    assert (r.format, r.year, r.unit_name) == (seed.fmt, seed.year, seed.unit)
    # the check was made: the grid reading alone saw every cell of 三 and 四 as well
    grids = _grids(rec)
    got = applications_from_grids(grids)
    assert got is not None, "section 三 not read from the HTML grid"
    grid_apps, notes = got
    assert notes == []
    assert app_matrix(SimpleNamespace(applications=grid_apps)) == _expected_matrix(seed.apps)
    got = review_litigation_from_grids(grids)
    assert got is not None and got[1] == [], got
    assert {(f.proceeding, f.outcome): f.value for f in got[0]} == dict(zip(RL_ORDER, seed.rl))


def assert_named(placed) -> None:
    assert placed.report["parse_status"] == "partial"
    named = _disagreements(placed.report)
    assert named, placed.report["parse_errors"]
    # the error names cells: "row/applicant: text X, table Y"
    assert re.search(r"\w+/\w+: text [-\d.—]+, table [-\d.—]+", named[0]), named[0]


def assert_outcome(rec, placed, seed, expected: str) -> None:
    if expected == EXACT:
        assert_exact(rec, placed, seed)
    else:
        assert_named(placed)


# ---------------------------------------------------------------- the shapes


@pytest.mark.parametrize("key", SEED_KEYS)
def test_plain_seed_status(key):
    assert plain_status(key) == "ok"


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("key", SEED_KEYS)
def test_shape(key, shape):
    build, expected = SHAPES[shape]
    seed = H.SEEDS[key]
    rec, placed = _run(build(seed))
    assert_outcome(rec, placed, seed, expected)


@pytest.mark.parametrize("pad", sorted(FLAT))
def test_flat_seed_002_rows(pad):
    seed = H.SEEDS["002"]
    rec, placed = _run(H.flat_page("002", pad))
    assert_outcome(rec, placed, seed, FLAT[pad])
    new = app_matrix(placed.parsed)["new_received"]
    assert new == [6, 0, 0, 0, 0, 0, 6]  # not under legal_service


@pytest.mark.parametrize("kw", [{}, {"pad": 2}, {"split": True, "pad": 1}, {"corner": 2, "pad": 1}],
                         ids=["template", "padded", "span_split", "corner2"])
@pytest.mark.parametrize("blank", ["", "/", "-"])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_zeros_left_blank(key, blank, kw):
    """Section 三 with every 0 written blank, '/' or '-' (as many reports do): the
    blanks are absent cells, never zeros, and nothing slides into them, padded or not."""
    seed = H.SEEDS[key]
    rows, head = H.applications_table(seed, kw.get("corner", 3))
    rows = [[dict(c, text=blank) if c["num"] and c["text"] == "0" else c for c in row]
            for row in rows]
    rec, placed = _run(H.page(seed, apps_table=(rows, head), **kw))
    assert placed.report["parse_status"] == "ok", placed.report["parse_errors"]
    expected = {}
    for code, row in seed.apps.items():
        if code == "other" and seed.fmt == "2021":
            continue  # the sum of the sub-rows, added where any is given
        values = [float(v) if v else None for v in row]
        if any(v is not None for v in values):
            expected[code] = values
    if seed.fmt == "2021":
        subs = [expected.get(c) for c in ("other_overdue_correction", "other_overdue_fee", "other_misc")]
        other = [sum(r[j] for r in subs if r and r[j] is not None)
                 if any(r and r[j] is not None for r in subs) else None for j in range(7)]
        if any(v is not None for v in other):
            expected["other"] = other
    assert app_matrix(placed.parsed) == expected
    assert_review_litigation(placed.parsed, seed.rl)


@pytest.mark.parametrize("kw", [{"pad": 1}, {"split": True}], ids=["padded", "span_split"])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_traditional_glossed_mirror(key, kw):
    """The page re-rendered in Traditional with pinyin glosses, as mirror sites do (seed
    000's real copy): the grids are still found and read, and agree with the repaired
    text."""
    pytest.importorskip("opencc")
    seed = H.SEEDS[key]
    html = H.mirror(H.page(seed, **kw))
    assert "行政複(fù)議(yì)" in html
    rec, placed = _run(html)
    assert_exact(rec, placed, seed)


@pytest.mark.parametrize("key", SEED_KEYS)
def test_the_seeds_own_pages(key):
    """The seeds' own saved pages (real sites' markup: Word tables, truncated headers
    such as 结果 / 尚未, a Traditional mirror) are read both ways, and agree."""
    from tests.conftest import sample

    rec, placed = _run(sample(key, ".html").read_bytes())
    assert_exact(rec, placed, H.SEEDS[key])


def test_layout_keeps_only_the_report_tables():
    seed = H.SEEDS["001"]
    rec, placed = _run(H.page(seed, layout=True))
    grids = _grids(rec)
    firsts = [g[0][0][0] for g in grids]
    assert any(f.startswith("(本列数据") for f in firsts) and "行政复议" in firsts
    # the report's tables only: no layout table, no metadata table
    texts = ["".join(c[0] for row in g for c in row) for g in grids]
    assert not any(w in t for t in texts for w in ("索引号", "网站首页", "版权所有"))
    assert placed.report["published_date"] == seed.published


def test_shapes_are_what_they_claim():
    """The builder writes the markup the shapes are about."""
    seed = H.SEEDS["001"]
    assert 'rowspan="3" colspan="3">（本列数据' in H.page(seed)
    assert 'colspan="7">申请人情况' in H.page(seed) and 'rowspan="2">自然人' in H.page(seed)
    assert 'rowspan="8">（三）不予公开' in H.page(seed)
    assert "<td></td><td></td></tr>" in H.page(seed, pad=2)
    split = H.page(seed, split=True)
    assert re.search(r">\d+</font></span><span lang=\"EN-US\">\d+<", split)  # "1</span><span>17"
    assert "&nbsp;" in split and "<td><p " in split
    assert "<thead>" in H.page(seed, thead=True) and "<th " in H.page(seed, thead=True)
    assert "索引号" in H.page(seed, layout=True)
    flat = H.flat_page("002", 2)
    assert "<td>一、本年新收政府信息公开申请数量</td><td></td><td>6</td>" in flat
    assert "<td>6</td><td></td><td></td><td></td></tr>" in flat  # own trailing cell + 2


# ---------------------------------------------------------------- never ok with wrong numbers


def _shifted_page(seed: H.Seed, rows: set[int] | None, **kw) -> str:
    """Section 三 with the values of the chosen data rows (all when None) moved one
    column right, an empty cell before them, while the header stays."""
    rows_, head = H.applications_table(seed, kw.pop("corner", 3))
    out = []
    for i, row in enumerate(rows_):
        if i >= head and sum(c["num"] for c in row) == 7 and (rows is None or i in rows):
            k = next(j for j, c in enumerate(row) if c["num"])
            row = row[:k] + [H.C("")] + row[k:]
        out.append(row)
    return H.page(seed, apps_table=(out, head), **kw)


@pytest.mark.parametrize("kw", [{}, {"pad": 1}, {"corner": 2}, {"split": True}],
                         ids=["template", "padded", "corner2", "span_split"])
@pytest.mark.parametrize("rows", [None, {3}, {5, 6}], ids=["all_rows", "row_一", "rows_予以_部分"])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_shifted_section_3_is_never_ok(key, rows, kw):
    seed = H.SEEDS[key]
    rec, placed = _run(_shifted_page(seed, rows, **kw))
    assert placed.report["parse_status"] != "ok"
    assert_named(placed)
    assert any("section 三" in e for e in _disagreements(placed.report))


@pytest.mark.parametrize("pad", [0, 1])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_shifted_section_4_is_never_ok(key, pad):
    """Section 四's numbers moved one column right (an empty cell before them)."""
    seed = H.SEEDS[key]
    rows, head = H.review_litigation_table(seed)
    rows[-1] = [H.C("")] + rows[-1]
    rec, placed = _run(H.page(seed, pad=pad, rl_table=(rows, head)))
    assert_named(placed)
    assert any("section 四" in e for e in _disagreements(placed.report))


def test_safety_net_without_the_padding_fix(monkeypatch):
    """With the text reader's padding fix switched off, the padded and flat shapes read
    wrong from the text alone — and the grid check turns every one into a named
    disagreement, never `ok`."""
    monkeypatch.setattr(cellmod, "trailing_padding", lambda *a, **k: 0)
    pages = [(H.SEEDS["002"], H.flat_page("002", pad)) for pad in (0, 1, 2)]
    pages += [(H.SEEDS[k], H.page(H.SEEDS[k], pad=pad)) for k in SEED_KEYS for pad in (1, 2)]
    for seed, html in pages:
        rec, placed = process(html.encode("utf-8"), SourceRef(filename="page.html"))
        text_only = parse_report(rec["repaired_text"] or rec["text"])
        assert app_matrix(text_only) != _expected_matrix(seed.apps)  # the patch bites
        assert_named(placed)
