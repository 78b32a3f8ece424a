"""A test hook: stop a run at a named point so a test can kill it there.

``GOVLAKE_TEST_PAUSE_AT=<point>`` makes whichever process reaches ``<point>`` print
``govlake: paused at <point> (pid N)`` on stderr and sleep (``GOVLAKE_TEST_PAUSE_SECONDS``,
default 300) instead of going on, so tests/lake/test_crash_safety.py can SIGKILL the run
at a known moment. The points:

- ``catalog``: the catalog file written to its temporary name, not yet renamed;
- ``facts``: a partition's first fact file written to its temporary name, not yet renamed;
- ``facts-commit``: every new fact file of a partition in place, its pointer not yet moved
  (govlake.factstore: readers still see the old version whole);
- ``marts``: the marts database half built (fact tables loaded into the ``.building``
  file and its WAL, nothing published).

Unset (always, outside tests) a call costs one environment lookup.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "GOVLAKE_TEST_PAUSE_AT"
ENV_SECONDS = "GOVLAKE_TEST_PAUSE_SECONDS"


def pause_at(point: str) -> None:
    if os.environ.get(ENV) != point:
        return
    print(f"govlake: paused at {point} (pid {os.getpid()})", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(ENV_SECONDS) or 300))


def pause_before_replace(target) -> None:
    """The point of an atomic write: the lake layer ``target`` lies in (catalog, facts …)."""
    point = os.environ.get(ENV)
    if point and point in getattr(target, "parts", ())[-5:]:
        pause_at(point)
