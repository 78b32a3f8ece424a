"""`govlake ui`: `dg dev` on this project, with the lake's own Dagster instance."""

from __future__ import annotations

import os

from govlake.cli.common import lake_of


def cmd_ui(args) -> int:
    from govlake.defs.instance import ui_command

    cmd, env, cwd = ui_command(lake_of(args.lake), args.host, args.port)
    os.chdir(cwd)
    os.execvpe(cmd[0], cmd, env)
    return 0  # not reached


def add_parsers(sub, common) -> None:
    p = sub.add_parser("ui", parents=[common["lake"]],
                       help="dg dev on this project (the asset graph, runs, checks) with the "
                            "lake's own Dagster instance",
                       description="Start `dg dev` on govlake's definitions (code location "
                                   "`govlake`), the instance being the lake's own.",
                       **common["fmt"])
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    p.set_defaults(func=cmd_ui)
