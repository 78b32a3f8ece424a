"""Manifests: CSV and JSON Lines, per-line problems, hints validated, duplicates collapsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlake.ingest.manifest import ManifestEntry, ManifestError, read_manifest


def test_csv_manifest_with_problems_and_duplicates(tmp_path: Path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "url,province,year,unit\n"
        "http://www.beijing.gov.cn/ndbg/2023.html,beijing,2023,北京市人民政府办公厅\n"
        "https://www.gd.gov.cn/r.html#top,广东省,2022,\n"
        "ftp://example.org/r.html,beijing,2023,\n"
        "http://www.sz.gov.cn/r.html,atlantis,20x3,\n"
        "\n"
        "# a comment line\n"
        "HTTPS://WWW.GD.GOV.CN/r.html,guangdong,2021,广东省政府\n"
        ",beijing,2023,\n",
        encoding="utf-8-sig",
    )
    read = read_manifest(path)
    assert read.entries == [
        ManifestEntry("http://www.beijing.gov.cn/ndbg/2023.html", "beijing", 2023,
                      "北京市人民政府办公厅", 2),
        ManifestEntry("https://www.gd.gov.cn/r.html", "guangdong", 2022, "广东省政府", 3),
        ManifestEntry("http://www.sz.gov.cn/r.html", None, None, None, 5),
    ]
    assert read.entries[0].hints == {"province": "beijing", "year": 2023,
                                     "unit": "北京市人民政府办公厅"}
    problems = "\n".join(read.problems)
    assert f"{path}:4: not an http(s) URL" in problems
    assert f"{path}:5: unknown province 'atlantis'" in problems
    assert f"{path}:5: year '20x3' is not a number" in problems
    assert f"{path}:8: duplicate of line 3 with year 2021" in problems
    assert f"{path}:9: no url" in problems
    assert len(read) == 3 and list(read) == read.entries


def test_jsonl_manifest(tmp_path: Path):
    path = tmp_path / "sources.jsonl"
    lines = [
        json.dumps({"url": "http://www.nx.gov.cn/r.html", "province": "宁夏", "year": 2020}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"url": "http://www.nx.gov.cn/r2.html", "year": 1999, "unit": "  "}),
        json.dumps("http://www.gov.cn/zhengce/r.html"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_manifest(path)
    assert [(e.url, e.province, e.year, e.line) for e in read.entries] == [
        ("http://www.nx.gov.cn/r.html", "ningxia", 2020, 1),
        ("http://www.nx.gov.cn/r2.html", None, None, 4),
        ("http://www.gov.cn/zhengce/r.html", None, None, 5),
    ]
    assert read.problems[0].startswith(f"{path}:2: invalid JSON")
    assert read.problems[1] == f"{path}:3: not a JSON object"
    assert "year 1999 outside 2008" in read.problems[2]


def test_gbk_csv_from_excel_and_detection_by_content(tmp_path: Path):
    path = tmp_path / "list.txt"
    path.write_bytes("url,省份,年份\nhttp://www.hb.gov.cn/r.html,湖北,2021\n".encode("gbk"))
    (entry,) = read_manifest(path).entries
    assert (entry.url, entry.province, entry.year) == ("http://www.hb.gov.cn/r.html", "hubei", 2021)


def test_whole_file_errors(tmp_path: Path):
    with pytest.raises(ManifestError, match="no such file"):
        read_manifest(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("address,province\nhttp://x.gov.cn/,beijing\n")
    with pytest.raises(ManifestError, match=r"bad.csv:1: header has no 'url' column"):
        read_manifest(bad)
