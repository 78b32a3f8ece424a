"""The parser never raises, stays fast on huge input and says when it failed."""

from __future__ import annotations

import random
import time

import pytest

from govlake.parsing import parse_report
from govlake.parsing.values import parse_value, to_wan_yuan
from tests.core.conftest import seed_text


@pytest.mark.parametrize("text", [
    "", "   \n\n\t", "\x00\x01\x02\xff" * 100, "hello world " * 50, "|||||\n\t\t\t\n| | |",
    "二、主动公开政府信息情况\n第二十条", "一、本年新收政府信息公开申请数量 |\n",
    "(七)总计\n总计\n其他\n" * 20, "1\n2\n3\n" * 1000,
])
def test_junk_fails_cleanly(text):
    r = parse_report(text)
    assert r.parse_status in ("failed", "partial")
    assert r.applications == [] or all(isinstance(f.value, float) for f in r.applications)


def test_empty_and_binary_are_failed_with_reason():
    for text in ("", bytes(range(256)).decode("latin-1") * 20):
        r = parse_report(text)
        assert r.parse_status == "failed" and r.parse_errors


def test_not_a_string_does_not_raise():
    assert parse_report(None).parse_status == "failed"  # type: ignore[arg-type]
    assert parse_report(12345).parse_status == "failed"  # type: ignore[arg-type]


def test_random_chinese_noise_does_not_raise():
    rng = random.Random(7)
    pool = "政府信息公开申请数量总计其他处理行政复议诉讼结果维持纠正|\t\n0123456789/万元减约"
    for _ in range(200):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 3000)))
        r = parse_report(text)
        assert r.parse_status in ("ok", "partial", "failed")


def test_truncated_seed_is_partial():
    text = seed_text("001")
    r = parse_report(text[: text.index("四、政府信息公开行政复议")])
    assert r.parse_status == "partial"
    assert any("四" in e for e in r.parse_errors)
    assert len(r.applications) == 7 * 26


def test_huge_text_finishes_quickly():
    text = (seed_text("001") + "\n") * 380  # ~5 MB
    assert len(text.encode("utf-8")) > 5_000_000
    t0 = time.perf_counter()
    r = parse_report(text)
    assert time.perf_counter() - t0 < 20
    assert r.parse_status in ("ok", "partial")


def test_one_huge_line_finishes_quickly():
    text = "政府信息公开" * 800_000 + "|" + "0" * 100_000
    t0 = time.perf_counter()
    parse_report(text)
    assert time.perf_counter() - t0 < 10


@pytest.mark.parametrize("cell,number,unit", [
    ("0", 0, None), ("-139 条", -139, "条"), ("减4", -4, None), ("增3", 3, None),
    ("2506.18万元", 2506.18, "万元"), ("960 万", 960, "万"), ("251000元", 251000, "元"),
    ("约53.1万", 53.1, "万"), ("约53.1万次", 53.1, "万次"), ("1,234", 1234, None), ("2506.18萬元", 2506.18, "万元"),
])
def test_parse_value(cell, number, unit):
    v = parse_value(cell)
    assert v is not None and v.number == pytest.approx(number) and v.unit == unit


@pytest.mark.parametrize("cell", ["", "/", "—", "行政许可", "2018年1月3日", "第二十条第(一)项"])
def test_non_values(cell):
    assert parse_value(cell) is None


def test_amounts_in_wan_yuan():
    assert to_wan_yuan(parse_value("251000元")) == pytest.approx(25.1)
    assert to_wan_yuan(parse_value("960 万")) == 960
    assert to_wan_yuan(parse_value("736.5"), "万元") == 736.5
    assert to_wan_yuan(parse_value("7365000"), "元") == pytest.approx(736.5)
    assert to_wan_yuan(parse_value("1.2亿元")) == pytest.approx(12000)


def test_parser_module_does_not_import_dagster():
    import subprocess
    import sys

    code = "import sys, govlake.parsing as p; p.parse_report('x'); print('dagster' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
