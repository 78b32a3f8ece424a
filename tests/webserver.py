"""A real dagster-webserver on a temporary instance, and GraphQL against it (test helper)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_webserver(home: Path, lake_root: Path, timeout: float = 120):
    """Start the webserver on the govlake definitions; yield its URL; stop it after."""
    port = _free_port()
    env = dict(os.environ, DAGSTER_HOME=str(home), GOVLAKE_LAKE=str(lake_root))
    exe = Path(sys.executable).with_name("dagster-webserver")
    log = home / "webserver.log"
    # the code location is named `govlake`, as `dg dev` names it ([tool.dg] in pyproject)
    workspace = home / "workspace.yaml"
    workspace.write_text("load_from:\n  - python_module:\n      module_name: govlake.defs\n"
                         "      location_name: govlake\n", encoding="utf-8")
    with open(log, "wb") as fh:
        proc = subprocess.Popen([str(exe), "-w", str(workspace), "-h", "127.0.0.1",
                                 "-p", str(port)],
                                env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/server_info", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("dagster-webserver did not start:\n"
                                   + log.read_text(errors="replace")[-3000:])
            time.sleep(0.5)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    req = urllib.request.Request(
        url + "/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.loads(resp.read())
    assert "errors" not in body, body.get("errors")
    return body["data"]
