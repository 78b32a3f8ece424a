"""The command line's exit codes: one table, used by every command, the README and --help."""

OK = 0            # everything given was read and built (failed checks are findings, not errors)
SOME_FAILED = 1   # some inputs or runs failed, each said as file:line: reason; the rest was built
USAGE = 2         # usage error or impossible request (unknown key, year outside the reporting
                  # years, a file or folder that does not exist): nothing was done
NOTHING_READ = 3  # nothing could be read or built: every input failed, or no report to build
# 128 + n: stopped by signal n (130 SIGINT / Ctrl-C, 143 SIGTERM); the run is marked failed

TABLE = (
    (OK, "done: everything given was read and built (failed checks are findings about the "
         "data, listed in the summary, not errors)"),
    (SOME_FAILED, "some inputs or runs failed (each printed as file:line: reason, or url: "
                  "reason); the rest was read and built"),
    (USAGE, "usage error or impossible request (unknown option or key, a year outside the "
            "reporting years, a manifest or folder that does not exist); nothing was done"),
    (NOTHING_READ, "nothing could be read or built (every input failed, a manifest without "
                   "a url column, an empty landing folder, a lake with no report)"),
    ("128+n", "stopped by signal n: 130 for SIGINT (Ctrl-C), 143 for SIGTERM; the run is "
              "marked failed"),
)


def epilog() -> str:
    """The exit-code table for ``--help`` (argparse's RawDescriptionHelpFormatter)."""
    return "exit codes:\n" + "\n".join(f"  {str(code):<6}{text}" for code, text in TABLE)
