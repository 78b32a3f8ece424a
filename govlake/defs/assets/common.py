"""Small helpers the asset modules share: ownership, tags, markdown previews."""

import dagster as dg

OWNERS = ["team:govlake-data"]


def md_table(rows: list[dict], columns: list[str], limit: int = 20) -> str:
    """A markdown preview of the first rows, for the asset's materialization metadata."""
    if not rows:
        return "_(no rows)_"
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join(_cell(r.get(c)) for c in columns) + " |\n" for r in rows[:limit]
    )
    more = f"\n… {len(rows) - limit} more rows" if len(rows) > limit else ""
    return head + body + more


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")[:80]


def column_schema(arrow_schema) -> dg.TableSchema:
    """The UI's column schema of a table, from its Arrow schema (govlake.tables)."""
    return dg.TableSchema(columns=[dg.TableColumn(f.name, type=str(f.type))
                                   for f in arrow_schema])


# ------------------------------------------------------------ one range run, per partition
#
# A single-run range (BackfillPolicy.single_run) is one step over many partitions. Dagster
# records one materialization per partition of the range; what each one carries is the
# metadata of the MaterializeResult (shared by all) plus what `add_asset_metadata(...,
# partition_key=...)` gave that partition. The assets therefore put nothing range-wide in
# their MaterializeResult but the range itself, and every figure per partition. Checks are
# partitioned too (AssetCheckSpec(partitions_def=...)): one AssetCheckEvaluation per
# partition, yielded after the materializations so each points at its own partition's.

NO_DATA = "no data: nothing was routed to this partition; its files are empty"


def partition_label(key) -> str:
    """"province|year" of a MultiPartitionKey (as the UI writes it)."""
    return str(key)


def range_metadata(context: dg.AssetExecutionContext) -> dict:
    """What every partition of a range run may truthfully carry: which run range built it."""
    keys = list(context.partition_keys)
    return {"run_range": dg.MetadataValue.text(
        f"{keys[0]} … {keys[-1]} ({len(keys)} partitions, one run)" if len(keys) > 1
        else f"{keys[0]} (one partition)")}


def partition_metadata(context: dg.AssetExecutionContext, asset_key: str, key,
                       metadata: dict) -> None:
    """Attach ``metadata`` to ``asset_key``'s materialization of partition ``key`` only
    (a "no data" status first, where the UI shows it at a glance)."""
    if "status" in metadata:
        metadata = {"status": metadata["status"], **metadata}
    context.add_asset_metadata(metadata, asset_key=dg.AssetKey(asset_key), partition_key=key)


_TARGETS: dict[tuple, dict] = {}   # (run id, asset key) → partition → its materialization


def _target_data(rec):
    from dagster._core.definitions.asset_checks.asset_check_evaluation import (
        AssetCheckEvaluationTargetMaterializationData,
    )

    return AssetCheckEvaluationTargetMaterializationData(
        run_id=rec.event_log_entry.run_id, storage_id=rec.storage_id, timestamp=rec.timestamp)


def _target(context: dg.AssetExecutionContext, asset_key: dg.AssetKey, key):
    """The materialization of ``key`` the check evaluates (this run's, already stored).

    The newest materializations of every partition of the run are read in one query the
    first time an asset's check asks (one query per partition cost ~2 ms each, 500 of them
    in a national run); a partition not among them is looked up by itself."""
    cache_key = (context.run_id, asset_key)
    found = _TARGETS.get(cache_key)
    if found is None:
        _TARGETS.clear()   # one asset of one run at a time is all a step needs
        keys = [str(k) for k in context.partition_keys]
        records = context.instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=asset_key, asset_partitions=keys),
            limit=len(keys)).records
        found = _TARGETS[cache_key] = {}
        for rec in records:   # newest first
            partition = rec.event_log_entry.dagster_event.partition
            found.setdefault(partition, _target_data(rec))
    if str(key) in found:
        return found[str(key)]
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=asset_key, asset_partitions=[str(key)]), limit=1).records
    return _target_data(records[0]) if records else None


def check_selected(context: dg.AssetExecutionContext, asset_key: str, check_name: str) -> bool:
    return dg.AssetCheckKey(dg.AssetKey(asset_key), check_name) in \
        context.selected_asset_check_keys


def partition_check(context: dg.AssetExecutionContext, asset_key: str, check_name: str, key,
                    *, passed: bool, severity: dg.AssetCheckSeverity, metadata: dict,
                    description: str | None = None) -> dg.AssetCheckEvaluation:
    """One partition's result of a partitioned check, with its severity and figures."""
    akey = dg.AssetKey(asset_key)
    return dg.AssetCheckEvaluation(
        asset_key=akey, check_name=check_name, passed=passed, severity=severity,
        metadata={"partition": dg.MetadataValue.text(partition_label(key)),
                  "severity": dg.MetadataValue.text(severity.value), **metadata},
        description=description, blocking=False, partition=str(key),
        target_materialization_data=_target(context, akey, key))


def check_done(context: dg.AssetExecutionContext, asset_key: str, check_name: str) -> dg.Output:
    """The check's step output: its per-partition evaluations were yielded above."""
    name = context.assets_def.get_output_name_for_asset_check_key(
        dg.AssetCheckKey(dg.AssetKey(asset_key), check_name))
    return dg.Output(None, output_name=name)


def partition_check_spec(name: str, asset: str, description: str,
                         partitions_def) -> dg.AssetCheckSpec:
    """A check evaluated per partition of ``asset`` (Dagster's partitioned asset checks)."""
    import warnings

    with warnings.catch_warnings():  # partitions_def on a check spec is a preview in 1.13
        warnings.simplefilter("ignore")
        return dg.AssetCheckSpec(name, asset=asset, description=description,
                                 partitions_def=partitions_def)
