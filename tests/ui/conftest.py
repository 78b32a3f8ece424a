"""Real UI tests: the sample lake materialized into a temporary Dagster instance, the
webserver started on it, and pages opened in headless Chromium (Debian's `chromium`).

Nothing is installed at run time: Chromium must already be on the machine (CI installs
the Debian package); Playwright drives it through `executable_path`, never downloading
a browser. Screenshots are kept in test-artifacts/ui/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from govlake.defs.partitions import REPO_DAGSTER_YAML
from govlake.lake import Lake
from tests.conftest import REPO, SAMPLES
from tests.webserver import running_webserver

ARTIFACTS = REPO / "test-artifacts" / "ui"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for candidate in (os.environ.get("GOVLAKE_CHROMIUM"), *CHROMIUM_CANDIDATES,
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: the UI tests need Debian's `chromium` package "
                "(apt-get install chromium) at /usr/bin/chromium, or GOVLAKE_CHROMIUM=<path>.",
                pytrace=False)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Python package `playwright` is not installed (pip install playwright; "
                    "no `playwright install` needed: Debian's chromium is used)", pytrace=False)
    pw = sync_playwright().start()
    try:
        # headless=True is --headless; Playwright gives the browser a temporary profile
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS[1:])
    except Exception as exc:  # noqa: BLE001
        pw.stop()
        pytest.fail(f"could not launch {exe}: {exc}", pytrace=False)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="session")
def ui_lake(tmp_path_factory):
    """The bundled sample materialized through real runs into a fresh instance and lake."""
    from govlake.defs.runner import run_lake

    home = tmp_path_factory.mktemp("ui_dagster_home")
    shutil.copy(REPO_DAGSTER_YAML, home / "dagster.yaml")
    root = tmp_path_factory.mktemp("ui_lake")
    shutil.copytree(SAMPLES, root / "samples")
    lake = Lake.at(root)
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        instance = dg.DagsterInstance.from_config(str(home))
        try:
            summary = run_lake(lake, include_samples=True, instance=instance,
                               progress=lambda m: None)
        finally:
            instance.dispose()
    finally:
        if old is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = old
    assert not summary.failed_runs, summary.failed_runs
    return home, lake


@pytest.fixture(scope="session")
def webserver(ui_lake):
    home, lake = ui_lake
    with running_webserver(home, lake.root) as url:
        yield url
