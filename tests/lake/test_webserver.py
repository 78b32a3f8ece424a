"""The UI a data engineer opens: the webserver serves the asset graph and its partitions."""

import shutil
import urllib.request

import pytest

from govlake.defs.partitions import REPO_DAGSTER_YAML
from tests.webserver import graphql, running_webserver

QUERY = """{ assetNodes { assetKey { path } groupName isPartitioned
  partitionKeysByDimension { name partitionKeys } } }"""


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO_DAGSTER_YAML, home / "dagster.yaml")
    with running_webserver(home, tmp_path_factory.mktemp("lake"), timeout=90) as url:
        yield url


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
