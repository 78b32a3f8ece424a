"""robots.txt, fetched once per host and consulted before every page request.

Rules (RFC 9309 where the brief does not say otherwise): 2xx → parsed; 4xx
(including 401/403) → no rules, everything allowed; 5xx or unreachable →
allowed as well, so a broken robots.txt does not stop the harvest (RFC 9309
would disallow; this is the project's choice). Each host's answer is cached for
the life of the Fetcher, and concurrent first requests to one host fetch it
once. Matching is urllib.robotparser's (first matching rule wins).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# get(url) -> (status or None, body bytes or None)
Getter = Callable[[str], tuple[int | None, bytes | None]]


class RobotsCache:
    def __init__(self, get: Getter, user_agent: str):
        self._get = get
        self.user_agent = user_agent
        self._parsers: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    def _parser(self, url: str) -> RobotFileParser | None:
        key = self.key(url)
        with self._lock:
            if key in self._parsers:
                return self._parsers[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._parsers:
                    return self._parsers[key]
            parser = None
            status, body = self._get(key + "/robots.txt")
            if status is not None and 200 <= status < 300 and body is not None:
                parser = RobotFileParser(key + "/robots.txt")
                parser.parse(body.decode("utf-8", "replace").splitlines())
            with self._lock:
                self._parsers[key] = parser
            return parser

    def allowed(self, url: str) -> bool:
        parser = self._parser(url)
        return True if parser is None else parser.can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        parser = self._parser(url)
        if parser is None:
            return None
        delay = parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None
