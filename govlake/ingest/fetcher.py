"""A polite, robust page fetcher on requests, fit to run unattended on a schedule.

One call, one page: ``Fetcher.fetch(url)`` never raises; whatever happened is in
the FetchResult, with every HTTP exchange recorded as an Attempt so the catalog
can keep a complete fetch log and retry failures on the next run.

* only http/https; other schemes fail without a request;
* robots.txt respected (configurable), fetched once per host; Crawl-delay raises
  that host's interval (capped);
* a minimum interval between requests to one host, shared by threads;
* retries with exponential backoff on connection errors, timeouts, 429 and 5xx,
  honouring Retry-After (seconds or HTTP-date);
* connect/read timeouts and a total deadline per page (retries, waits and body
  streaming included; a watchdog cuts a body that is still dribbling in);
* a size cap, checked on Content-Length and while streaming;
* redirects followed by hand (at most max_redirects) so each hop is scheme-checked,
  address-checked, robots-checked, rate-limited and recorded;
* conditional requests (If-None-Match / If-Modified-Since): a 304 means "unchanged";
* private addresses refused (govlake.ingest.addresses): every host contacted — page,
  redirect hop, robots.txt — must resolve to public addresses only, unless
  GOVLAKE_FETCH_ALLOW_PRIVATE=1 or ``allow_private`` says otherwise; a refusal is an
  error without a request, and a redirect's final host is recorded (``final_host``);
* bytes are returned exactly as served (after Content-Encoding); a report document
  (PDF, Word, WPS, OFD, PNG/JPEG) is named in ``document``, other non-pages are kept
  but flagged ``unsupported``. Decoding is left to
  govlake.decoding.decode_bytes(data, content_type) — docs/DOMAIN.md §5 — because
  requests' own guess (ISO-8859-1 for charset-less text/html) is wrong for GBK.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

from govlake.ingest.addresses import AddressPolicy, guarded_pool_classes, refusal_in
from govlake.ingest.content import document_kind, unsupported_kind
from govlake.ingest.ratelimit import HostRateLimiter
from govlake.ingest.robots import RobotsCache

REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchConfig:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    deadline: float = 30.0              # total wall time per page, retries included
    max_bytes: int = 20 * 2**20
    max_retries: int = 3                # retries after the first try (so ≤ 4 tries)
    backoff: float = 0.5                # first wait; doubles each retry
    max_backoff: float = 30.0           # cap on computed waits (Retry-After may ask more)
    per_host_interval: float = 1.0
    respect_robots: bool = True
    user_agent: str = "govlake/0.1 (+data-lake of government disclosure reports)"
    max_redirects: int = 10
    max_crawl_delay: float = 30.0       # robots.txt Crawl-delay honoured up to this
    robots_max_bytes: int = 512 * 1024
    verify_tls: bool = True
    allow_private: bool | None = None   # None: $GOVLAKE_FETCH_ALLOW_PRIVATE ("1" allows)
    allow_networks: tuple[str, ...] = ()   # private networks admitted anyway ("10.1.0.0/16")


@dataclass(frozen=True)
class Attempt:
    """One HTTP exchange (a redirect hop or a retry is an attempt of its own)."""

    at: str                     # ISO 8601 UTC, when the request started
    status: int | None          # None when no response came back
    bytes: int                  # body bytes received
    duration_s: float
    error: str | None
    url: str | None = None


@dataclass
class FetchResult:
    url: str
    final_url: str
    final_host: str = ""        # host of final_url: where a redirect chain ended
    status: int | None = None
    ok: bool = False            # a 2xx with its whole body, or a 304
    not_modified: bool = False
    data: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)   # URLs that answered 3xx, in order
    document: str | None = None      # pdf | docx | doc | ofd | image: a report document
    unsupported: str | None = None   # e.g. "ZIP archive": data kept, not to be parsed at all
    error: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    fetched_at: str = ""

    def __post_init__(self) -> None:
        if not self.final_host:
            self.final_host = _host(self.final_url)

    def as_record(self) -> dict:
        """JSON-ready log row: everything but the bytes (size and sha256 instead)."""
        rec = asdict(self)
        rec.pop("data")
        rec["size"] = len(self.data) if self.data is not None else None
        rec["sha256"] = hashlib.sha256(self.data).hexdigest() if self.data is not None else None
        return rec


@dataclass
class _Outcome:
    status: int | None = None
    data: bytes | None = None
    headers: Mapping[str, str] | None = None   # case-insensitive (requests)
    reason: str = ""
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    location: str | None = None
    deadline_hit: bool = False


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP-date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _scheme_error(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"invalid URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"unsupported URL scheme {parts.scheme or '(none)'!r}: only http and https"
    if not parts.hostname:
        return "invalid URL: no host"
    return None


def _cut(resp: requests.Response, fired: threading.Event) -> None:
    """Watchdog: shut the socket down so a blocked read returns at the deadline."""
    fired.set()
    try:
        sock = getattr(resp.raw.connection, "sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001, S110 - best effort; the read timeout still bounds it
        pass


class _GuardedAdapter(HTTPAdapter):
    """requests' adapter on connections that check the addresses they connect to."""

    def __init__(self, policy: AddressPolicy, **kw):
        self.policy = policy            # before super(): it builds the pool manager
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kw):
        super().init_poolmanager(*args, **kw)
        if not self.policy.allow_private:
            self.poolmanager.pool_classes_by_scheme = guarded_pool_classes(self.policy)


class Fetcher:
    """Thread-safe: one requests.Session per thread, shared robots cache and rate limit."""

    def __init__(self, config: FetchConfig | None = None):
        self.config = config or FetchConfig()
        self.policy = AddressPolicy.from_config(self.config.allow_private,
                                                self.config.allow_networks)
        self.limiter = HostRateLimiter(self.config.per_host_interval)
        self.robots = RobotsCache(self._get_robots, self.config.user_agent)
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------ plumbing

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update({
                "User-Agent": self.config.user_agent,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
            })
            session.verify = self.config.verify_tls
            session.max_redirects = self.config.max_redirects   # robots.txt's, followed by requests
            adapter = _GuardedAdapter(self.policy, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
        self._local = threading.local()

    def __enter__(self):  # -> Self
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _get_robots(self, url: str) -> tuple[int | None, bytes | None]:
        """robots.txt: its host was checked with the page's; a redirect of it to a refused
        address fails at the socket (AddressRefused) and counts as unreachable."""
        cfg = self.config
        if self.policy.refusal(urlsplit(url).hostname or ""):
            return None, None
        self.limiter.wait(urlsplit(url).hostname or "")
        try:
            with self._session().get(url, timeout=(cfg.connect_timeout, cfg.read_timeout),
                                     stream=True, allow_redirects=True) as resp:
                body = bytearray()
                for chunk in resp.iter_content(_CHUNK):
                    body += chunk
                    if len(body) > cfg.robots_max_bytes:
                        break
                return resp.status_code, bytes(body[: cfg.robots_max_bytes])
        except (requests.RequestException, OSError):
            return None, None

    # ------------------------------------------------------------ one exchange

    def _exchange(self, url: str, headers: dict, deadline_at: float) -> _Outcome:
        cfg = self.config
        remaining = max(0.001, deadline_at - time.monotonic())
        timeout = (min(cfg.connect_timeout, remaining), min(cfg.read_timeout, remaining))
        try:
            resp = self._session().get(url, headers=headers, timeout=timeout, stream=True,
                                       allow_redirects=False)
        except requests.Timeout as exc:
            kind = "connect timeout" if isinstance(exc, requests.ConnectTimeout) else "read timeout"
            return _Outcome(error=f"{kind}: {exc}", retryable=True)
        except requests.ConnectionError as exc:
            refused = refusal_in(exc)      # the name now resolves elsewhere: DNS rebinding
            if refused:
                return _Outcome(error=refused)
            return _Outcome(error=f"connection error: {exc}", retryable=True)
        except (requests.RequestException, ValueError, OSError) as exc:
            return _Outcome(error=f"request failed: {type(exc).__name__}: {exc}")
        with resp:
            out = _Outcome(status=resp.status_code, headers=resp.headers,
                           reason=resp.reason or "")
            status = resp.status_code
            if status in REDIRECTS and resp.headers.get("Location"):
                out.location = urljoin(url, resp.headers["Location"])
                return out
            if status == 429 or 500 <= status <= 599:
                out.error = f"HTTP {status} {out.reason}".strip()
                out.retryable = True
                out.retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
                return out
            if status == 304:
                return out
            if not 200 <= status < 300:
                out.error = f"HTTP {status} {out.reason}".strip()
                return out
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cfg.max_bytes:
                out.error = (f"body of {int(declared)} bytes (Content-Length) exceeds "
                             f"max_bytes {cfg.max_bytes}")
                return out
            return self._read_body(resp, out, deadline_at)

    def _read_body(self, resp: requests.Response, out: _Outcome, deadline_at: float) -> _Outcome:
        cfg = self.config
        fired = threading.Event()
        timer = threading.Timer(max(0.0, deadline_at - time.monotonic()), _cut, (resp, fired))
        timer.daemon = True
        timer.start()
        body = bytearray()
        try:
            for chunk in resp.iter_content(_CHUNK):
                body += chunk
                if len(body) > cfg.max_bytes:
                    out.error = f"body exceeds max_bytes {cfg.max_bytes} (read {len(body)})"
                    break
                if time.monotonic() >= deadline_at:
                    fired.set()
                    break
        except (requests.RequestException, OSError, ValueError) as exc:
            if not fired.is_set() and time.monotonic() < deadline_at:
                out.error = f"connection broken while reading the body: {exc}"
                out.retryable = True
            else:  # the deadline passed while the read failed: a truncated body is no page
                fired.set()
        finally:
            timer.cancel()
        out.data = bytes(body)
        if fired.is_set() and out.error is None:
            out.error = f"body still arriving after {len(body)} bytes"
            out.deadline_hit = True
        return out

    # ------------------------------------------------------------ one page

    def fetch(self, url: str, etag: str | None = None,
              last_modified: str | None = None) -> FetchResult:
        """Fetch one page; never raises (problems land in ``.error``)."""
        result = FetchResult(url=url, final_url=url)
        try:
            self._fetch(result, etag, last_modified)
        except Exception as exc:  # noqa: BLE001 - a scheduled run must not die on one page
            result.error = f"internal error: {type(exc).__name__}: {exc}"
            result.ok = False
        result.fetched_at = _now()
        return result

    def _deadline_error(self, detail: str) -> str:
        return f"deadline of {self.config.deadline:g}s exceeded ({detail})"

    def _fetch(self, result: FetchResult, etag: str | None, last_modified: str | None) -> None:
        cfg = self.config
        deadline_at = time.monotonic() + cfg.deadline
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen, failures = result.url, {result.url}, 0
        last_error = "no request made"
        while True:
            problem = _scheme_error(current)
            if problem:
                result.error = problem
                return
            host = (urlsplit(current).hostname or "").lower()
            refused = self.policy.refusal(host)
            if refused:                     # before robots.txt, the rate limit and any request
                result.error = refused
                return
            if cfg.respect_robots:
                if not self.robots.allowed(current):
                    result.error = "disallowed by robots.txt"
                    return
                delay = self.robots.crawl_delay(current)
                if delay:
                    self.limiter.set_interval(host, min(delay, cfg.max_crawl_delay))
            remaining = deadline_at - time.monotonic()
            if remaining < 0.01 or not self.limiter.wait(host, max_wait=remaining - 0.01):
                result.error = self._deadline_error(
                    f"last: {last_error}" if result.attempts else "waiting for the host's turn")
                return
            started, at = time.monotonic(), _now()
            out = self._exchange(current, headers, deadline_at)
            result.attempts.append(Attempt(
                at=at, status=out.status, bytes=len(out.data or b""),
                duration_s=round(time.monotonic() - started, 3), error=out.error, url=current))
            result.status = out.status
            result.final_url, result.final_host = current, host
            if out.deadline_hit:
                result.error = self._deadline_error(out.error or "")
                return
            if out.location:
                result.redirects.append(current)
                if len(result.redirects) > cfg.max_redirects:
                    result.error = f"too many redirects (more than {cfg.max_redirects})"
                    return
                if out.location in seen:
                    result.error = f"redirect loop back to {out.location}"
                    return
                seen.add(out.location)
                current = out.location
                continue
            if out.retryable:
                failures += 1
                last_error = out.error or "?"
                if failures > cfg.max_retries:
                    result.error = f"{last_error} (gave up after {failures} tries)"
                    return
                wait = min(cfg.backoff * 2 ** (failures - 1), cfg.max_backoff)
                if out.retry_after is not None:
                    wait = max(wait, out.retry_after)
                remaining = deadline_at - time.monotonic()
                if wait >= remaining:
                    result.error = self._deadline_error(
                        f"last: {last_error}; next try would wait {wait:g}s, "
                        f"{max(remaining, 0):.2f}s left")
                    return
                time.sleep(wait)
                continue
            if out.error:
                result.error = out.error
                return
            hdrs = out.headers or {}
            result.etag = hdrs.get("ETag") or (etag if out.status == 304 else None)
            result.last_modified = hdrs.get("Last-Modified") or (
                last_modified if out.status == 304 else None)
            result.content_type = hdrs.get("Content-Type")
            if out.status == 304:
                if not headers:
                    result.error = "HTTP 304 to an unconditional request"
                    return
                result.ok = result.not_modified = True
                return
            result.data = out.data
            result.document = document_kind(out.data, result.content_type, current)
            if result.document is None:
                result.unsupported = unsupported_kind(out.data, result.content_type)
            result.ok = True
            return
