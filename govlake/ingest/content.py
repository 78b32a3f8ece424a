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
                     ".ofd": "ofd", ".png": "image", ".jpg": "image", ".jpeg": "image",
                     ".gif": "image", ".bmp": "image", ".tif": "image", ".tiff": "image"}


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

    The bytes decide — govlake.documents.sniff, the same test clean_snapshot makes, so
    what ingestion hands on as a document is what the pipeline reads as one: a PDF
    served as text/html or saved as .html is still a PDF, a zip that holds no Word or
    OFD document is none. ``content_type`` is not trusted (servers label PDFs
    text/html and pages application/octet-stream); the name only settles what the
    bytes leave open.
    """
    from govlake.documents.sniff import sniff_kind

    return sniff_kind(data, filename) if data else None
