"""Manifests: the pages to fetch, listed in a CSV or JSON Lines file.

A manifest is edited by hand, so one bad line must not sink the other
thousand: each problem is reported as ``file:line: reason`` and the rest is
read. Invalid hints are dropped (the URL is still fetched and routed by its
content); a line without a usable URL is skipped with a problem. The same URL
listed twice is fetched once. Files saved by Excel on a Chinese Windows (GBK,
UTF-8 with BOM) read as well as plain UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from govlake import storage
from govlake.ingest.hints import clean_hints

URL_KEYS = ("url", "source_url", "link", "href", "网址", "链接")
HINT_KEYS = {
    "province": ("province", "province_key", "省份", "省"),
    "year": ("year", "年份", "年度"),
    "unit": ("unit", "unit_name", "单位", "机关"),
}


class ManifestError(ValueError):
    """The manifest as a whole cannot be read (missing, unknown layout, no url column)."""


@dataclass(frozen=True)
class ManifestEntry:
    url: str
    province: str | None = None
    year: int | None = None
    unit: str | None = None
    line: int = 0

    @property
    def hints(self) -> dict:
        return {k: v for k, v in (("province", self.province), ("year", self.year),
                                  ("unit", self.unit)) if v is not None}


@dataclass
class ManifestRead:
    """Entries in file order (first occurrence of each URL) and per-line problems."""

    entries: list[ManifestEntry]
    problems: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def normalize_url(url: str) -> str | None:
    """Strip, drop the #fragment, lower-case scheme and host; None unless http(s)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


def _text(path: Path) -> str:
    data = path.read_bytes()
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise ManifestError(f"{path}: neither UTF-8 nor GB18030 text")


def _pick(row: dict, keys: tuple[str, ...]):
    for k in keys:
        if k in row and row[k] not in (None, ""):
            return row[k]
    return None


def _rows_csv(path: Path, text: str):
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = "\t" if path.suffix.lower() == ".tsv" or (
        "\t" in first and "," not in first) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            if not any(k in header for k in URL_KEYS):
                raise ManifestError(f"{path}:{line}: header has no 'url' column: {row!r}")
            continue
        if len(row) > len(header):
            yield line, None, f"{len(row)} fields but the header has {len(header)}"
            continue
        yield line, {h: c.strip() for h, c in zip(header, row, strict=False)}, None


def _rows_jsonl(path: Path, text: str):
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, None, f"invalid JSON ({exc.msg})"
            continue
        if isinstance(obj, str):
            obj = {"url": obj}
        if not isinstance(obj, dict):
            yield line, None, "not a JSON object"
            continue
        yield line, {str(k).lower(): v for k, v in obj.items()}, None


def _is_jsonl(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv"):
        return False
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first.startswith(("{", '"'))


def read_manifest(path: str | Path) -> ManifestRead:
    """Read a CSV (header with url[,province,year,unit]) or JSON Lines manifest."""
    path = storage.as_path(path)
    if not path.is_file():
        raise ManifestError(f"{path}: no such file")
    text = _text(path)
    rows = _rows_jsonl(path, text) if _is_jsonl(path, text) else _rows_csv(path, text)
    entries: dict[str, ManifestEntry] = {}
    problems: list[str] = []
    for line, row, problem in rows:
        where = f"{path}:{line}"
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        raw_url = _pick(row, URL_KEYS)
        if raw_url is None:
            problems.append(f"{where}: no url")
            continue
        url = normalize_url(str(raw_url))
        if url is None:
            problems.append(f"{where}: not an http(s) URL: {raw_url!r}")
            continue
        hints, hint_problems = clean_hints({k: _pick(row, keys) for k, keys in HINT_KEYS.items()})
        problems.extend(f"{where}: {p}" for p in hint_problems)
        entry = ManifestEntry(url, hints.get("province"), hints.get("year"), hints.get("unit"),
                              line)
        prior = entries.get(url)
        if prior is None:
            entries[url] = entry
            continue
        merged = {}
        for k in ("province", "year", "unit"):
            a, b = getattr(prior, k), getattr(entry, k)
            if a is not None and b is not None and a != b:
                problems.append(f"{where}: duplicate of line {prior.line} with {k} {b!r} "
                                f"≠ {a!r} (kept line {prior.line})")
            merged[k] = a if a is not None else b
        entries[url] = ManifestEntry(url, merged["province"], merged["year"], merged["unit"],
                                     prior.line)
    return ManifestRead(list(entries.values()), problems)
