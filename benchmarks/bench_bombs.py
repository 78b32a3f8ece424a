"""Hostile files in a landing folder, through a real `govlake run`: recorded, memory bounded.

    .venv/bin/python benchmarks/bench_bombs.py --workdir DIR [--gzip-gib 3] [--zip-gib 2] [--warc-gib 1]

Issue 16's acceptance: a 3 GB-of-zeros gzip, a zip bomb and a deep WARC in a landing
folder are each recorded with its reason, and the peak memory of the whole run stays
under 1.5 GiB. The benchmark

1. builds DIR/landing, every bomb streamed to disk as it is compressed (never held in
   memory): ``bomb.html.gz`` (N GiB of zeros, gzip level 9: ~3 MB per GiB),
   ``bomb.docx`` (a zip whose media member is N GiB of zeros, deflated),
   ``deep.warc.gz`` (a good record, a record whose payload is N GiB of zeros as its own
   gzip member, a good record), ``deep-headers.warc`` (a record with 70,000 header lines)
   and one real page (the bundled sample's 泾源县 report), so the run has work to do;
2. runs ``python -m govlake.cli run --lake DIR/lake --landing DIR/landing`` (its own
   DAGSTER_HOME) and samples the memory of the whole process tree from /proc every 0.1 s:
   PSS summed (pages shared between processes counted once), RSS summed (shared pages
   counted in every process: an upper bound) and the largest process's RSS;
3. reads back from the lake's catalog what was recorded for each file, and prints it
   with the figures; writes DIR/bench_bombs.json. Not run in CI.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_backfill import TreeRSS  # noqa: E402  (one sampler of a process tree's memory)

MiB = 2**20
ZEROS = bytes(MiB)
PAGE = next((ROOT / "govlake" / "data" / "samples").glob("002_*.html"))
LIMIT_GIB = 1.5


# ---------------------------------------------------------------- the files

def gzip_zeros(fh, mib: int, head: bytes = b"", tail: bytes = b"") -> None:
    """One gzip member (level 9) of ``head``, ``mib`` MiB of zeros and ``tail``, written
    as it is compressed: 1 MiB in memory at a time."""
    with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(head)
        for _ in range(mib):
            gz.write(ZEROS)
        gz.write(tail)


def warc_record(url: str, body: bytes, extra_headers: bytes = b"") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)
    block = http + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n" % len(url)
            + b"WARC-Target-URI: " + url.encode() + b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            + b"Content-Type: application/http; msgtype=response\r\n" + extra_headers
            + b"Content-Length: %d\r\n\r\n" % len(block) + block + b"\r\n\r\n")


def build_landing(folder: Path, gzip_gib: float, zip_gib: float, warc_gib: float) -> dict:
    """The landing folder; returns {file: bytes its content inflates to}."""
    folder.mkdir(parents=True, exist_ok=True)
    page = PAGE.read_bytes()
    inflated = {}
    (folder / "ok.html").write_bytes(page)
    inflated["ok.html"] = len(page)

    mib = int(gzip_gib * 1024)
    with open(folder / "bomb.html.gz", "wb") as fh:
        gzip_zeros(fh, mib, b"<html><body>")
    inflated["bomb.html.gz"] = mib * MiB + len(b"<html><body>")

    mib = int(zip_gib * 1024)
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", b'<?xml version="1.0"?><w:document/>')
        with zf.open("word/media/image1.png", "w", force_zip64=True) as member:
            for _ in range(mib):
                member.write(ZEROS)
    inflated["bomb.docx"] = mib * MiB

    mib = int(warc_gib * 1024)
    with open(folder / "deep.warc.gz", "wb") as fh:
        fh.write(gzip.compress(warc_record("http://www.jingyuan.gov.cn/1.html", page)))
        http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Content-Length: %d\r\n\r\n" % (mib * MiB))
        head = (b"WARC/1.0\r\nWARC-Type: response\r\n"
                b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>\r\n"
                b"WARC-Target-URI: http://www.jingyuan.gov.cn/bomb.html\r\n"
                b"WARC-Date: 2024-01-01T00:00:00Z\r\n"
                b"Content-Type: application/http; msgtype=response\r\n"
                b"Content-Length: %d\r\n\r\n" % (len(http) + mib * MiB))
        gzip_zeros(fh, mib, head + http, b"\r\n\r\n")
        fh.write(gzip.compress(warc_record("http://www.jingyuan.gov.cn/3.html", page)))
    inflated["deep.warc.gz"] = 2 * len(page) + mib * MiB

    deep = b"".join(b"X-Deep-%07d: %s\r\n" % (i, b"a" * 60) for i in range(70_000))
    (folder / "deep-headers.warc").write_bytes(
        warc_record("http://www.jingyuan.gov.cn/a.html", page)
        + warc_record("http://www.jingyuan.gov.cn/d.html", b"", deep))
    inflated["deep-headers.warc"] = (folder / "deep-headers.warc").stat().st_size
    return inflated


# ---------------------------------------------------------------- memory of a process tree

class TreeMemory(TreeRSS):
    """Peak memory of the `govlake run` process and its descendants (bench_backfill.TreeRSS
    rooted at that process)."""

    def __init__(self, root_pid: int, interval: float = 0.1):
        super().__init__(interval=interval, root=root_pid)

    def gib(self) -> dict:
        return {"pss_sum": round(self.peak_sum / 2**20, 3), "rss_sum": round(self.rss_sum / 2**20, 3),
                "largest_rss": round(self.peak_one / 2**20, 3), "processes": self.processes}


# ---------------------------------------------------------------- the run

def recorded(lake: Path) -> list[dict]:
    import pyarrow.parquet as pq

    rows = pq.read_table(lake / "catalog" / "sources.parquet",
                         columns=["source", "size", "province_key", "year", "error",
                                  "routing_reason"]).to_pylist()
    return sorted(rows, key=lambda r: r["source"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--gzip-gib", type=float, default=3.0)
    ap.add_argument("--zip-gib", type=float, default=2.0)
    ap.add_argument("--warc-gib", type=float, default=1.0)
    args = ap.parse_args(argv)
    work = args.workdir.resolve()
    for sub in ("landing", "lake", "home"):
        shutil.rmtree(work / sub, ignore_errors=True)
    home = work / "home"
    home.mkdir(parents=True)
    shutil.copy(ROOT / "govlake" / "defs" / "dagster.yaml", home / "dagster.yaml")

    t0 = time.monotonic()
    inflated = build_landing(work / "landing", args.gzip_gib, args.zip_gib, args.warc_gib)
    built = time.monotonic() - t0
    on_disk = {f: (work / "landing" / f).stat().st_size for f in inflated}
    print(f"landing built in {built:.0f} s:")
    for f in inflated:
        print(f"  {f:20s} {on_disk[f] / MiB:9.2f} MiB on disk, inflates to "
              f"{inflated[f] / 2**30:7.3f} GiB")

    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVLAKE_")}
    env.update(DAGSTER_HOME=str(home), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "govlake.cli", "run", "--lake", str(work / "lake"),
           "--landing", str(work / "landing")]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=work, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    with TreeMemory(proc.pid) as mem:
        out, _ = proc.communicate()
    took = time.monotonic() - t0
    rows = recorded(work / "lake")
    result = {"exit_code": proc.returncode, "seconds": round(took, 1),
              "peak_gib": mem.gib(), "limit_gib": LIMIT_GIB,
              "files": {f: {"on_disk": on_disk[f], "inflates_to": inflated[f]} for f in inflated},
              "recorded": rows, "output": out}
    (work / "bench_bombs.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))

    print(f"\n`govlake run` exit {proc.returncode} in {took:.1f} s")
    print(out.rstrip())
    print("\nrecorded in catalog/sources.parquet:")
    for r in rows:
        where = f"{r['province_key']}|{r['year']}"
        print(f"  {r['source']:40s} {where:14s} {r['error'] or r['routing_reason']}")
    g = mem.gib()
    ok = g["pss_sum"] < LIMIT_GIB
    print(f"\npeak memory of the process tree ({g['processes']} processes at most): "
          f"PSS summed {g['pss_sum']:.3f} GiB, RSS summed {g['rss_sum']:.3f} GiB, largest "
          f"process {g['largest_rss']:.3f} GiB — limit {LIMIT_GIB} GiB: "
          f"{'met' if ok else 'NOT MET'}")
    return 0 if ok and proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
