"""govlake.pool: order kept, work spread, a broken pool finished in-process, no nesting."""

import os

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
