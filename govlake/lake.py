"""Every path of the lake, decided in one place.

Layout: ``<root>/<layer>/<table>/province=<p>/year=<y>/<file>``. Nothing else in
govlake joins path strings, so the lake can later move to object storage by
changing this module alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LAYERS = ("raw", "cleaned", "facts", "marts", "samples", "landing", "catalog", "reports",
          "cache", "manifests")
DEFAULT_ROOT = "data_lake"


def default_root() -> Path:
    """`$GOVLAKE_LAKE`, else ./data_lake."""
    return Path(os.environ.get("GOVLAKE_LAKE") or DEFAULT_ROOT).resolve()


@dataclass(frozen=True)
class Lake:
    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike | None = None) -> "Lake":
        return cls(Path(root).resolve() if root else default_root())

    # ------------------------------------------------------------ layers
    def layer(self, name: str) -> Path:
        if name not in LAYERS:
            raise ValueError(f"unknown lake layer {name!r}")
        return self.root / name

    def partition_dir(self, layer: str, table: str, province: str, year: int | str) -> Path:
        return self.layer(layer) / table / f"province={province}" / f"year={year}"

    def table_glob(self, layer: str, table: str) -> str:
        """Glob over every partition of a table, for DuckDB's read_parquet."""
        return str(self.layer(layer) / table / "province=*" / "year=*" / "*.parquet")

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
        return self.partition_dir("facts", table, province, year) / "part-0.parquet"

    def work_cache_path(self, fingerprint: str, sha256: str) -> Path:
        """Per-snapshot results of one pipeline version (see govlake.workcache)."""
        return self.layer("cache") / fingerprint / sha256[:2] / f"{sha256}.json.gz"

    # ------------------------------------------------------------ catalog / marts
    @property
    def catalog_file(self) -> Path:
        return self.layer("catalog") / "sources.parquet"

    @property
    def marts_db(self) -> Path:
        return self.layer("marts") / "govlake.duckdb"

    @property
    def samples_dir(self) -> Path:
        return self.layer("samples")

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
        for name in LAYERS:
            self.layer(name).mkdir(parents=True, exist_ok=True)
        return self
