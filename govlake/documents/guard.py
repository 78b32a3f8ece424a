"""One document read in a child process with a time limit and a memory cap.

Why: a hostile or broken document can cost without end inside a library we do not
control — a PDF content stream that inflates to gigabytes (pdfminer inflates it
whole), a page layout that loops, an image that decodes huge. A child forked for the
read may grow its address space by at most the cap (RLIMIT_AS) and is killed at the time limit, so
the worst a document can do is fail with the reason; the partition's process never
runs out of memory and never hangs. The cost is a fork (milliseconds; the parent's
modules are shared) per document, which only documents pay.
"""

from __future__ import annotations

import os
import pickle
import signal
import time

from govlake.documents.model import DocumentError

MEMORY_ENV = "GOVLAKE_DOCUMENT_MEMORY_MB"
MEMORY_MB = 3072


def memory_limit() -> int:
    try:
        return int(os.environ.get(MEMORY_ENV, MEMORY_MB)) * 2**20
    except ValueError:
        return MEMORY_MB * 2**20


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc does not say)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_bounded(fn, *args, time_limit: float, memory: int | None = None):
    """fn(*args) in a forked child under the limits; its DocumentError is raised here
    with the same reason, and running out of time or memory becomes one."""
    if not hasattr(os, "fork"):
        return fn(*args)
    memory = memory or memory_limit()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send the result, leave without cleanup handlers
        code = 0
        try:
            os.close(r)
            import resource
            # the cap bounds what the read adds: a child of a large process (a test run,
            # a worker holding DuckDB and onnxruntime arenas) starts with its parent's
            # address space, and a cap below that would fail the read's first import
            cap = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            try:
                payload = ("ok", fn(*args))
            except DocumentError as exc:
                payload = ("error", str(exc))
            except MemoryError:
                payload = ("error", f"needed more than {memory // 2**20} MiB of memory: stopped")
            except BaseException as exc:  # noqa: BLE001 - everything goes back as a reason
                payload = ("error", f"{type(exc).__name__}: {exc}"[:300])
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    return _collect(pid, r, time_limit, memory)


def _collect(pid: int, r: int, time_limit: float, memory: int):
    import selectors

    chunks: list[bytes] = []
    deadline = time.monotonic() + time_limit
    sel = selectors.DefaultSelector()
    sel.register(r, selectors.EVENT_READ)
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not sel.select(timeout=min(left, 1.0)):
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        sel.close()
        os.close(r)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise DocumentError(f"reading took more than {time_limit:.0f} s: stopped")
    if not chunks:
        if os.WIFSIGNALED(status):
            raise DocumentError(f"the reader was killed by signal {os.WTERMSIG(status)} "
                                f"(memory cap {memory // 2**20} MiB?)")
        raise DocumentError("the reader ended without a result (out of memory?)")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise DocumentError(value)
    return value
