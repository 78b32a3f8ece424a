"""`govlake inspect`: the docs/SCHEMA.md JSON for any file, or one clear error line."""

import json
import subprocess
import sys

import pytest

from tests.conftest import sample


def run(*args, timeout=60):
    proc = subprocess.run([sys.executable, "-m", "govlake.cli", "inspect", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def test_inspect_json_of_the_huaxi_page():
    code, out, err = run(sample("001", ".html"), "--json",
                         "--url", "https://www.huaxi.gov.cn/zwgk/2022/nb.html")
    assert code == 0, err
    result = json.loads(out)
    # docs/SCHEMA.md's three keys, and where each figure stood (added: provenance)
    assert set(result) == {"report", "facts", "quality_checks", "provenance"}
    rep = result["report"]
    assert rep["document_kind"] == "html"
    where = result["provenance"]["applications"]["new_received"]["total"]
    assert where["section"] == "三" and where["page"] is None and where["line"] > 0
    for field in ("report_id", "source_url", "source_host", "fetched_at", "unit_name",
                  "admin_level", "province", "province_key", "prefecture", "county",
                  "region_code", "year", "format", "script", "published_date", "is_spam",
                  "spam_score", "spam_signals", "repaired", "parse_status", "parse_errors"):
        assert field in rep, field
    assert rep["source_host"] == "www.huaxi.gov.cn"
    assert (rep["province_key"], rep["year"], rep["format"]) == ("guizhou", 2021, "2021")
    assert rep["province"] == "贵州省" and rep["is_spam"] is False
    apps = result["facts"]["applications"]
    assert apps["new_received"]["natural_person"] == 117
    assert apps["new_received"]["total"] == 125
    assert apps["granted"]["total"] == 16
    assert result["facts"]["review_litigation"]["review"] == {
        "upheld": 3, "corrected": 2, "other": 0, "pending": 0, "total": 5}
    assert result["facts"]["active_disclosure"]["fees"]["amount_wan_yuan"] == 736.5
    assert all(q["passed"] for q in result["quality_checks"])


def test_inspect_text_view_of_a_legacy_txt():
    code, out, err = run(sample("004", ".txt"))
    assert code == 0, err
    assert "fujian|2017" in out and "legacy" in out


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x00\x01\x02\x03" * 1000, "binary"),
])
def test_unreadable_files_give_one_error_line(tmp_path, content, message):
    f = tmp_path / "page.html"
    f.write_bytes(content)
    code, out, err = run(f, "--json")
    assert code != 0 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_missing_file_and_directory(tmp_path):
    for target, message in ((tmp_path / "nope.html", "no such file"), (tmp_path, "directory")):
        code, _, err = run(target)
        assert code == 2 and message in err and "Traceback" not in err


def test_malformed_wrongly_encoded_and_huge_pages_give_results(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes("<html><body><div><table><tr><td>收到申请<td>6</div></p></table>".encode(
        "gb18030") + b"\xff\xfe\x80" + "</body>".encode())
    code, out, err = run(bad, "--json")
    assert code == 0, err
    assert json.loads(out)["report"]["parse_status"] in ("partial", "failed")

    huge = tmp_path / "huge.txt"
    huge.write_text("这是一段没有任何表格的文字。\n" * 400_000, encoding="utf-8")  # ~8 MB
    code, out, err = run(huge, "--json", timeout=120)
    assert code == 0, err
    assert json.loads(out)["report"]["parse_status"] == "failed"
