"""Crash safety of `govlake run`: what a killed run leaves behind, the next run clears.

A run killed with SIGKILL (or by the OOM killer, or a power cut) never reports its end:
Dagster keeps it STARTED, its slot of a pool (the marts' ``duckdb_writer``) stays
claimed, and its temporary files stay beside their targets. At start-up the runner
(govlake.defs.runner) calls :func:`recover`:

- every unfinished run of this host whose process is gone is marked failed
  (``instance.report_run_failed``) — the process is the one the run's tags name
  (``govlake/pid``, ``govlake/host``, ``govlake/pid_started``: the runner tags its runs
  with them), else, with a local sqlite instance, the pid Dagster's own engine events
  record ("Started process for run (pid: N)" / "Executing steps in process (pid: N)");
- every pool slot or pending claim of a run that is finished or unknown is freed
  (``event_log_storage.free_concurrency_slots_for_run``, what the UI's "free slots" does);
- the lake's orphaned temporary files are removed (govlake.atomic.sweep_orphans): only
  our temp names, only those older than every run that may still be writing; so are fact
  files no partition pointer names (a commit killed before its pointer moved,
  govlake.factstore.sweep_unreferenced), under the same age rule.

Dagster's run monitoring cannot do the first part for these runs: it asks the run
launcher whether a run's worker is alive, and the default launcher cannot tell (nor
launched the command line's runs at all), and its daemon only runs beside the UI.

While a run waits for a pool slot, :class:`GuardedConcurrencyContext` (installed by
:func:`install_claim_guard`) replaces Dagster 1.13's wait, which never sleeps (the
in-process loop sleeps ``interval_to_next_pending_claim_check``, which returns
``min(0, …)``; the multiprocess loop has no sleep at all: busy loops) and never looks at
the SIGINT/SIGTERM it captured: the wait sleeps, stops on a signal, frees the slots of
holders that died meanwhile, says whom it waits for, and gives up after
``GOVLAKE_POOL_WAIT_TIMEOUT`` seconds (default 900) with a message.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from govlake import atomic, factstore
from govlake.lake import Lake

TAG_PID = "govlake/pid"
TAG_HOST = "govlake/host"
TAG_PID_STARTED = "govlake/pid_started"  # the process's start time (/proc): pid reuse

ENV_POOL_WAIT = "GOVLAKE_POOL_WAIT_TIMEOUT"
DEFAULT_POOL_WAIT = 900.0
CHECK_HOLDERS_EVERY = 5.0  # seconds between looks at whether the slot holders still live
REMIND_EVERY = 60.0        # seconds between "still waiting" lines
MAX_SLEEP = 0.5            # the longest sleep of the wait loop: how fast a signal is seen
BLOCKED_PAUSE = 0.1        # a pause after each claim that found no free slot

UNFINISHED = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.QUEUED,
              dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
              dg.DagsterRunStatus.CANCELING]
# the layers govlake writes with temp names (landing, samples, manifests are inputs: never)
WRITTEN_LAYERS = ("raw", "cleaned", "facts", "marts", "catalog", "reports", "cache")

Progress = Callable[[str], None]


class RunInterrupted(KeyboardInterrupt):
    """SIGINT/SIGTERM reached a run: the command stops (the CLI says so, exits non-zero)."""


class PoolWaitTimeout(Exception):
    """A pool slot stayed taken longer than GOVLAKE_POOL_WAIT_TIMEOUT."""


# ---------------------------------------------------------------- which process runs a run

def _proc_stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name (state first), or None without one."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _has_proc() -> bool:
    return Path("/proc/self/stat").exists()


def process_tags() -> dict[str, str]:
    """Tags naming this process, put on every run the runner makes."""
    tags = {TAG_PID: str(os.getpid()), TAG_HOST: socket.gethostname()}
    stat = _proc_stat(os.getpid())
    if stat:
        tags[TAG_PID_STARTED] = stat[19]  # field 22, starttime
    return tags


def process_alive(pid: int, started: str | None = None) -> bool:
    """Whether ``pid`` runs on this host (a zombie does not; nor a newer process that
    reuses the pid, when ``started`` — its start time — is known)."""
    if pid == os.getpid():
        return True
    if _has_proc():
        stat = _proc_stat(pid)
        if stat is None or stat[0] in ("Z", "X"):
            return False
        return not started or stat[19] == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _local_instance(instance: dg.DagsterInstance) -> bool:
    """Storage in local sqlite files: every process that writes it runs on this host."""
    return "sqlite" in type(instance.run_storage).__name__.lower()


def _run_process(instance: dg.DagsterInstance, run: dg.DagsterRun) -> tuple[int, str | None] | None:
    """(pid, start time) of the process executing ``run`` on this host, or None when that
    cannot be known (another host, or nothing recorded yet)."""
    tags = run.tags
    if TAG_PID in tags:
        if tags.get(TAG_HOST) != socket.gethostname():
            return None
        try:
            return int(tags[TAG_PID]), tags.get(TAG_PID_STARTED) or None
        except ValueError:
            return None
    if not _local_instance(instance):
        return None
    # Dagster's own record: the first engine event naming a pid is the run's process
    for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        data = entry.dagster_event.engine_event_data if entry.dagster_event else None
        pid = data.metadata.get("pid") if data and data.metadata else None
        if pid is not None:
            try:
                return int(pid.value), None
            except (TypeError, ValueError):
                return None
    return None


# ---------------------------------------------------------------- dead runs and their slots

def fail_dead_runs(instance: dg.DagsterInstance, progress: Progress = print) -> list[str]:
    """Mark failed every unfinished run whose process is gone; return their ids."""
    dead = []
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED)):
        run = record.dagster_run
        proc = _run_process(instance, run)
        if proc is None or process_alive(*proc):
            continue
        now = instance.get_run_by_id(run.run_id)
        if now is None or now.is_finished:  # another run's recovery was first
            continue
        instance.report_run_failed(
            run, f"The process of this run (pid {proc[0]} on {socket.gethostname()}) is gone: "
                 "it was killed or crashed. Marked failed by the next govlake run, which "
                 "freed its pool slots and removed its temporary files.")
        dead.append(run.run_id)
        progress(f"▸ run {run.run_id[:8]} ({run.status.value}, pid {proc[0]}) is gone: "
                 "marked failed")
    return dead


def _slot_run_ids(instance: dg.DagsterInstance) -> set[str]:
    storage = instance.event_log_storage
    run_ids = set(storage.get_concurrency_run_ids())  # runs with a pending or claimed step
    for key in storage.get_concurrency_keys():
        run_ids |= {s.run_id for s in storage.get_concurrency_info(key).claimed_slots}
    return run_ids


def free_orphaned_slots(instance: dg.DagsterInstance, progress: Progress = print) -> list[str]:
    """Free the pool slots and pending claims of runs that are finished or unknown."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    freed = []
    for run_id in sorted(_slot_run_ids(instance)):
        record = instance.get_run_record_by_id(run_id)
        if record is None or record.dagster_run.is_finished:
            storage.free_concurrency_slots_for_run(run_id)
            freed.append(run_id)
            progress(f"▸ pool slots of run {run_id[:8]} "
                     f"({record.dagster_run.status.value if record else 'unknown run'}) freed")
    return freed


def sweep_cutoff(instance: dg.DagsterInstance) -> float:
    """A time before which no run that may still be writing had started."""
    starts = [time.time()]
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED)):
        starts.append(record.start_time or record.create_timestamp.timestamp())
    return min(starts)


def recover(lake: Lake, instance: dg.DagsterInstance, progress: Progress = print) -> dict:
    """Everything a killed run left: dead runs failed, their slots freed, temp files swept."""
    dead = fail_dead_runs(instance, progress)
    freed = free_orphaned_slots(instance, progress)
    swept: list[str] = []
    if not lake.is_remote:
        cutoff = sweep_cutoff(instance)
        swept = atomic.sweep_orphans(lake.root, cutoff, WRITTEN_LAYERS)
        swept += factstore.sweep_unreferenced(lake, cutoff)  # versions no pointer names
        if swept:
            progress(f"▸ removed {len(swept)} temporary file(s) left by interrupted runs")
    return {"dead_runs": dead, "freed_runs": freed, "swept": swept}


# ---------------------------------------------------------------- after each run

_STATE: dict = {"progress": print, "errors": {}, "installed": False}


def after_run(instance: dg.DagsterInstance, run_id: str, success: bool) -> str | None:
    """The run is over: it holds no pool slot any more. Raises RunInterrupted when a
    signal stopped it; returns the reason when it gave up waiting for a slot."""
    if instance.event_log_storage.supports_global_concurrency_limits:
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    error = _STATE["errors"].pop(run_id, None)
    if success or error:
        return error
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE):
        reason = getattr(entry.dagster_event.event_specific_data, "failure_reason", None)
        if getattr(reason, "value", reason) == "UNEXPECTED_TERMINATION":
            raise RunInterrupted(f"run {run_id} stopped (marked failed)")
    return None


# ---------------------------------------------------------------- waiting for a pool slot

def _wait_limit() -> float:
    try:
        return float(os.environ.get(ENV_POOL_WAIT) or DEFAULT_POOL_WAIT)
    except ValueError:
        return DEFAULT_POOL_WAIT


def describe_holders(instance: dg.DagsterInstance, pool: str) -> str:
    parts = []
    for slot in instance.event_log_storage.get_concurrency_info(pool).claimed_slots:
        run = instance.get_run_by_id(slot.run_id)
        what = run.status.value if run else "unknown run"
        if run and TAG_PID in run.tags:
            what += f", pid {run.tags[TAG_PID]} on {run.tags.get(TAG_HOST)}"
        parts.append(f"run {slot.run_id[:8]} ({what})")
    return "held by " + ", ".join(parts) if parts else "other steps queued first"


def _guarded_class():
    from dagster._core.errors import DagsterExecutionInterruptedError
    from dagster._core.execution.plan.instance_concurrency_context import (
        InstanceConcurrencyContext,
    )
    from dagster._utils.interrupts import pop_captured_interrupt

    class GuardedConcurrencyContext(InstanceConcurrencyContext):
        """Dagster's pool claims, waited for with sleeps, signals, dead holders freed and
        a time limit (see the module's docstring)."""

        def __init__(self, instance, dagster_run):
            super().__init__(instance, dagster_run)
            self._govlake_waits: dict[str, list[float]] = {}  # step → [since, checked, told]

        def claim(self, concurrency_key, step_key, step_priority=0):
            if pop_captured_interrupt():  # taken: the run's teardown must not raise it again
                raise DagsterExecutionInterruptedError(
                    f"interrupted while waiting for a slot of pool {concurrency_key}")
            if super().claim(concurrency_key, step_key, step_priority):
                if self._govlake_waits.pop(step_key, None):
                    _STATE["progress"](f"  got the {concurrency_key} slot")
                return True
            say = _STATE["progress"]
            now = time.monotonic()
            wait = self._govlake_waits.get(step_key)
            if wait is None:
                wait = self._govlake_waits[step_key] = [now, now, now]
                say(f"  waiting for a slot of pool {concurrency_key}: "
                    f"{describe_holders(self._instance, concurrency_key)} "
                    "(Ctrl-C or SIGTERM stops this run)")
            if now - wait[1] >= CHECK_HOLDERS_EVERY:
                wait[1] = now
                if fail_dead_runs(self._instance, say) + free_orphaned_slots(self._instance, say):
                    self._pending_timeouts[step_key] = 0.0  # claim again at once
            limit = _wait_limit()
            if now - wait[0] > limit:
                msg = (f"gave up after {limit:.0f} s waiting for a slot of pool "
                       f"{concurrency_key}, {describe_holders(self._instance, concurrency_key)}"
                       f" (raise {ENV_POOL_WAIT}, or free the slot in the UI: Deployment → "
                       "Concurrency)")
                _STATE["errors"][self._run_id] = msg
                raise PoolWaitTimeout(msg)
            if now - wait[2] >= REMIND_EVERY:
                wait[2] = now
                say(f"  still waiting for pool {concurrency_key} ({now - wait[0]:.0f} s): "
                    f"{describe_holders(self._instance, concurrency_key)}")
            time.sleep(BLOCKED_PAUSE)  # the multiprocess executor's loop has no sleep of its own
            return False

        def interval_to_next_pending_claim_check(self) -> float:
            # Dagster 1.13.27 returns min(0, …) here, so its run loop never sleeps
            if not self._pending_claims or not self._pending_timeouts:
                return 0.0
            wait = min(self._pending_timeouts.values()) - time.time()
            return min(max(wait, 0.05), MAX_SLEEP)

    return InstanceConcurrencyContext, GuardedConcurrencyContext


def install_claim_guard(progress: Progress = print) -> bool:
    """Make this process's in-process and multiprocess executors wait for pool slots
    through GuardedConcurrencyContext. False when Dagster no longer looks as expected
    (the start-up recovery still runs; the wait is then Dagster's own)."""
    _STATE["progress"] = progress
    if _STATE["installed"]:
        return True
    try:
        from dagster._core.executor import in_process, multiprocess

        base, guarded = _guarded_class()
    except ImportError:
        return False
    modules = [m for m in (in_process, multiprocess)
               if getattr(m, "InstanceConcurrencyContext", None) is base]
    for module in modules:
        module.InstanceConcurrencyContext = guarded
    _STATE["installed"] = bool(modules)
    return _STATE["installed"]
