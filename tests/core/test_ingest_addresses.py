"""Private addresses: refused by default, without a request; fetched with the switch.

Traffic goes only to the 127.0.0.1 servers these tests start: a tripwire on
socket.connect fails any test that tries to connect anywhere else, so ::1,
169.254.169.254, 10.0.0.1 and 127.0.0.2 are checked, never contacted.
"""

from __future__ import annotations

import socket

import pytest

from govlake.catalog import discover_manifest
from govlake.ingest.addresses import (ALLOW_PRIVATE_ENV, AddressPolicy, PrivateAddressError,
                                      private_kind)
from govlake.ingest.fetcher import FetchConfig, Fetcher
from govlake.lake import Lake

PAGE = "<html><body><p>某县2023年政府信息公开工作年度报告</p></body></html>".encode()


@pytest.fixture()
def no_switch(monkeypatch):
    """The default: GOVLAKE_FETCH_ALLOW_PRIVATE unset (tests/conftest.py sets it)."""
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)


@pytest.fixture()
def connects(monkeypatch) -> list:
    """Every address a socket connects to; any but 127.0.0.1 fails the test at once."""
    seen: list = []
    real = socket.socket.connect

    def connect(self, address):
        seen.append(address[0])
        if address[0] != "127.0.0.1":
            pytest.fail(f"traffic to {address}: only the tests' 127.0.0.1 servers are allowed")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def fetcher(**kw) -> Fetcher:
    base = {"connect_timeout": 2, "read_timeout": 5, "deadline": 10, "max_retries": 2,
            "backoff": 0.05, "per_host_interval": 0, "respect_robots": False}
    return Fetcher(FetchConfig(**{**base, **kw}))


def paths(http) -> list[str]:
    return [req.path for req, _ in http.log]


# ---------------------------------------------------------------- the address check itself

@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("fd00::1", "private"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("100.64.0.1", "not globally routable"),              # carrier-grade NAT
    ("::ffff:127.0.0.1", "loopback, inside an IPv6 address"),
    ("::ffff:169.254.169.254", "link-local, inside an IPv6 address"),
    ("64:ff9b::a00:1", "private, inside an IPv6 address"),  # NAT64 of 10.0.0.1
    ("2002:a9fe:a9fe::1", "link-local, inside an IPv6 address"),  # 6to4 of 169.254.169.254
    ("8.8.8.8", None), ("114.114.114.114", None), ("2400:3200::1", None),
    ("::ffff:8.8.8.8", None),
])
def test_private_kind(ip, kind):
    assert private_kind(ip) == kind


@pytest.mark.parametrize("host, ip, kind", [
    ("[::1]", "::1", "loopback"), ("169.254.169.254", "169.254.169.254", "link-local"),
    ("10.0.0.1", "10.0.0.1", "private"), ("::ffff:127.0.0.1", "::ffff:127.0.0.1",
                                          "loopback, inside an IPv6 address"),
])
def test_policy_refuses_without_connecting(host, ip, kind, connects):
    with pytest.raises(PrivateAddressError) as err:
        AddressPolicy().addresses(host, 80)
    assert str(err.value) == f"refused: {host.strip('[]')} resolves to a private address {ip} ({kind})"
    assert AddressPolicy(allow_private=True).addresses(host, 80) == [ip]
    assert connects == []


def test_allowed_networks_admit_only_themselves():
    policy = AddressPolicy.from_config(False, ("10.0.0.0/8",))
    assert policy.addresses("10.0.0.1", 80) == ["10.0.0.1"]
    assert policy.refusal("10.200.3.4") is None
    assert policy.refusal("169.254.169.254") == (
        "refused: 169.254.169.254 resolves to a private address 169.254.169.254 (link-local)")
    with pytest.raises(ValueError):
        AddressPolicy.from_config(False, ("10.0.0.0/33",))   # a typo fails at start-up


def test_switch_comes_from_the_environment_unless_the_config_says(monkeypatch):
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert Fetcher(FetchConfig()).policy.allow_private is True
    assert Fetcher(FetchConfig(allow_private=False)).policy.allow_private is False
    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    assert Fetcher(FetchConfig()).policy.allow_private is False
    assert Fetcher(FetchConfig(allow_private=True)).policy.allow_private is True
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "0")
    assert Fetcher(FetchConfig()).policy.allow_private is False


# ---------------------------------------------------------------- fetches

@pytest.mark.parametrize("url, host, ip, kind", [
    ("http://[::1]:8080/ndbg.html", "::1", "::1", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254",
     "link-local"),
    ("https://10.0.0.1/ndbg.html", "10.0.0.1", "10.0.0.1", "private"),
    ("http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe", "::ffff:a9fe:a9fe",
     "link-local, inside an IPv6 address"),
])
def test_private_url_is_refused_without_any_traffic(url, host, ip, kind, no_switch, connects):
    r = fetcher(respect_robots=True).fetch(url)      # not even robots.txt is asked for
    assert not r.ok and r.data is None and r.status is None
    assert r.error == f"refused: {host} resolves to a private address {ip} ({kind})"
    assert r.attempts == [] and r.final_url == url and r.final_host == host
    assert connects == []


def test_loopback_server_gets_no_request_by_default_and_is_fetched_with_the_switch(
        http, no_switch, connects, monkeypatch):
    http.expect_request("/robots.txt").respond_with_data("", status=404)
    http.expect_request("/ndbg.html").respond_with_data(PAGE, content_type="text/html")
    url = http.url_for("/ndbg.html")
    assert url.startswith("http://127.0.0.1:")

    refused = fetcher(respect_robots=True).fetch(url)
    assert refused.error == "refused: 127.0.0.1 resolves to a private address 127.0.0.1 (loopback)"
    assert refused.attempts == [] and paths(http) == [] and connects == []

    assert fetcher(allow_private=True).fetch(url).data == PAGE    # the config's switch
    assert paths(http) == ["/ndbg.html"]

    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")                      # the environment's
    r = fetcher(respect_robots=True).fetch(url)
    assert r.ok and r.data == PAGE and r.final_host == "127.0.0.1"
    assert paths(http) == ["/ndbg.html", "/robots.txt", "/ndbg.html"]
    assert set(connects) == {"127.0.0.1"}


def test_manifest_naming_a_loopback_server(http, tmp_path, no_switch, connects, monkeypatch):
    http.expect_request("/robots.txt").respond_with_data("", status=404)
    http.expect_request("/xxgk/ndbg.html").respond_with_data(PAGE, content_type="text/html")
    url = http.url_for("/xxgk/ndbg.html")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"url,province,year\n{url},beijing,2023\n", encoding="utf-8")
    lake = Lake.at(tmp_path / "lake")

    log: list[dict] = []
    assert list(discover_manifest(lake, manifest, log=log)) == []   # the default fetcher
    assert paths(http) == [] and connects == []
    (fetch,) = [row for row in log if row["event"] == "fetch"]
    assert fetch["url"] == url and fetch["ok"] is False and fetch["attempts"] == 0
    assert fetch["error"] == ("refused: 127.0.0.1 resolves to a private address 127.0.0.1 "
                              "(loopback)")

    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    (found,) = discover_manifest(lake, manifest)
    assert found.data == PAGE and found.ref.source_url == url and found.problem is None
    assert found.ref.hints == {"province": "beijing", "year": 2023}
    assert paths(http) == ["/robots.txt", "/xxgk/ndbg.html"]


def test_redirect_from_an_allowed_server_to_a_private_address_is_refused(http, no_switch,
                                                                          connects):
    port = http.port
    http.expect_request("/ndbg").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.2:{port}/internal"})
    http.expect_request("/meta").respond_with_data(
        "", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    http.expect_request("/v6").respond_with_data(
        "", status=307, headers={"Location": f"http://[::1]:{port}/x"})
    f = fetcher(allow_networks=("127.0.0.1/32",))     # this server only: its hops are checked
    cases = {"/ndbg": ("127.0.0.2", "127.0.0.2", "loopback"),
             "/meta": ("169.254.169.254", "169.254.169.254", "link-local"),
             "/v6": ("::1", "::1", "loopback")}
    for path, (host, ip, kind) in cases.items():
        r = f.fetch(http.url_for(path))
        assert not r.ok and r.data is None
        assert r.error == f"refused: {host} resolves to a private address {ip} ({kind})"
        assert r.redirects == [http.url_for(path)] and len(r.attempts) == 1
        assert r.final_url == http.url_for(path) and r.final_host == "127.0.0.1"
    assert paths(http) == ["/ndbg", "/meta", "/v6"]
    assert set(connects) == {"127.0.0.1"}


def test_robots_redirect_to_a_private_address_is_refused_at_the_socket(http, no_switch,
                                                                       connects):
    # requests follows robots.txt's redirects itself: the guarded connection refuses the hop
    http.expect_request("/robots.txt").respond_with_data(
        "", status=301, headers={"Location": f"http://127.0.0.2:{http.port}/robots.txt"})
    http.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    r = fetcher(respect_robots=True, allow_networks=("127.0.0.1/32",)).fetch(http.url_for("/p"))
    assert r.ok and r.data == PAGE            # robots.txt unreachable: allowed, as documented
    assert paths(http) == ["/robots.txt", "/p"]
    assert set(connects) == {"127.0.0.1"}


def test_dns_rebinding_is_caught_at_the_socket(http, no_switch, connects, monkeypatch):
    """The name is public when the fetcher checks it and private when urllib3 connects:
    the connection checks the addresses it connects to, so no connection is made."""
    answers = iter(["93.184.216.34", "127.0.0.2"])
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port or 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    r = fetcher().fetch(f"http://rebind.example:{http.port}/ndbg.html")
    assert not r.ok
    assert r.error == "refused: rebind.example resolves to a private address 127.0.0.2 (loopback)"
    assert len(r.attempts) == 1 and r.attempts[0].status is None   # not retried
    assert connects == [] and paths(http) == []
