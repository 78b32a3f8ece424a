"""Every path of the lake, decided in one place.

Layout: ``<root>/<layer>/<table>/province=<p>/year=<y>/<file>``; a partition's fact files
are versions named by content, and ``facts/_committed/province=<p>/year=<y>/manifest.json``
names the current ones (govlake.factstore). Nothing else in
govlake joins path strings. The root is a local directory or any fsspec URL
(``s3://bucket/lake``); see govlake.storage for what differs on object storage.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from govlake import storage

LAYERS = ("raw", "cleaned", "facts", "marts", "samples", "landing", "catalog", "reports",
          "cache", "manifests")
DEFAULT_ROOT = "data_lake"
# the bundled sample ships with the package (package data), whatever the lake root
BUNDLED_SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


def default_root() -> Path:
    """`$GOVLAKE_LAKE` (a directory or an fsspec URL), else ./data_lake."""
    return storage.lake_root(os.environ.get("GOVLAKE_LAKE") or DEFAULT_ROOT)


@dataclass(frozen=True)
class Lake:
    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike | None = None) -> "Lake":
        return cls(storage.lake_root(root) if root else default_root())

    @property
    def is_remote(self) -> bool:
        return storage.is_remote(self.root)

    # ------------------------------------------------------------ layers
    def layer(self, name: str) -> Path:
        if name not in LAYERS:
            raise ValueError(f"unknown lake layer {name!r}")
        return self.root / name

    def partition_dir(self, layer: str, table: str, province: str, year: int | str) -> Path:
        return self.layer(layer) / table / f"province={province}" / f"year={year}"

    # ------------------------------------------------------------ raw
    def blob_path(self, sha256: str) -> Path:
        """Content-addressed store of every byte string ever found or fetched."""
        return self.layer("raw") / "_blobs" / sha256[:2] / sha256

    def raw_dir(self, province: str, year: int | str) -> Path:
        return self.partition_dir("raw", "snapshots", province, year)

    # ------------------------------------------------------------ cleaned / facts
    def cleaned_file(self, province: str, year: int | str) -> Path:
        return self.partition_dir("cleaned", "reports", province, year) / "part-0.parquet"

    def fact_file(self, table: str, province: str, year: int | str) -> Path:
        """The committed file of one fact table of a partition (read through its pointer,
        govlake.factstore); the pre-pointer ``part-0.parquet`` name when nothing is
        committed. To read several tables of one version, use factstore.committed."""
        from govlake import factstore

        files = factstore.committed(self, province, year) or {}
        return files.get(table) or self.fact_version_file(table, province, year,
                                                          factstore.LEGACY_NAME)

    def fact_version_file(self, table: str, province: str, year: int | str, name: str) -> Path:
        """One version of a fact table's file (``part-<content hash>.parquet``)."""
        return self.partition_dir("facts", table, province, year) / name

    def fact_pointer(self, province: str, year: int | str) -> Path:
        """The partition's pointer naming the files of its committed facts version."""
        return self.partition_dir("facts", "_committed", province, year) / "manifest.json"

    def work_cache_path(self, fingerprint: str, sha256: str, part: str) -> Path:
        """One part (cleaned / placed) of a snapshot's results under one pipeline version
        (see govlake.workcache)."""
        return self.layer("cache") / fingerprint / sha256[:2] / f"{sha256}.{part}.json.zst"

    # ------------------------------------------------------------ catalog / marts
    @property
    def catalog_file(self) -> Path:
        return self.layer("catalog") / "sources.parquet"

    @property
    def marts_db(self) -> Path:
        return self.layer("marts") / "govlake.duckdb"

    @property
    def samples_dir(self) -> Path:
        """The sample pages `govlake demo` reads: the lake's own ``samples/`` folder when it
        holds saved pages (a lake may carry a sample of its own), else the one bundled with
        the package (govlake/data/samples), so the demo works for any lake root."""
        own = self.layer("samples")
        if own.is_dir() and any(own.glob("*.htm*")):
            return own
        return BUNDLED_SAMPLES

    @property
    def landing_dir(self) -> Path:
        return self.layer("landing")

    @property
    def manifests_dir(self) -> Path:
        """CSV / JSON Lines lists of URLs that the manifest sensor watches."""
        return self.layer("manifests")

    @property
    def reports_dir(self) -> Path:
        return self.layer("reports")

    def ensure(self) -> "Lake":
        if self.is_remote:  # object stores have no directories to create
            return self
        for name in LAYERS:
            self.layer(name).mkdir(parents=True, exist_ok=True)
        return self
