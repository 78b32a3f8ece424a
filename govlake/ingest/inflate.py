"""Bounded decompression: a hostile file in the landing folder may not take the memory.

A 13 MB ``bomb.html.gz`` holds 3 GB of zeros; ``gzip.decompress`` would build all of
it. Everything that inflates — gzip pages, .jsonl.gz, gzip-compressed WARC members,
a record's Content-Encoding, zip containers such as .docx — is read here in chunks
under two limits, and a file or record beyond them raises InflateLimit, whose text
is the reason the catalog records (the caller skips the file, never crashes):

* **size**: at most ``max_bytes`` decompressed bytes per file or record
  (MAX_INFLATED_BYTES, 64 MiB, or ``$GOVLAKE_MAX_INFLATED_BYTES``) — no report page
  comes near it, and it is also the cap on a plain page file or WARC payload;
* **ratio**: beyond the first MiB, output more than MAX_RATIO (200) times the
  compressed input read so far is a bomb (HTML compresses 5–15:1), so a bomb is
  stopped after a few MiB instead of at the size cap.

A stream of many records (JSON Lines, WARC) is capped per record, not per file —
a corpus dump may be gigabytes, one of its records may not — and by the ratio over
the whole file. Memory: one chunk (1 MiB) plus what is kept, at most ``max_bytes``
(twice that while the result is assembled), per file or record being read; a WARC
is inflated by warcio in 16 KiB blocks, each at most ~16 MiB (zlib's 1032:1), so a
WARC bomb costs ~50 MiB at its peak before the ratio stops it.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_INFLATED_BYTES = 64 * 2**20
MAX_BYTES_ENV = "GOVLAKE_MAX_INFLATED_BYTES"
MAX_RATIO = 200.0
RATIO_GRACE = 2**20             # ratio not judged on the first MiB (tiny files inflate a lot)
MAX_ZIP_MEMBERS = 10_000
CHUNK = 2**20


EVIDENCE_BYTES = 64 * 1024


class InflateLimit(ValueError):
    """Too large or a decompression bomb; ``str()`` is the reason to record, ``head``
    the first bytes read before the limit (up to EVIDENCE_BYTES; evidence, not a page)."""

    head: bytes = b""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_INFLATED_BYTES
    max_ratio: float = MAX_RATIO
    ratio_grace: int = RATIO_GRACE

    @classmethod
    def from_env(cls) -> "Limits":
        """The module's limits, the size cap overridden by $GOVLAKE_MAX_INFLATED_BYTES."""
        raw = os.environ.get(MAX_BYTES_ENV, "").strip()
        if not raw:
            return cls(MAX_INFLATED_BYTES, MAX_RATIO, RATIO_GRACE)
        if not raw.isdigit() or int(raw) <= 0:
            raise ValueError(f"{MAX_BYTES_ENV}={raw!r}: expected a positive number of bytes")
        return cls(int(raw), MAX_RATIO, RATIO_GRACE)

    def too_large(self, what: str) -> InflateLimit:
        return InflateLimit(f"too large: {what} exceeds {self.max_bytes} bytes "
                            f"(limit {MAX_BYTES_ENV})")

    def check(self, what: str, inflated: int, compressed: int | None = None) -> None:
        """Raise InflateLimit if ``inflated`` bytes (from ``compressed``) break a limit."""
        if inflated > self.max_bytes:
            raise self.too_large(what)
        self.check_ratio(what, inflated, compressed)

    def check_ratio(self, what: str, inflated: int, compressed: int | None) -> None:
        if compressed is not None and inflated > self.ratio_grace \
                and inflated > self.max_ratio * max(compressed, 1):
            raise InflateLimit(f"decompression bomb: {what} inflates more than "
                               f"{self.max_ratio:g}:1 ({inflated} bytes from {compressed})")


def read_capped(stream, limits: Limits, what: str,
                compressed: Callable[[], int] | int | None = None, chunk: int = CHUNK) -> bytes:
    """All of ``stream`` in reads of ``chunk`` bytes, checked after each (``compressed``:
    the compressed bytes consumed so far, or a function returning it)."""
    out = bytearray()
    try:
        while True:
            data = stream.read(chunk)
            if not data:
                return bytes(out)
            out += data
            limits.check(what, len(out), compressed() if callable(compressed) else compressed)
    except InflateLimit as exc:
        exc.head = bytes(out[:EVIDENCE_BYTES])
        raise


def gunzip_capped(data: bytes, limits: Limits, what: str = "gzip content") -> bytes:
    """gzip.decompress (all members, same errors) within the limits."""
    raw = io.BytesIO(data)
    with gzip.GzipFile(fileobj=raw) as fh:
        return read_capped(fh, limits, what, raw.tell)


# ---------------------------------------------------------------- zip containers

def _zip_entry_count(fh: BinaryIO) -> int | None:
    """Entries the end-of-central-directory record announces, read before zipfile
    builds one ZipInfo per entry (a million-entry zip would take the memory)."""
    try:
        endrec = zipfile._EndRecData(fh)  # noqa: SLF001 - stable since Python 2; no public twin
        return None if endrec is None else int(endrec[zipfile._ECD_ENTRIES_TOTAL])  # noqa: SLF001
    except (AttributeError, OSError, IndexError, ValueError):
        return None


class _Counting:
    """A file that counts the bytes read through it (the compressed bytes consumed)."""

    def __init__(self, fh: BinaryIO):
        self._fh, self.count = fh, 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.count += len(data)
        return data

    def __getattr__(self, name):
        return getattr(self._fh, name)


def bounded_zip_read(source: str | Path | bytes | BinaryIO, name: str,
                     limits: Limits | None = None) -> bytes:
    """One member of a zip container (.docx, .xlsx, .odt…), inflated within the limits.

    Refuses before inflating when the container announces more than MAX_ZIP_MEMBERS
    entries or the member declares a size or ratio beyond the limits; then inflates
    in 64 KiB reads, judging the real output against the compressed bytes read. A
    member that lies about its size cannot inflate further: zipfile stops at the
    declared size (then fails its CRC check). Raises InflateLimit, zipfile's own
    errors for a damaged container (BadZipFile, EOFError), or KeyError for a member
    that is not there. Nested archives are not opened.
    """
    limits = limits or Limits.from_env()
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    own = isinstance(source, (str, Path))
    with (open(source, "rb") if own else contextlib.nullcontext(source)) as raw:
        count = _zip_entry_count(raw)
        if count is not None and count > MAX_ZIP_MEMBERS:
            raise InflateLimit(f"too large: zip container lists {count} entries "
                               f"(at most {MAX_ZIP_MEMBERS})")
        raw.seek(0)
        fh = _Counting(raw)
        with zipfile.ZipFile(fh) as zf:
            info = zf.getinfo(name)
            what = f"zip member {name!r}"
            limits.check(what, info.file_size, info.compress_size)   # as declared
            with zf.open(info) as member:
                start = fh.count
                return read_capped(member, limits, what, lambda: fh.count - start,
                                   chunk=64 * 1024)


# ---------------------------------------------------------------- WARC streams

MAX_HEADER_BYTES = 4 * 2**20    # header lines (WARC + HTTP, chunk sizes) per WARC record


def bounded_archive_iterator(fh: BinaryIO, limits: Limits, **kw):
    """warcio's ArchiveIterator on a reader that keeps the limits (warcio itself reads
    header lines without a length and a chunk of any declared size in one read):

    * the ratio over the whole file (gzip members inflated so far / compressed read);
    * header lines: MAX_HEADER_BYTES per record, counted from ``reset_record()``;
    * no single read larger than ``max_bytes`` (a chunked payload's 2 GB chunk).

    A ratio or header refusal is sticky (``tripped``): the file is not read further.
    Relies on warcio 1.8's ``ArchiveIterator.reader`` (pinned in pyproject.toml).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        tripped: InflateLimit | None = None
        inflated = 0
        line_bytes = 0

        def reset_record(self) -> None:
            self.line_bytes = 0

        def _trip(self, exc: InflateLimit) -> InflateLimit:
            self.tripped = exc
            return exc

        def _fillbuff(self, block_size=None):
            if self.tripped:
                raise self.tripped
            return super()._fillbuff(block_size)

        def _process_read(self, data):
            super()._process_read(data)
            self.inflated += self.buff_size if data else 0
            try:
                limits.check_ratio("the WARC file", self.inflated, self.stream.tell())
            except InflateLimit as exc:
                raise self._trip(InflateLimit(f"{exc}; the rest of the file is not read"))

        def read(self, length=None):
            if length is None or length > max(limits.max_bytes, CHUNK):
                raise limits.too_large(f"a WARC read of {length or 'all'} bytes")
            return super().read(length)

        def readline(self, length=None):
            cap = MAX_HEADER_BYTES - self.line_bytes + 1
            line = super().readline(cap if length is None else min(length, cap))
            self.line_bytes += len(line)
            if self.line_bytes > MAX_HEADER_BYTES:
                raise self._trip(InflateLimit(
                    f"too large: a WARC record's header lines exceed {MAX_HEADER_BYTES} "
                    "bytes; the rest of the file is not read"))
            return line

    it = ArchiveIterator(fh, **kw)
    it.reader = BoundedReader(it.fh, block_size=it.reader.block_size)
    return it
