"""The keys of a province × year range, computed once per range instead of per call.

Why: a range run gives each partition its own figures with
``context.add_asset_metadata(..., partition_key=key)``, and Dagster checks every such
call by listing the run's whole range again (``MultiPartitionsDefinition.
get_partition_keys_in_range``: a MultiPartitionKey built for every province × year).
Eight calls a partition (raw, cleaned, six fact tables) times the keys of the range make
the cost grow with the square of the range: 1.1 ms a call on the benchmark's 155
partitions (2019–2023), 7.3 ms on all 594 of 2008–2025, 35 s for a national run of
every year (measured on this machine; a kept range costs 0.01 ms).

The keys between two keys of static and yearly dimensions never change, so the list is
kept per (definition, start, end), at most ``MAX_RANGES`` of them, and handed out as a
copy. Ranges of definitions with any other dimension (dynamic partitions, whose keys an
instance adds and deletes) go to the stock method every time.

Installed only on the Dagster release it was written against (``DAGSTER_VERSION``) and
while the stock method reads as expected (``_STOCK_SOURCE_SHA``); otherwise the stock
method stays. ``GOVLAKE_CACHE_PARTITION_RANGES=0`` keeps the stock method too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from govlake.defs import guarded

DAGSTER_VERSION = "1.13.27"
ENV = "GOVLAKE_CACHE_PARTITION_RANGES"
MAX_RANGES = 64
# sha256 of the stock MultiPartitionsDefinition.get_partition_keys_in_range, whitespace squeezed
_STOCK_SOURCE_SHA = "c2139b6f7df82cea0cd0b0f8d1e93ec62384546c76947768a3f296c2c0039100"

_ranges: OrderedDict = OrderedDict()
_lock = threading.Lock()
_installed: dict[str, object] = {}


def _fixed_keys(partitions_def) -> bool:
    """True when every dimension is static or a time window: keys that no instance edits."""
    import dagster as dg

    return all(isinstance(d.partitions_def, (dg.StaticPartitionsDefinition,
                                             dg.TimeWindowPartitionsDefinition))
               for d in partitions_def.partitions_defs)


def _keys_in_range(self, partition_key_range, dynamic_partitions_store=None):
    stock = _installed["stock"]
    if not _fixed_keys(self):
        return stock(self, partition_key_range, dynamic_partitions_store)
    key = (id(self), partition_key_range.start, partition_key_range.end)
    with _lock:
        kept = _ranges.get(key)
        if kept is not None and kept[0] is self:
            _ranges.move_to_end(key)
            return list(kept[1])
    keys = stock(self, partition_key_range, dynamic_partitions_store)
    with _lock:
        _ranges[key] = (self, tuple(keys))   # (self, …): an id is never reused while kept
        while len(_ranges) > MAX_RANGES:
            _ranges.popitem(last=False)
    return list(keys)


def install() -> bool:
    """Put the range cache on MultiPartitionsDefinition where it is safe (see the module
    docstring). Idempotent; returns whether it is in place."""
    try:
        from dagster._core.definitions.partitions.definition.multi import (
            MultiPartitionsDefinition,
        )
    except ImportError:
        return False
    return guarded.install(MultiPartitionsDefinition, "get_partition_keys_in_range",
                           _keys_in_range, version=DAGSTER_VERSION,
                           source_sha=_STOCK_SOURCE_SHA, env=ENV, installed=_installed)


def uninstall() -> None:
    """Put the stock method back (tests)."""
    from dagster._core.definitions.partitions.definition.multi import MultiPartitionsDefinition

    guarded.uninstall(MultiPartitionsDefinition, "get_partition_keys_in_range", _installed)
    with _lock:
        _ranges.clear()
