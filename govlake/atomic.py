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
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from govlake import storage, testhooks

# What a writer leaves beside its target while it works — ``.<name>.<8 chars>.tmp`` (a file
# from atomic_path, a directory being filled by replace_dir), ``.<name>.<8 chars>.old`` (the
# directory replace_dir is swapping out) and ``.<name>.<8 chars>.building`` (govlake.marts'
# database under construction, with DuckDB's ``.wal`` and ``.tmp`` beside it). A killed run
# leaves them behind; sweep_orphans removes them. Nothing else in the lake is named so.
TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[0-9a-z_]{8}\.(?P<kind>tmp|old|building)"
                       r"(?P<rest>\.wal|\.tmp)?$")


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
    tmp = _temp_beside(target, suffix)
    try:
        yield tmp
        testhooks.pause_before_replace(target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temp_beside(target: Path, suffix: str = "") -> Path:
    """``.<name>.<8 chars>.tmp<suffix>`` beside ``target``: the name TEMP_NAME knows, so a
    killed writer's file is swept (sweep_orphans)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp{suffix}")


def write_bytes(target: Path, data: bytes, durable: bool = False) -> None:
    """Atomic always; ``durable`` also fsyncs (costly across thousands of small files).

    The lake writes three small files a page (its blob and two work-cache parts), so the
    folder is made only when the first open says it is missing (atomic_path makes it
    first, for writers that open the temp file themselves).
    """
    if storage.is_remote(target):
        target.write_bytes(data)  # one PUT
        return
    target = Path(target)
    tmp = _temp_beside(target)
    try:
        fh = open(tmp, "wb")
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fh = open(tmp, "wb")
    try:
        with fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        testhooks.pause_before_replace(target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


def sweep_orphans(root: Path, older_than: float, layers: tuple[str, ...]) -> list[str]:
    """Remove what killed writers left under ``root/<layer>``: entries named as TEMP_NAME
    and last modified before ``older_than`` (a ``time.time()``; pick one before every
    writer that may still be at work). A directory swap killed between its two renames
    gets its old directory back. Returns one line per entry handled."""
    done: list[str] = []
    for layer in layers:
        for dirpath, dirnames, filenames in os.walk(Path(root) / layer):
            for name in [*dirnames, *filenames]:
                m = TEMP_NAME.match(name)
                if not m:
                    continue
                path = Path(dirpath) / name
                try:
                    if path.lstat().st_mtime >= older_than:
                        continue
                    target = path.with_name(m["target"])
                    if m["kind"] == "old" and not m["rest"] and not target.exists():
                        os.replace(path, target)
                        done.append(f"restored {target}")
                    elif path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path)
                        done.append(f"removed {path}")
                    else:
                        path.unlink()
                        done.append(f"removed {path}")
                except FileNotFoundError:  # another sweeper was first
                    continue
            dirnames[:] = [d for d in dirnames if not TEMP_NAME.match(d)]
    return done
