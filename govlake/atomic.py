"""Atomic writes: write beside the target, then rename over it.

A reader (or a crashed run) never sees a half-written file; re-running replaces
outputs whole. Directory swaps use a rename of the old directory out of the way
followed by a rename of the new one in, then removal of the old.

On object storage (govlake.storage) there is no rename: a file is written locally and
uploaded in one PUT, which is atomic per object. A directory swap there uploads the new
files, then deletes the keys the new set no longer has, so for a moment a reader may
see the new files beside stale ones, never a torn file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from govlake import storage


@contextmanager
def atomic_path(target: Path, suffix: str = ""):
    """Yield a temporary path next to ``target``; rename it over ``target`` on success."""
    if storage.is_remote(target):
        with tempfile.TemporaryDirectory(prefix="govlake-") as tmp_dir:
            tmp = Path(tmp_dir) / f"{target.name}{suffix}"
            yield tmp
            storage.upload(tmp, target)
        return
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp{suffix}")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(target: Path, data: bytes, durable: bool = False) -> None:
    """Atomic always; ``durable`` also fsyncs (costly across thousands of small files)."""
    if storage.is_remote(target):
        target.write_bytes(data)  # one PUT
        return
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def replace_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Build a directory with ``fill(tmp_dir)`` and swap it in for ``target``."""
    if storage.is_remote(target):
        _replace_remote_dir(target, fill)
        return
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        fill(tmp)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _replace_remote_dir(target: Path, fill: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="govlake-") as tmp_dir:
        tmp = Path(tmp_dir)
        fill(tmp)
        new = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()}
        for rel in sorted(new):
            storage.upload(tmp / rel, target / rel)
    fs, base = target.fs, target.path.rstrip("/")
    old = fs.find(base) if fs.exists(base) else []
    stale = [key for key in old if key[len(base) + 1:] not in new]
    if stale:
        fs.rm(stale)
