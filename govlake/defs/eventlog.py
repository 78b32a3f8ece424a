"""Dagster's SQLite event log, with its connections kept instead of rebuilt per write.

Why: a national range run records ~3,000 events (a materialization of each asset of each
partition, each check's result, the planned events Dagster writes before the run starts).
The stock ``SqliteEventLogStorage._connect`` builds a new SQLAlchemy engine for every
statement, opens a new SQLite connection, and disposes of both afterwards; closing the
last connection of a WAL database also checkpoints it. With three or four connections
per event that came to ~14 ms an event, about 35 s of a 200 s national backfill
(benchmarks/bench_backfill.py, profiled). Kept engines bring it to ~5 ms, and commits that
do not wait for the disk (synchronous=NORMAL, see _pragmas) a little under that.
``has_table``, asked before each materialization's tags are stored, built an engine of
its own too; it now asks the index file's kept engine.

What is kept: one engine per (process, database file), at most ``MAX_ENGINES`` run
shards besides the index shard (least recently used disposed); an engine whose file was
deleted or replaced is dropped. Each statement still runs
in its own transaction under the storage's lock, exactly as before, so other processes
(the UI, the daemon, a second run) see the same SQLite files and locking. A forked child
never reuses its parent's connections (the process id is part of the key).

The override replaces ``_connect`` only on the Dagster release it was written against
(``DAGSTER_VERSION``) and only while the stock method reads as expected
(``_STOCK_SOURCE_SHA``); on anything else the stock method stays: slower, never wrong.
``GOVLAKE_SQLITE_KEEP_CONNECTIONS=0`` keeps the stock method too.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager

from govlake.defs import guarded

DAGSTER_VERSION = "1.13.27"
ENV = "GOVLAKE_SQLITE_KEEP_CONNECTIONS"
MAX_ENGINES = 8
# sha256 of the stock SqliteEventLogStorage._connect source, whitespace squeezed
_STOCK_SOURCE_SHA = "c3c01af743f9d00071560a19c11cb60cd2340dbb5a807c7e71a11375ab80debb"

# ... and of the stock SqliteEventLogStorage.has_table
_STOCK_HAS_TABLE_SHA = "ec81c48d2f0395ee98170fb63848ab29a0b8f6eb45bb6112e8b03f595a32f946"

_engines: OrderedDict = OrderedDict()
_engines_lock = threading.Lock()
_installed: dict[str, object] = {}
_installed_has_table: dict[str, object] = {}


def _db_file(url: str) -> str | None:
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None


def _inode(path: str | None) -> int | None:
    try:
        return os.stat(path).st_ino if path else None
    except OSError:
        return None


def _engine(storage, shard: str):
    """The kept engine of ``shard``'s database file for this process (made on first use).

    Keyed by the file's URL, not by the storage object (two instances on one directory
    share it; a new directory never meets an old engine), and dropped when the file is no
    longer the one it was opened on (deleted, or replaced by another at the same path)."""
    import sqlalchemy as db
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
        SQLITE_BUSY_TIMEOUT_SECONDS,
    )

    url = storage.conn_string_for_shard(shard)
    key = (os.getpid(), url)
    inode = _inode(_db_file(url))
    with _engines_lock:
        kept = _engines.get(key)
        if kept is not None and kept[1] == inode and inode is not None:
            _engines.move_to_end(key)
            engine = kept[0]
        else:
            if kept is not None:
                _engines.pop(key)[0].dispose()
            engine = None
    if engine is None:
        engine = db.create_engine(
            url,
            # one connection is enough (the storage's lock serializes statements); a few
            # more only if a caller nests connections
            pool_size=1, max_overflow=4,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        db.event.listen(engine, "connect", _pragmas)
        storage._initdb(engine)             # creates the file and its tables if need be
        storage._initialized_dbs.add(shard)
        with _engines_lock:
            _engines[key] = (engine, _inode(_db_file(url)))
            runs = [k for k in _engines if k[0] == key[0] and not k[1].endswith("/index.db")]
            for k in runs[:max(0, len(runs) - MAX_ENGINES)]:   # least recently used first
                _engines.pop(k)[0].dispose()
    elif shard not in storage._initialized_dbs:   # another storage object made the engine
        storage._initdb(engine)
        storage._initialized_dbs.add(shard)
    return engine


def _pragmas(dbapi_connection, _record) -> None:
    """WAL (set by Dagster on the file) with synchronous=NORMAL: a commit no longer waits for
    the disk; a crashed or killed process still leaves a consistent database (SQLite's WAL
    guarantee), only a power cut may lose the last events."""
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


@contextmanager
def _connect(self, shard: str):
    """SqliteEventLogStorage._connect, on a kept engine (see the module docstring)."""
    with self._db_lock:
        engine = _engine(self, shard)
        with engine.connect() as conn:
            with conn.begin():
                yield conn


def _has_table(self, table_name: str) -> bool:
    """SqliteEventLogStorage.has_table on the index file's kept engine.

    The stock method builds an engine for each call, and Dagster asks before storing each
    materialization's tags: ~1 ms an event. Not under the storage's lock (Dagster asks
    while it holds it, inside a write); the kept engine lends a second connection."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME

    engine = _engine(self, INDEX_SHARD_NAME)
    with engine.connect() as conn:
        return bool(engine.dialect.has_table(conn, table_name))


def install() -> bool:
    """Put the kept-connection ``_connect`` and ``has_table`` on Dagster's SQLite event log,
    where it is safe (see the module docstring). Idempotent; returns whether ``_connect`` is
    in place (``has_table`` follows it, under its own guard)."""
    try:
        from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
            SqliteEventLogStorage,
        )
    except ImportError:
        return False
    if not guarded.install(SqliteEventLogStorage, "_connect", _connect, version=DAGSTER_VERSION,
                           source_sha=_STOCK_SOURCE_SHA, env=ENV, installed=_installed):
        return False
    guarded.install(SqliteEventLogStorage, "has_table", _has_table, version=DAGSTER_VERSION,
                    source_sha=_STOCK_HAS_TABLE_SHA, env=ENV, installed=_installed_has_table)
    return True


def uninstall() -> None:
    """Put the stock methods back (tests)."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    guarded.uninstall(SqliteEventLogStorage, "has_table", _installed_has_table)
    guarded.uninstall(SqliteEventLogStorage, "_connect", _installed)
