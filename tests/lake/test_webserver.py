"""The UI a data engineer opens: the webserver serves the asset graph and its partitions."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from govlake.defs.partitions import REPO_DAGSTER_YAML

QUERY = """{ assetNodes { assetKey { path } groupName isPartitioned
  partitionKeysByDimension { name partitionKeys } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO_DAGSTER_YAML, home / "dagster.yaml")
    port = _free_port()
    env = dict(os.environ, DAGSTER_HOME=str(home),
               GOVLAKE_LAKE=str(tmp_path_factory.mktemp("lake")))
    exe = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen([str(exe), "-m", "govlake.defs", "-h", "127.0.0.1", "-p", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/server_info", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("dagster-webserver did not start within 90 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def graphql(url: str, query: str) -> dict:
    req = urllib.request.Request(url + "/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["data"]


def test_asset_graph_and_partitions_are_served(webserver):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in graphql(webserver, QUERY)["assetNodes"]}
    assert nodes["source_catalog"]["groupName"] == "ingest"
    assert not nodes["source_catalog"]["isPartitioned"]
    apps = nodes["applications"]
    assert apps["groupName"] == "facts" and apps["isPartitioned"]
    dims = {d["name"]: d["partitionKeys"] for d in apps["partitionKeysByDimension"]}
    assert "guizhou" in dims["province"] and "unknown" in dims["province"]
    assert dims["year"][0] == "2008" and "2021" in dims["year"]
    assert {"mart_province_year", "cleaned_reports", "raw_snapshots"} <= nodes.keys()


def test_the_ui_page_itself_is_served(webserver):
    with urllib.request.urlopen(webserver + "/assets", timeout=30) as resp:
        assert resp.status == 200 and b"<html" in resp.read().lower()
