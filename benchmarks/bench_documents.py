"""Documents per second per core, for each kind: clean_snapshot (read + render +
contamination analysis) on real and rendered documents, one process, one core.

Inputs: the real 淮安市 2024 PDF (../shared/real), seed 001 rendered as .docx, as a
PDF exported by LibreOffice, as .doc, and as a scanned page image (OCR); the HTML page
of the bundled sample for comparison. Each document is read in its guard's forked
child as in the lake (govlake/documents/guard.py). Also times pdfplumber against
PyMuPDF on the real PDF when PyMuPDF happens to be installed (it is not a dependency:
AGPL). Small by default: N=3 reads of each.
Run: .venv/bin/python benchmarks/bench_documents.py [N]
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlake.pipeline import SourceRef, clean_snapshot  # noqa: E402

REAL = ROOT.parent / "shared" / "real" / "huaian_2024_szfgs.pdf"


def inputs() -> list[tuple[str, str, bytes]]:
    from tests.conftest import SAMPLES, SEEDS
    from tests.documents import seed_docs

    out = [("html", "sample 001 page", next(SAMPLES.glob("001_*.html")).read_bytes())]
    if REAL.is_file():
        out.append(("pdf", "real 淮安 2024 (6 pages)", REAL.read_bytes()))
    if SEEDS.is_dir():
        out.append(("docx", "seed 001", seed_docs.to_docx("001")))
        if shutil.which("soffice"):
            pdf = seed_docs.to_pdf("001")
            out.append(("pdf", "seed 001 via LibreOffice (4 pages)", pdf))
            out.append(("doc", "seed 001 (LibreOffice conversion)", seed_docs.to_doc("001")))
            page = seed_docs.to_images(pdf)[2]
            out.append(("image", "seed 001 page 3 scan (OCR)", page))
    return out


def bench(n: int) -> None:
    print(f"cpu cores visible {os.cpu_count()}; load {os.getloadavg()[0]:.1f}; one core used")
    print(f"{'kind':6} {'input':38} {'docs/s/core':>12} {'s/doc':>8}")
    for kind, name, data in inputs():
        ext = {"image": "jpg"}.get(kind, kind)
        ref = SourceRef(filename=f"x.{ext}")
        clean_snapshot(data, ref)  # warm-up: imports, OCR models
        start = time.perf_counter()
        for _ in range(n):
            rec = clean_snapshot(data, ref)
        took = (time.perf_counter() - start) / n
        assert not rec.get("error"), (name, rec.get("error"))
        print(f"{kind:6} {name:38} {1 / took:12.2f} {took:8.2f}")


def library_comparison() -> None:
    if not REAL.is_file():
        return
    import io

    import pdfplumber
    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(REAL.read_bytes())) as pdf:
        found = [len([t for t in p.find_tables() if len(t.rows) > 1 and len(t.rows[0].cells) > 1])
                 for p in pdf.pages]
    print(f"pdfplumber: text + ruled tables of the real PDF in {time.perf_counter() - start:.2f} s;"
          f" tables per page {found}")
    try:
        import pymupdf
    except ImportError:
        print("PyMuPDF not installed (AGPL; not a dependency): no comparison")
        return
    start = time.perf_counter()
    doc = pymupdf.open(stream=REAL.read_bytes(), filetype="pdf")
    found = []
    for p in doc:
        p.get_text()
        found.append(len(p.find_tables().tables))
    print(f"PyMuPDF {pymupdf.VersionBind}: same in {time.perf_counter() - start:.2f} s; "
          f"tables per page {found}")


if __name__ == "__main__":
    library_comparison()
    bench(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
