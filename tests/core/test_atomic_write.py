"""atomic.write_bytes and atomic_path: the folder made on demand, the old file intact when a write
fails, no temp file left behind either way."""

import pytest

from govlake import atomic


def test_a_missing_folder_is_made_and_the_bytes_land(tmp_path):
    target = tmp_path / "cache" / "ab" / "ab12.placed.json.zst"
    atomic.write_bytes(target, b"one")
    assert target.read_bytes() == b"one"
    atomic.write_bytes(target, b"two")   # the folder exists now: replaced in place
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["ab12.placed.json.zst"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "blobs" / "x.bin"
    atomic.write_bytes(target, b"old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.bin"]


def test_a_target_in_a_file_where_a_folder_should_be_is_an_error(tmp_path):
    (tmp_path / "blobs").write_bytes(b"not a folder")
    with pytest.raises(OSError):
        atomic.write_bytes(tmp_path / "blobs" / "x.bin", b"data")
    assert (tmp_path / "blobs").read_bytes() == b"not a folder"


def test_atomic_path_leaves_no_temp_file_when_its_writer_fails(tmp_path):
    target = tmp_path / "facts" / "t.parquet"
    atomic.write_bytes(target, b"old")
    with pytest.raises(ValueError, match="bad rows"):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise ValueError("bad rows")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["t.parquet"]
