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

