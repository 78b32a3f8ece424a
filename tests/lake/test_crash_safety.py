"""A run killed at any point leaves nothing that blocks or corrupts the next (issue 16).

Real `govlake demo` processes over the bundled sample, each lake with its own DAGSTER_HOME
(the repository's dagster.yaml: one `duckdb_writer` slot). GOVLAKE_TEST_PAUSE_AT
(govlake/testhooks.py) stops a run at a known point; the test then SIGKILLs its whole
process group, as a crash would, and runs again.
"""

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from govlake import schema
from govlake.atomic import TEMP_NAME, sweep_orphans
from govlake.defs.recovery import WRITTEN_LAYERS
from govlake.defs.partitions import REPO_DAGSTER_YAML
from tests.conftest import REPO, SAMPLES

POOL = "duckdb_writer"
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


class Govlake:
    """`python -m govlake.cli ARGS` in its own process group, its output read as it comes."""

    def __init__(self, args, home: Path, cwd: Path, **env):
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("GOVLAKE_LAKE", "GOVLAKE_EXECUTOR", "GOVLAKE_TEST_PAUSE_AT")}
        full_env.update(DAGSTER_HOME=str(home), GOVLAKE_TEST_PAUSE_SECONDS="120",
                        PYTHONPATH=str(REPO), **env)
        self.proc = subprocess.Popen([sys.executable, "-m", "govlake.cli", *map(str, args)],
                                     env=full_env, cwd=cwd, text=True, start_new_session=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = {"out": [], "err": []}
        self._new: queue.Queue = queue.Queue()
        for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name, stream):
        for line in stream:
            self.lines[name].append(line)
            self._new.put(line)
        self._new.put(None)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        return "".join(self.lines["out"]) + "\n--- stderr ---\n" + "".join(self.lines["err"])

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for lines in self.lines.values() for line in lines):
            if self.proc.poll() is not None and self._new.empty():
                pytest.fail(f"exited ({self.proc.returncode}) before {text!r}:\n{self.output()}")
            try:
                self._new.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pass
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"no {text!r} within {timeout} s:\n{self.output()}")

    def finish(self, timeout: float) -> int:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"still running after {timeout} s:\n{self.output()}")
        time.sleep(0.1)  # the readers drain the pipes
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL the whole process group (the run and any pool workers), then reap it."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(30)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _home(path: Path) -> Path:
    path.mkdir(parents=True)
    shutil.copy(REPO_DAGSTER_YAML, path / "dagster.yaml")
    return path


def _sample_lake(root: Path, pages: tuple[str, ...] | None = None) -> Path:
    """A new lake holding the bundled sample, or only its ``pages`` (name prefixes)."""
    shutil.copytree(SAMPLES, root / "samples", ignore=None if pages is None else (
        lambda _, names: [n for n in names if not n.startswith(pages)]))
    return root


def _built_lake_without_marts(sample_lake, root: Path) -> Path:
    """A copy of the session's built sample lake with no marts: a run goes straight to them."""
    lake, _ = sample_lake
    shutil.copytree(lake.root, root, ignore=shutil.ignore_patterns("*.duckdb*"))
    return root


def _temp_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".*") if TEMP_NAME.match(p.name))


def _plain(value, root: str):
    if isinstance(value, str):
        return value.replace(root, "<lake>")
    if isinstance(value, list):
        return [_plain(v, root) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, root) for k, v in value.items()}
    return value


def facts(root: Path, partitions=None) -> dict[str, list]:
    """Every fact table read back, file by file (the lake's own path made neutral), of
    every partition or of ``partitions``."""
    out = {}
    for table in schema.FACT_TABLES:
        for f in sorted((root / "facts" / table).glob("province=*/year=*/part-0.parquet")):
            p, y = f.parent.parent.name.split("=")[1], int(f.parent.name.split("=")[1])
            if partitions is None or (p, y) in partitions:
                out[str(f.relative_to(root))] = _plain(pq.read_table(f).to_pylist(), str(root))
    return out


def province_year(root: Path, partitions) -> list:
    with duckdb.connect(str(root / "marts" / "govlake.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT * FROM mart_province_year ORDER BY ALL").fetchall()
    return [r for r in rows if (r[0], r[2]) in partitions]


@pytest.fixture
def instance_at(monkeypatch):
    """The Dagster instance of a DAGSTER_HOME the subprocesses use."""
    opened = []

    def open_(home: Path) -> dg.DagsterInstance:
        monkeypatch.setenv("DAGSTER_HOME", str(home))
        opened.append(dg.DagsterInstance.from_config(str(home)))
        return opened[-1]

    yield open_
    for inst in opened:
        inst.dispose()


def _runs(instance: dg.DagsterInstance) -> dict[str, dg.DagsterRunStatus]:
    return {r.dagster_run.run_id: r.dagster_run.status for r in instance.get_run_records()}


LEFT_BEHIND = {  # what the kill at each point leaves beside its target
    "catalog": [".sources.parquet."],
    "facts": [".part-0.parquet."],
    "marts": [".govlake.duckdb.", ".building.wal"],
}


# three of the sample's five pages, fujian 2017, guizhou 2021 and ningxia 2020: a run each,
# no range (the sample's yunnan range doubles the time of a run)
THREE_PAGES = ("001_", "002_", "004_")
THREE_PARTITIONS = [("fujian", 2017), ("guizhou", 2021), ("ningxia", 2020)]


@pytest.mark.parametrize("point", ["catalog", "facts", "marts"])
def test_a_run_killed_at_any_point_is_cleared_by_the_next(point, tmp_path, sample_lake,
                                                           instance_at):
    home, root = _home(tmp_path / "home"), _sample_lake(tmp_path / "lake", THREE_PAGES)
    first = Govlake(["demo", "--lake", root], home, tmp_path, GOVLAKE_TEST_PAUSE_AT=point)
    first.wait_for(f"paused at {point}", timeout=120)
    first.kill()

    left = _temp_files(root)
    for piece in LEFT_BEHIND[point]:
        assert any(piece in name for name in left), (piece, left)
    instance = instance_at(home)
    stuck = [r for r, s in _runs(instance).items() if s == dg.DagsterRunStatus.STARTED]
    assert len(stuck) == 1, _runs(instance)
    if point == "marts":  # the killed run still holds the one slot of the writers' pool
        assert [s.run_id for s in instance.event_log_storage.get_concurrency_info(POOL)
                .claimed_slots] == stuck

    t0 = time.monotonic()
    rerun = Govlake(["demo", "--lake", root], home, tmp_path)
    assert rerun.finish(timeout=180) == 0, rerun.output()
    took = time.monotonic() - t0
    out = rerun.output()
    assert f"run {stuck[0][:8]} (STARTED, pid {first.pid}) is gone: marked failed" in out, out
    assert "temporary file(s) left by interrupted runs" in out, out
    assert "Traceback" not in out, out

    assert _temp_files(root) == []
    assert _runs(instance)[stuck[0]] == dg.DagsterRunStatus.FAILURE
    info = instance.event_log_storage.get_concurrency_info(POOL)
    assert not info.claimed_slots and not info.pending_steps

    reference, _ = sample_lake  # a clean run of the whole sample: its three partitions
    assert facts(root) == facts(reference.root, THREE_PARTITIONS)
    assert len(facts(root)) == len(schema.FACT_TABLES) * len(THREE_PARTITIONS)
    marts = province_year(root, THREE_PARTITIONS)
    assert marts == province_year(reference.root, THREE_PARTITIONS) and len(marts) == 3
    assert took < 120, f"the rerun took {took:.0f} s"


def test_runs_waiting_for_the_marts_slot_stop_on_sigterm_give_up_or_take_over(
        tmp_path, sample_lake, instance_at):
    """While a live run holds the writers' slot, three runs reach the marts: one gets SIGTERM,
    one has a 3 s limit, one waits until the holder is killed and then takes over."""
    home = _home(tmp_path / "home")
    holder = Govlake(["demo", "--lake", _built_lake_without_marts(sample_lake, tmp_path / "h")],
                     home, tmp_path, GOVLAKE_TEST_PAUSE_AT="marts")
    waiters = []
    try:
        holder.wait_for("paused at marts", timeout=120)
        stopped, patient, heir = waiters = [
            Govlake(["demo", "--lake", _built_lake_without_marts(sample_lake, tmp_path / name)],
                    home, tmp_path, **env)
            for name, env in (("stopped", {}), ("patient", {"GOVLAKE_POOL_WAIT_TIMEOUT": "3"}),
                              ("heir", {}))]
        for waiter in (stopped, heir):
            waiter.wait_for(f"waiting for a slot of pool {POOL}: held by run", timeout=120)
        instance = instance_at(home)
        holder_run = [r for r, s in _runs(instance).items() if s == dg.DagsterRunStatus.STARTED
                      and instance.get_run_by_id(r).tags.get("govlake/pid") == str(holder.pid)]
        assert len(holder_run) == 1
        assert "is gone" not in stopped.output()  # the holder lives: left alone

        cpu = stopped.cpu_seconds()  # waiting is sleeping, not spinning
        time.sleep(2.0)
        assert stopped.cpu_seconds() - cpu < 0.5, "the wait spins"

        t0 = time.monotonic()
        stopped.proc.send_signal(signal.SIGTERM)
        assert stopped.finish(timeout=30) != 0, stopped.output()
        assert time.monotonic() - t0 < 15
        err = "".join(stopped.lines["err"])
        assert "govlake demo: interrupted (SIGINT or SIGTERM): run " in err, err
        assert "Traceback" not in stopped.output() and "Stack Trace" not in err, err

        # the wait is bounded: a limit of 3 s, then a message and exit 1
        assert patient.finish(timeout=120) == 1, patient.output()
        assert (f"gave up after 3 s waiting for a slot of pool {POOL}, held by run "
                f"{holder_run[0][:8]}") in patient.output(), patient.output()
        assert "Traceback" not in patient.output(), patient.output()

        info = instance.event_log_storage.get_concurrency_info(POOL)
        assert [s.run_id for s in info.claimed_slots] == holder_run
        live = {r for r, s in _runs(instance).items() if s == dg.DagsterRunStatus.STARTED}
        assert {p.run_id for p in info.pending_steps} <= live  # no stale claim left behind

        # the holder dies: the heir notices, marks it failed, frees its slot and goes on
        holder.kill()
        assert heir.finish(timeout=120) == 0, heir.output()
        out = heir.output()
        assert f"run {holder_run[0][:8]} (STARTED, pid {holder.pid}) is gone: marked failed" in out
        assert f"got the {POOL} slot" in out, out
        lake, summary = sample_lake
        assert (province_year(tmp_path / "heir", summary.partitions)
                == province_year(lake.root, summary.partitions))
    finally:
        for proc in (holder, *waiters):
            proc.kill()


def test_the_sweep_takes_only_our_temp_names_and_only_old_ones(tmp_path):
    def make(rel: str, age: float = 3600, is_dir: bool = False) -> Path:
        path = tmp_path / rel
        if is_dir:
            (path / "x.json").parent.mkdir(parents=True)
            (path / "x.json").write_text("{}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
        os.utime(path, (time.time() - age, time.time() - age))
        return path

    part = "facts/reports/province=fujian/year=2017"
    raw = "raw/snapshots/province=fujian"
    orphans = [make(f"{part}/.part-0.parquet.1a2b3c4d.tmp"),
               make("marts/.govlake.duckdb.9f8e7d6c.building"),
               make("marts/.govlake.duckdb.9f8e7d6c.building.wal"),
               make(f"{raw}/.year=2017.k3j_x9z1.tmp", is_dir=True),       # replace_dir's fill
               make(f"{raw}/.year=2016.0a1b2c3d.old", is_dir=True)]       # its target exists
    make(f"{raw}/year=2016", is_dir=True)
    kept = [make(f"{part}/part-0.parquet"), make("raw/_blobs/ab/ab12cd"),
            make(f"{part}/.part-0.parquet.5e6f7a8b.tmp", age=0),         # a live writer's
            make("landing/.page.1a2b3c4d.tmp"), make("samples/.x.1a2b3c4d.tmp"),  # inputs
            make("cache/f/.notes.tmp"), make("catalog/.sources.parquet.tmp")]
    cut = make(f"{raw}/.year=2015.0a1b2c3d.old", is_dir=True)  # swap cut between its renames

    done = sweep_orphans(tmp_path, time.time() - 60, WRITTEN_LAYERS)
    assert not any(p.exists() for p in orphans)
    assert all(p.exists() for p in kept)
    assert (tmp_path / raw / "year=2015" / "x.json").exists() and not cut.exists()
    assert len(done) == len(orphans) + 1
