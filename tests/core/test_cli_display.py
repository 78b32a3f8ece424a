"""The progress display: bars with counts, rates and ETA from the steps' ticks, on a terminal."""

import time

from govlake import progress
from govlake.cli.display import Display


def test_bars_count_the_ticks_of_each_phase(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    display = Display(bars=True)
    with display.active():
        display.message("▸ [1/1] yunnan 2018-2020 : raw → cleaned → facts")
        for _ in progress.counted("raw partitions", range(3), total=3):
            pass
        progress.tick("new pages processed", 0, 2)
        progress.tick("new pages processed", 2)
        time.sleep(0.01)
        display.message("  done in 1.0s")
    lines = capsys.readouterr().err.splitlines()
    # (the live bars themselves need a terminal: tests/lake/test_cli_run.py draws them on one)
    assert lines[0] == "▸ [1/1] yunnan 2018-2020 : raw → cleaned → facts", lines
    assert lines[1].startswith("  raw partitions       3 in ") and lines[1].endswith("/s"), lines
    assert lines[2].startswith("  new pages processed  2 in ") and lines[2].endswith("/s"), lines
    assert lines[3] == "  done in 1.0s", lines


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


# a real run on a pseudo-terminal: tests/lake/test_cli_run.py (the demo fixture)
