"""Which kind of document a payload is, from its first bytes (a name is a hint only).

Why first bytes: this runs on every snapshot, HTML pages included, so it must cost
nothing for them — one look at the head, no decoding, no zip opened for a page.
Zip containers (.docx, .ofd) and OLE files (.doc, .wps) are told apart by the names
inside, only once the head says zip or OLE.
"""

from __future__ import annotations

import io
import zipfile

_PDF, _ZIP, _OLE = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM",
           b"II*\x00", b"MM\x00*")
# first bytes of every document kind: a page starting with none of them is not one
_FIRST = frozenset(m[0] for m in (_PDF, _ZIP, _OLE, *_IMAGES))
_EXT = {"pdf": "pdf", "docx": "docx", "doc": "doc", "wps": "doc", "ofd": "ofd",
        "png": "image", "jpg": "image", "jpeg": "image", "gif": "image", "bmp": "image",
        "tif": "image", "tiff": "image"}


def extension_kind(name: str | None) -> str | None:
    """The kind a file name or URL path's extension suggests (a hint, never trusted alone)."""
    if not name:
        return None
    tail = name.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    if "." not in tail:
        return None
    return _EXT.get(tail.rsplit(".", 1)[-1].lower())


def sniff_kind(data: bytes, name: str | None = None) -> str | None:
    """pdf | docx | doc | ofd | image, or None for anything else (HTML, text, unknown)."""
    if not data or data[0] not in _FIRST:
        return None                       # every HTML or text page ends here
    if data.startswith(_PDF):
        return "pdf"
    if data.startswith(_IMAGES[:4]) or data.startswith(_IMAGES[4:]):
        if data.startswith(b"BM") and len(data) > 14 and extension_kind(name) != "image":
            # "BM…" could start a text; a bitmap says its own size at bytes 2–5
            if int.from_bytes(data[2:6], "little") != len(data):
                return None
        return "image"
    if data.startswith(_OLE):
        return "doc"                      # .doc and .wps are both OLE compound files
    if data.startswith(_ZIP):
        return _zip_kind(data, name)
    return None


def _zip_kind(data: bytes, name: str | None) -> str | None:
    """docx or ofd by the names a zip lists (its central directory: nothing inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()[:10_000]
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        hint = extension_kind(name)
        return hint if hint in ("docx", "ofd") else None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return None
