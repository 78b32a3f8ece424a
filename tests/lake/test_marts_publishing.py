"""BI-safe publishing: readers never meet a lock, a half-built table or a mix of snapshots.

A separate reader process connects read-only in a loop (as a BI tool that reconnects
at any moment) while this process rebuilds the marts several times from two different
fact sets. Every snapshot the reader sees must be internally consistent and be one of
the builds that were published. Then a SQLAlchemy engine through duckdb_engine (how
Superset connects) reflects and reads the marts.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import duckdb

from govlake.lake import Lake
from govlake.marts import MARTS, build_marts

READER = textwrap.dedent(r'''
    import json, sys, time
    from pathlib import Path
    import duckdb

    db, stop, ready, out, limit = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    seen, errors, inconsistent, reads = {}, [], [], 0
    t_end = time.monotonic() + limit
    hold = None   # every 7th round keeps a connection open across rebuilds
    while time.monotonic() < t_end and not stop.exists():
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                (build_id,) = con.execute("SELECT build_id FROM internal._build").fetchone()
                counts = dict(con.execute(
                    "SELECT table_name, row_count FROM internal._build_tables WHERE build_id = ?",
                    [build_id]).fetchall())
                for table, n in counts.items():
                    got = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    if got != n:
                        inconsistent.append(f"{build_id}: {table} has {got} rows, stamp says {n}")
                reports, py = con.execute(
                    "SELECT count(*), (SELECT coalesce(sum(reports), 0) FROM mart_province_year) "
                    "FROM reports WHERE duplicate_of IS NULL").fetchone()
                units = con.execute(
                    "SELECT count(*) FROM mart_unit_year WHERE duplicate_of IS NULL").fetchone()[0]
                if not (reports == py == units):
                    inconsistent.append(f"{build_id}: reports {reports}, province_year {py}, "
                                        f"unit_year {units}")
                apps = con.execute("SELECT coalesce(sum(applications), 0) FROM mart_application_outcomes "
                                   "WHERE applicant = 'total' AND outcome_group = 'granted'").fetchone()[0]
                granted = con.execute("SELECT coalesce(sum(applications_granted), 0) "
                                      "FROM mart_province_year").fetchone()[0]
                if abs(apps - granted) > 1e-9:
                    inconsistent.append(f"{build_id}: outcomes granted {apps} != {granted}")
                seen.setdefault(build_id, reports)
                if seen[build_id] != reports:
                    inconsistent.append(f"{build_id}: seen with {seen[build_id]} and {reports} reports")
            finally:
                if reads % 7 == 0 and hold is None:
                    hold = (con, build_id)
                else:
                    con.close()
            if hold is not None and reads % 7 == 6:
                c, bid = hold
                again = c.execute("SELECT build_id FROM internal._build").fetchone()[0]
                if again != bid:
                    inconsistent.append(f"held connection moved from {bid} to {again}")
                c.close()
                hold = None
            reads += 1
        except Exception as exc:  # noqa: BLE001 - every error is a failure to report
            errors.append(f"{type(exc).__name__}: {exc}")
        if reads == 1:
            ready.touch()
    if hold is not None:
        hold[0].close()
    Path(out).write_text(json.dumps({"seen": seen, "errors": errors[:20], "n_errors": len(errors),
                                     "inconsistent": inconsistent[:20], "reads": reads}))
''')


def _lake_with(src: Lake, root: Path, partitions: set[str] | None) -> Lake:
    """A lake whose facts (files and pointers) are `src`'s, restricted to some partitions."""
    for f in (p for p in Path(src.layer("facts")).rglob("*") if p.is_file()):
        rel = f.relative_to(src.layer("facts"))
        part = f"{rel.parts[1].split('=')[1]}|{rel.parts[2].split('=')[1]}"
        if partitions is None or part in partitions:
            dest = root / "facts" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest)
    return Lake.at(root)


def test_reader_during_rebuilds_sees_no_error_and_only_whole_snapshots(sample_lake, tmp_path):
    src, _ = sample_lake
    full = _lake_with(src, tmp_path / "a", None)
    part = _lake_with(src, tmp_path / "b", {"yunnan|2018", "guizhou|2021"})
    # both lakes publish to the same marts file
    (tmp_path / "b" / "marts").symlink_to(tmp_path / "a" / "marts", target_is_directory=True)
    assert part.marts_db.resolve() == full.marts_db.resolve()

    expected = {}
    first = build_marts(full)
    expected[first["build_id"]] = first["reports"]

    script = tmp_path / "reader.py"
    script.write_text(READER)
    stop, ready, out = tmp_path / "stop", tmp_path / "ready", tmp_path / "reader.json"
    reader = subprocess.Popen([sys.executable, str(script), str(full.marts_db), str(stop),
                               str(ready), str(out), "180"], cwd=tmp_path)
    try:
        t0 = time.monotonic()
        while not ready.exists():
            assert reader.poll() is None, "reader process died"
            assert time.monotonic() - t0 < 60, "reader did not start"
            time.sleep(0.05)
        for i in range(8):
            lake = part if i % 2 == 0 else full
            counts = build_marts(lake)
            expected[counts["build_id"]] = counts["reports"]
            time.sleep(0.2)
        stop.touch()
        assert reader.wait(timeout=60) == 0
    finally:
        if reader.poll() is None:
            reader.kill()
    result = json.loads(out.read_text())
    assert result["n_errors"] == 0, result["errors"]
    assert result["inconsistent"] == [], result["inconsistent"]
    assert result["reads"] > 20, result
    # every snapshot read is a published build, with that build's content
    for build_id, reports in result["seen"].items():
        assert expected.get(build_id) == reports, (build_id, reports, expected)
    assert len(result["seen"]) >= 3, "the reader should have seen several rebuilds"
    assert set(expected.values()) == {5, 2}
    # nothing left behind by the builds
    leftovers = [p.name for p in full.marts_db.parent.iterdir() if p.name != "govlake.duckdb"]
    assert leftovers == []


def test_rebuild_publishes_by_rename_never_in_place(sample_lake, tmp_path):
    src, _ = sample_lake
    lake = _lake_with(src, tmp_path / "lake", None)
    build_marts(lake)
    before = os.stat(lake.marts_db).st_ino
    held = duckdb.connect(str(lake.marts_db), read_only=True)  # a BI tool holding a connection
    try:
        old_id = held.execute("SELECT build_id FROM internal._build").fetchone()[0]
        new = build_marts(lake)  # no lock error although a reader holds the file
        assert os.stat(lake.marts_db).st_ino != before
        assert held.execute("SELECT build_id FROM internal._build").fetchone()[0] == old_id
    finally:
        held.close()
    fresh = duckdb.connect(str(lake.marts_db), read_only=True)
    try:
        assert fresh.execute("SELECT build_id FROM internal._build").fetchone()[0] == new["build_id"]
    finally:
        fresh.close()


def test_marts_and_facts_are_queryable_from_any_working_directory(sample_lake, tmp_path):
    lake, _ = sample_lake
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM "
            "applications), (SELECT count(*) FROM mart_application_outcomes), "
            "(SELECT count(*) FROM review_litigation), (SELECT count(*) FROM quality_checks), "
            "(SELECT count(*) FROM active_disclosure)').fetchone())")
    out = subprocess.run([sys.executable, "-c", code, str(lake.marts_db)], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    counts = eval(out)  # a printed tuple of ints
    assert counts[0] == 5 and all(n > 0 for n in counts), counts


def test_duckdb_engine_sqlalchemy_reads_the_marts(sample_lake):
    """The way Superset connects: duckdb:///path, read-only, reflection then SELECT."""
    import duckdb_engine  # noqa: F401 - the dialect Superset uses; a missing package is a failure
    import sqlalchemy as sa

    lake, _ = sample_lake
    engine = sa.create_engine(f"duckdb:///{lake.marts_db}", connect_args={"read_only": True})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "doesn't yet support reflection on indices"
            insp = sa.inspect(engine)
            tables = set(insp.get_table_names())
            assert set(MARTS) | {"reports", "applications", "review_litigation",
                                 "active_disclosure", "quality_checks"} <= tables
            cols = {c["name"]: c for c in insp.get_columns("mart_province_year")}
            assert {"province_key", "year", "reports", "disclosure_rate"} <= cols.keys()
            assert cols["disclosure_rate"]["comment"], "column descriptions reach the BI tool"
            assert insp.get_table_comment("mart_application_outcomes")["text"]
            outcomes = sa.Table("mart_application_outcomes", sa.MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT province_key, year, reports FROM mart_province_year "
                "ORDER BY province_key, year")).fetchall()
            assert [(r[0], r[1]) for r in rows] == [
                ("fujian", 2017), ("guizhou", 2021), ("ningxia", 2020), ("yunnan", 2018),
                ("yunnan", 2020)]
            q = (sa.select(outcomes.c.outcome_group, sa.func.sum(outcomes.c.applications))
                 .where(outcomes.c.applicant == "total", outcomes.c.province_key == "guizhou")
                 .group_by(outcomes.c.outcome_group))
            by_group = dict(conn.execute(q).fetchall())
            assert by_group["granted"] == 16
    finally:
        engine.dispose()
