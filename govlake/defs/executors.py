"""Which Dagster executor runs the steps: the one place that decides.

The assets keep no state between steps (everything lives in the lake), so the
same job runs under any executor; only where the steps execute changes.

- ``multiprocess`` (default): each step in its own process on this machine.
- ``in_process``: every step in the run's own process (debugging, profiling).
- ``dask`` (dagster-dask): each step is a task on a dask.distributed cluster: a
  ``LocalCluster`` started for the run, or an existing scheduler when
  ``GOVLAKE_DASK_SCHEDULER`` (e.g. ``tcp://host:8786``) is set.

Selection: ``GOVLAKE_EXECUTOR`` in the environment of whatever loads
``govlake.defs`` (``dagster dev``/``govlake ui``, the code server, the daemon):
``Definitions(executor=...)`` puts every job on it. Code that materializes from
Python goes through :func:`materialize` (a name, else the same variable), because
``dg.materialize`` always runs in process. An unknown name is an error that lists
the valid ones.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache

import dagster as dg

ENV_EXECUTOR = "GOVLAKE_EXECUTOR"
ENV_DASK_SCHEDULER = "GOVLAKE_DASK_SCHEDULER"  # an existing cluster, e.g. tcp://host:8786
ENV_DASK_WORKERS = "GOVLAKE_DASK_WORKERS"      # worker processes of the local cluster

DEFAULT = "multiprocess"
EXECUTORS = ("multiprocess", "in_process", "dask")
# Steps are mostly a chain (raw → cleaned → facts → marts) and each step already uses
# every core through the work cache, so a couple of workers is enough locally.
DEFAULT_DASK_WORKERS = 2

#: the job every govlake run goes through (asset_selection narrows it per run)
LAKE_JOB = "govlake_lake_job"


class UnknownExecutorError(ValueError):
    pass


def executor_name(name: str | None = None) -> str:
    """``name``, else ``$GOVLAKE_EXECUTOR``, else multiprocess; validated."""
    value = (name or os.environ.get(ENV_EXECUTOR) or DEFAULT).strip().lower().replace("-", "_")
    if value not in EXECUTORS:
        source = f"{ENV_EXECUTOR}={value!r}" if not name else repr(name)
        raise UnknownExecutorError(
            f"unknown executor {source}: choose one of {', '.join(EXECUTORS)}")
    return value


def dask_cluster_config() -> dict:
    """dagster-dask's ``cluster`` config: the scheduler in $GOVLAKE_DASK_SCHEDULER, else
    a LocalCluster of $GOVLAKE_DASK_WORKERS worker processes (one thread each, as
    dagster-dask forces: Dagster steps are not thread-safe)."""
    address = os.environ.get(ENV_DASK_SCHEDULER, "").strip()
    if address:
        return {"existing": {"address": address}}
    workers = os.environ.get(ENV_DASK_WORKERS, "").strip()
    try:
        n = int(workers) if workers else DEFAULT_DASK_WORKERS
    except ValueError:
        raise ValueError(f"{ENV_DASK_WORKERS}={workers!r} is not a number of workers") from None
    return {"local": {"n_workers": max(1, n), "processes": True}}


def executor_def(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor for ``name`` (see :func:`executor_name`)."""
    name = executor_name(name)
    if name == "in_process":
        return dg.in_process_executor
    if name == "dask":
        # configured here, so a run needs no `execution:` run config and the job a
        # dask worker reconstructs accepts the same run config as the orchestrator's
        return _dask_executor_def().configured({"cluster": dask_cluster_config()}, name="dask")
    # left unconfigured: the launchpad can still set max_concurrency
    return dg.multiprocess_executor


# ---------------------------------------------------------------- dask
#
# dagster-dask's DaskExecutor (0.29.27, the newest) submits every step up front and
# leaves the order to dask. With it, as is:
# - a step still runs when the step it depends on failed (cleaned on stale raw);
# - dask (2026.8, as pinned) walks every tuple argument of a task, and the run of a
#   pool step (the marts, pool duckdb_writer) carries a `@record` that refuses
#   iteration: the run fails before its first step;
# - the task key is job.step, the same for every run on a shared scheduler
#   (dagster#21418), and the LocalCluster it starts is never closed explicitly;
# - that LocalCluster's workers are daemonic processes, which may not start the
#   process pool a step's work cache uses for more than one snapshot.
# GovlakeDaskExecutor keeps its config, cluster kinds and worker entry point
# (query_on_dask_worker) and changes only the submission.

_CLUSTER_CLASSES = {  # dagster-dask's cluster kinds → (module, class)
    "local": ("dask.distributed", "LocalCluster"), "ssh": ("dask.distributed", "SSHCluster"),
    "yarn": ("dask_yarn", "YarnCluster"), "pbs": ("dask_jobqueue", "PBSCluster"),
    "moab": ("dask_jobqueue", "MoabCluster"), "sge": ("dask_jobqueue", "SGECluster"),
    "lsf": ("dask_jobqueue", "LSFCluster"), "slurm": ("dask_jobqueue", "SLURMCluster"),
    "oar": ("dask_jobqueue", "OARCluster"), "kube": ("dask_kubernetes", "KubeCluster"),
}


class _StepResult:
    """What a step's task returns: an object, so dask neither walks nor sizes the events."""

    __slots__ = ("events", "ok")

    def __init__(self, ok: bool, events: list):
        self.ok, self.events = ok, events


def _step_on_worker(upstream, *, step_key: str, **kwargs) -> _StepResult:
    """One step on a dask worker; not run at all when a step it depends on failed or
    was skipped (``upstream`` holds their results)."""
    from dagster_dask.executor import query_on_dask_worker

    if not all(r.ok for r in upstream):
        return _StepResult(False, [])
    events = list(query_on_dask_worker([], step_keys=[step_key], **kwargs))
    return _StepResult(not any(e.is_step_failure for e in events), events)


def _dask_executor_class():
    from dagster_dask.executor import DaskExecutor, get_dask_resource_requirements

    class GovlakeDaskExecutor(DaskExecutor):
        """dagster-dask's executor, submitting steps safely (see the note above)."""

        def _cluster(self, job_name):
            import contextlib
            import importlib

            if self.cluster_type == "existing":
                return contextlib.nullcontext(self.cluster_configuration["address"])
            module, cls = _CLUSTER_CLASSES[self.cluster_type]
            cluster = getattr(importlib.import_module(module), cls)(**self.build_dict(job_name))
            return cluster  # a context manager: closed when the run's steps are done

        def execute(self, plan_context, execution_plan):
            from functools import partial

            from dagster._core.errors import raise_execution_interrupts
            from dagster._core.events import DagsterEvent, EngineEventData
            from dagster._utils import iterate_with_context
            from dask.distributed import Client, as_completed

            import dask

            run = plan_context.dagster_run
            job_name = plan_context.job_name
            # worker processes a LocalCluster starts must not be daemonic: a step's work
            # cache starts its own process pool (workers of an existing cluster need
            # DASK_DISTRIBUTED__WORKER__DAEMON=False for the same reason)
            with dask.config.set({"distributed.worker.daemon": False}), \
                    self._cluster(job_name) as cluster, Client(cluster) as client:
                futures, steps = {}, {}
                for level in execution_plan.get_steps_to_execute_by_level():
                    for step in level:
                        upstream = [futures[k] for inp in step.step_inputs
                                    for k in inp.dependency_keys]
                        # everything but the upstream futures goes in the function, where
                        # dask does not look inside it; the key is unique to this run
                        fn = partial(_step_on_worker, step_key=step.key,
                                     recon_job=plan_context.reconstructable_job,
                                     dagster_run=run, run_config=plan_context.run_config,
                                     instance_ref=plan_context.instance.get_ref(),
                                     known_state=execution_plan.known_state)
                        key = f"{job_name}.{step.key}-{run.run_id}"
                        futures[step.key] = client.submit(
                            fn, upstream, key=key,
                            resources=get_dask_resource_requirements(step.tags))
                        steps[key] = step.key
                done = as_completed(list(futures.values()), with_results=True)
                for future, result in iterate_with_context(raise_execution_interrupts, done):
                    yield from result.events
                    if not result.ok and not result.events:
                        yield DagsterEvent.engine_event(
                            plan_context,
                            f"Skipped step {steps[future.key]}: a step it depends on failed",
                            EngineEventData())

    return GovlakeDaskExecutor


def _create_dask_executor(init_context):
    ((cluster_type, cluster_config),) = init_context.executor_config["cluster"].items()
    return _dask_executor_class()(cluster_type, cluster_config)


def _dask_executor_def() -> dg.ExecutorDefinition:
    from dagster_dask import dask_executor as upstream

    return dg.ExecutorDefinition(
        name="dask", config_schema=upstream.config_schema,
        requirements=dg.multiple_process_executor_requirements(),
        executor_creation_fn=_create_dask_executor,
        description="dagster-dask's executor (same config): each step a dask task, "
                    "a step skipped when one it depends on failed.")


@cache
def _definitions(name: str, _env: tuple) -> dg.Definitions:
    from govlake.defs import build_definitions

    return build_definitions(executor=name)


def lake_job(name: str, job: str = LAKE_JOB) -> dg.JobDefinition:
    """govlake's job ``job`` (a named job of govlake.defs.jobs) under executor ``name``:
    the target of the reconstructable pointer that multiprocess and dask workers load
    their steps from."""
    # built once per process (each worker rebuilds the job for every step), again when
    # the variables the executor's config comes from change
    env = tuple(os.environ.get(v) for v in (ENV_DASK_SCHEDULER, ENV_DASK_WORKERS))
    return _definitions(executor_name(name), env).resolve_job_def(job)


def reconstructable_lake_job(name: str | None = None, job: str = LAKE_JOB):
    """A pointer other processes can rebuild the job from (module function + the names,
    so a worker gets the same executor and job whatever its environment says)."""
    from dagster._core.definitions.reconstruct import build_reconstructable_job

    return build_reconstructable_job(__name__, "lake_job",
                                     reconstructable_args=(executor_name(name), job))


def _in_process_job(job: str, resources: Mapping[str, object] | None) -> dg.JobDefinition:
    """The named job with ``resources`` bound, for a run in this process."""
    from govlake.defs import defs

    return dg.Definitions(assets=list(defs.assets), asset_checks=list(defs.asset_checks or []),
                          jobs=list(defs.jobs or []), resources=dict(resources or {}),
                          ).resolve_job_def(job)


def _resources_as_run_config(resources: Mapping[str, object]) -> dict:
    """Resource objects → run config, so a reconstructed job gets the same values."""
    out = {}
    for key, res in resources.items():
        if not isinstance(res, dg.ConfigurableResource):
            raise TypeError(f"resource {key!r} must be a ConfigurableResource to cross processes")
        out[key] = {"config": {f: getattr(res, f) for f in type(res).model_fields}}
    return out


def materialize(selection: Sequence[dg.AssetKey], *, instance: dg.DagsterInstance,
                executor: str | None = None, resources: Mapping[str, object] | None = None,
                run_config: Mapping | None = None, tags: Mapping[str, str] | None = None,
                partition_key: str | None = None, raise_on_error: bool = False,
                job: str = LAKE_JOB):
    """Run ``selection`` as a run of the named job ``job`` (govlake.defs.jobs: the UI lists
    command-line runs under it) through the chosen executor.

    ``in_process`` is exactly ``dg.materialize`` (works with any instance). The others
    need a persistent instance (DAGSTER_HOME, or ``dg.instance_for_test``) because the
    steps run elsewhere and report back through it; the result is the run's
    ``JobExecutionResult`` (``run_id``, ``success``, ``get_asset_check_evaluations()``).
    """
    name = executor_name(executor)
    run_config = dict(run_config or {})
    tags = {**(tags or {}), "govlake/executor": name}
    if name == "in_process":
        return _in_process_job(job, resources).execute_in_process(
            instance=instance, asset_selection=list(selection), run_config=run_config,
            tags=tags, partition_key=partition_key, raise_on_error=raise_on_error)
    if resources:
        run_config["resources"] = {**_resources_as_run_config(resources),
                                   **run_config.get("resources", {})}
    if partition_key:
        tags = {**lake_job(name, job).get_tags_for_partition_key(partition_key, list(selection)),
                **tags}
    with dg.execute_job(reconstructable_lake_job(name, job), instance=instance,
                        run_config=run_config, tags=tags, raise_on_error=raise_on_error,
                        asset_selection=list(selection)) as result:
        return result
