"""The Dagster instance follows the lake: one lake, one instance.

Runs, materializations and check results describe one lake's partitions, so the
instance that records them lives with that lake: ``<lake>/.dagster`` for a lake on
disk; for a lake on object storage (``s3://…``), whose instance must stay local, a
directory named after the lake's URL under ``$XDG_STATE_HOME/govlake/dagster/`` (default
``~/.local/state/govlake/dagster/``). The UI started on a lake therefore lists that lake's
partitions only. An explicit ``$DAGSTER_HOME`` still wins (a shared or PostgreSQL-backed
instance). A new home gets govlake's instance configuration (``dagster.yaml`` beside this
module: storage in the home, one DuckDB writer, run monitoring, no telemetry).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import dagster as dg

from govlake.lake import Lake

ENV = "DAGSTER_HOME"
INSTANCE_YAML = Path(__file__).resolve().with_name("dagster.yaml")
LOCAL_DIR = ".dagster"


def _state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "govlake" / "dagster"


def home_for(lake: Lake) -> Path:
    """Where ``lake``'s instance lives by default (see the module docstring)."""
    if not lake.is_remote:
        return Path(lake.root) / LOCAL_DIR
    url = str(lake.root)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", url).strip("_")[:80]
    return _state_dir() / f"{slug}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def resolve_home(lake: Lake) -> Path:
    """$DAGSTER_HOME when set, else the lake's own instance directory."""
    explicit = os.environ.get(ENV)
    return Path(explicit).resolve() if explicit else home_for(lake)


def prepare(home: Path) -> Path:
    """Create ``home`` with govlake's dagster.yaml unless it has its own; return it."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        tmp = home / ".dagster.yaml.tmp"
        shutil.copyfile(INSTANCE_YAML, tmp)
        os.replace(tmp, config)
    return home


def use_lake_home(lake: Lake) -> Path:
    """Point this process (and the processes it starts) at ``lake``'s instance."""
    home = prepare(resolve_home(lake))
    os.environ[ENV] = str(home)
    return home


def lake_instance(lake: Lake) -> dg.DagsterInstance:
    """The persistent instance of ``lake`` (created on first use)."""
    use_lake_home(lake)
    return dg.DagsterInstance.get()


PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout whose pyproject.toml lays the project out for `dg` ([tool.dg])."""


def ui_command(lake: Lake, host: str = "127.0.0.1",
               port: int = 3000) -> tuple[list[str], dict[str, str], Path]:
    """How to start the UI on ``lake``: ``dg dev`` in the project (the code location
    `govlake`; `dagster dev` is superseded) with the lake's instance and the lake itself.
    Returns (argv, environment, working directory) for `govlake ui` to exec."""
    import sys

    home = prepare(resolve_home(lake))
    env = dict(os.environ, DAGSTER_HOME=str(home), GOVLAKE_LAKE=str(lake.root))
    exe = Path(sys.executable).with_name("dg")
    dg_cli = str(exe) if exe.exists() else (shutil.which("dg") or "dg")
    return [dg_cli, "dev", "--host", host, "--port", str(port)], env, PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    """``python -m govlake.defs.instance [--lake DIR|URL] [--host H] [--port P]``: the UI on
    a lake with its own instance (what `make ui` runs; `govlake ui` does the same)."""
    import argparse

    from govlake import storage

    p = argparse.ArgumentParser(prog="python -m govlake.defs.instance",
                                description="dg dev on a lake, with the lake's own instance")
    p.add_argument("--lake", help="lake root (default: $GOVLAKE_LAKE, else ./data_lake)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on")
    p.add_argument("--port", type=int, default=3000, help="port to serve on")
    args = p.parse_args(argv)
    lake = Lake.at(storage.lake_root(args.lake) if args.lake else None)
    cmd, env, cwd = ui_command(lake, args.host, args.port)
    print(f"Dagster UI on http://{args.host}:{args.port} for {lake.root} "
          f"(instance {env['DAGSTER_HOME']})", flush=True)
    os.chdir(cwd)
    os.execvpe(cmd[0], cmd, env)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
