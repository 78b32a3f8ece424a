"""Materialize the lake through Dagster from the command line (`govlake run` / `demo`).

The runs use the same definitions the UI loads and the lake's own persistent instance
(<lake>/.dagster, or $DAGSTER_HOME when set: govlake.defs.instance), so every run shows
up in the UI started on that lake. The
catalog runs once; then each province's selected years run as one single-run
range backfill.

Crash safety (govlake.defs.recovery): before anything else, runs whose process is gone
are marked failed, their pool slots freed and the lake's orphaned temp files removed;
every run is tagged with this process (pid, host), waits for pool slots without spinning
and for at most GOVLAKE_POOL_WAIT_TIMEOUT, and a SIGINT/SIGTERM stops the command
(RunInterrupted) instead of going on to the next run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from govlake import catalog
from govlake.defs import defs, executors, recovery
from govlake.defs import instance as instance_mod
from govlake.defs.jobs import ingest_job, marts_job, partitions_job
from govlake.defs.partitions import plan_runs, run_tags
from govlake.defs.resources import ClockResource, LakeResource
from govlake.lake import Lake

# Dagster's console says nothing (its failure events carry stack traces): the runner prints
# one line per failed run instead (_why_failed). GOVLAKE_DEBUG=1 shows Dagster's errors.
QUIET = {"loggers": {"console": {"config": {
    "log_level": "ERROR" if os.environ.get("GOVLAKE_DEBUG") else "CRITICAL"}}}}


@dataclass
class RunSummary:
    partitions: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, int]] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    failed_runs: list[str] = field(default_factory=list)
    # what the command line reports (govlake/cli/report.py)
    catalog: dict = field(default_factory=dict)        # the catalog run's counts (metadata)
    input_problems: list[str] = field(default_factory=list)  # "file:line: reason", this run's
    checks: list[dict] = field(default_factory=list)   # every check that failed, with figures
    marts_built: bool = False


def _figures(metadata: dict) -> dict:
    """The numbers (and short texts) of a check's metadata: what the summary shows."""
    out = {}
    for key, value in metadata.items():
        raw = getattr(value, "value", value)
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            continue
        if isinstance(raw, str) and (len(raw) > 40 or "\n" in raw):
            continue
        out[key] = raw
    return out


def _catalog_counts(res) -> dict:
    for mat in res.asset_materializations_for_node("source_catalog"):
        return {k: getattr(v, "value", v) for k, v in mat.metadata.items()
                if isinstance(getattr(v, "value", None), (int, float))}
    return {}


def _input_problems(lake: Lake, run_id: str) -> list[str]:
    """This run's input problems from the fetch log, each as ``file:line: reason`` (a URL
    that could not be fetched as ``url: reason``)."""
    out = []
    for r in catalog.read_fetch_log(lake, run_id):
        if r["event"] in ("manifest_problem", "landing_problem") and r["error"]:
            out.append(r["error"])
        elif r["event"] == "fetch" and not r["ok"]:
            tries = (f" (after {r['attempts']} attempts)" if (r["attempts"] or 0) > 1
                     and "gave up after" not in (r["error"] or "") else "")
            out.append(f"{r['url']}: {r['error'] or 'HTTP ' + str(r['status'])}{tries}")
    return out


def _instance(lake: Lake) -> dg.DagsterInstance:
    """The lake's own instance (govlake.defs.instance), unless $DAGSTER_HOME names one."""
    return instance_mod.lake_instance(lake)


def _partitioned_keys() -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    return [k for k in graph.get_all_asset_keys()
            if graph.get(k).is_materializable and graph.get(k).partitions_def is not None]


def _mart_keys() -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    return [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "marts"]


def _why_failed(instance: dg.DagsterInstance, run_id: str) -> str:
    """One line on why a run failed: its first failed step's error, else the run's."""
    kinds = {dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE}
    for entry in instance.all_logs(run_id, of_type=kinds):
        event = entry.dagster_event
        data = event.event_specific_data if event else None
        error = getattr(data, "error", None) or getattr(data, "error_info", None)
        if error is None:
            continue
        while error.cause is not None:  # the user's exception, not Dagster's wrapper
            error = error.cause
        where = f"step {event.step_key}: " if event.step_key else ""
        return where + (error.message.strip().splitlines() or [error.cls_name or "error"])[0]
    return "see the run in the UI"


FIGURES = ("contaminated", "reports", "failed", "partial", "missing_units", "expected_units",
           "reports_failing", "checks")


def failed_check_line(ev, label: str) -> str:
    """``asset:check partition SEVERITY (figures)``: one failed check of one partition (the
    checks are evaluated per partition; ``label`` is the run's range for an unpartitioned
    one)."""
    figures = ", ".join(f"{k} {ev.metadata[k].value}" for k in FIGURES if k in ev.metadata)
    where = ev.partition or label
    return (f"{ev.asset_key.to_user_string()}:{ev.check_name} {where} {ev.severity.value}"
            + (f" ({figures})" if figures else ""))


def run_lake(lake: Lake, *, include_samples: bool = False, landing: Path | None = None,
             manifests: list[Path] | None = None,
             provinces: list[str] | None = None, years: list[int] | None = None,
             progress: Callable[[str], None] = print,
             instance: dg.DagsterInstance | None = None,
             today: str | None = None, force: bool = False,
             executor: str | None = None, refresh_marts: bool = False) -> RunSummary:
    """Catalog new sources, then build every layer for the selected partitions.

    Partitions whose snapshots and pipeline version are unchanged are skipped
    (``force`` rebuilds them anyway); the marts are rebuilt when anything changed, or
    with ``refresh_marts`` (after `govlake forget` emptied a partition).
    """
    lake.ensure()
    instance = instance or _instance(lake)
    recovery.install_claim_guard(progress)
    recovery.recover(lake, instance, progress)
    cli_tags = {"govlake/trigger": "cli", **recovery.process_tags()}
    resources = {"lake": LakeResource(root=str(lake.root)), "clock": ClockResource(today=today)}
    # in process unless asked: each step of a command-line run already uses every core
    executor = executors.executor_name(executor or os.environ.get(executors.ENV_EXECUTOR)
                                       or "in_process")
    summary = RunSummary()

    t0 = time.monotonic()
    progress("▸ cataloguing sources" + (" (bundled sample)" if include_samples else ""))
    res = executors.materialize(
        [dg.AssetKey("source_catalog")], executor=executor, instance=instance,
        resources=resources, raise_on_error=False,
        run_config={**QUIET, "ops": {"source_catalog": {"config": {
            "include_samples": include_samples,
            "landing_dir": str(landing) if landing else None,
            "manifests": [str(m) for m in manifests or []]}}}},
        tags=cli_tags, job=ingest_job.name,
    )
    summary.runs.append(res.run_id)
    error = recovery.after_run(instance, res.run_id, res.success)
    if not res.success:
        error = error or _why_failed(instance, res.run_id)
        summary.failed_runs.append(f"catalog run {res.run_id}: {error}")
        progress(f"  FAILED: {error}")
        return summary
    summary.catalog = _catalog_counts(res)
    summary.input_problems = _input_problems(lake, res.run_id)
    unread = sum(not p.startswith(("http://", "https://")) for p in summary.input_problems)
    unfetched = len(summary.input_problems) - unread
    progress(f"  done in {time.monotonic() - t0:.1f}s"
             + (f", but {unfetched} URL(s) could not be fetched" if unfetched else "")
             + (f"{' and' if unfetched else ', but'} {unread} input problem(s)" if unread else "")
             + (" (listed at the end)" if summary.input_problems else ""))

    parts = catalog.partitions_with_data(lake)
    if provinces:
        parts = [p for p in parts if p[0] in provinces]
    if years:
        parts = [p for p in parts if p[1] in years]
    summary.partitions = parts
    todo = parts if force else [p for p in parts if not catalog.partition_is_current(lake, *p)]
    summary.skipped = [p for p in parts if p not in todo]
    if summary.skipped:
        progress(f"▸ {len(summary.skipped)} partition(s) unchanged since their last build: skipped"
                 " (use --force to rebuild)")
    rebuild_marts = bool(todo) or refresh_marts or (bool(parts) and not lake.marts_db.exists())
    if not parts:
        progress("▸ no partitions with data for this selection")
    blocks = plan_runs(todo)
    for i, (provinces, lo, hi) in enumerate(blocks, 1):
        first, last = provinces[0], provinces[-1]
        label = (first if first == last else f"{first}…{last}") + f" {lo}-{hi}"
        t1 = time.monotonic()
        progress(f"▸ [{i}/{len(blocks)}] {label}"
                 + (f" ({len(provinces)} provinces)" if len(provinces) > 1 else "")
                 + " : raw → cleaned → facts")
        res = executors.materialize(
            _partitioned_keys(), executor=executor, instance=instance,
            resources=resources, raise_on_error=False, run_config=QUIET,
            tags={**run_tags(provinces, lo, hi), **cli_tags}, job=partitions_job.name,
        )
        summary.runs.append(res.run_id)
        error = recovery.after_run(instance, res.run_id, res.success)
        if not res.success:
            error = error or _why_failed(instance, res.run_id)
            summary.failed_runs.append(f"{label} (run {res.run_id}): {error}")
            progress(f"  FAILED: {error}")
            continue
        for ev in res.get_asset_check_evaluations():
            if not ev.passed:
                summary.failed_checks.append(failed_check_line(ev, label))
                summary.checks.append({
                    "check": f"{ev.asset_key.to_user_string()}:{ev.check_name}",
                    "severity": getattr(ev.severity, "value", str(ev.severity)),
                    "partition": getattr(ev, "partition", None) or label,
                    "figures": _figures(ev.metadata or {})})
        progress(f"  done in {time.monotonic() - t1:.1f}s")
    if rebuild_marts and not summary.failed_runs:
        t2 = time.monotonic()
        progress(f"▸ marts: rebuilding {lake.marts_db}")
        res = executors.materialize(_mart_keys(), executor=executor, instance=instance,
                                    resources=resources, raise_on_error=False,
                                    run_config=QUIET, tags=cli_tags, job=marts_job.name)
        summary.runs.append(res.run_id)
        error = recovery.after_run(instance, res.run_id, res.success)
        if not res.success:
            error = error or _why_failed(instance, res.run_id)
            summary.failed_runs.append(f"marts (run {res.run_id}): {error}")
            progress(f"  FAILED: {error}")
        else:
            summary.marts_built = True
            progress(f"  done in {time.monotonic() - t2:.1f}s")
    return summary
