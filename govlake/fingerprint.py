"""A fingerprint of the code and data that turn bytes into facts.

Cached work is valid only for the exact pipeline that produced it: change a
parser rule, a lexicon entry or the gazetteer and every snapshot is processed
again; change nothing and an unchanged snapshot is never decoded, cleaned or
parsed twice.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_PARTS = ("normalize.py", "decoding.py", "cleaning.py", "xpath_mirrors.py", "pipeline.py",
          "schema.py", "parsing", "contamination", "geography", "data", "documents",
          "tables.py", "workcache.py")  # the cached payload's columns and encoding


# the bundled sample pages are inputs, not what turns them into facts
_INPUTS = _PKG / "data" / "samples"


def _is_input(path: Path) -> bool:
    return path.is_relative_to(_INPUTS)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    h = hashlib.sha256()
    for part in _PARTS:
        path = _PKG / part
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix in (".pyc",) or "__pycache__" in f.parts or _is_input(f):
                continue
            h.update(str(f.relative_to(_PKG)).encode())
            h.update(f.read_bytes())
    from govlake.contamination.mirrors import official_suffixes
    h.update(",".join(official_suffixes()).encode())  # $GOVLAKE_OFFICIAL_HOSTS changes results
    try:
        import trafilatura
        h.update(trafilatura.__version__.encode())
    except Exception:
        pass
    return h.hexdigest()[:16]
