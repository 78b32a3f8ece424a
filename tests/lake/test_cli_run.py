"""`govlake run / demo / forget` as a user runs them: real subprocesses on real temp lakes.

Each bad input gives its message (file:line: reason) and its documented exit code
(govlake/cli/codes.py, README § Exit codes); the marts are named only when they exist.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from govlake.cli import codes
from tests.conftest import REPO, SAMPLES, sample

PAGES = sorted(SAMPLES.glob("*.html"))
HUAXI = sample("001", ".html")      # guizhou|2021
WUDING = sample("000", ".html")     # yunnan|2020


def govlake(*args, lake: Path, home: Path, timeout=300, **env):
    """`python -m govlake.cli ARGS` with its own lake and Dagster instance."""
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(REPO / "govlake" / "defs" / "dagster.yaml", home / "dagster.yaml")
    full = {k: v for k, v in os.environ.items() if k not in ("GOVLAKE_EXECUTOR",)}
    full.update(GOVLAKE_LAKE=str(lake), DAGSTER_HOME=str(home), PYTHONPATH=str(REPO),
                GOVLAKE_TODAY="2026-06-01", **env)
    proc = subprocess.run([sys.executable, "-m", "govlake.cli", *map(str, args)], env=full,
                          capture_output=True, text=True, timeout=timeout, cwd=home.parent)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def catalog_rows(lake: Path) -> list[dict]:
    return pq.read_table(lake / "catalog" / "sources.parquet").to_pylist()


# ---------------------------------------------------------------- impossible requests

@pytest.mark.parametrize("args,message", [
    (("run", "--year", "1999"),
     "argument --year: year 1999 is outside the reporting years 2008-2025"),
    (("run", "--year", "2020-2018"), "year range '2020-2018' runs backwards"),
    (("run", "--province", "guangdon"), "unknown province 'guangdon' (did you mean guangdong?)"),
    (("forget", "--partition", "yunan|2018"), "unknown province 'yunan' (did you mean yunnan?)"),
    (("run", "--manifest", "no-such.csv"), "manifest no-such.csv does not exist"),
    (("run", "--landing", "no-such-dir"), "landing folder no-such-dir does not exist"),
    (("forget",), "say what to forget"),
])
def test_impossible_requests_exit_2_and_say_why(tmp_path, args, message):
    code, out, err = govlake(*args, lake=tmp_path / "lake", home=tmp_path / "home")
    assert code == codes.USAGE == 2, err
    assert message in err, err
    assert not (tmp_path / "lake" / "marts").exists()


def test_every_option_has_help_and_the_exit_codes_are_in_the_epilog(tmp_path):
    import argparse

    from govlake.cli import build_parser
    from govlake.synth.cli import build_parser as synth_parser

    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    parsers = {name: p for name, p in sub.choices.items() if name != "synth"}
    parsers["synth"] = synth_parser()
    assert set(parsers) == {"demo", "run", "inspect", "synth", "forget", "ui"}
    for name, parser in parsers.items():
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, \
                f"govlake {name} {'/'.join(action.option_strings) or action.dest}: no help"
    for command in ("run", "demo", "inspect", "forget", "ui"):
        code, out, _ = govlake(command, "--help", lake=tmp_path / "lake", home=tmp_path / "h")
        assert code == 0
        assert "exit codes:" in out and "128+n" in out and "nothing could be read" in out
    code, out, _ = govlake("run", "--help", lake=tmp_path / "lake", home=tmp_path / "h")
    for option, words in (("--landing", "folder of saved pages"), ("--year", "2018-2020"),
                          ("--province", "pinyin key"), ("--manifest", "CSV"),
                          ("--quiet", "no progress"), ("--force", "rebuild")):
        assert option in out and words in out, (option, out)


# ---------------------------------------------------------------- nothing could be read

def test_an_empty_lake_builds_nothing_and_names_no_marts(tmp_path):
    lake = tmp_path / "lake"
    code, out, err = govlake("run", lake=lake, home=tmp_path / "home")
    assert code == codes.NOTHING_READ == 3, err
    assert err == ("govlake run: nothing to build: the lake holds no report (give --manifest "
                   "or --landing) (exit 3)\n")
    assert out == "" and not (lake / "marts" / "govlake.duckdb").exists()


def test_a_manifest_without_a_url_column_reads_nothing(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("address,province\nhttp://www.gov.cn/a.html,yunnan\n", encoding="utf-8")
    code, out, err = govlake("run", "--manifest", manifest, lake=tmp_path / "lake",
                             home=tmp_path / "home")
    assert code == codes.NOTHING_READ, err
    assert f"{manifest}:1: header has no 'url' column: ['address', 'province']" in err
    assert "govlake run: nothing could be read: 1 input problem(s), nothing read (exit 3)" in err
    assert "govlake.duckdb" not in out


# ---------------------------------------------------------------- some inputs failed

def test_bad_manifest_lines_and_a_torn_record_are_said_and_the_rest_is_built(tmp_path,
                                                                          httpserver):
    import socket

    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{s.getsockname()[1]}/nb.html"
    httpserver.expect_request("/xxgk/nb.html").respond_with_data(
        HUAXI.read_bytes(), content_type="text/html")
    httpserver.expect_request("/xxgk/nb.htmly").respond_with_data("gone", status=404)
    good = httpserver.url_for("/xxgk/nb.html")
    manifest = tmp_path / "m.csv"
    manifest.write_text("url,province,year\n"
                        f"{good},guizhou,2021\n"
                        "ftp://example.org/a.html,,\n"          # 3: not http(s)
                        ",yunnan,2020\n"                          # 4: no url
                        f"{good}x,guizhou,2021,extra\n"           # 5: too many fields
                        f"{good}y,atlantis,2021\n"                # 6: bad hint (fetched anyway:
                        f"{unreachable},,\n",                     #    a 404); 7: refused conn.
                        encoding="utf-8")
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(WUDING, landing / "wuding.html")
    (landing / "corpus.jsonl").write_text(
        json.dumps({"url": "http://www.wuding.gov.cn/a.html", "html": "<p>x</p>"}) + "\n"
        + '{"url": "http://www.wuding.gov.cn/b.html", "html": "<p>torn\n', encoding="utf-8")
    code, out, err = govlake("run", "--manifest", manifest, "--landing", landing,
                             lake=tmp_path / "lake", home=tmp_path / "home")
    assert code == codes.SOME_FAILED == 1, err
    assert f"{manifest}:3: not an http(s) URL: 'ftp://example.org/a.html'" in err
    assert f"{manifest}:4: no url" in err
    assert f"{manifest}:5: 4 fields but the header has 3" in err
    assert f"{manifest}:6: unknown province 'atlantis'" in err
    assert f"{landing / 'corpus.jsonl'}:2: invalid JSON" in err
    assert f"{good}y: HTTP 404" in err
    # an unreachable URL is named after its retries, not passed over
    line = next(ln for ln in err.splitlines() if ln.startswith(unreachable))
    assert line.endswith("(gave up after 4 tries)"), err
    assert "fetch failed 2" in out
    assert "govlake run: 7 input problem(s) (listed above); the rest was built (exit 1)" in err
    assert "  done in " in out and ("s, but 2 URL(s) could not be fetched and 5 input "
                                   "problem(s) (listed at the end)") in out
    assert "guizhou|2021" in out and "yunnan|2020" in out
    assert f"marts: {tmp_path / 'lake' / 'marts' / 'govlake.duckdb'} (rebuilt)" in out
    assert "checks that failed:" in out and "ERROR reports:reports_complete" in out
    assert "missing_units" in out   # the figures of the failed check


# ---------------------------------------------------------------- synth's truth files

def test_synth_then_run_on_its_folder_adds_only_pages(tmp_path):
    corpus = tmp_path / "corpus"
    code, out, err = govlake("synth", "--out", corpus, "--scale", "small", "--years",
                             "2021-2021", "--seed", "3", lake=tmp_path / "lake",
                             home=tmp_path / "home")
    assert code == 0, err
    truth = [json.loads(ln) for ln in
             (corpus / "_truth" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert not (corpus / "truth.jsonl").exists() and (corpus / "_truth" / "missing.jsonl").exists()
    # the corpus's layout as written, with only its first six pages (the run stays short)
    pages = sorted((corpus / "pages").rglob("*.html"))
    assert len(pages) == len(truth) > 6
    for page in pages[6:]:
        page.unlink()
    code, out, err = govlake("run", "--landing", corpus, "--quiet", lake=tmp_path / "lake",
                             home=tmp_path / "home")
    assert code == codes.OK, err
    rows = catalog_rows(tmp_path / "lake")
    assert len(rows) == 6
    assert {Path(r["source"]).name for r in rows} == {p.name for p in pages[:6]}
    assert not [r for r in rows if r["error"]] and \
        not [r for r in rows if r["province_key"] == "unknown"]
    # truth dropped into a landing folder by hand: refused with file:line, never a report
    stray = tmp_path / "stray"
    stray.mkdir()
    shutil.copy(corpus / "_truth" / "truth.jsonl", stray / "truth.jsonl")
    code, out, err = govlake("run", "--landing", stray, "--quiet", lake=tmp_path / "lake",
                             home=tmp_path / "home")
    assert code == codes.NOTHING_READ, err
    assert f"{stray / 'truth.jsonl'}:1: not a corpus record (keys: " in err
    assert "file refused, not a corpus" in err
    assert len(catalog_rows(tmp_path / "lake")) == 6


# ---------------------------------------------------------------- demo anywhere, forget

def on_a_terminal(*args, lake: Path, home: Path) -> tuple[int, str]:
    """`govlake ARGS` with stdin, stdout and stderr on a pseudo-terminal, as a user sees it."""
    import pty

    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "govlake" / "defs" / "dagster.yaml", home / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if k != "GOVLAKE_EXECUTOR"}
    env.update(GOVLAKE_LAKE=str(lake), DAGSTER_HOME=str(home), PYTHONPATH=str(REPO),
               GOVLAKE_TODAY="2026-06-01", COLUMNS="160", TERM="xterm")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "govlake.cli", *map(str, args)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=home.parent)
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
    screen = b"".join(chunks).decode("utf-8", "replace")
    return proc.wait(timeout=300), re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)  # colours, cursor


@pytest.fixture(scope="module")
def demo_lake(tmp_path_factory):
    """`govlake demo` on a terminal, GOVLAKE_LAKE set to a fresh directory outside the
    checkout."""
    base = tmp_path_factory.mktemp("anywhere")
    lake, home = base / "some" / "lake", base / "home"
    code, screen = on_a_terminal("demo", lake=lake, home=home)
    assert code == codes.OK, screen
    assert "Traceback" not in screen
    return lake, home, screen


def test_demo_draws_progress_bars_on_a_terminal(demo_lake):
    _, _, screen = demo_lake
    assert "inputs read" in screen and "new pages processed" in screen, screen
    for layer in ("raw", "cleaned", "facts"):
        assert f"{layer} partitions" in screen, screen
    # live bars (count/total, rate, elapsed, ETA), each drawn in its last state…
    assert re.search(r"new pages processed  ━+ 5/5 +[\d.]+/s +0:00:\d\d ETA", screen), screen
    assert re.search(r"facts partitions     ━+ 3/3 ", screen), screen   # yunnan 2018-2020
    # …then a line each when their phase ends
    for bar, n in (("new pages processed", 5), ("raw partitions", 3),
                   ("cleaned partitions", 3), ("facts partitions", 3)):
        assert re.search(rf"[\r\n]  {bar:<20} {n} in [\d.]+s, [\d.]+/s[\r\n]", screen), screen


def test_demo_works_for_any_lake_root(demo_lake):
    lake, _, out = demo_lake
    assert not (lake / "samples").exists() or not any((lake / "samples").iterdir())
    assert sorted({(r["province_key"], r["year"]) for r in catalog_rows(lake)}) == [
        ("fujian", 2017), ("guizhou", 2021), ("ningxia", 2020), ("yunnan", 2018),
        ("yunnan", 2020)]
    assert {r["source"] for r in catalog_rows(lake)} == {f"samples/{p.name}" for p in PAGES}
    assert "inputs: 5 read as pages, 5 new source(s); 0 problem(s)" in out
    assert "WARN  cleaned_reports:spam_contamination" in out
    assert f"marts: {lake / 'marts' / 'govlake.duckdb'} (rebuilt)" in out


def test_forget_a_partition_then_a_source_recorded_and_honoured(demo_lake):
    import duckdb

    lake, home, _ = demo_lake
    code, out, err = govlake("forget", "--partition", "yunnan|2018", "--reason", "takedown",
                             "--quiet", lake=lake, home=home)
    assert code == codes.OK, err
    assert "forgot 1 source(s), 1 snapshot(s); partitions changed: yunnan|2018; emptied and " \
           "removed: yunnan|2018" in out
    assert ("yunnan", 2018) not in {(r["province_key"], r["year"]) for r in catalog_rows(lake)}
    assert not (lake / "facts" / "reports" / "province=yunnan" / "year=2018").exists()
    assert not (lake / "raw" / "snapshots" / "province=yunnan" / "year=2018").exists()
    with duckdb.connect(str(lake / "marts" / "govlake.duckdb"), read_only=True) as con:
        assert con.sql("select province_key || '|' || year from mart_province_year "
                       "order by 1").fetchall() == [
            ("fujian|2017",), ("guizhou|2021",), ("ningxia|2020",), ("yunnan|2020",)]
    (record,) = [json.loads(ln) for ln in
                 (lake / "catalog" / "forgotten.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["action"] == "forget" and record["reason"] == "takedown"
    assert record["partitions"] == ["yunnan|2018"] and len(record["sha256s"]) == 1
    sha = record["sha256s"][0]
    assert not (lake / "raw" / "_blobs" / sha[:2] / sha).exists()

    # the sample still offers it: the next demo does not import it again
    code, out, err = govlake("demo", "--quiet", lake=lake, home=home)
    assert code == codes.OK, err
    assert ("yunnan", 2018) not in {(r["province_key"], r["year"]) for r in catalog_rows(lake)}
    assert "1 forgotten (govlake forget) not imported" in out
    code, out, err = govlake("run", "--province", "yunnan", "--year", "2018", lake=lake,
                             home=home)
    assert code == codes.NOTHING_READ
    assert "nothing to build: no partition with reports for this selection (the lake has 4: " \
           "fujian|2017, guizhou|2021, ningxia|2020, yunnan|2020)" in err

    # a source by its sha256; then restored, and imported again
    huaxi = next(r["sha256"] for r in catalog_rows(lake) if r["province_key"] == "guizhou")
    code, out, err = govlake("forget", "--sha256", huaxi, "--no-rebuild", lake=lake, home=home)
    assert code == codes.OK and "emptied and removed: guizhou|2021" in out, out + err
    code, out, err = govlake("forget", "--restore", "--sha256", huaxi, "--sha256", sha,
                             lake=lake, home=home)
    assert code == codes.OK and "restored 2 sha256(s)" in out, out + err
    code, out, err = govlake("demo", "--quiet", lake=lake, home=home)
    assert code == codes.OK, err
    assert {("guizhou", 2021), ("yunnan", 2018)} <= {(r["province_key"], r["year"])
                                                      for r in catalog_rows(lake)}
    code, out, err = govlake("forget", "--url", "http://nowhere.example/x.html", lake=lake,
                             home=home)
    assert code == codes.NOTHING_READ
    assert "http://nowhere.example/x.html: not in the catalog" in err
