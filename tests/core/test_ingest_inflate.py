"""Bounded decompression: bombs and oversized records are recorded with their reason,
and reading them keeps memory small (peak RSS measured in a fresh process)."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govlake.ingest import inflate
from govlake.ingest.inflate import MAX_BYTES_ENV, InflateLimit, Limits, bounded_zip_read
from govlake.ingest.landing import iter_landing
from tests.conftest import REPO

MiB = 2**20
ZEROS = bytes(MiB)
PAGE = "<html><body><h1>某县2023年政府信息公开工作年度报告</h1></body></html>".encode()
XML = b'<?xml version="1.0"?><w:document><w:body><w:p>2023</w:p></w:body></w:document>'
BOMB = "decompression bomb: "


def gzip_zeros(fh, mib: int, head: bytes = b"", tail: bytes = b"") -> None:
    """A gzip member of ``head``, ``mib`` MiB of zeros and ``tail``, written as it is
    compressed (1 GiB of zeros is ~1 MB compressed; never all in memory)."""
    with gzip.GzipFile(fileobj=fh, mode="wb") as gz:
        gz.write(head)
        for _ in range(mib):
            gz.write(ZEROS)
        gz.write(tail)


def noise(n: int) -> bytes:
    """Incompressible ASCII (ratio ~2:1), to reach the size cap without the ratio."""
    return random.Random(n).randbytes(n // 2).hex().encode()


def warc_response(writer: WARCWriter, url: str, body: bytes) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  http_headers=http))


def warc_zero_bomb_member(fh, url: str, mib: int) -> None:
    """One response record whose payload is ``mib`` MiB of zeros, as its own gzip member."""
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            b"Content-Length: %d\r\n\r\n" % (mib * MiB))
    head = (b"WARC/1.0\r\nWARC-Type: response\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
            b"WARC-Target-URI: " + url.encode() + b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % (len(http) + mib * MiB))
    gzip_zeros(fh, mib, head + http, b"\r\n\r\n")


def docx_bomb(path: Path, members: dict[str, int]) -> None:
    """A .docx-like zip: the usual parts, plus members of N MiB of zeros, deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", XML)
        for name, mib in members.items():
            with zf.open(name, "w", force_zip64=mib >= 2048) as fh:
                for _ in range(mib):
                    fh.write(ZEROS)


PROBE = r"""
import json, sys, tracemalloc
import govlake.ingest.inflate as inflate
from govlake.ingest.landing import iter_landing
if "no-ratio" in sys.argv[2:]:
    inflate.MAX_RATIO = float("inf")
def status_kib(field):   # VmRSS: resident now; VmHWM: peak (getrusage's ru_maxrss, but
    with open("/proc/self/status") as fh:   # without the forking parent's size counted)
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))
try:    # reset the peak, so that it is the reading's, not the imports' (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    reset = True
except OSError:
    reset = False
before = status_kib("VmRSS")
tracemalloc.start()
docs = [[d.source.rsplit("/", 1)[-1], d.problem, len(d.data)] for d in iter_landing(sys.argv[1])]
traced = tracemalloc.get_traced_memory()[1]
peak = status_kib("VmHWM")
print(json.dumps({"docs": docs, "before_mib": before / 1024, "peak_mib": peak / 1024,
                  "grew_mib": (peak - before) / 1024 if reset else None,
                  "traced_mib": traced / 2**20}))
"""


def read_in_fresh_process(folder: Path, *flags: str, env: dict | None = None) -> dict:
    """iter_landing(folder) in a new interpreter: its documents, the peak RSS while
    reading over the RSS before (``grew_mib``, where the peak can be reset) and the
    peak of Python allocations while reading (``traced_mib``, tracemalloc)."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), *flags], cwd=REPO,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.splitlines()[-1])
    print(f"RSS {got['before_mib']:.0f} MiB before reading, peak {got['peak_mib']:.0f} MiB "
          f"(grew {got['grew_mib']} MiB); Python allocations peaked at "
          f"{got['traced_mib']:.1f} MiB")
    return got


def assert_memory_below(got: dict, mib: float) -> None:
    assert got["traced_mib"] < mib, got
    assert got["grew_mib"] is None or got["grew_mib"] < mib, got
    assert got["peak_mib"] < 1024, got          # whole process, imports included


@pytest.fixture(scope="module")
def docx(tmp_path_factory) -> Path:
    """A .docx-like zip bomb: 256 MiB and 32 MiB of zeros deflated, beside the usual parts."""
    path = tmp_path_factory.mktemp("zip") / "report.docx"
    docx_bomb(path, {"word/media/huge.bin": 256, "word/media/zeros.bin": 32})
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory, docx) -> Path:
    """A landing folder: a 1 GiB gzip page, a zip bomb, a WARC bomb, a JSONL bomb, a page."""
    folder = tmp_path_factory.mktemp("bombs")
    (folder / "ok.html").write_bytes(PAGE)
    with open(folder / "bomb.html.gz", "wb") as fh:
        gzip_zeros(fh, 1024, b"<html><body>")
    (folder / "bomb.docx").symlink_to(docx)
    with open(folder / "deep.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        warc_response(writer, "http://www.a.gov.cn/1.html", PAGE)
        warc_zero_bomb_member(fh, "http://www.a.gov.cn/bomb.html", 128)
        warc_response(writer, "http://www.a.gov.cn/3.html", PAGE)
    with open(folder / "corpus.jsonl.gz", "wb") as fh:
        first = json.dumps({"url": "http://www.a.gov.cn/j.html", "html": PAGE.decode()},
                           ensure_ascii=False).encode() + b"\n"
        gzip_zeros(fh, 16, first + b'{"url": "http://x", "html": "', b'"}\n')
    return folder


def test_bombs_in_a_landing_folder_are_recorded_and_memory_stays_small(bombs):
    got = read_in_fresh_process(bombs)
    docs = {source: (problem, size) for source, problem, size in got["docs"]}
    assert list(docs) == ["bomb.docx", "bomb.html.gz", "corpus.jsonl.gz#line 1",
                          "corpus.jsonl.gz#line 2", "deep.warc.gz#record 1",
                          "deep.warc.gz#record 2", "ok.html"]
    # the .docx is not opened by the landing reader: handed on as found, a report
    # document whose reader inflates it within the limits (bounded_zip_read)
    problem, size = docs["bomb.docx"]
    assert problem is None
    assert size == (bombs / "bomb.docx").stat().st_size
    problem, size = docs["bomb.html.gz"]
    assert problem.startswith(BOMB + "gzip content inflates more than 200:1 (")
    assert size == (bombs / "bomb.html.gz").stat().st_size      # the bytes as found
    assert docs["corpus.jsonl.gz#line 1"] == (None, len(PAGE))
    assert docs["corpus.jsonl.gz#line 2"][0].startswith(
        "file unreadable from line 2: " + BOMB + "gzip content inflates more than 200:1")
    assert docs["deep.warc.gz#record 1"] == (None, len(PAGE))
    assert docs["deep.warc.gz#record 2"][0].startswith(
        "WARC unreadable from record 2: " + BOMB + "the WARC file inflates more than 200:1")
    assert docs["deep.warc.gz#record 2"][0].endswith("; the rest of the file is not read")
    assert docs["ok.html"] == (None, len(PAGE))
    # 1.4 GiB of zeros behind those files; reading them all grows RSS by a few MiB
    assert_memory_below(got, 64)


@pytest.mark.parametrize("env, cap, bound_mib", [({}, 64 * MiB, 160),
                                                 ({MAX_BYTES_ENV: str(8 * MiB)}, 8 * MiB, 40)])
def test_size_cap_alone_bounds_a_gzip_page(bombs, tmp_path, env, cap, bound_mib):
    """With the ratio check switched off, the cap still stops the 1 GiB page."""
    (tmp_path / "bomb.html.gz").symlink_to(bombs / "bomb.html.gz")
    got = read_in_fresh_process(tmp_path, "no-ratio", env=env)
    (doc,) = got["docs"]
    assert doc[1] == f"too large: gzip content exceeds {cap} bytes (limit {MAX_BYTES_ENV})"
    assert_memory_below(got, bound_mib)


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_line_over_the_cap_is_recorded_and_the_next_line_read(tmp_path, monkeypatch, gz):
    monkeypatch.setenv(MAX_BYTES_ENV, str(MiB))
    lines = [json.dumps({"url": f"http://www.a.gov.cn/{n}.html", "html": html})
             for n, html in ((1, PAGE.decode()), (2, noise(3 * MiB).decode()),
                             (3, PAGE.decode()))]
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / ("c.jsonl.gz" if gz else "c.jsonl")
    path.write_bytes(gzip.compress(data) if gz else data)
    one, two, three = iter_landing(tmp_path)
    assert one.problem is None and one.data == PAGE
    assert two.source == f"{path}#line 2"
    assert two.problem == f"too large: line 2 exceeds {MiB} bytes (limit {MAX_BYTES_ENV})"
    assert two.data == lines[1].encode()[:65536]
    assert three.source == f"{path}#line 3" and three.problem is None and three.data == PAGE


@pytest.mark.parametrize("gz", [False, True])
def test_warc_payload_over_the_cap_is_recorded_and_the_next_record_read(tmp_path,
                                                                        monkeypatch, gz):
    monkeypatch.setenv(MAX_BYTES_ENV, str(MiB))
    big = b"<html><body>" + noise(3 * MiB) + b"</body></html>"
    path = tmp_path / ("big.warc.gz" if gz else "big.warc")
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        warc_response(writer, "http://www.a.gov.cn/big.html", big)
        warc_response(writer, "http://www.a.gov.cn/ok.html", PAGE)
    capped, ok = iter_landing(tmp_path)
    assert capped.source_url == "http://www.a.gov.cn/big.html"
    assert capped.problem == (f"too large: the record's payload exceeds {MiB} bytes "
                              f"(limit {MAX_BYTES_ENV})")
    assert capped.data == big[:65536]
    assert ok.source == f"{path}#record 2" and ok.problem is None and ok.data == PAGE


@pytest.mark.parametrize("headers", [
    b"".join(b"X-Deep-%07d: %s\r\n" % (i, b"a" * 60) for i in range(70_000)),  # 5 MB of lines
    b"X-Long: " + b"a" * (5 * MiB) + b"\r\n",                                   # one 5 MB line
])
def test_deep_warc_headers_are_capped(tmp_path, headers):
    path = tmp_path / "deep.warc"
    with open(path, "wb") as fh:
        warc_response(WARCWriter(fh, gzip=False), "http://www.a.gov.cn/1.html", PAGE)
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://www.a.gov.cn/d\r\n"
                 + headers + b"Content-Length: 0\r\n\r\n\r\n\r\n")
    tracemalloc.start()
    try:
        first, deep = iter_landing(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first.problem is None and first.data == PAGE
    assert deep.source == f"{path}#record 2"
    assert deep.problem == ("WARC unreadable from record 2: too large: a WARC record's header "
                            "lines exceed 4194304 bytes; the rest of the file is not read")
    assert peak < 48 * MiB


# ---------------------------------------------------------------- zip containers

def test_zip_member_within_the_limits_is_read_exactly(docx):
    assert bounded_zip_read(docx, "word/document.xml") == XML
    assert bounded_zip_read(docx.read_bytes(), "word/document.xml") == XML
    with open(docx, "rb") as fh:
        assert bounded_zip_read(fh, "word/document.xml") == XML
        assert not fh.closed                    # a caller's file stays open
    with pytest.raises(KeyError):
        bounded_zip_read(docx, "word/missing.xml")


def test_zip_bomb_member_is_refused_before_inflating(docx):
    tracemalloc.start()
    try:
        with pytest.raises(InflateLimit) as err:
            bounded_zip_read(docx, "word/media/huge.bin")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(err.value) == ("too large: zip member 'word/media/huge.bin' exceeds "
                              f"{64 * MiB} bytes (limit {MAX_BYTES_ENV})")
    assert peak < 2 * MiB
    with pytest.raises(InflateLimit, match=r"^decompression bomb: zip member "
                                           r"'word/media/zeros.bin' inflates more than 200:1 "
                                           rf"\({32 * MiB} bytes from \d+\)$"):
        bounded_zip_read(docx, "word/media/zeros.bin")


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size in the central directory set to ``size``."""
    out, at = bytearray(data), 0
    while (at := out.find(b"PK\x01\x02", at)) != -1:
        size_of_name = int.from_bytes(out[at + 28:at + 30], "little")
        if out[at + 46:at + 46 + size_of_name] == name:
            out[at + 24:at + 28] = size.to_bytes(4, "little")
            return bytes(out)
        at += 4
    raise AssertionError("member not found")


def test_zip_member_lying_about_its_size_inflates_no_further_than_declared(tmp_path):
    """Declared 1 MiB (so within both limits), really 32 MiB of zeros: reading stops at
    the declared size and the CRC gives the lie away."""
    path = tmp_path / "liar.docx"
    docx_bomb(path, {"word/media/zeros.bin": 32})
    liar = _lie_about_size(path.read_bytes(), b"word/media/zeros.bin", MiB)
    with zipfile.ZipFile(io.BytesIO(liar)) as zf:
        assert zf.getinfo("word/media/zeros.bin").file_size == MiB
    tracemalloc.start()
    try:
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32 for file 'word/media/zeros.bin'"):
            bounded_zip_read(liar, "word/media/zeros.bin")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * MiB


def test_zip_with_too_many_entries_is_refused_unopened(tmp_path, monkeypatch):
    monkeypatch.setattr(inflate, "MAX_ZIP_MEMBERS", 3)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for n in range(5):
            zf.writestr(f"part{n}.xml", XML)
    with pytest.raises(InflateLimit, match=r"^too large: zip container lists 5 entries "
                                           r"\(at most 3\)$"):
        bounded_zip_read(path, "part0.xml")


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.delenv(MAX_BYTES_ENV, raising=False)
    assert Limits.from_env() == Limits(64 * MiB, 200.0, MiB)
    monkeypatch.setenv(MAX_BYTES_ENV, "1000")
    assert Limits.from_env().max_bytes == 1000
    monkeypatch.setenv(MAX_BYTES_ENV, "lots")
    with pytest.raises(ValueError, match="GOVLAKE_MAX_INFLATED_BYTES='lots'"):
        Limits.from_env()
