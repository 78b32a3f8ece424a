"""Scans and image-only tables → Document, through OCR (RapidOCR on onnxruntime).

Why RapidOCR: PaddleOCR's PP-OCRv4 models for Chinese ship inside the
rapidocr_onnxruntime wheel (nothing downloaded at run time) and run on CPU.

Tables are found from their rulings, not guessed from text: horizontal and vertical
strokes are picked out by morphology (OpenCV, which RapidOCR already needs), the
grid lines they draw give rows and columns, and a missing stroke between two grid
cells means one merged cell — so the scan's table becomes the same grid with spans
a web page gives, read by header column (parsing/grid_facts.py). Each text box the
OCR finds is placed in the cell holding its centre; boxes outside tables are
assembled into lines (and rows of cells, where a line has wide gaps) by position.
A figure the OCR read with low confidence is left blank (missing, never guessed),
and the report says how many were.
"""

from __future__ import annotations

import io
import time

from govlake.documents.grid import cluster, join_lines
from govlake.documents.join import add_blocks
from govlake.documents.model import Block, Document, DocumentError, Table, TableCell

MAX_PIXELS = 40_000_000          # ~A4 at 600 dpi; larger is not a page (or a bomb)
MAX_SIDE = 2400                  # pages are scaled down to this before OCR
MIN_NUMBER_SCORE = 0.80          # a figure read with less confidence is left blank
_ENGINE = None


THREADS_ENV = "GOVLAKE_OCR_THREADS"


def engine():
    """One OCR engine per process (loading the models costs ~1 s), one thread unless
    $GOVLAKE_OCR_THREADS says more: the lake runs one document per core (a single
    process reading scans, such as `govlake inspect` or the tests, may use more)."""
    global _ENGINE
    if _ENGINE is None:
        import os

        from rapidocr_onnxruntime import RapidOCR
        try:
            threads = max(1, int(os.environ.get(THREADS_ENV, "1")))
        except ValueError:
            threads = 1
        _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    return _ENGINE


def load(data: bytes):
    """The image as a grey numpy array, its size checked before it is decoded."""
    import numpy as np
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise DocumentError(f"image of {w}×{h} pixels is larger than the "
                                    f"{MAX_PIXELS} pixel limit for a page")
            im.seek(0)  # a multi-page TIFF: its first page
            grey = np.asarray(im.convert("L"))
    except DocumentError:
        raise
    except Exception as exc:  # Pillow's many errors for damaged or unknown files
        raise DocumentError(f"damaged image: {type(exc).__name__}: {exc}"[:300]) from None
    if max(grey.shape) > MAX_SIDE:
        import cv2
        f = MAX_SIDE / max(grey.shape)
        grey = cv2.resize(grey, (int(grey.shape[1] * f), int(grey.shape[0] * f)),
                          interpolation=cv2.INTER_AREA)
    return grey


def read_image(data: bytes, *, deadline: float | None = None, page: int = 1) -> Document:
    grey = load(data)
    doc = Document(kind="image", reader="RapidOCR (PP-OCRv4, onnxruntime)", pages=1)
    read_page(grey, page, doc, deadline=deadline)
    return doc


def read_images(pages: list[bytes], *, deadline: float | None = None) -> Document:
    """Several images as the pages of one report, in order (a report published as a
    picture per page): tables continued from one image to the next are joined."""
    from govlake.documents.pdf import MAX_SCANNED_PAGES

    if len(pages) > MAX_SCANNED_PAGES:
        raise DocumentError(f"{len(pages)} page images: more than the {MAX_SCANNED_PAGES} "
                            "pages OCR reads for one report")
    doc = Document(kind="image", reader="RapidOCR (PP-OCRv4, onnxruntime)", pages=len(pages))
    for i, data in enumerate(pages):
        read_page(load(data), i + 1, doc, deadline=deadline)
    return doc


def read_page(grey, page: int, doc: Document, *, deadline: float | None = None) -> None:
    """OCR one page image into `doc`'s blocks: ruled tables as grids, the rest as lines."""
    import numpy as np

    if deadline is not None and time.monotonic() > deadline:
        raise DocumentError(f"OCR took too long: stopped before page {page}")
    rgb = np.stack([grey] * 3, axis=-1)
    result, _ = engine()(rgb, use_cls=False)
    boxes = []
    for quad, text, score in result or []:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        boxes.append([min(xs), min(ys), max(xs), max(ys), str(text).strip(), float(score)])
    items: list[tuple[float, Block]] = []
    used: set[int] = set()
    for region, cells, xs in ruled_tables(grey):
        table, taken = _fill(cells, boxes, grey, page, doc)
        table.col_edges = xs
        used |= taken
        if table.cells:
            items.append((region[1], Block(page, table=table)))
    rest = [b for i, b in enumerate(boxes) if i not in used and b[4]]
    for top, text in _lines(rest):
        items.append((top, Block(page, text=text)))
    items.sort(key=lambda it: it[0])
    add_blocks(doc, [b for _, b in items], tol=10.0)


# ---------------------------------------------------------------- rulings → cells

def ruled_tables(grey) -> list[tuple[tuple[int, int, int, int], list[tuple], list[float]]]:
    """Each ruled table: its region (x0, y0, x1, y1), its cells as (row, col, rowspan,
    colspan, (x0, y0, x1, y1)) from the strokes drawn, and its column edges."""
    import cv2
    import numpy as np

    h, w = grey.shape
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                   25, 15)
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(25, w // 40), 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 80))))
    # strokes a pixel or two off (a scan's skew, anti-aliasing) still meet
    horiz = cv2.dilate(horiz, np.ones((3, 3), np.uint8))
    vert = cv2.dilate(vert, np.ones((3, 3), np.uint8))
    both = cv2.bitwise_or(horiz, vert)
    n, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, bw, bh, _ = stats[k]
        if bw < w // 8 or bh < 20:
            continue
        cells, xs = _cells(horiz[y:y + bh, x:x + bw], vert[y:y + bh, x:x + bw], x, y)
        if cells:
            out.append(((x, y, x + bw, y + bh), cells, xs))
    return out


def _segments(mask, axis: int) -> list[float]:
    """Centres of the strokes along one axis (rows of a horizontal mask, columns of a
    vertical one) that run at least a sixth of the region, or 30 pixels."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    length = max(30, (mask.shape[1] if axis == 0 else mask.shape[0]) // 12)
    out = []
    for k in range(1, n):
        x, y, bw, bh, _ = stats[k]
        if axis == 0 and bw >= length:
            out.append(y + bh / 2)
        elif axis == 1 and bh >= length:
            out.append(x + bw / 2)
    return out


def _cells(horiz, vert, ox: int, oy: int) -> list[tuple]:
    ys = cluster(_segments(horiz, 0), 8)
    xs = cluster(_segments(vert, 1), 8)
    if len(ys) < 2 or len(xs) < 2:
        return [], []
    nr, nc = len(ys) - 1, len(xs) - 1

    def has_v(j: int, i: int) -> bool:     # stroke at xs[j] between ys[i] and ys[i+1]
        x = int(xs[j])
        a, b = int(ys[i]) + 4, int(ys[i + 1]) - 4
        if b <= a:
            return True
        band = vert[a:b, max(0, x - 3):x + 4]
        return band.size > 0 and (band.max(axis=1) > 0).mean() > 0.6

    def has_h(i: int, j: int) -> bool:     # stroke at ys[i] between xs[j] and xs[j+1]
        y = int(ys[i])
        a, b = int(xs[j]) + 4, int(xs[j + 1]) - 4
        if b <= a:
            return True
        band = horiz[max(0, y - 3):y + 4, a:b]
        return band.size > 0 and (band.max(axis=0) > 0).mean() > 0.6

    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and not has_v(j + 1, i):
                parent[find(i * nc + j)] = find(i * nc + j + 1)
            if i + 1 < nr and not has_h(i + 1, j):
                parent[find(i * nc + j)] = find((i + 1) * nc + j)
    groups: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            groups.setdefault(find(i * nc + j), []).append((i, j))
    cells = []
    for members in groups.values():
        r0 = min(i for i, _ in members)
        r1 = max(i for i, _ in members)
        c0 = min(j for _, j in members)
        c1 = max(j for _, j in members)
        box = (ox + xs[c0], oy + ys[r0], ox + xs[c1 + 1], oy + ys[r1 + 1])
        cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1, box))
    return cells, [ox + x for x in xs]


def _fill(cells, boxes, grey, page: int, doc: Document) -> tuple[Table, set[int]]:
    """The table's cells with the OCR boxes whose centres they hold. A figure read with
    low confidence, or a cell with ink where the detector found no text (a lone digit
    is easy to miss), is read again alone from its crop; still unsure, it is left blank."""
    taken: set[int] = set()
    out = []
    n_rows = 0
    for r, c, rs, cs, (x0, y0, x1, y1) in sorted(cells):
        inside = []
        for k, b in enumerate(boxes):
            cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            if x0 <= cx < x1 and y0 <= cy < y1:
                inside.append(b)
                taken.add(k)
        text = "\n".join(t for _, t in _lines(inside)) if inside else ""
        unsure = inside and _is_number(text) and min(b[5] for b in inside) < MIN_NUMBER_SCORE
        if unsure or (not inside and _has_ink(grey, x0, y0, x1, y1)):
            again, score = _reread(grey, x0, y0, x1, y1)
            if again and _is_number(again) and score >= MIN_NUMBER_SCORE:
                text = again
            elif unsure:
                doc.warnings.append(f"page {page}: a figure read with low confidence left "
                                    f"blank ({text!r}, table row {r + 1}, column {c + 1})")
                text = ""
        out.append(TableCell(join_lines(text), r, c, rs, cs))
        n_rows = max(n_rows, r + rs)
    return Table(out, [page] * n_rows), taken


def _crop(grey, x0, y0, x1, y1, inset: int = 5):
    return grey[int(y0) + inset:int(y1) - inset, int(x0) + inset:int(x1) - inset]


def _has_ink(grey, x0, y0, x1, y1) -> bool:
    crop = _crop(grey, x0, y0, x1, y1)
    return crop.size > 0 and int((crop < 110).sum()) >= 15  # a lone "1" is ~40 pixels


def _reread(grey, x0, y0, x1, y1) -> tuple[str, float]:
    """Recognition alone on one cell's crop, on a white margin."""
    import numpy as np

    crop = _crop(grey, x0, y0, x1, y1)
    if crop.size == 0:
        return "", 0.0
    ink = np.argwhere(crop < 140)
    if len(ink) < 4:
        return "", 0.0
    (t, left), (b, right) = ink.min(axis=0), ink.max(axis=0)
    crop = crop[max(0, t - 3):b + 4, max(0, left - 3):right + 4]  # the text, tightly
    pad = np.pad(crop, 8, constant_values=255)
    result, _ = engine()(np.stack([pad] * 3, axis=-1), use_det=False, use_cls=False)
    if not result:
        return "", 0.0
    text, score = result[0][0], float(result[0][1])
    return str(text).strip(), score


def _is_number(text: str) -> bool:
    t = text.replace(",", "").replace(".", "").replace("-", "").strip()
    return t.isdigit()


# ---------------------------------------------------------------- boxes → lines

def _lines(boxes) -> list[tuple[float, str]]:
    """Boxes grouped into lines by vertical overlap, left to right; a line whose boxes
    stand far apart (a borderless table's row) is written as `| a | b |`."""
    rows: list[list] = []
    for b in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        cy = (b[1] + b[3]) / 2
        for row in rows:
            top, bottom = row[0], row[1]
            if top <= cy <= bottom:
                row[2].append(b)
                break
        else:
            rows.append([b[1], b[3], [b]])
    out = []
    for top, _, members in sorted(rows, key=lambda r: r[0]):
        members.sort(key=lambda b: b[0])
        height = max(b[3] - b[1] for b in members) or 1
        parts = [[members[0]]]
        for b in members[1:]:
            if b[0] - parts[-1][-1][2] > 1.5 * height:
                parts.append([b])
            else:
                parts[-1].append(b)
        texts = ["".join(b[4] for b in p) for p in parts]
        line = texts[0] if len(texts) == 1 else "| " + " | ".join(texts) + " |"
        out.append((top, line))
    return out
