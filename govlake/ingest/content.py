"""Is this payload a page we can parse, or something to keep raw and set aside?

A government site that answers a report URL with a PDF scan or a picture must
not have those bytes decoded as HTML (garbage text, a wrongly "failed" report);
they are kept, content-addressed, and recorded as unsupported content. The bytes
decide first (magic numbers), the declared Content-Type second.
"""

from __future__ import annotations

from govlake.decoding import sniff_binary

_BINARY_MIMES = {
    "application/pdf": "PDF document",
    "application/zip": "ZIP archive",
    "application/gzip": "gzip data",
    "application/x-gzip": "gzip data",
    "application/msword": "Word document",
    "application/x-rar-compressed": "RAR archive",
    "application/vnd.rar": "RAR archive",
    "application/x-7z-compressed": "7z archive",
    "application/x-shockwave-flash": "Flash file",
}
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/vnd.")


def mime_of(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def unsupported_kind(data: bytes | None, content_type: str | None = None) -> str | None:
    """A short description of why ``data`` is not an HTML/text page, or None if it may be."""
    if not data:
        return "empty document"
    kind = sniff_binary(data)
    if kind:
        return kind
    mime = mime_of(content_type)
    if mime in _BINARY_MIMES:
        return _BINARY_MIMES[mime]
    if mime.startswith(_BINARY_PREFIXES):
        return f"{mime} content"
    return None


def looks_like_html(text: str) -> bool:
    """Markup rather than plain text (for corpus records whose 'text' holds HTML)."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml")) or any(
        tag in head for tag in ("<html", "<body", "<head>", "<meta ", "<div", "<table", "<p>"))



# ---------------------------------------------------------------- report documents

# Reports published as documents (issue 14): what the pipeline reads besides pages.
# The kinds are the report's `document_kind` values; .wps (Kingsoft's Word-compatible
# OLE file) is read as a legacy Word document.
DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc",
                     ".ofd": "ofd", ".png": "image", ".jpg": "image", ".jpeg": "image"}
DOCUMENT_MIMES = {
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc", "application/vnd.ms-works": "doc", "application/wps-office.wps": "doc",
    "application/kswps": "doc", "application/ofd": "ofd",
    "image/png": "image", "image/jpeg": "image", "image/jpg": "image", "image/pjpeg": "image",
}


_KIND_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "doc": ".doc", "ofd": ".ofd"}


def document_filename(name: str, kind: str, data: bytes) -> str:
    """``name`` ending in its document's own extension (a download script's name,
    report.jsp, becomes report.jsp.pdf), so the raw layer and readers see the kind."""
    ext = suffix_of(name)
    if DOCUMENT_SUFFIXES.get(ext) == kind:
        return name
    if kind == "image":
        return name + (".png" if data.startswith(b"\x89PNG") else ".jpg")
    return name + _KIND_SUFFIX.get(kind, ".bin")


def suffix_of(name: str | None) -> str:
    """The lower-case extension of a file name or URL path ('' when none)."""
    base = (name or "").split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[1] if "." in base else ""


def document_kind(data: bytes | None, content_type: str | None = None,
                  filename: str | None = None) -> str | None:
    """pdf | docx | doc | ofd | image when ``data`` is a report document the pipeline
    reads, else None (a page, or something else to keep raw and set aside).

    The bytes decide (magic numbers; a zip's member names tell .docx from OFD), so a
    PDF served as text/html or saved as .html is still a PDF; the name and declared
    type only tell apart what the bytes cannot (an OLE file: .doc or .wps). A zip that
    is neither, a GIF, audio or an archive is no document.
    """
    if not data:
        return None
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in data:
            return "docx"
        if b"OFD.xml" in data:
            return "ofd"
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0"):   # OLE compound file: Word, WPS — or Excel
        by_name = DOCUMENT_SUFFIXES.get(suffix_of(filename))
        by_mime = DOCUMENT_MIMES.get(mime_of(content_type))
        if by_name == "doc" or by_mime == "doc" or b"W\x00o\x00r\x00d\x00D\x00o\x00c" in data[:1 << 20]:
            return "doc"
        return None
    return None
