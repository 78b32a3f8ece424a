"""Hostile and broken documents: bounded in time and memory, the reason recorded in
the cleaned record's error, never a crash (and never a number)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from govlake.documents import DocumentError
from govlake.documents.guard import run_bounded
from govlake.pipeline import SourceRef, clean_snapshot, parse_cleaned
from tests.conftest import REPO

PDF = REPO.parent / "shared" / "real" / "huaian_2024_szfgs.pdf"


def _clean(data: bytes, name: str):
    t = time.monotonic()
    rec = clean_snapshot(data, SourceRef(filename=name, source_url=f"https://www.gov.cn/{name}"))
    placed = parse_cleaned(rec)
    return rec, placed, time.monotonic() - t


def _no_facts(placed):
    assert placed.report["parse_status"] == "failed"
    assert not placed.facts["applications"] and not placed.facts["review_litigation"]


def _pdf(pages: int, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_300_page_pdf_is_refused_at_once_with_the_reason():
    rec, placed, took = _clean(_pdf(300), "all.pdf")
    assert rec["document_kind"] == "pdf"
    assert rec["error"] == ("pdf: PDF has 300 pages, more than the 60 pages of one report: "
                            "not read (a compilation or not a report)")
    assert took < 30
    _no_facts(placed)
    assert placed.report["parse_errors"] == [rec["error"]]


def test_an_encrypted_pdf_is_recorded_as_encrypted():
    rec, placed, _ = _clean(_pdf(2, encrypt="secret"), "locked.pdf")
    assert rec["error"].startswith("pdf: encrypted PDF: cannot be read without its password")
    _no_facts(placed)


@pytest.mark.parametrize("make,reason", [
    (lambda real: real[: len(real) // 3], "pdf: malformed PDF"),
    (lambda real: b"%PDF-1.7\n" + b"\x00garbage\xff" * 5000, "pdf: malformed PDF"),
])
def test_malformed_pdfs_are_recorded_never_raised(make, reason):
    if not PDF.is_file():
        pytest.skip("real report ../shared/real/huaian_2024_szfgs.pdf not available")
    rec, placed, took = _clean(make(PDF.read_bytes()), "broken.pdf")
    assert rec["error"].startswith(reason), rec["error"]
    assert took < 60
    _no_facts(placed)


def test_a_zip_bomb_inside_a_docx_is_refused_before_it_inflates():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 2**20))
    bomb = buf.getvalue()
    assert len(bomb) < 2 * 2**20
    rec, placed, took = _clean(bomb, "report.docx")
    assert rec["document_kind"] == "docx"
    assert rec["error"].startswith("docx: docx refused: ") and "word/document.xml" in rec["error"]
    assert took < 30
    _no_facts(placed)


def test_a_damaged_docx_and_a_damaged_image_are_recorded():
    rec, _, _ = _clean(b"PK\x03\x04" + b"\x00" * 200, "report.docx")
    assert rec["error"].startswith("docx: damaged docx"), rec["error"]
    rec, _, _ = _clean(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "page.png")
    assert rec["document_kind"] == "image" and rec["error"].startswith("image: damaged image")


def test_the_guard_stops_a_reader_at_its_memory_cap():
    def greedy():
        blocks = []
        while True:
            blocks.append(bytearray(64 * 2**20))

    start = time.monotonic()
    with pytest.raises(DocumentError, match="more than 512 MiB of memory"):
        run_bounded(greedy, time_limit=60, memory=512 * 2**20)
    assert time.monotonic() - start < 60


def test_the_guard_stops_a_reader_at_its_time_limit():
    start = time.monotonic()
    with pytest.raises(DocumentError, match="more than 2 s: stopped"):
        run_bounded(time.sleep, 60, time_limit=2)
    assert time.monotonic() - start < 10


def test_the_guard_returns_what_the_reader_read():
    assert run_bounded(sorted, [3, 1, 2], time_limit=30) == [1, 2, 3]
