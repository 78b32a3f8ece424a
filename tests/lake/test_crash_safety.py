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

from govlake import factstore, marts, schema
from govlake.atomic import TEMP_NAME, sweep_orphans
from govlake.defs.recovery import WRITTEN_LAYERS
from govlake.defs.partitions import REPO_DAGSTER_YAML
from govlake.lake import Lake
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
    """Every committed fact table read back (the lake's own path made neutral), of every
    partition or of ``partitions``: ``table/province/year`` → rows."""
    lake = Lake.at(root)
    out = {}
    for p, y in factstore.partitions(lake):
        if partitions is None or (p, y) in partitions:
            for table, f in factstore.committed(lake, p, y).items():
                out[f"{table}/{p}/{y}"] = _plain(pq.read_table(f).to_pylist(), str(root))
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
    "facts": [".part-"],
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
        assert stopped.finish(timeout=30) == 128 + signal.SIGTERM, stopped.output()
        assert time.monotonic() - t0 < 15
        err = "".join(stopped.lines["err"])
        assert "govlake demo: interrupted (SIGTERM): run " in err, err
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


def _landing(path: Path, *pages: tuple[str, bytes]) -> Path:
    """A landing folder holding the bundled sample's page ``prefix`` (plus ``extra`` bytes,
    which make a second copy of the same report: new bytes, same facts again)."""
    path.mkdir(parents=True, exist_ok=True)
    for prefix, extra in pages:
        page = next(SAMPLES.glob(f"{prefix}_*.html"))
        (path / f"{page.stem}{len(extra)}.html").write_bytes(page.read_bytes() + extra)
    return path


def _fact_files(root: Path, partition) -> list[str]:
    """Every Parquet file in the partition's fact directories, as a glob would list them."""
    p, y = partition
    return sorted(str(f.relative_to(root)) for t in schema.FACT_TABLES
                  for f in (root / "facts" / t / f"province={p}" / f"year={y}").glob("*.parquet"))


def _marts_reports(root: Path) -> list:
    with duckdb.connect(str(root / "marts" / "govlake.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT province_key, year, count(*), count(duplicate_of) FROM reports "
            "GROUP BY ALL ORDER BY ALL").fetchall() + con.execute(
            "SELECT province_key, year, reports, applications_received FROM "
            "mart_province_year ORDER BY ALL").fetchall()


def test_a_partitions_six_fact_files_change_as_one(tmp_path):
    """A run killed after writing every new fact file of a partition but before its pointer
    moved: readers (and a marts build) see the whole old version; the rerun commits the
    whole new one, equal to a clean run's."""
    partition = ("ningxia", 2020)  # 泾源县's report (sample page 002)
    home, root = _home(tmp_path / "home"), tmp_path / "lake"
    landing = _landing(tmp_path / "landing", ("002", b""))
    first = Govlake(["run", "--lake", root, "--landing", landing], home, tmp_path)
    assert first.finish(timeout=180) == 0, first.output()
    old = facts(root)
    old_files = _fact_files(root, partition)
    assert len(old) == len(old_files) == 6 and len(old["reports/ningxia/2020"]) == 1

    # a second copy of the report arrives: every table of the partition changes
    _landing(landing, ("002", b"<!-- a mirror's copy -->"))
    second = Govlake(["run", "--lake", root, "--landing", landing], home, tmp_path,
                     GOVLAKE_TEST_PAUSE_AT="facts-commit")
    second.wait_for("paused at facts-commit", timeout=180)
    second.kill()

    # both versions lie side by side (a plain glob would mix them): five new files, the
    # sixth table (legacy_indicators, empty for a 2019-format report) is unchanged ...
    both = _fact_files(root, partition)
    assert len(both) == 11 and set(old_files) < set(both), both
    # ... but the pointer still names the old one, whole
    assert facts(root) == old
    lake = Lake.at(root)
    marts.build_marts(lake)  # a marts build in between reads the old version only
    # one report, 6 applications received (the seed's figure)
    assert _marts_reports(root) == [("ningxia", 2020, 1, 0), ("ningxia", 2020, 1, 6)]

    rerun = Govlake(["run", "--lake", root, "--landing", landing], home, tmp_path)
    assert rerun.finish(timeout=180) == 0, rerun.output()
    assert "temporary file(s) left by interrupted runs" in rerun.output(), rerun.output()
    new = facts(root)
    assert len(new["reports/ningxia/2020"]) == 2
    assert [k for k in old if new[k] == old[k]] == ["legacy_indicators/ningxia/2020"]
    assert new["legacy_indicators/ningxia/2020"] == []
    # two copies, one marked a duplicate and counted once
    assert _marts_reports(root) == [("ningxia", 2020, 2, 1), ("ningxia", 2020, 1, 6)]
    # the old version and the killed run's files are gone: one file per table
    after = _fact_files(root, partition)
    assert len(after) == 6 and len(set(after) & set(old_files)) == 1, after
    assert _temp_files(root) == []

    clean_root = tmp_path / "clean"
    clean = Govlake(["run", "--lake", clean_root, "--landing", landing],
                    _home(tmp_path / "clean_home"), tmp_path)
    assert clean.finish(timeout=180) == 0, clean.output()
    assert new == _plain(facts(clean_root), str(clean_root))
    assert _marts_reports(clean_root) == _marts_reports(root)


def test_sigterm_in_the_partition_steps_stops_the_run_and_its_workers(tmp_path, instance_at):
    """SIGTERM while a range run's partitions are in the process pool's workers: the run
    stops within seconds (exit 143), its workers with it, the run is marked failed, no
    partition is half committed, and the rerun equals a clean run."""
    home, root = _home(tmp_path / "home"), tmp_path / "lake"
    landing = _landing(tmp_path / "landing", ("000", b""), ("003", b""))  # yunnan 2020, 2018
    run = Govlake(["run", "--lake", root, "--landing", landing], home, tmp_path,
                  GOVLAKE_TEST_PAUSE_AT="facts")
    run.wait_for("paused at facts", timeout=180)
    time.sleep(1.0)  # the other worker reaches its partition too
    workers = {int(line.split("(pid ")[1].rstrip(")\n")) for line in run.lines["err"]
               if "paused at facts" in line}
    assert run.pid not in workers  # the partitions are in pool workers, not the run's process

    t0 = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    assert run.finish(timeout=60) == 128 + signal.SIGTERM, run.output()
    assert time.monotonic() - t0 < 20, f"stopping took {time.monotonic() - t0:.0f} s"
    err = "".join(run.lines["err"])
    assert "govlake run: interrupted (SIGTERM): run " in err, err
    assert "Traceback" not in run.output(), run.output()
    time.sleep(1.0)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or (
            Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"), pid
    instance = instance_at(home)
    assert dg.DagsterRunStatus.STARTED not in _runs(instance).values()
    assert factstore.partitions(Lake.at(root)) == []  # nothing committed, nothing half

    rerun = Govlake(["run", "--lake", root, "--landing", landing], home, tmp_path)
    assert rerun.finish(timeout=180) == 0, rerun.output()
    assert _temp_files(root) == []
    clean_root = tmp_path / "clean"
    clean = Govlake(["run", "--lake", clean_root, "--landing", landing],
                    _home(tmp_path / "clean_home"), tmp_path)
    assert clean.finish(timeout=180) == 0, clean.output()
    got = facts(root)
    assert len(got) == 6 * 3  # yunnan 2018-2020: one range, 2019 committed empty
    assert got == _plain(facts(clean_root), str(clean_root))
    assert _marts_reports(root) == _marts_reports(clean_root)


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
