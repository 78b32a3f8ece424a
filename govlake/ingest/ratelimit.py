"""A minimum interval between requests to the same host, shared by threads.

Government sites are small and easily overwhelmed (and quick to block a
crawler), so politeness is per host, not global. Each caller reserves the next
free slot under a lock and sleeps outside it, so concurrent fetchers of one
host queue up in order while other hosts proceed.
"""

from __future__ import annotations

import threading
import time


class HostRateLimiter:
    def __init__(self, interval: float, clock=time.monotonic, sleep=time.sleep):
        self.interval = max(0.0, float(interval))
        self._next: dict[str, float] = {}
        self._custom: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def set_interval(self, host: str, interval: float) -> None:
        """Raise one host's interval (e.g. a robots.txt Crawl-delay); never lowers it."""
        with self._lock:
            self._custom[host] = max(self.interval, float(interval))

    def interval_for(self, host: str) -> float:
        return self._custom.get(host, self.interval)

    def reserve(self, host: str, max_wait: float | None = None) -> float | None:
        """Reserve the next slot for ``host``; return the wait, or None if beyond max_wait."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            wait = slot - now
            if max_wait is not None and wait > max_wait:
                return None
            self._next[host] = slot + self.interval_for(host)
        return wait

    def wait(self, host: str, max_wait: float | None = None) -> bool:
        """Block until ``host`` may be requested; False (no wait) if it would exceed max_wait."""
        wait = self.reserve(host, max_wait)
        if wait is None:
            return False
        if wait > 0:
            self._sleep(wait)
        return True
