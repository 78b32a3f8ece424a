"""Code versions of the assets, so the UI shows what is stale after a code change.

Dagster compares each materialization's recorded code version with the asset's current
one: after a parser, lexicon or gazetteer change (anything in the pipeline fingerprint,
govlake/fingerprint.py) the cleaned and fact partitions show as changed code upstream of
what was built, and the marts after a change to their SQL. Raw snapshots are bytes as
found: only the code that copies them versions them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from govlake.fingerprint import pipeline_fingerprint

_PKG = Path(__file__).resolve().parents[1]


def files_version(*names: str) -> str:
    """A short hash of package files (a glob each, relative to govlake/)."""
    h = hashlib.sha256()
    for name in names:
        for f in sorted(_PKG.glob(name)):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


PIPELINE_VERSION = pipeline_fingerprint()
"""cleaned_reports and the fact tables: exactly the fingerprint the work cache keys on."""

CATALOG_VERSION = files_version("catalog.py", "ingest/*.py", "geography/routing.py")
"""source_catalog: discovery, fetching and routing."""

RAW_VERSION = files_version("layers.py", "catalog.py", "atomic.py")
"""raw_snapshots: the code that routes and copies the bytes."""

MARTS_VERSION = f"{PIPELINE_VERSION[:8]}-{files_version('marts.py', 'coverage.py')[:8]}"
"""The marts: built from the facts (their fingerprint) by marts.py and its SQL."""
