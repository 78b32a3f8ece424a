"""A real lake built once per session: the bundled sample through real Dagster runs."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from govlake.defs.runner import run_lake
from govlake.lake import Lake
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def dagster_instance():
    with dg.instance_for_test() as instance:  # a real sqlite-backed instance in a temp dir
        yield instance


@pytest.fixture(scope="session")
def sample_lake(tmp_path_factory, dagster_instance):
    root = tmp_path_factory.mktemp("lake")
    shutil.copytree(SAMPLES, root / "samples")
    lake = Lake.at(root)
    summary = run_lake(lake, include_samples=True, instance=dagster_instance,
                       progress=lambda m: None)
    assert not summary.failed_runs, summary.failed_runs
    return lake, summary


@pytest.fixture
def marts(sample_lake):
    lake, _ = sample_lake
    con = duckdb.connect(str(lake.marts_db), read_only=True)
    yield con
    con.close()


def files_under(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """relative path → (inode, mtime_ns, bytes) of every file below ``path``."""
    out = {}
    for p in sorted(path.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[str(p.relative_to(path))] = (st.st_ino, st.st_mtime_ns, p.read_bytes())
    return out
