"""Shared fixtures: where the seeds and the bundled sample live."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data_lake" / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
# the seed texts: ../shared/seeds, or their byte-identical copies in the bundled sample
SEED_TEXTS = SEEDS if SEEDS.is_dir() else SAMPLES


def sample(name_prefix: str, suffix: str) -> Path:
    """The bundled sample file of a seed (e.g. "001", ".html")."""
    matches = sorted(SAMPLES.glob(f"{name_prefix}_*{suffix}"))
    assert matches, f"no sample {name_prefix}*{suffix} in {SAMPLES}"
    return matches[0]


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
