"""The seeds rendered as .docx, .doc, PDF and scanned page images give their known
figures; the empty 2021 template as Word gives format 2021 and no figure at all."""

from __future__ import annotations

import shutil

import pytest

from govlake.pipeline import SourceRef, process
from tests.conftest import REPO, SEEDS
from tests.documents import seed_docs

TEMPLATE = REPO.parent / "shared" / "real" / "template_2021.docx"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed folder ../shared/seeds not available")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice (soffice) not installed: run `make office`")
META = {"001": ("花溪区人民政府", 2021, "2021", "guizhou"),
        "002": ("泾源县人民政府", 2020, "2019", "ningxia"),
        "000": ("武定县人民政府", 2020, "2019", "yunnan")}


def _cells(placed) -> dict:
    return {(t, f.get("row_code") or f["proceeding"], f.get("applicant") or f["outcome"]): f["value"]
            for t in ("applications", "review_litigation") for f in placed.facts[t]
            if t == "applications" or f["proceeding"] != "litigation"}


def _read(data: bytes, name: str):
    return process(data, SourceRef(filename=name))


def _assert_exact(prefix: str, data: bytes, name: str, kind: str):
    rec, placed = _read(data, name)
    assert rec["document_kind"] == kind and not rec.get("error"), rec.get("error")
    rep = placed.report
    unit, year, fmt, province = META[prefix]
    assert (rep["unit_name"], rep["year"], rep["format"], rep["province_key"]) == (
        unit, year, fmt, province)
    assert rep["document_kind"] == kind
    assert _cells(placed) == seed_docs.expected_cells(prefix)
    # section 二 is not rendered: the only error is its absence
    assert rep["parse_errors"] == ["section 二: active-disclosure tables not found"]
    assert all(q["passed"] for q in placed.facts["quality_checks"])
    return rec, placed


@needs_seeds
@pytest.mark.parametrize("prefix", ["001", "002", "000"])
def test_seed_as_docx(prefix):
    rec, placed = _assert_exact(prefix, seed_docs.to_docx(prefix), "report.docx", "docx")
    assert all(f["source_page"] == 1 for f in placed.facts["applications"])  # no page break


@needs_seeds
@needs_office
@pytest.mark.parametrize("prefix", ["001", "002"])
def test_seed_as_pdf_exported_by_office(prefix):
    rec, placed = _assert_exact(prefix, seed_docs.to_pdf(prefix), "report.pdf", "pdf")
    pages = {f["source_page"] for f in placed.facts["applications"]}
    assert len(pages) >= 2 and None not in pages   # section 三 runs over a page break


@needs_seeds
@needs_office
def test_seed_as_legacy_doc():
    _assert_exact("001", seed_docs.to_doc("001"), "report.doc", "doc")


@needs_seeds
@needs_office
def test_seed_as_wps_named_file_is_read_like_doc():
    # a Kingsoft .wps is the binary Word format in an OLE file: the same path
    _assert_exact("002", seed_docs.to_doc("002"), "report.wps", "doc")


@pytest.fixture(scope="module")
def scanned():
    """Seeds 001 and 002 as scans: page images (grey paper, noise, blur, JPEG), read by
    OCR — 001's bound into a PDF without a text layer, 002's as the separate images of a
    图片版 article (one report). Each scan is read once here (OCR costs ~10 s a page)."""
    from govlake.pipeline import clean_page_images, parse_cleaned

    images = seed_docs.to_images(seed_docs.to_pdf("001", short=True))
    out = {"001": (images, _read(seed_docs.scanned_pdf(images), "scan.pdf"))}
    images = seed_docs.to_images(seed_docs.to_pdf("002", short=True))
    rec = clean_page_images(images, SourceRef(filename="p.jpg"))
    out["002"] = (images, (rec, parse_cleaned(rec)))
    return out


@needs_seeds
@needs_office
def test_scanned_seeds_through_ocr_98_percent_exact_and_none_wrong(scanned):
    exact = total = 0
    for prefix, (_, (rec, placed)) in scanned.items():
        assert rec["document_kind"] == {"001": "pdf", "002": "image"}[prefix]
        assert "OCR" in rec["extractor"]
        rep = placed.report
        unit, year, fmt, province = META[prefix]
        assert (rep["unit_name"], rep["year"], rep["format"]) == (unit, year, fmt)
        expected, got = seed_docs.expected_cells(prefix), _cells(placed)
        wrong = {k: (v, got[k]) for k, v in expected.items() if k in got and got[k] != v}
        assert not wrong, f"seed {prefix}: OCR figures silently wrong: {wrong}"
        assert set(got) <= set(expected)
        missing = set(expected) - set(got)
        exact += len(expected) - len(missing)
        total += len(expected)
        if missing:  # a missing figure is never silent: the identities or the parser say so
            failed = [q for q in placed.facts["quality_checks"] if not q["passed"]]
            assert rep["parse_status"] == "partial" and (failed or len(rep["parse_errors"]) > 1), \
                (prefix, missing)
    assert exact / total >= 0.98, f"{exact} of {total} cells exact"


@needs_seeds
@needs_office
def test_one_page_image_through_ocr(scanned):
    """Seed 002's first page as a .png on its own (document_kind image): its unit and
    year, and the rows of section 三 it holds, none wrong; the rest is on page 2."""
    import io

    from PIL import Image

    images, _ = scanned["002"]
    page = io.BytesIO()
    Image.open(io.BytesIO(images[0])).save(page, "PNG")
    rec, placed = _read(page.getvalue(), "page.png")
    assert rec["document_kind"] == "image" and placed.report["document_kind"] == "image"
    rep = placed.report
    assert (rep["unit_name"], rep["year"]) == ("泾源县人民政府", 2020)
    expected, got = seed_docs.expected_cells("002"), _cells(placed)
    assert {k: v for k, v in got.items() if expected.get(k) != v} == {}
    for a, v in zip(("natural_person", "total"), (6, 6)):
        assert got[("applications", "new_received", a)] == v
    assert all(f["source_page"] == 1 for f in placed.facts["applications"])


@pytest.mark.skipif(not TEMPLATE.is_file(), reason="../shared/real/template_2021.docx not available")
def test_the_empty_2021_template_reads_as_2021_with_no_values():
    rec, placed = _read(TEMPLATE.read_bytes(), "template_2021.docx")
    assert rec["document_kind"] == "docx" and not rec.get("error")
    rep = placed.report
    assert (rep["format"], rep["format_source"]) == ("2021", "tables")
    assert rep["parse_status"] == "failed"
    assert all(not rows for rows in placed.facts.values() if rows is not placed.facts["quality_checks"])
    assert "year not determinable" in rep["routing_reason"] and rep["province_key"] == "unknown"


@needs_seeds
@needs_office
def test_page_images_of_one_report_read_as_one_document(scanned):
    """Seed 002's two scanned pages as separate images (a 图片版 article): one report,
    every figure exact, the table joined over the two images, each fact with its page."""
    _, (rec, placed) = scanned["002"]
    assert rec["document_kind"] == "image" and not rec.get("error")
    assert (placed.report["unit_name"], placed.report["year"]) == ("泾源县人民政府", 2020)
    assert _cells(placed) == seed_docs.expected_cells("002")
    pages = {f["source_page"] for f in placed.facts["applications"]}
    assert pages == {1, 2}
