"""Where the seed report texts are: $GOVLAKE_SEEDS, shared/seeds beside the repo, or
the byte-identical copies in the bundled sample (govlake/data/samples).

Used by the salad-model training script, the evaluation set and the tests only;
nothing at run time depends on the seeds.
"""

from __future__ import annotations

import os
from pathlib import Path

from govlake.normalize import normalize_text

_REPO = Path(__file__).resolve().parents[2]


def seeds_dir() -> Path | None:
    for cand in (os.environ.get("GOVLAKE_SEEDS"), _REPO.parent / "shared" / "seeds", _REPO / "shared" / "seeds",
                 _REPO / "govlake" / "data" / "samples"):
        if cand and Path(cand).is_dir() and any(Path(cand).glob("00*.txt")):
            return Path(cand)
    return None


def load_seed(prefix: str) -> str:
    """Normalized text of the seed whose file name starts with `prefix` ("000" … "004")."""
    d = seeds_dir()
    if d is None:
        raise FileNotFoundError("seed texts not found (set GOVLAKE_SEEDS)")
    path = sorted(d.glob(f"{prefix}*.txt"))[0]
    return normalize_text(path.read_text(encoding="utf-8"))
