"""One module decides every path; writes are atomic."""

import os

import pytest

from govlake import atomic
from govlake.lake import Lake


def test_partition_paths_follow_the_layout(tmp_path):
    lake = Lake.at(tmp_path)
    assert lake.fact_file("applications", "guizhou", 2021) == (
        tmp_path / "facts/applications/province=guizhou/year=2021/part-0.parquet")
    assert lake.raw_dir("yunnan", 2018) == tmp_path / "raw/snapshots/province=yunnan/year=2018"
    assert lake.cleaned_file("ningxia", 2020).parent.name == "year=2020"
    assert lake.marts_db == tmp_path / "marts/govlake.duckdb"
    assert lake.blob_path("ab" * 32).parent.name == "ab"
    with pytest.raises(ValueError):
        lake.layer("nonsense")


def test_lake_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLAKE_LAKE", str(tmp_path / "x"))
    assert Lake.at(None).root == tmp_path / "x"


def test_atomic_write_leaves_no_temp_and_failed_write_keeps_old(tmp_path):
    target = tmp_path / "a" / "f.bin"
    atomic.write_bytes(target, b"one")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash mid-write")
    assert target.read_bytes() == b"one"
    assert os.listdir(target.parent) == ["f.bin"]


def test_replace_dir_swaps_whole_directory(tmp_path):
    d = tmp_path / "part"
    atomic.replace_dir(d, lambda t: (t / "old.txt").write_text("x"))
    atomic.replace_dir(d, lambda t: (t / "new.txt").write_text("y"))
    assert sorted(p.name for p in d.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part"]

    def boom(t):
        (t / "partial").write_text("z")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic.replace_dir(d, boom)
    assert sorted(p.name for p in d.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part"]
