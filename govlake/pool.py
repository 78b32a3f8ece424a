"""Work spread over every core: one process pool recipe for the whole lake.

Used for per-snapshot work (govlake.workcache) and for the partitions of a range run
(govlake.layers). Workers come from a forkserver preloaded with the pipeline and warmed
on one page (govlake.warmup), take the parent's environment as it is now (object-store
credentials set after start-up included), and never start pools of their own. If worker
processes cannot be started (a daemonic process may not have children), or die, what is
left is done in this process: slower, never lost. If the parent is interrupted (SIGINT/SIGTERM) or
stops reading, the workers are terminated, not waited for: a run stops in seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_IN_WORKER = False  # set in pool workers: nested calls run in-process


def _init_worker(environ: dict) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    os.environ.clear()
    os.environ.update(environ)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def imap(fn: Callable[[T], R], items: Iterable[T], *, workers: int | None = None,
         threshold: int = 2, chunksize: int = 1) -> Iterator[R]:
    """``fn(item)`` for every item, in order, on ``workers`` processes (default: every core).

    ``fn`` must be a module-level function. ``items`` may be a generator: it is read
    as the work is handed out, so whatever produces it (e.g. discovery storing pages)
    runs while the workers already compute. Fewer than ``threshold`` items, one worker,
    or a call from inside a worker: done here.
    """
    import itertools
    import multiprocessing as mp

    items = iter(items)
    threshold = max(threshold, 2)  # one item is never worth a pool
    head = list(itertools.islice(items, threshold))
    workers = workers or cores()
    # a daemonic process (e.g. a dask worker) may not start children
    if _IN_WORKER or mp.current_process().daemon or workers < 2 or len(head) < threshold:
        yield from map(fn, itertools.chain(head, items))
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    taken: list[T] = []  # what was handed out, to redo here if the workers die

    def handed_out() -> Iterator[T]:
        for item in itertools.chain(head, items):
            taken.append(item)
            yield item

    done = 0
    try:
        ctx = mp.get_context("forkserver")
        # govlake.warmup runs a page through the pipeline once, so workers fork warm
        ctx.set_forkserver_preload(["govlake.workcache", "govlake.layers", "govlake.warmup"])
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                   initializer=_init_worker, initargs=(dict(os.environ),))
        try:
            for result in pool.map(fn, handed_out(), chunksize=chunksize):
                done += 1
                yield result
        except BaseException:
            # SIGINT/SIGTERM (raised here, in the waiting parent), an error, or the caller
            # stopped reading: the workers must not be waited for (a partition may take
            # minutes) nor outlive the run. What they were writing is a temp file or an
            # uncommitted version (govlake.factstore): the next run's recovery sweeps it.
            terminate(pool)
            raise
        pool.shutdown(wait=True)
    except (BrokenProcessPool, OSError, RuntimeError):
        # results come back in order: everything from `done` on is redone here
        yield from map(fn, itertools.chain(taken[done:], items))


def terminate(pool, grace: float = 2.0) -> None:
    """Stop a ProcessPoolExecutor now: SIGTERM its workers, drop queued work, and SIGKILL
    any worker still alive after ``grace`` seconds."""
    import time

    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
