"""The landing folder: pages that already exist in files, turned into documents.

What a colleague's crawl, a web-corpus dump or a browser's "save page" leaves:

* ``.html .htm .shtml .xhtml .txt`` (optionally ``.gz``): one document each, bytes as found;
* report documents — ``.pdf .doc .docx .wps .ofd .png .jpg`` — one each, bytes as found,
  recognised by their bytes (a PDF saved as .html is a PDF; a .docx that is no Word
  zip is not a document), within the same size cap as a page;
* ``.jsonl .ndjson`` (optionally ``.gz``): one record a line, ``{url, html | text, …}``
  with the usual corpus spellings (``raw_content``, ``warc_target_uri``, a nested
  ``meta``…); the string is stored as UTF-8 and the content type says so, so a
  ``<meta charset=gbk>`` left inside the HTML cannot mislead the decoder;
* ``.warc .warc.gz``: every 2xx ``response`` (and ``resource`` /
  ``conversion``) record for an http(s) URL, payload bytes exactly as served
  (de-chunked and Content-Encoding removed, as a browser or requests would see
  them, so the same page fetched either way has the same sha256) — a page, or a
  report document (PDF, Word, WPS, OFD, PNG/JPEG, told by its bytes); a ``revisit``
  record gets the payload of the record it points to, under its own URL.

Everything that inflates is read within limits (govlake.ingest.inflate: 64 MiB per
file or record, ``$GOVLAKE_MAX_INFLATED_BYTES``, and no more than 200:1): a bigger
page file, a JSON line or WARC payload over the cap, a decompression bomb come out
as a LandedDoc whose ``problem`` says which limit, with at most the bytes found
(a gzip page's compressed bytes, or the first 64 KiB) — never the inflated whole.

Nothing is silently dropped: an unreadable line or record, an archive, a GIF, an
error response, an unknown file type each come out as a LandedDoc with
``problem`` set, so the catalog can record it. A JSON Lines record that is not a
corpus record at all (no url, no html, no text: a truth file, a log, a manifest of
figures) is *refused* (``refused``): reported as ``file:line: reason`` and never
taken for a report; a file whose first record is such is refused whole, in one
problem. Hidden files and folders, names starting with ``_`` (the Hadoop/Spark
convention for what sits beside the data: ``_SUCCESS``, ``govlake synth``'s
``_truth/``) and files still being written (``.part .tmp .crdownload``) are not
inputs (the latter are left for a later run); redirect
records (no page of their own) and non-http records (dns:, wget logs) are not
pages and are skipped. Order is deterministic: files by path, then file order.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govlake.ingest.content import (document_filename, document_kind, looks_like_html, mime_of,
                                    unsupported_kind)
from govlake import storage
from govlake.ingest.hints import clean_hints
from govlake.ingest.inflate import (CHUNK, EVIDENCE_BYTES, InflateLimit, Limits,
                                    bounded_archive_iterator, gunzip_capped, read_capped)

PAGE_EXTS = (".html", ".htm", ".shtml", ".xhtml", ".txt")
JSONL_EXTS = (".jsonl", ".ndjson")
WARC_EXTS = (".warc",)
IN_PROGRESS = (".part", ".tmp", ".crdownload", ".partial", "~")

URL_KEYS = ("url", "warc_target_uri", "warc-target-uri", "target_uri", "source_url", "uri",
            "link")
HTML_KEYS = ("html", "raw_html", "html_content", "content_html", "page_html")
TEXT_KEYS = ("text", "raw_content", "content", "body", "plain_text")
DATE_KEYS = ("fetched_at", "fetch_time", "crawl_date", "crawled_at", "date_download",
             "warc_date", "warc-date", "timestamp", "date")
HINT_KEYS = {"province": ("province", "province_key", "省份"),
             "year": ("year", "年份", "年度"),
             "unit": ("unit", "unit_name", "单位")}
# the type a landed document is handed on with (a file has none of its own)
DOCUMENT_TYPES = {"pdf": "application/pdf", "doc": "application/msword", "ofd": "application/ofd",
                  "docx": "application/vnd.openxmlformats-officedocument."
                          "wordprocessingml.document", "image": None}
_EXT_BY_KIND = {"PDF document": ".pdf", "PNG image": ".png", "JPEG image": ".jpg",
                "GIF image": ".gif"}


@dataclass(frozen=True)
class LandedDoc:
    data: bytes
    filename: str                  # a name whose extension tells .html from .txt
    source: str                    # the path, "path#line N" or "path#record N"
    source_url: str | None = None
    content_type: str | None = None
    fetched_at: str | None = None
    hints: dict = field(default_factory=dict)
    problem: str | None = None     # set → record it, do not parse it as a page
    refused: bool = False          # not a corpus record at all: report it, never catalogue it
    notes: tuple[str, ...] = ()    # non-fatal remarks (e.g. an invalid hint ignored)


def _split_name(path: Path) -> tuple[str, str, bool]:
    """(stem, kind extension, gzipped) for names like report.jsonl.gz."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    base = path.name[:-3] if gz else path.name
    ext = Path(base).suffix.lower()
    return Path(base).stem, ext, gz


def landing_files(folder: Path) -> list[Path]:
    """The files a landing folder offers: no hidden ones (``.`` or ``_`` first, in any part
    of the path), no half-written downloads."""
    if not folder.is_dir():
        return []
    out = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if not path.is_file() or any(p.startswith((".", "_")) for p in rel.parts):
            continue
        if path.name.lower().endswith(IN_PROGRESS):
            continue
        out.append(path)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def iter_landing(folder: str | Path) -> Iterator[LandedDoc]:
    """Every document in the landing folder (recursively), in a deterministic order."""
    folder = storage.as_path(folder)
    limits = Limits.from_env()
    for path in landing_files(folder):
        stem, ext, gz = _split_name(path)
        try:
            if ext in WARC_EXTS:
                yield from _iter_warc(path, stem, limits)
            elif ext in JSONL_EXTS:
                yield from _iter_jsonl(path, stem, gz, limits)
            else:
                yield _page_file(path, stem, ext, gz, limits)
        except InflateLimit as exc:   # (each reader reports its own; this is the backstop)
            yield LandedDoc(b"", path.name, str(path), problem=str(exc))
        except (OSError, EOFError, zlib.error) as exc:  # corrupt gzip included: never fatal
            yield LandedDoc(b"", path.name, str(path), problem=f"unreadable file: {exc}")


# ---------------------------------------------------------------- single pages

def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(EVIDENCE_BYTES)


def _page_file(path: Path, stem: str, ext: str, gz: bool, limits: Limits) -> LandedDoc:
    size = path.stat().st_size
    if size > limits.max_bytes:   # (a .gz this big inflates to at least as much)
        return LandedDoc(_head(path), path.name, str(path),
                         problem=str(limits.too_large(f"file of {size} bytes")))
    data = path.read_bytes()
    filename = f"{stem}{ext}" if gz else path.name
    if gz:
        try:
            data = gunzip_capped(data, limits)
        except InflateLimit as exc:
            return LandedDoc(data, path.name, str(path), problem=str(exc))
        except (OSError, EOFError, zlib.error) as exc:
            return LandedDoc(data, path.name, str(path), problem=f"bad gzip file: {exc}")
    if not data:
        return LandedDoc(data, filename, str(path), problem="empty file")
    doc = document_kind(data, None, filename)
    if doc:    # a report document: the bytes decide, whatever the name says
        return LandedDoc(data, document_filename(filename, doc, data), str(path),
                         content_type=DOCUMENT_TYPES[doc] or (
                             "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"))
    kind = unsupported_kind(data)
    if kind:
        return LandedDoc(data, filename, str(path), problem=f"unsupported content: {kind}")
    if ext not in PAGE_EXTS:
        return LandedDoc(data, filename, str(path),
                         problem=f"unrecognised file type {ext or '(no extension)'!r}")
    return LandedDoc(data, filename, str(path))


# ---------------------------------------------------------------- JSON Lines

def _lookup(rec: dict, keys: tuple[str, ...]):
    """First non-empty value under any of ``keys`` (case-insensitive), also in rec['meta']."""
    scopes = [rec] + [v for k, v in rec.items()
                      if str(k).lower() in ("meta", "metadata") and isinstance(v, dict)]
    for scope in scopes:
        lowered = {str(k).lower(): v for k, v in scope.items()}
        for key in keys:
            value = lowered.get(key)
            if value not in (None, ""):
                return value
    return None


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat(
                timespec="seconds")
        except (ValueError, OverflowError, OSError):  # an impossible epoch: unknown time
            return None
    return str(value).strip() or None


def _iter_jsonl(path: Path, stem: str, gz: bool, limits: Limits) -> Iterator[LandedDoc]:
    """One record a line, each at most ``limits.max_bytes``; a .gz within the ratio."""
    with path.open("rb") as raw_fh, (gzip.GzipFile(fileobj=raw_fh) if gz else raw_fh) as fh:
        inflated = 0

        def next_line() -> tuple[bytes, bool]:
            """(the line, or its head if it is over the cap; whether it is)."""
            nonlocal inflated
            parts, size = [], 0
            while True:
                piece = fh.readline(CHUNK)
                inflated += len(piece)
                if gz:
                    limits.check_ratio("gzip content", inflated, raw_fh.tell())
                size += len(piece)
                if size <= limits.max_bytes:
                    parts.append(piece)
                if not piece or piece.endswith(b"\n"):
                    return b"".join(parts), size > limits.max_bytes

        n = 0
        first = True   # the first record decides whether the file is a corpus at all
        while True:
            try:
                raw, over = next_line()
            except (InflateLimit, OSError, EOFError, zlib.error) as exc:
                yield LandedDoc(b"", path.name, f"{path}#line {n + 1}",
                                problem=f"file unreadable from line {n + 1}: {exc}")
                return
            if not raw and not over:
                return
            n += 1
            if over:
                yield LandedDoc(raw[:EVIDENCE_BYTES], f"{stem}-line{n}.jsonl", f"{path}#line {n}",
                                problem=str(limits.too_large(f"line {n}")))
            elif raw.strip():
                doc = _jsonl_record(raw, n, path, stem)
                if doc.refused and first:
                    yield LandedDoc(b"", path.name, f"{path}#line {n}", refused=True,
                                    problem=f"{doc.problem}: file refused, not a corpus")
                    return
                first = False
                yield doc


def _jsonl_record(raw: bytes, n: int, path: Path, stem: str) -> LandedDoc:
    source = f"{path}#line {n}"
    bad = f"{stem}-line{n}.jsonl"
    try:
        rec = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return LandedDoc(raw, bad, source, problem=f"line is not UTF-8: {exc.reason}")
    except json.JSONDecodeError as exc:
        return LandedDoc(raw, bad, source, problem=f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(rec, dict):
        return LandedDoc(raw, bad, source, problem="record is not a JSON object")
    notes: list[str] = []
    url = _lookup(rec, URL_KEYS)
    if url is not None and not isinstance(url, str):
        notes.append(f"url {url!r} is not a string (ignored)")
        url = None
    hints, hint_problems = clean_hints({k: _lookup(rec, keys) for k, keys in HINT_KEYS.items()})
    notes += hint_problems
    fetched_at = _iso(_lookup(rec, DATE_KEYS))
    html, text = _lookup(rec, HTML_KEYS), _lookup(rec, TEXT_KEYS)
    if url is None and html is None and text is None:
        keys = ", ".join(sorted(str(k) for k in rec)[:8]) or "none"
        return LandedDoc(b"", bad, source, refused=True,
                         problem=f"not a corpus record (keys: {keys}; a corpus record has a "
                                 "url and html or text)")
    common = {"source": source, "source_url": url, "fetched_at": fetched_at, "hints": hints,
              "notes": tuple(notes)}
    if isinstance(html, str) and html.strip():
        body, is_html = html, True
    elif isinstance(text, str) and text.strip():
        body, is_html = text, looks_like_html(text)
    else:
        return LandedDoc(raw, bad, problem="record has no html or text", **common)
    if is_html:
        return LandedDoc(body.encode("utf-8"), f"{stem}-line{n}.html",
                         content_type="text/html; charset=utf-8", **common)
    return LandedDoc(body.encode("utf-8"), f"{stem}-line{n}.txt",
                     content_type="text/plain; charset=utf-8", **common)


# ---------------------------------------------------------------- WARC

def _payload(record, limits: Limits) -> tuple[bytes, str | None, int | None, str | None]:
    """(payload, Content-Type, HTTP status or None, damage) of a response/resource record;
    InflateLimit if the payload (after de-chunking and Content-Encoding) is over the cap
    or inflates beyond the ratio from the record's own bytes."""
    http = record.http_headers
    if http is not None and record.rec_type in ("response", "revisit"):
        code = http.get_statuscode()
        ctype = http.get_header("Content-Type")
        status = int(code) if code and code.isdigit() else None
    else:
        ctype, status = record.rec_headers.get_header("Content-Type"), None
    raw = record.raw_stream
    data = read_capped(record.content_stream(), limits, "the record's payload",
                       raw.tell if hasattr(raw, "tell") else None)
    damage = None
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        damage = f"truncated record: {missing} of its {record.length} bytes missing"
    elif getattr(record, "digest_checker", None) is not None and \
            record.digest_checker.passed is False:
        damage = "digest mismatch: " + "; ".join(record.digest_checker.problems)
    return data, ctype, status, damage


def _reread(path: Path, offset: int, limits: Limits):
    with path.open("rb") as fh:
        fh.seek(offset)
        for record in bounded_archive_iterator(fh, limits, check_digests=True):
            return _payload(record, limits)
    raise ValueError("no record at that offset")


def _iter_warc(path: Path, stem: str, limits: Limits) -> Iterator[LandedDoc]:
    by_digest: dict[str, int] = {}   # payload digest → offset, for revisit records
    n = 0
    with path.open("rb") as fh:
        it = bounded_archive_iterator(fh, limits, arc2warc=False, check_digests=True)
        records = iter(it)
        while True:
            try:
                it.reader.reset_record()   # header-line budget: per record
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on bad files
                yield LandedDoc(b"", path.name, f"{path}#record {n + 1}",
                                problem=f"WARC unreadable from record {n + 1}: {exc}")
                return
            n += 1
            if record.format != "warc":   # warcio would read junk as legacy ARC lines
                yield LandedDoc(b"", path.name, f"{path}#record {n}",
                                problem=f"WARC unreadable from record {n}: not a WARC record")
                return
            doc = _warc_record(record, it.get_record_offset, n, path, stem, by_digest, limits)
            if doc is not None:
                yield doc
            if it.reader.tripped:   # a bomb: that record's problem says so; read no further
                return


def _warc_record(record, offset, n: int, path: Path, stem: str,
                 by_digest: dict[str, int], limits: Limits) -> LandedDoc | None:
    kind = record.rec_type
    if kind not in ("response", "resource", "revisit", "conversion"):
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    common = {"source": f"{path}#record {n}", "source_url": url,
              "fetched_at": headers.get_header("WARC-Date")}
    digest = headers.get_header("WARC-Payload-Digest")
    try:
        if kind == "revisit":
            if digest not in by_digest:
                return LandedDoc(b"", f"{stem}-record{n}.bin", **common,
                                 problem="revisit of a payload not in this file "
                                 f"({headers.get_header('WARC-Refers-To-Target-URI')})")
            data, ctype, status, damage = _reread(path, by_digest[digest], limits)
            own = record.http_headers.get_header("Content-Type") if record.http_headers else None
            ctype = own or ctype
        else:
            data, ctype, status, damage = _payload(record, limits)
    except InflateLimit as exc:   # too large or a bomb: recorded with its first bytes
        return LandedDoc(exc.head, f"{stem}-record{n}.bin", **common, problem=str(exc))
    except Exception as exc:  # noqa: BLE001 - a corrupt payload must not stop the file
        return LandedDoc(b"", f"{stem}-record{n}.bin", **common,
                         problem=f"payload unreadable: {exc}")
    if status is not None and 300 <= status < 400:
        return None  # a redirect: the page it points to is (or is not) its own record
    if kind != "revisit" and digest and not damage and (status is None or 200 <= status < 300):
        by_digest.setdefault(digest, offset())  # only after the payload is read
    common["content_type"] = ctype
    if damage:
        return LandedDoc(data, f"{stem}-record{n}.bin", **common, problem=damage)
    if status is not None and not 200 <= status < 300:
        return LandedDoc(data, f"{stem}-record{n}.bin", **common,
                         problem=f"HTTP {status} response, not a page")
    doc = document_kind(data, ctype, url)
    if doc:
        return LandedDoc(data, document_filename(f"{stem}-record{n}", doc, data), **common)
    what = unsupported_kind(data, ctype)
    if what:
        ext = _EXT_BY_KIND.get(what, ".bin")
        return LandedDoc(data, f"{stem}-record{n}{ext}", **common,
                         problem=f"unsupported content: {what}")
    ext = ".txt" if mime_of(ctype) == "text/plain" else ".html"
    return LandedDoc(data, f"{stem}-record{n}{ext}", **common)

