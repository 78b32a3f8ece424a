"""One Dagster method replaced, only where the replacement is known to be safe.

Why: two Dagster internals cost a national run minutes (defs/eventlog.py: an engine per
event-log statement; defs/partitionkeys.py: a range's keys listed on every metadata call).
Each replacement goes in only on the Dagster release it was written against and while the
stock method's source reads as expected (sha256 of it, whitespace squeezed); anywhere else
the stock method stays: slower, never wrong. Its environment variable set to 0 keeps the
stock method too.
"""

from __future__ import annotations

import hashlib
import inspect
import os


def squeezed_sha(source: str) -> str:
    return hashlib.sha256("".join(source.split()).encode("utf-8")).hexdigest()


def install(owner: type, name: str, replacement, *, version: str, source_sha: str, env: str,
            installed: dict) -> bool:
    """Put ``replacement`` on ``owner.name`` where safe; keep the stock method in
    ``installed``. Idempotent; returns whether the replacement is in place."""
    import dagster

    if os.environ.get(env, "1").strip() == "0":
        return False
    if getattr(owner, name) is replacement:
        return True
    if dagster.__version__ != version:
        return False
    try:
        source = inspect.getsource(getattr(owner, name))
    except (OSError, TypeError):
        return False
    if squeezed_sha(source) != source_sha:
        return False
    installed["stock"] = getattr(owner, name)
    setattr(owner, name, replacement)
    return True


def uninstall(owner: type, name: str, installed: dict) -> None:
    """Put the stock method back (tests)."""
    stock = installed.pop("stock", None)
    if stock is not None:
        setattr(owner, name, stock)
