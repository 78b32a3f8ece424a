"""govlake.pool: order kept, work spread, a broken pool finished in-process, no nesting."""

import os
import time
from pathlib import Path

from govlake import pool


def _double(x: int) -> int:
    return 2 * x


def _pid_and_nested(x: int) -> tuple[int, bool, list[int]]:
    # a worker asking for a pool of its own gets the work done in-process
    return os.getpid(), pool._IN_WORKER, list(pool.imap(_double, [x, x + 1], workers=2))


def _dies_in_a_worker(x: int) -> int:
    if pool._IN_WORKER and x == 3:
        os._exit(1)  # the worker process dies mid-run
    return 2 * x


def _warm_state(x: int) -> tuple[bool, bool, bool, int]:
    # what a worker finds loaded before its first item: forked from the warmed fork server
    import sys

    from govlake.fingerprint import pipeline_fingerprint

    warmup = sys.modules.get("govlake.warmup")
    return (pool._IN_WORKER, bool(warmup and warmup.WARMED), "trafilatura" in sys.modules,
            pipeline_fingerprint.cache_info().currsize)


def _mark_started(args: tuple[str, int]) -> int:
    path, x = args
    Path(path).touch()
    return 2 * x


def test_results_come_back_in_order_from_worker_processes():
    got = list(pool.imap(_pid_and_nested, range(6), workers=2))
    assert [g[2] for g in got] == [[2 * x, 2 * x + 2] for x in range(6)]
    assert all(in_worker for _, in_worker, _ in got)
    assert os.getpid() not in {pid for pid, _, _ in got}


def test_few_items_or_one_worker_run_here():
    assert [g[1] for g in pool.imap(_pid_and_nested, [1], workers=2)] == [False]
    assert [g[0] for g in pool.imap(_pid_and_nested, [1, 2], workers=1)] == [os.getpid()] * 2


def test_a_broken_pool_is_finished_in_this_process():
    assert list(pool.imap(_dies_in_a_worker, range(8), workers=2)) == [2 * x for x in range(8)]


def test_a_generator_is_read_while_the_workers_already_compute(tmp_path):
    """The catalog's discovery feeds the pool as it goes: work starts before it ends."""
    started, before_the_end = tmp_path / "started", []

    def items():
        yield from ((str(started), x) for x in range(6))
        deadline = time.monotonic() + 60  # a pool that waited for the end never starts
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        before_the_end.append(started.exists())
        yield str(started), 6

    assert list(pool.imap(_mark_started, items(), workers=2)) == [2 * x for x in range(7)]
    assert before_the_end == [True]


def test_a_generator_too_short_for_a_pool_runs_here():
    assert [g[0] for g in pool.imap(_pid_and_nested, iter([5]), workers=2)] == [os.getpid()]


def _first_quick_then_sleep(args: tuple[str, int]) -> tuple[int, int]:
    folder, x = args
    Path(folder, f"{os.getpid()}.pid").touch()
    if x:
        time.sleep(120)  # a partition that takes minutes
    return os.getpid(), x


def test_an_interrupt_terminates_the_workers_instead_of_waiting_for_them(tmp_path):
    """Ctrl-C / SIGTERM reaches the parent while the workers are busy: it must not wait for
    them (a partition may take minutes), nor leave them running."""
    results = pool.imap(_first_quick_then_sleep, [(str(tmp_path), x) for x in (0, 1, 1)],
                        workers=2)
    first_pid, _ = next(results)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = {int(p.stem) for p in tmp_path.glob("*.pid")}
    assert first_pid in workers and len(workers) == 2
    t0 = time.monotonic()
    try:
        results.throw(KeyboardInterrupt())  # what the signal handler raises in the parent
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt was swallowed")
    assert time.monotonic() - t0 < 10
    for pid in workers:  # gone (a zombie until reaped counts as gone)
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] in "ZX", pid


def test_workers_fork_warm_but_compute_their_own_fingerprint():
    """The fork server ran a page through the pipeline (govlake.warmup), so a worker's
    first item finds trafilatura and the models loaded; the pipeline fingerprint, which
    reads the environment, is not inherited: each worker computes it under its own."""
    got = list(pool.imap(_warm_state, range(4), workers=2))
    assert all(in_worker and warmed and loaded for in_worker, warmed, loaded, _ in got)
    assert got[0][3] == 0   # no fingerprint came with the fork
