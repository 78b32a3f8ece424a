"""Where the lake's bytes live: the local disk, or any fsspec URL (s3://, gs://, memory://).

A local root stays a plain ``pathlib.Path``: the fast path, with ``os.replace`` for atomic
swaps. A URL root becomes a universal_pathlib ``UPath`` over fsspec, which offers the same
``/``, ``glob``, ``read_bytes`` and ``exists`` the rest of govlake uses. The few operations
that differ between the two live here: Parquet I/O, uploads, the version of a file, and
handing files to DuckDB (which cannot open a database on object storage).

Credentials and endpoints come from the usual environment of the filesystem's library
(for s3fs: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, …), never from govlake.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

import pyarrow as pa
import pyarrow.parquet as pq


def is_url(root: str | os.PathLike) -> bool:
    text = os.fspath(root) if not isinstance(root, str) else root
    return "://" in text and not text.startswith("file://")


def lake_root(root: str | os.PathLike) -> Path:
    """A local root as an absolute Path; a URL as a UPath (typed Path for callers' sake)."""
    if not isinstance(root, (str, PurePath)):
        return root  # already a remote UPath (it keeps its storage options)
    text = str(root)
    if is_url(text):
        from upath import UPath

        return UPath(text.rstrip("/"))
    if text.startswith("file://"):
        text = text[len("file://"):]
    return Path(text).resolve()


def as_path(path: str | os.PathLike) -> Path:
    """A Path for a local name, a UPath for a URL; a Path or UPath is returned unchanged."""
    if isinstance(path, str):
        return lake_root(path) if is_url(path) else Path(path)
    return path


def is_remote(path: os.PathLike | str) -> bool:
    """True for a path on an fsspec filesystem other than the local disk."""
    return not isinstance(path, (str, Path)) or (isinstance(path, str) and is_url(path))


def file_version(path: Path) -> tuple:
    """What changes whenever a file is replaced: cache keys for readers of lake files."""
    st = path.stat()
    if is_remote(path):
        info = getattr(st, "info", None) or {}
        return (str(info.get("ETag") or info.get("etag") or st.st_mtime), st.st_size, 0)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def read_parquet(path: Path, **kwargs) -> pa.Table:
    if is_remote(path):
        with path.open("rb") as fh:
            return pq.read_table(fh, **kwargs)
    return pq.read_table(path, **kwargs)


def upload(local: Path, target: Path) -> None:
    """Copy a finished local file to a remote key (an object PUT is atomic: readers see
    the old object or the new one, never part of it)."""
    target.fs.put_file(str(local), target.path)


@contextmanager
def local_copy(path: Path) -> Iterator[Path]:
    """A local path holding the file's bytes: the file itself when the lake is local, a
    temporary download otherwise (for DuckDB databases, which must be opened locally)."""
    if not is_remote(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="govlake-") as tmp:
        local = Path(tmp) / path.name
        path.fs.get_file(path.path, str(local))
        yield local


def duckdb_paths(con, paths: list[Path]) -> list[str]:
    """File names DuckDB can read: remote ones through the lake's fsspec filesystem,
    registered on the connection (no DuckDB extension or download needed)."""
    remote = [p for p in paths if is_remote(p)]
    if remote:
        fs = remote[0].fs
        name = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        if name not in con.list_filesystems():
            con.register_filesystem(fs)
    return [str(p) for p in paths]


@contextmanager
def duckdb_read_only(path: Path):
    """A read-only DuckDB connection to a database file of the lake, wherever it lives."""
    import duckdb

    with local_copy(path) as local:
        con = duckdb.connect(str(local), read_only=True)
        try:
            yield con
        finally:
            con.close()
