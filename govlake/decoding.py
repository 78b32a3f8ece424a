"""Bytes → text, in the order docs/DOMAIN.md §5 prescribes.

BOM → HTTP header charset → ``<meta charset>`` → detection. GB2312 and GBK are
always decoded as GB18030 (a superset: GB2312 fails on characters such as 镕).
Content that is not text at all (PDF, images, archives) is refused with a reason
rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes


class UndecodableContent(ValueError):
    """The bytes are not a text document we can read (binary, PDF, image…)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # the codec actually used, e.g. "utf-8", "gb18030"
    method: str            # bom | header | meta | detected | fallback
    declared: str | None   # what the page or header claimed, if anything


_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
    "utf8": "utf-8", "utf-8": "utf-8", "unicode": "utf-8",
    "iso-8859-1": "latin-1", "latin1": "latin-1", "us-ascii": "utf-8", "ascii": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # GB18030's own BOM (U+FEFF in GB18030): as decisive as a UTF-8 one. Without it a
    # lying header won over it, and a page given as gb18030 kept a leading U+FEFF.
    (b"\x84\x31\x95\x33", "gb18030"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx?)"),
    (b"\xd0\xcf\x11\xe0", "OLE document (doc/xls?)"),
    (b"\x1f\x8b", "gzip data"),
)

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE
)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


def canonical(name: str | None) -> str | None:
    """Map a declared charset to the codec we decode it with."""
    if not name:
        return None
    key = name.strip().lower()
    codec = _ALIASES.get(key, key)
    try:
        return codecs.lookup(codec).name if codec not in _ALIASES.values() else codec
    except LookupError:
        return None


def sniff_binary(data: bytes) -> str | None:
    """Name the binary kind of ``data`` or return None when it may be text."""
    head = data[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 10 and not sample.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return "binary data (NUL bytes)"
    return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if len(exc.object) - exc.start > 4:  # (exc.object: the bytes after a BOM utf-8-sig ate)
            return None
        # A download cut mid-character: only the last character is incomplete. Read the
        # rest in this codec (final=False keeps those last bytes pending, and still
        # refuses a byte that is invalid) rather than let the whole page fall through
        # to another codec and come out as mojibake.
        try:
            text = codecs.getincrementaldecoder(codec)().decode(data, final=False)
        except (UnicodeError, LookupError):
            return None
        return text if isinstance(text, str) else None
    except (UnicodeError, LookupError):
        # UnicodeError too: some codecs a header may name raise it bare (charset=undefined,
        # punycode), and a charset a page names must never take the decoder down
        return None


# Codecs we widen a declared charset to, and the declared charset's own codec to read
# with when the wider one cannot: Python's Big5-HKSCS table lacks code points its Big5
# table has (the ETEN row: に, は, ぱ… at C6A1–C8FE). A page declared Big5 that HKSCS
# cannot read is still Big5, not a GB18030 page to detect (that came out as mojibake).
_NARROWER = {"big5hkscs": "big5"}


def _try_declared(data: bytes, codec: str) -> tuple[str | None, str]:
    """(text, codec used) of bytes in a declared charset (canonical codec `codec`)."""
    text = _try(data, codec)
    if text is None and codec in _NARROWER:
        codec = _NARROWER[codec]
        text = _try(data, codec)
    return text, codec


def decode_bytes(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page or text file; raise UndecodableContent for non-text bytes."""
    if not data:
        raise UndecodableContent("empty file")
    kind = sniff_binary(data)
    if kind:
        raise UndecodableContent(f"not a text document: {kind}")

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is not None:
                return Decoded(text.lstrip("\ufeff"), codec.replace("-sig", ""), "bom", None)

    declared_header = None
    if content_type:
        m = _HEADER.search(content_type)
        declared_header = m.group(1) if m else None
    codec = canonical(declared_header)
    # requests' ISO-8859-1 default for text/* is not a declaration worth trusting
    if codec and codec != "latin-1":
        text, codec = _try_declared(data, codec)
        if text is not None:
            return Decoded(text, codec, "header", declared_header)

    m = _META.search(data[:8192])
    declared_meta = m.group(1).decode("ascii", "ignore") if m else None
    codec = canonical(declared_meta)
    if codec and codec != "latin-1":
        text, codec = _try_declared(data, codec)
        if text is not None:
            return Decoded(text, codec, "meta", declared_meta)

    declared = declared_header or declared_meta
    # Strict UTF-8 first: it almost never decodes non-UTF-8 Chinese by accident.
    text = _try(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "detected", declared)
    # GB bytes that Big5 cannot read: gb18030 is what detection below would end with
    # (whatever it guessed), without the cost of detecting (~1 ms a page)
    text = _try(data, "gb18030")
    if text is not None and _try(data, "big5hkscs") is None:
        return Decoded(text, "gb18030", "detected", declared)
    # only the encodings Chinese pages use: detection over three candidates is fast
    best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5", "utf_8"]).best()
    guess = canonical(best.encoding) if best is not None else None
    for codec in filter(None, (guess, "gb18030", "big5hkscs")):
        text = _try(data, codec)
        if text is not None:
            return Decoded(text, codec, "detected", declared)
    return Decoded(data.decode("gb18030", errors="replace"), "gb18030", "fallback", declared)
