"""The progress display: bars with counts, rates and ETA from the steps' ticks, on a terminal."""

import os
import pty
import shutil
import subprocess
import sys

from govlake import progress
from govlake.cli.display import Display
from tests.conftest import REPO, sample


def test_bars_count_the_ticks_of_each_phase(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    display = Display(bars=True)
    with display.active():
        display.message("▸ [1/1] yunnan 2018-2020 : raw → cleaned → facts")
        for _ in progress.counted("raw partitions", range(3), total=3):
            pass
        progress.tick("new pages processed", 0, 2)
        progress.tick("new pages processed", 2)
        display.message("  done in 1.0s")
    err = capsys.readouterr().err
    assert "raw partitions" in err and "3/3" in err, err
    assert "new pages processed" in err and "2/2" in err, err
    assert "/s" in err and "ETA" in err, err
    assert "▸ [1/1] yunnan 2018-2020 : raw → cleaned → facts" in err, err
    assert "  done in 1.0s" in err, err


def test_no_bars_and_no_listener_when_quiet_or_piped(capsys):
    display = Display(quiet=True)
    with display.active():
        display.message("▸ cataloguing sources")
        progress.tick("inputs read")   # nobody listens: nothing happens
    assert capsys.readouterr() == ("", "")
    display = Display(bars=False)
    with display.active():
        display.message("▸ cataloguing sources")
    assert capsys.readouterr().out == "▸ cataloguing sources\n"


def test_a_real_run_on_a_terminal_draws_bars(tmp_path):
    """`govlake run --landing` with its output on a pseudo-terminal, as a user sees it."""
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(sample("001", ".html"), landing / "huaxi.html")
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if k != "GOVLAKE_EXECUTOR"}
    env.update(GOVLAKE_LAKE=str(tmp_path / "lake"), DAGSTER_HOME=str(home),
               PYTHONPATH=str(REPO), COLUMNS="140", TERM="xterm")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "govlake.cli", "run", "--landing",
                             str(landing)], stdin=slave, stdout=slave, stderr=slave, env=env,
                            cwd=tmp_path)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:   # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=300) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "inputs read" in screen and "new pages processed" in screen, screen
    for layer in ("raw", "cleaned", "facts"):
        assert f"{layer} partitions" in screen, screen
    assert "1/1" in screen and "ETA" in screen, screen
    assert "guizhou|2021" in screen and "Traceback" not in screen
