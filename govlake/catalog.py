"""The source catalog: every snapshot ever found, its bytes kept, its partition decided.

Discovery walks the bundled sample and the landing folder (and, later, manifests
and fetches); each new byte string is stored once, content-addressed, and routed
to exactly one (province, year) partition by the pure pipeline. Re-running is
cheap: a (sha256, source) pair already in the catalog is not routed again.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from govlake import atomic, factstore, progress, storage, workcache
from govlake.lake import Lake
from govlake.pipeline import SourceRef, partition_for, report_id_for, sha256_hex

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".txt")

CATALOG_SCHEMA = pa.schema([
    ("sha256", pa.string()),
    ("report_id", pa.string()),
    ("source", pa.string()),          # path relative to the lake root, or URL
    ("source_url", pa.string()),
    ("filename", pa.string()),
    ("size", pa.int64()),
    ("origin", pa.string()),          # samples | landing | manifest
    ("discovered_at", pa.string()),
    ("fetched_at", pa.string()),
    ("content_type", pa.string()),
    ("hints", pa.string()),           # JSON: province/year/unit hints from a manifest or corpus
    ("province_key", pa.string()),
    ("year", pa.int32()),
    ("unit_name", pa.string()),
    ("encoding", pa.string()),
    ("routing_reason", pa.string()),
    ("routing_conflicts", pa.list_(pa.string())),
    ("error", pa.string()),
    # a report document fetched from a page's link (issue 14): the page it came from
    ("parent_sha256", pa.string()),
    ("parent_url", pa.string()),
    ("document_kind", pa.string()),   # pdf | docx | doc | ofd | image; null for a page
    # set on a family member with no facts of its own: the snapshot carrying its
    # report (govlake.families); such a snapshot is no report in cleaned/facts
    ("report_sha256", pa.string()),
])


@dataclass(frozen=True)
class Found:
    data: bytes
    ref: SourceRef
    source: str
    origin: str
    problem: str | None = None   # set: record it with the reason, do not parse it
    parent_sha256: str | None = None   # a document fetched from this page's link
    parent_url: str | None = None


def _files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith("."):
            yield path


def _rel(lake: Lake, path: str | Path) -> str:
    """A source's name relative to the lake root when it lies inside the lake."""
    if lake.is_remote:
        root = str(lake.root).rstrip("/") + "/"
        return str(path)[len(root):] if str(path).startswith(root) else str(path)
    path = Path(path)
    resolved = _resolved_dir(str(path.parent)) / path.name
    if resolved.is_symlink():   # (a linked file names its target, as resolve() would)
        resolved = resolved.resolve()
    try:
        return str(resolved.relative_to(lake.root))
    except ValueError:
        return str(path)


@lru_cache(maxsize=1024)
def _resolved_dir(directory: str) -> Path:
    """A folder resolved once: a landing folder holds thousands of pages in a few folders,
    and resolving every page's path cost ~0.1 ms each."""
    return Path(directory).resolve()


def discover_samples(lake: Lake) -> Iterator[Found]:
    """The bundled sample's saved web pages (the .txt originals are reference copies).

    Each is named ``samples/<file>`` in the catalog wherever the pages come from (the
    package or the lake's own samples/ folder), so a source's name does not depend on
    where govlake is installed."""
    for path in _files(lake.samples_dir, (".html", ".htm")):
        name = f"samples/{path.name}"
        yield Found(path.read_bytes(), SourceRef(filename=path.name, source_path=name),
                    name, "samples")


def where(source: str) -> str:
    """A source as ``file:line`` / ``file: record N`` for messages ("x.jsonl#line 3" → "x.jsonl:3")."""
    path, _, fragment = source.partition("#")
    if fragment.startswith("line "):
        return f"{path}:{fragment[5:]}"
    return f"{path}: {fragment}" if fragment else path


def discover_landing(lake: Lake, folder: Path | None = None,
                     log: list[dict] | None = None) -> Iterator[Found]:
    """Pages, JSON Lines corpus records and WARC files dropped into the landing folder.

    Every problem goes to ``log`` as ``file:line: reason`` (event ``landing_problem``,
    see fetch_log.parquet), so the command line can say it; a refused record (not a
    corpus record at all) goes there only, never into the catalog."""
    from govlake.ingest.landing import iter_landing

    folder = storage.as_path(folder or lake.landing_dir)
    if not folder.is_dir():
        return
    for doc in iter_landing(folder):
        if doc.problem and log is not None:
            log.append({"url": doc.source_url, "event": "landing_problem",
                        "error": f"{where(doc.source)}: {doc.problem}"})
        if doc.refused:
            continue
        path, _, fragment = doc.source.partition("#")
        source = _rel(lake, path) + (f"#{fragment}" if fragment else "")
        ref = SourceRef(filename=doc.filename, source_path=source, source_url=doc.source_url,
                        fetched_at=doc.fetched_at, content_type=doc.content_type,
                        hints=dict(doc.hints))
        yield Found(doc.data or b"", ref, source, "landing", doc.problem)


def discover_manifest(lake: Lake, manifest: Path, fetcher=None,
                      log: list[dict] | None = None,
                      max_attachments: int | None = None) -> Iterator[Found]:
    """Fetch what a manifest lists, and the report documents each page links; every
    attempt goes to ``log`` (see fetch_log.parquet).

    A page fetched before is asked for conditionally (ETag / Last-Modified): a 304
    costs no download and changes nothing. Failures are logged and simply tried
    again on the next run. A fetched page's links to its report's documents
    (govlake.ingest.attachments: same site, at most ``max_attachments``, 10) are
    fetched after it through the same polite fetcher, unless the catalog already
    holds documents of these very bytes; what is not a document (an HTML page behind
    a 下载 link) is logged and not kept.
    """
    from govlake.ingest.attachments import MAX_ATTACHMENTS
    from govlake.ingest.fetcher import FetchConfig, Fetcher
    from govlake.ingest.manifest import ManifestError, read_manifest

    try:
        read = read_manifest(manifest)
    except ManifestError as exc:  # a broken manifest is reported, not fatal to the catalog
        if log is not None:
            log.append({"url": None, "event": "manifest_problem", "error": str(exc)})
        return
    if log is not None:
        log.extend({"url": None, "event": "manifest_problem", "error": p} for p in read.problems)
    from govlake.forget import blocked

    previous = _last_fetches(lake)
    followed = {p for p in read_catalog(lake).column("parent_sha256").to_pylist() if p}
    limit = MAX_ATTACHMENTS if max_attachments is None else max_attachments
    gone_urls = blocked(lake)[1]   # forgotten (`govlake forget --url`): not fetched again
    own = fetcher is None
    fetcher = fetcher or Fetcher(FetchConfig())
    try:
        progress.tick("URLs fetched", 0, len(read.entries))
        for entry in read.entries:
            if entry.url in gone_urls:
                progress.tick("URLs fetched")
                continue
            prev = previous.get(entry.url, {})
            result = fetcher.fetch(entry.url, etag=prev.get("etag"),
                                   last_modified=prev.get("last_modified"))
            progress.tick("URLs fetched")
            _log_fetch(log, entry.url, result)
            if not result.ok or result.not_modified or result.data is None:
                continue
            page = _fetched(result, entry.url, entry.hints)
            yield page
            sha = sha256_hex(result.data)
            if result.document or result.unsupported or sha in followed or limit <= 0:
                continue
            followed.add(sha)
            yield from _attachments(fetcher, result, sha, entry.hints, limit, log)
    finally:
        if own:
            fetcher.close()


def _fetched(result, source: str, hints: dict, parent_sha256: str | None = None,
             parent_url: str | None = None) -> Found:
    """A fetch result as found bytes: a page, a report document, or something recorded
    as unsupported."""
    from urllib.parse import unquote, urlsplit

    from govlake.ingest.content import document_filename

    name = Path(unquote(urlsplit(result.final_url).path)).name or "index.html"
    if result.document:
        name = document_filename(name, result.document, result.data)
    elif not Path(name).suffix:
        name += ".html"
    ref = SourceRef(filename=name, source_url=result.final_url,
                    fetched_at=result.fetched_at, content_type=result.content_type,
                    hints=hints)
    problem = f"unsupported content: {result.unsupported}" if result.unsupported else None
    return Found(result.data, ref, source, "manifest", problem, parent_sha256, parent_url)


def _attachments(fetcher, page, page_sha: str, hints: dict, limit: int,
                 log: list[dict] | None) -> Iterator[Found]:
    """The report documents a fetched page links (fetched unconditionally: they belong
    to these bytes of the page)."""
    from govlake.decoding import UndecodableContent, decode_bytes
    from govlake.ingest.attachments import find_attachments, same_site

    try:
        html = decode_bytes(page.data, page.content_type).text
    except UndecodableContent:
        return
    for link in find_attachments(html, page.final_url, limit):
        result = fetcher.fetch(link.url)
        note = None
        if result.ok and result.data is not None and result.document is None:
            note = "not a report document: " + (result.unsupported or "a page")
        elif result.ok and not same_site(result.final_url, page.final_url):
            note = f"redirected off the site to {result.final_host}"
        _log_fetch(log, link.url, result, parent_url=page.final_url, reason=link.reason,
                   note=note)
        if not result.ok or result.data is None or result.document is None:
            continue
        yield _fetched(result, link.url, hints, page_sha, page.final_url)


def _log_fetch(log: list[dict] | None, url: str, result, parent_url: str | None = None,
               reason: str | None = None, note: str | None = None) -> None:
    if log is None:
        return
    for a in result.attempts:
        log.append({"url": url, "event": "attempt", "status": a.status,
                    "size": a.bytes, "duration_s": a.duration_s,
                    "error": a.error, "fetched_at": a.at, "parent_url": parent_url})
    rec = result.as_record()
    log.append({"url": url, "event": "fetch" if parent_url is None else "attachment",
                "status": result.status,
                "ok": result.ok, "not_modified": result.not_modified,
                "etag": result.etag, "last_modified": result.last_modified,
                "size": rec["size"], "sha256": rec["sha256"],
                "attempts": len(result.attempts),
                "duration_s": round(sum(a.duration_s or 0 for a in result.attempts), 3),
                "error": result.error, "unsupported": result.unsupported,
                "fetched_at": result.fetched_at, "final_url": result.final_url,
                "final_host": result.final_host,
                "document_kind": result.document, "parent_url": parent_url,
                "link_reason": reason, "note": note})


FETCH_LOG_SCHEMA = pa.schema([
    ("url", pa.string()), ("event", pa.string()), ("status", pa.int32()), ("ok", pa.bool_()),
    ("not_modified", pa.bool_()), ("etag", pa.string()), ("last_modified", pa.string()),
    ("size", pa.int64()), ("sha256", pa.string()), ("attempts", pa.int32()),
    ("duration_s", pa.float64()), ("error", pa.string()), ("unsupported", pa.string()),
    ("fetched_at", pa.string()),
    # where the redirect chain ended (a government page sent to a casino's host is evidence
    # for the contamination checks); null on attempts and in logs written before
    ("final_url", pa.string()), ("final_host", pa.string()), ("document_kind", pa.string()),
    # attachments (event "attachment"): the page that linked them, why, and what came of it
    ("parent_url", pa.string()), ("link_reason", pa.string()), ("note", pa.string()),
    ("run_id", pa.string()),      # the Dagster run that logged it (null before issue 15)
])


def fetch_log_path(lake: Lake) -> Path:
    return lake.layer("catalog") / "fetch_log.parquet"


def _last_fetches(lake: Lake) -> dict[str, dict]:
    """url → its newest successful fetch (for conditional requests)."""
    path = fetch_log_path(lake)
    if not path.exists():
        return {}
    out: dict[str, dict] = {}
    for r in storage.read_parquet(path).to_pylist():
        if r["event"] == "fetch" and r["ok"] and (r["etag"] or r["last_modified"]):
            out[r["url"]] = r
    return out


def read_fetch_log(lake: Lake, run_id: str | None = None) -> list[dict]:
    """The fetch log's rows (columns added since a row was written are null); only one
    run's with ``run_id``."""
    path = fetch_log_path(lake)
    if not path.exists():
        return []
    table = storage.read_parquet(path)
    cols = [table.column(f.name).cast(f.type) if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type) for f in FETCH_LOG_SCHEMA]
    rows = pa.Table.from_arrays(cols, schema=FETCH_LOG_SCHEMA).to_pylist()
    return rows if run_id is None else [r for r in rows if r["run_id"] == run_id]


def append_fetch_log(lake: Lake, rows: list[dict]) -> None:
    """Every fetch attempt, kept (atomic rewrite: the log is small next to the pages)."""
    if not rows:
        return
    path = fetch_log_path(lake)
    old = read_fetch_log(lake)
    table = pa.Table.from_pylist(old + [{f.name: r.get(f.name) for f in FETCH_LOG_SCHEMA}
                                        for r in rows], schema=FETCH_LOG_SCHEMA)
    with atomic.atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def read_catalog(lake: Lake) -> pa.Table:
    """The catalog, with columns added since it was written filled with nulls."""
    if not lake.catalog_file.exists():
        return CATALOG_SCHEMA.empty_table()
    return _read_catalog(lake.catalog_file, storage.file_version(lake.catalog_file))


@lru_cache(maxsize=4)
def _read_catalog(path: Path, version: tuple) -> pa.Table:
    """Read once per version of the file (it is replaced, never edited in place)."""
    table = storage.read_parquet(path)
    cols = [table.column(f.name).cast(f.type) if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type) for f in CATALOG_SCHEMA]
    return pa.Table.from_arrays(cols, schema=CATALOG_SCHEMA)


def update_catalog(lake: Lake, found: Iterable[Found], now: dt.datetime | None = None,
                   workers: int | None = None) -> dict:
    """Store and route what is new; return counts and stage timings for the metadata.

    New snapshots are processed once (decode → clean → repair → parse → place) on
    every core, and the result is cached per pipeline version for the partition
    assets; a snapshot already in the catalog costs a hash and nothing more. A page
    and the documents fetched from its links are then joined into one report
    (govlake.families): documents take the place and year they lack from the page,
    and members with no facts are routed with the member that carries the report.
    """
    from govlake.ingest.content import document_kind

    now = now or dt.datetime.now(dt.timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    from govlake.forget import blocked

    existing = read_catalog(lake).to_pylist()
    seen = {_seen_key(r["sha256"], r["source"], r["parent_sha256"], r["origin"])
            for r in existing}
    gone_shas, gone_urls = blocked(lake)   # `govlake forget`: not imported again
    skipped = [0]
    routed_by_sha = {r["sha256"]: r for r in existing}
    pending: dict[str, list[Found]] = {}  # sha256 → its new sources, in discovery order
    kinds: dict[str, str | None] = {}
    sizes: dict[str, int] = {}    # the bytes' length, known at discovery (no stat later)

    def new_snapshots() -> Iterator[tuple[str, SourceRef]]:
        """Store what discovery finds; hand out each new page as soon as its bytes are in
        the blob store (the workers read them there), so routing overlaps discovery."""
        submitted = 0
        for item in found:
            progress.tick("inputs read")
            sha = sha256_hex(item.data)
            key = _seen_key(sha, item.source, item.parent_sha256, item.origin)
            if key in seen:
                continue
            if sha in gone_shas or {item.source, item.ref.source_url} & gone_urls:
                skipped[0] += 1
                continue
            seen.add(key)
            blob = lake.blob_path(sha)
            if not blob.exists():
                atomic.write_bytes(blob, item.data)
            first = sha not in pending
            if first:
                sizes[sha] = len(item.data)
                kinds[sha] = document_kind(item.data, item.ref.content_type,
                                           item.ref.filename)
            # keep only the reference: bytes are read back from the blob store by a worker
            pending.setdefault(sha, []).append(
                Found(b"", item.ref, item.source, item.origin, item.problem,
                      item.parent_sha256, item.parent_url))
            if first and sha not in routed_by_sha and not item.problem:
                submitted += 1
                progress.tick("new pages processed", 0, submitted)
                yield sha, item.ref

    routed: dict[str, dict] = {}
    for sha, payload, was_cached in workcache.compute_many(lake, new_snapshots(), workers,
                                                           full=False):
        routed[sha] = {**payload, "was_cached": was_cached}
        progress.tick("new pages processed")
    _link_crawled_documents(lake, pending, kinds)
    inherited: dict[str, dict] = {}
    carried = _join_families(lake, pending, routed, inherited)

    def source_row(base: dict, item: Found) -> dict:
        # a problem is the source's own (two bombs both leave no bytes, hence one sha256:
        # each keeps its reason)
        hints = {**(item.ref.hints or {}), **inherited.get(base["sha256"], {})}
        return {**base, "error": item.problem or base["error"],
                "source": item.source, "source_url": item.ref.source_url,
                "filename": item.ref.filename, "origin": item.origin, "discovered_at": stamp,
                "fetched_at": item.ref.fetched_at, "content_type": item.ref.content_type,
                "hints": json.dumps(hints, ensure_ascii=False, sort_keys=True)
                if hints else None,
                "parent_sha256": item.parent_sha256, "parent_url": item.parent_url}

    added = errors = cached = 0
    timings = {"clean_s": 0.0, "parse_s": 0.0}
    new_shas = [sha for sha in pending if sha not in routed_by_sha]
    for sha in new_shas:
        first = pending[sha][0]
        size = sizes[sha]
        if first.problem:  # not a page (a PDF, a torn record): recorded, never parsed
            province, year, why = partition_for(None, None, first.ref.fetched_at or stamp)
            base = {"sha256": sha, "report_id": report_id_for(sha), "size": size,
                    "province_key": province, "year": year, "unit_name": None,
                    "encoding": None, "routing_reason": f"not a page: {why}",
                    "routing_conflicts": [], "error": first.problem}
        else:
            payload = routed[sha]
            rec, report = payload["cleaned"], payload["report"]
            cached += payload["was_cached"]
            for k, v in (payload.get("timings") or {}).items():
                timings[k] = timings.get(k, 0.0) + (0.0 if payload["was_cached"] else v)
            base = {"sha256": sha, "report_id": report_id_for(sha), "size": size,
                    "province_key": report["province_key"], "year": report["year"],
                    "unit_name": report["unit_name"], "encoding": rec.get("encoding"),
                    "routing_reason": report["routing_reason"],
                    "routing_conflicts": payload.get("routing_conflicts") or [],
                    "error": rec.get("error")}
        base.update(document_kind=kinds.get(sha), report_sha256=None)
        errors += bool(base["error"])
        routed_by_sha[sha] = source_row(base, first)
    for sha, carrier in carried.items():   # absorbed: routed with the report's carrier
        c = routed_by_sha[carrier]
        routed_by_sha[sha].update(
            province_key=c["province_key"], year=c["year"], unit_name=c["unit_name"],
            report_sha256=carrier,
            routing_reason=f"report carried by {carrier[:12]} ({c['source']}): no facts of "
                           f"its own; {routed_by_sha[sha]['routing_reason']}")
        for r in existing:
            if r["sha256"] == sha:
                r.update({k: routed_by_sha[sha][k] for k in
                          ("province_key", "year", "unit_name", "report_sha256",
                           "routing_reason")})
    for sha, items in pending.items():  # a row per new source; known bytes through a new
        for item in items:              # source are one report with two sources
            existing.append(source_row(routed_by_sha[sha], item))
            added += 1
    if added or not lake.catalog_file.exists():  # nothing new: leave the file as it is
        existing.sort(key=lambda r: (r["province_key"] or "", r["year"] or 0, r["sha256"],
                                     r["source"], r["parent_sha256"] or ""))
        table = pa.Table.from_pylist(existing, schema=CATALOG_SCHEMA)
        with atomic.atomic_path(lake.catalog_file) as tmp:
            pq.write_table(table, tmp, compression="zstd")
    return {"sources": len(existing), "added": added, "unreadable": errors,
            "snapshots": len({r["sha256"] for r in existing}), "new_snapshots": len(routed),
            "reused_from_cache": cached, "documents": sum(bool(kinds.get(s)) for s in new_shas),
            "absorbed": len(carried), "forgotten_skipped": skipped[0],
            "clean_seconds": round(timings.get("clean_s", 0.0), 2),
            "parse_seconds": round(timings.get("parse_s", 0.0), 2)}


def _seen_key(sha: str, source: str, parent: str | None, origin: str | None) -> tuple:
    """What makes a catalog row new: bytes and source — and, for a document fetched from
    a page's link, that page (the same PDF linked by a new version of the page is a new
    row of the new family). A crawled document's parent is found after discovery
    (_link_crawled_documents), so it does not count there."""
    return (sha, source, parent if origin == "manifest" else None)


def _link_crawled_documents(lake: Lake, pending: dict[str, list[Found]],
                            kinds: dict[str, str | None]) -> None:
    """Give a document found in a WARC file its page: a page of the same file that links
    the document's URL (govlake.ingest.attachments' rules, same site), so the pair is
    one report as when fetched. Only files holding a document are read for links: the
    pages of a crawl without documents cost nothing more."""
    from dataclasses import replace

    from govlake.decoding import UndecodableContent, decode_bytes
    from govlake.ingest.attachments import find_attachments
    from govlake.ingest.manifest import normalize_url

    docs: dict[str, list[tuple[str, int]]] = {}   # WARC file → (sha, index in pending)
    for sha, items in pending.items():
        if not kinds.get(sha):
            continue
        for i, item in enumerate(items):
            if item.origin == "landing" and item.parent_sha256 is None \
                    and item.ref.source_url and "#record " in item.source:
                docs.setdefault(item.source.partition("#")[0], []).append((sha, i))
    if not docs:
        return
    for sha, items in pending.items():
        if kinds.get(sha):
            continue
        for item in items:
            wanted = docs.get(item.source.partition("#")[0])
            if not wanted or item.problem or not item.ref.source_url:
                continue
            try:
                html = decode_bytes(lake.blob_path(sha).read_bytes(), item.ref.content_type).text
            except (UndecodableContent, OSError):
                continue
            links = {link.url for link in find_attachments(html, item.ref.source_url)}
            for doc_sha, i in wanted:
                doc = pending[doc_sha][i]
                if doc.parent_sha256 is None and normalize_url(doc.ref.source_url) in links:
                    pending[doc_sha][i] = replace(doc, parent_sha256=sha,
                                                  parent_url=item.ref.source_url)


def _join_families(lake: Lake, pending: dict[str, list[Found]], routed: dict[str, dict],
                   inherited: dict[str, dict]) -> dict[str, str]:
    """Join each page with the documents fetched from its links (govlake.families):
    re-route a new document that lacks place or year with its page's as hints (updating
    ``routed``; the hints it took go into ``inherited``); return {absorbed sha256:
    carrier sha256}. Members routed in an earlier run are read from the work cache."""
    from govlake.families import choose_carrier, missing_hints

    families: dict[str, list[str]] = {}
    for sha, items in pending.items():
        for item in items:
            if item.parent_sha256 and sha != item.parent_sha256 and not item.problem:
                members = families.setdefault(item.parent_sha256, [])
                if sha not in members:
                    members.append(sha)

    def summary(sha: str) -> dict | None:
        if sha in routed:
            return routed[sha]
        payload = workcache.load(lake, sha, "placed")
        return workcache.summary(payload) if payload is not None else None

    carried: dict[str, str] = {}
    for parent, children in families.items():
        page = summary(parent)
        if page is None:
            continue
        reading = _page_reading(lake, parent, page,
                                pending[parent][0].ref.hints if parent in pending else None)
        for sha in children:
            if sha not in routed:
                continue
            first = pending[sha][0]
            extra = missing_hints(routed[sha]["report"], reading, first.ref.hints)
            if not extra:
                continue
            inherited[sha] = extra
            routed[sha] = {**_replace(lake, sha, first.ref, {**(first.ref.hints or {}),
                                                             **extra}), "was_cached": False}
        counts = [(parent, page.get("fact_rows", 0))]
        for sha in children:
            child = summary(sha)
            if child is not None:
                counts.append((sha, child.get("fact_rows", 0)))
        carrier, absorbed = choose_carrier(counts)
        carried.update(dict.fromkeys(absorbed, carrier))
    return carried


def _replace(lake: Lake, sha: str, ref: SourceRef, hints: dict) -> dict:
    """Place a snapshot again with more hints: its cleaned record does not depend on
    them (govlake.families.missing_hints), so only the parse and placing are redone;
    the cache gets the new payload (what the partition steps will read), and the
    summary is returned."""
    from govlake.pipeline import parse_cleaned

    cached = workcache.load(lake, sha, "cleaned")
    if cached is None:   # the cache was swept meanwhile: the whole work again
        payload = workcache.compute(lake.blob_path(sha).read_bytes(),
                                    SourceRef(filename=ref.filename, source_path=ref.source_path,
                                              source_url=ref.source_url,
                                              fetched_at=ref.fetched_at,
                                              content_type=ref.content_type, hints=hints))
    else:
        placed = parse_cleaned(cached["cleaned"], hints)
        payload = {"cleaned": cached["cleaned"], "report": placed.report,
                   "facts": workcache.fact_columns(placed.facts),
                   "routing_conflicts": placed.routing_conflicts, "timings": {}}
    workcache.store(lake, sha, payload)
    return workcache.summary(payload)


def _page_reading(lake: Lake, sha: str, page: dict, hints: dict | None) -> dict:
    """Where a linking page places its report, for the documents it links: its own
    routing, or — when that leaves the unit, place or year open (a page saying only
    "全文见附件" is too short for the parser to read at all) — the routing of its
    title read before its text, with the page's host and hints as usual."""
    from govlake.families import needs_reading
    from govlake.pipeline import parse_cleaned

    report = page["report"]
    if not needs_reading(report):
        return report
    cached = workcache.load(lake, sha, "cleaned")
    rec = (cached or {}).get("cleaned") or {}
    title = rec.get("repaired_title") or rec.get("title")
    if not title:
        return report
    text = f"{title}\n{rec.get('repaired_text') or rec.get('text') or ''}"
    titled = parse_cleaned({**rec, "text": text, "repaired_text": text, "error": None,
                            "html_tables": None}, hints).report
    return titled if not needs_reading(titled) or needs_reading(report) else report


def _rows_by_partition(lake: Lake) -> dict[tuple[str, int], list[dict]]:
    """Catalog rows grouped by partition, computed once per version of the catalog file."""
    if not lake.catalog_file.exists():
        return {}
    return _group_rows(lake.catalog_file, storage.file_version(lake.catalog_file))


@lru_cache(maxsize=4)
def _group_rows(path: Path, version: tuple) -> dict:
    out: dict[tuple[str, int], list[dict]] = {}
    for r in _read_catalog(path, version).to_pylist():
        out.setdefault((r["province_key"], r["year"]), []).append(r)
    return out


def partition_rows(lake: Lake, province: str, year: int) -> list[dict]:
    """Catalog rows routed to one partition, one per distinct snapshot, sources merged."""
    rows = [dict(r) for r in _rows_by_partition(lake).get((province, year), [])]
    by_sha: dict[str, dict] = {}
    # the first-discovered source is the one the routing was worked out from
    for r in sorted(rows, key=lambda r: (r["discovered_at"] or "", r["source"])):
        entry = by_sha.setdefault(r["sha256"], {**r, "sources": []})
        if r["source"] not in entry["sources"]:
            entry["sources"].append(r["source"])
        if r["parent_sha256"] and not entry["parent_sha256"]:   # linked from a page
            entry.update(parent_sha256=r["parent_sha256"], parent_url=r["parent_url"])
    return [by_sha[k] for k in sorted(by_sha)]


def partitions_with_data(lake: Lake) -> list[tuple[str, int]]:
    """(province, year) pairs the catalog routed at least one snapshot to."""
    table = read_catalog(lake)
    pairs = {(p, y) for p, y in zip(table["province_key"].to_pylist(),
                                    table["year"].to_pylist()) if p and y}
    return sorted(pairs)


def partition_is_current(lake: Lake, province: str, year: int) -> bool:
    """True when the partition's raw layer holds exactly the catalog's snapshots and its
    committed facts were built from exactly them by this pipeline version: nothing to
    redo."""
    from govlake.fingerprint import pipeline_fingerprint

    wanted = {r["sha256"] for r in partition_rows(lake, province, year)}
    raw_dir = lake.raw_dir(province, year)
    have = {p.stem for p in raw_dir.glob("*.json")} if raw_dir.is_dir() else set()
    if wanted != have:
        return False
    if factstore.read_pointer(lake, province, year) is None:
        return False  # never committed, or built before pointers: (re)build it
    try:
        reports = factstore.read(lake, "reports", province, year,
                                 columns=["pipeline_fingerprint", "sha256"])
    except FileNotFoundError:  # a pointer naming a lost file: rebuild
        return False
    if reports is None:
        return False
    # the committed facts were made from exactly these snapshots (a run killed after
    # swapping in the raw layer but before committing the facts leaves them older)
    if set(reports.column("sha256").to_pylist()) != wanted:
        return False
    built = set(reports.column("pipeline_fingerprint").to_pylist())
    return built <= {pipeline_fingerprint()} and (bool(built) or not wanted)
