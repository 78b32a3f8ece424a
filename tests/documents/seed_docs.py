"""The seeds as documents, made at test time: .docx (python-docx), PDF (that .docx
exported by LibreOffice, as most published report PDFs are made), page images (the
PDF rasterised, with a scanned look) and .doc (LibreOffice's Word 97 export).

A seed's prose is kept (its unit and year are there); sections 三 and 四 are the
template's tables with their merged cells (synth/tables.section3_grid and
section4_grid) holding the seed's known figures (tests/core/conftest.py).
"""

from __future__ import annotations

import io
import re

from govlake import schema
from govlake.synth.tables import num, section3_grid, section4_grid
from tests.core import conftest as known

SEEDS = {  # prefix: (template, figures of 三, figures of 四 in REVIEW_LITIGATION_ORDER)
    "001": ("2021", known.APPS_001, known.RL_001),
    "002": ("2019", known.APPS_002, known.RL_002),
    "000": ("2019", known.APPS_000, known.RL_000),
}
HEAD_3 = "三、收到和处理政府信息公开申请情况"
HEAD_4 = "四、政府信息公开行政复议、行政诉讼情况"


def _prose(prefix: str) -> tuple[list[str], list[str]]:
    """The seed's paragraphs before section 二 and from section 五 on (no table rows)."""
    text = known.seed_text(prefix)
    if prefix == "000":
        text = known.repair_traditional(text)
    lines = [re.sub(r"\*\*", "", ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and "|" not in ln and "\t" not in ln]
    head = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    tail = next((i for i, ln in enumerate(lines) if ln.startswith("五、")), len(lines))
    return lines[:head], lines[tail:]


def blocks(prefix: str, short: bool = False) -> list:
    """("p", text) and ("table", rows of TCell) in reading order; `short`: the first
    paragraphs only (OCR costs seconds a page)."""
    fmt, apps, rl = SEEDS[prefix]
    texts = {code: [num(v) for v in values] for code, values in apps.items()}
    if fmt == "2021":
        texts.pop("other", None)
    before, after = _prose(prefix)
    if short:
        before, after = before[:3], after[:1]
    return ([("p", t) for t in before] + [("p", HEAD_3), ("table", section3_grid(fmt, texts))]
            + [("p", HEAD_4), ("table", section4_grid([num(v) for v in rl]))]
            + [("p", t) for t in after])


def expected_cells(prefix: str) -> dict[tuple[str, str, str], float]:
    """Every figure of 三 and 四 the rendered document holds."""
    fmt, apps, rl = SEEDS[prefix]
    out = {}
    for code, values in apps.items():  # 2021's (六)其他处理: the sum of its sub-rows
        for a, v in zip(schema.APPLICANT_CODES, values):
            out[("applications", code, a)] = float(v)
    for (p, o), v in zip(schema.REVIEW_LITIGATION_ORDER, rl):
        out[("review_litigation", p, o)] = float(v)
    return out


def to_docx(prefix: str, short: bool = False) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Document()
    style = d.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for kind, item in blocks(prefix, short):
        if kind == "p":
            d.add_paragraph(item)
            continue
        width = max(sum(c.colspan for c in row) for row in item)
        table = d.add_table(rows=len(item), cols=width)
        table.style = "Table Grid"
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(item):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                for rr in range(r, r + cell.rowspan):
                    for cc in range(c, c + cell.colspan):
                        taken.add((rr, cc))
                top = table.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    top = top.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                top.text = cell.text
                for p in top.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(7 if width > 10 else 8)
                c += cell.colspan
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def office_convert(data: bytes, suffix: str, to: str) -> bytes:
    """LibreOffice's export of `data` (test-time rendering only)."""
    from govlake.documents.legacy import convert

    return convert(data, suffix=suffix, to=to, time_limit=120)


def to_pdf(prefix: str, short: bool = False) -> bytes:
    return office_convert(to_docx(prefix, short), ".docx", "pdf")


def to_doc(prefix: str) -> bytes:
    return office_convert(to_docx(prefix), ".docx", "doc")


def to_images(pdf: bytes, dpi: int = 200, scanned: bool = True) -> list[bytes]:
    """Each page as an image; `scanned`: grey paper, sensor noise, a little blur, JPEG."""
    import random

    import pypdfium2
    from PIL import Image, ImageFilter

    out = []
    rng = random.Random(14)
    pdf_doc = pypdfium2.PdfDocument(pdf)
    for i in range(len(pdf_doc)):
        img = pdf_doc[i].render(scale=dpi / 72).to_pil().convert("L")
        if scanned:
            noise = Image.effect_noise(img.size, 18)
            img = Image.blend(img, noise, 0.12).point(lambda v: min(255, int(v * 0.94 + 6)))
            img = img.filter(ImageFilter.GaussianBlur(0.6))
        buf = io.BytesIO()
        if scanned:
            img.save(buf, "JPEG", quality=80 + rng.randint(0, 5))
        else:
            img.save(buf, "PNG")
        out.append(buf.getvalue())
    pdf_doc.close()
    return out


def scanned_pdf(images: list[bytes]) -> bytes:
    """Page images bound into a PDF with no text layer: a scanned report."""
    from PIL import Image

    pages = [Image.open(io.BytesIO(b)).convert("L") for b in images]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=200.0)
    return buf.getvalue()
