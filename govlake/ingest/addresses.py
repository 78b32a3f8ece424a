"""Which addresses the fetcher may connect to: public ones, unless told otherwise.

A lake that fetches what manifests written by others name must not be a way into
the network it runs in: loopback services, the LAN, cloud metadata endpoints at
169.254.169.254. So every host the fetcher is about to contact — the page, each
redirect hop, robots.txt — is resolved, and refused if **any** of its addresses is
loopback, private (RFC 1918, ULA), link-local, multicast, reserved, unspecified or
otherwise not globally routable (CGNAT, documentation ranges…). An IPv6 address that
carries an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64 ``64:ff9b::/96``) is
judged by the IPv4 address inside. Refusing when *any* address is private, rather
than picking a public one, leaves nothing to a name that resolves to both.

DNS rebinding (public when checked, private when connected) is closed at the socket:
the guarded urllib3 connections below resolve the name once, check every address,
and connect only to those checked addresses — nothing resolves it again. The
fetcher's own check before each request exists to give one clear error
("refused: <host> resolves to a private address <ip>") without any attempt; the
socket check is the one that holds.

Switches: ``GOVLAKE_FETCH_ALLOW_PRIVATE=1`` or ``FetchConfig(allow_private=True)``
allows everything (the tests' loopback servers, a lake inside an intranet);
``FetchConfig(allow_networks=("10.1.2.0/24",))`` admits chosen networks only.
Behind an HTTP proxy the proxy resolves the names: the socket check is then not
applied to the proxy connection, and the check before each request (local DNS)
is the only one.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from dataclasses import dataclass
from functools import lru_cache

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3conn

ALLOW_PRIVATE_ENV = "GOVLAKE_FETCH_ALLOW_PRIVATE"
_TRUE = ("1", "true", "yes", "on")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def allow_private_from_env() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in _TRUE


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def private_kind(address: str | IP) -> str | None:
    """Why ``address`` is not a public one ("loopback", "link-local"…), or None if it is."""
    ip = ipaddress.ip_address(address.split("%")[0] if isinstance(address, str) else address)
    if ip.version == 6:
        inner = _embedded_v4(ip)
        if inner is not None:
            kind = private_kind(inner)
            return f"{kind}, inside an IPv6 address" if kind else None
        if ip.is_site_local:
            return "site-local"
    for kind, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if flag:
            return kind
    if not ip.is_global:
        return "not globally routable"
    return None


class PrivateAddressError(ValueError):
    """A host resolves to an address the policy refuses; the text is the recorded error."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()     # private networks admitted anyway

    @classmethod
    def from_config(cls, allow_private: bool | None, allow_networks=()) -> "AddressPolicy":
        if allow_private is None:
            allow_private = allow_private_from_env()
        for net in allow_networks:
            ipaddress.ip_network(net, strict=False)   # a typo fails at start-up, not per page
        return cls(bool(allow_private), tuple(allow_networks))

    def _admitted(self, ip: IP) -> bool:
        nets = [ipaddress.ip_network(n, strict=False) for n in self.allow_networks]
        inner = _embedded_v4(ip) if ip.version == 6 else None
        return any(ip in n or (inner is not None and inner in n) for n in nets)

    def addresses(self, host: str, port: int | None) -> list[str]:
        """The host's addresses, every one checked; raises PrivateAddressError or OSError."""
        host = host.strip("[]")
        try:                       # an address literal is judged as written, resolver or not
            ipaddress.ip_address(host.split("%")[0])
            ips = [host]
        except ValueError:
            infos = socket.getaddrinfo(host, port, u3conn.allowed_gai_family(),
                                       socket.SOCK_STREAM)
            ips = list(dict.fromkeys(info[4][0] for info in infos))
        if not ips:
            raise OSError(f"{host} resolves to no address")
        if not self.allow_private:
            for raw in ips:
                ip = ipaddress.ip_address(raw.split("%")[0])
                kind = private_kind(ip)
                if kind and not self._admitted(ip):
                    raise PrivateAddressError(
                        f"refused: {host} resolves to a private address {raw} ({kind})")
        return ips

    def refusal(self, host: str) -> str | None:
        """The error for a refused host, or None (also when it does not resolve: the
        request then fails as any unreachable host does, and is retried next run)."""
        if self.allow_private:
            return None
        try:
            self.addresses(host, None)
        except PrivateAddressError as exc:
            return str(exc)
        except (OSError, UnicodeError, ValueError):
            return None
        return None


class AddressRefused(NewConnectionError):
    """Raised instead of connecting; the fetcher reports ``.message`` and does not retry."""

    def __init__(self, conn, message: str):
        super().__init__(conn, message)
        self.message = message


class _Guarded:
    policy: AddressPolicy

    def _new_conn(self):  # urllib3's own, but connecting only to the addresses checked
        if self.policy.allow_private or getattr(self, "proxy", None) is not None:
            return super()._new_conn()
        try:
            ips = self.policy.addresses(self._dns_host, self.port)
        except PrivateAddressError as exc:
            raise AddressRefused(self, str(exc)) from None
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        last: Exception | None = None
        for ip in ips:
            try:
                sock = u3conn.create_connection((ip, self.port), self.timeout,
                                                source_address=self.source_address,
                                                socket_options=self.socket_options)
            except TimeoutError:
                last = ConnectTimeoutError(self, f"Connection to {self.host} timed out. "
                                           f"(connect timeout={self.timeout})")
            except OSError as exc:
                last = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
            else:
                sys.audit("http.client.connect", self, self.host, self.port)
                return sock
        raise last


@lru_cache(maxsize=None)
def guarded_pool_classes(policy: AddressPolicy) -> dict[str, type]:
    """urllib3 pool classes whose connections obey ``policy`` (for PoolManager)."""
    http = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), {"policy": policy})
    https = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), {"policy": policy})
    return {"http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,),
                         {"ConnectionCls": http}),
            "https": type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": https})}


def refusal_in(exc: BaseException) -> str | None:
    """The AddressRefused message somewhere in a requests/urllib3 exception chain."""
    stack, seen = [exc], set()
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, AddressRefused):
            return e.message
        stack += [getattr(e, "reason", None), e.__cause__, e.__context__,
                  *(a for a in e.args if isinstance(a, BaseException))]
    return None
