"""Shared fixtures: where the seeds and the bundled sample live; loopback fetches allowed."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "govlake" / "data" / "samples"
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


# govlake.ingest.addresses.ALLOW_PRIVATE_ENV (spelled out: nothing of govlake imported here)
ALLOW_PRIVATE_ENV = "GOVLAKE_FETCH_ALLOW_PRIVATE"


@pytest.fixture(scope="session", autouse=True)
def loopback_fetches_allowed():
    """The tests' HTTP servers listen on 127.0.0.1, which the fetcher refuses by default:
    switch the refusal off for the session (child processes inherit it). The tests of the
    refusal remove the switch for themselves with monkeypatch.delenv."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ALLOW_PRIVATE_ENV, "1")
        # the OCR tests read their scans one at a time in this process: both cores
        # (govlake.documents.image.THREADS_ENV; the lake's pool keeps one per worker)
        mp.setenv("GOVLAKE_OCR_THREADS", "2")
        yield
