"""`govlake ui`: `dagster dev` on this project."""

from __future__ import annotations

import os
import sys

from govlake import storage
from govlake.cli.common import instance_home, repo_root


def cmd_ui(args) -> int:
    instance_home()
    env = dict(os.environ)
    if args.lake:
        env["GOVLAKE_LAKE"] = str(storage.lake_root(args.lake))
    cmd = [sys.executable, "-m", "dagster", "dev", "-m", "govlake.defs",
           "--host", args.host, "--port", str(args.port)]
    os.chdir(repo_root())
    os.execvpe(cmd[0], cmd, env)
    return 0  # not reached


def add_parsers(sub, common) -> None:
    p = sub.add_parser("ui", parents=[common["lake"]],
                       help="dagster dev on this project (the asset graph, runs, checks)",
                       description="Start `dagster dev` on govlake's definitions.",
                       **common["fmt"])
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    p.set_defaults(func=cmd_ui)
