"""What the pool's fork server loads once, so that every worker it forks starts warm.

A worker's first page used to cost ~0.5 s of its own: importing trafilatura, pandas
(pyarrow imports it on its first list conversion) and pyarrow.dataset, reading the
gazetteer and the contamination models, compiling the parsers' patterns. A lake run
starts four pools of workers (the catalog, then the raw, cleaned and facts partitions),
and in each partition step that start-up stood between the step and its first partition.
Imported by the fork server (govlake.pool), it pays these costs once per run: each
worker is a fork of a process that has already paid them.

Only what no setting changes is loaded here: the pipeline fingerprint (which reads
$GOVLAKE_OFFICIAL_HOSTS) is left to each worker, whose environment is the parent's
of the moment (pool._init_worker). Nothing here may fail the import: a warm-up that
cannot run leaves the workers cold, never broken.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "data" / "samples" / "002_a0f62e3ec90446e4.html"


def warm() -> bool:
    """Load the pipeline's libraries and models by running one bundled page through it;
    whether it ran."""
    try:
        import pyarrow as pa
        import pyarrow.dataset  # noqa: F401  (pq.read_table's first call imports it)

        pa.array(["warm"])  # pyarrow imports pandas on its first conversion of a list

        from govlake.pipeline import SourceRef, clean_snapshot, parse_cleaned

        rec = clean_snapshot(SAMPLE.read_bytes(), SourceRef(filename=SAMPLE.name))
        parse_cleaned(rec)
        return True
    except Exception:  # noqa: BLE001 - cold workers are slower, never wrong
        return False


WARMED = warm()
